"""Tests of discovery.experiments.complexity.bdm against the BDM's definition and its properties."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest

from discovery.experiments.complexity.bdm import BLOCK, as_bits, bdm_bits


def _ctm(block: tuple[int, ...]) -> float:
    """pybdm's CTM table value of one 12-bit block, read through its own lookup."""
    from pybdm import BDM

    bdm = BDM(ndim=1)
    ((_, value),) = list(bdm.lookup([np.array(block)]))
    return float(value)


def test_bdm_is_the_sum_of_ctm_plus_log_multiplicity():
    rng = np.random.default_rng(3)
    blocks = [tuple(rng.integers(0, 2, BLOCK)) for _ in range(4)]
    seq = [blocks[i] for i in (0, 1, 0, 2, 0, 3, 1)]
    x = np.concatenate([np.array(b) for b in seq])
    counts = Counter(seq)
    expected = sum(_ctm(b) + math.log2(k) for b, k in counts.items())
    assert bdm_bits(x) == pytest.approx(expected, rel=1e-12)


def test_repetition_and_boundary():
    z = [0] * BLOCK
    assert bdm_bits(z * 3) - bdm_bits(z) == pytest.approx(math.log2(3))
    assert bdm_bits(z + [1, 0, 1]) == bdm_bits(z)  # the trailing partial block is ignored
    assert bdm_bits([1] * 5) == 0.0


def test_periodic_string_below_random_strings():
    periodic = np.tile([0, 1, 1], 4000)
    rnd = [bdm_bits(np.random.default_rng(s).integers(0, 2, periodic.size)) for s in range(5)]
    assert bdm_bits(periodic) < 0.01 * min(rnd)


def test_non_binary_refused_and_bits_of_bytes():
    with pytest.raises(ValueError, match="binary"):
        bdm_bits([0, 2] * 12)
    assert as_bits(b"\x0f\x80").tolist() == [0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
