"""Tests of discovery.experiments.complexity.compressors: bits per symbol and the NCD."""

from __future__ import annotations

import numpy as np
import pytest

from discovery.experiments.complexity import compressors as K


@pytest.mark.parametrize("comp", K.available_compressors())
def test_compressed_bits_per_symbol(comp):
    assert K.compressed_bits(b"", comp) == 0
    assert K.bits_per_symbol(b"", 0, comp) == 0.0
    assert K.bits_per_symbol(bytes(100_000), 100_000, comp) < 0.05
    rand = np.random.default_rng(3).bytes(100_000)
    assert 7.95 < K.bits_per_symbol(rand, 100_000, comp) < 8.1
    # one byte of data costs a few bytes beyond the empty stream (bz2: a block with its Huffman tables, 23 bytes)
    assert 0 < K.compressed_bits(b"x", comp) <= 8 * 24


def test_zstd_is_used_when_installed():
    pytest.importorskip("zstandard")
    assert "zstd" in K.available_compressors()


def test_ncd():
    rng = np.random.default_rng(11)
    x, y = rng.bytes(30_000), rng.bytes(30_000)
    assert K.ncd(x, x) < 0.05
    assert 0.95 < K.ncd(x, y) < 1.1
    assert K.ncd(b"", b"") == 0.0


def test_unknown_compressor_refused():
    with pytest.raises(ValueError, match="unknown compressor"):
        K.compressed_bits(b"x", "gzip")
