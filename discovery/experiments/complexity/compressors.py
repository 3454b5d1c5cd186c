"""Compressed-size upper bounds on Kolmogorov complexity, and the normalized compression distance.

``K(x) <= |C(x)| + O(1)`` for any lossless compressor C.  The bound is reported as **bits per
symbol** ``8 (|C(s(x))| - |C(s(empty))|) / n`` for a named serialisation ``s``
(:mod:`discovery.experiments.complexity.serialisations`), with the compressor's empty-input
overhead removed, so compressing ``b""`` costs 0 bits (costs that come with the first byte of
data, such as a bz2 block's Huffman tables, about 23 bytes, stay in).  Compressors: zlib (level
9), bz2 (level 9), lzma (raw LZMA2 stream, preset 6 = 8 MiB dictionary, no xz container) and
zstd (level 19, when ``zstandard`` is installed).

Normalized compression distance (Cilibrasi & Vitanyi 2005):
``NCD(x, y) = (C(xy) - min(C(x), C(y))) / max(C(x), C(y))``, about 0 for identical inputs and
about 1 for unrelated ones (with a compressor whose window holds ``xy``; lzma by default).

>>> round(bits_per_symbol(bytes(10000), 10000, "zlib"), 3), bits_per_symbol(b"", 0, "lzma")
(0.02, 0.0)
"""

from __future__ import annotations

import zlib as _zlib
from collections.abc import Callable


def _zlib_c(data: bytes) -> bytes:
    return _zlib.compress(data, 9)


def _bz2_c(data: bytes) -> bytes:
    import bz2

    return bz2.compress(data, 9)


def _lzma_c(data: bytes) -> bytes:
    import lzma

    return lzma.compress(data, format=lzma.FORMAT_RAW, filters=[{"id": lzma.FILTER_LZMA2, "preset": 6}])


def _zstd_c(data: bytes) -> bytes:
    import zstandard

    return zstandard.ZstdCompressor(level=19).compress(data)


COMPRESSORS: dict[str, tuple[str, Callable[[bytes], bytes]]] = {
    "zlib": ("zlib level 9 (zlib container, 32 KiB window)", _zlib_c),
    "bz2": ("bz2 level 9 (900 kB blocks)", _bz2_c),
    "lzma": ("lzma: raw LZMA2 stream, preset 6 (8 MiB dictionary, no xz container)", _lzma_c),
    "zstd": ("zstandard level 19, one frame", _zstd_c),
}
"""name -> (settings, compress function)."""


def available_compressors() -> list[str]:
    """The compressor names usable here (zstd only when ``zstandard`` is installed).

    >>> available_compressors()[:3]
    ['zlib', 'bz2', 'lzma']
    """
    out = ["zlib", "bz2", "lzma"]
    try:
        import zstandard  # noqa: F401
    except ImportError:
        return out
    return out + ["zstd"]


def _compressor(name: str) -> Callable[[bytes], bytes]:
    if name not in COMPRESSORS:
        raise ValueError(f"unknown compressor {name!r}; choose from {', '.join(COMPRESSORS)}")
    if name not in available_compressors():
        raise ValueError(f"the compressor {name!r} is not installed")
    return COMPRESSORS[name][1]


_OVERHEAD: dict[str, int] = {}


def compressed_bits(data: bytes, compressor: str) -> int:
    """``8 (|C(data)| - |C(b"")|)``: compressed size in bits with the empty-input overhead removed.

    >>> compressed_bits(b"", "bz2")
    0
    """
    f = _compressor(compressor)
    if compressor not in _OVERHEAD:
        _OVERHEAD[compressor] = len(f(b""))
    return 8 * (len(f(bytes(data))) - _OVERHEAD[compressor])


def bits_per_symbol(data: bytes, n_symbols: int, compressor: str) -> float:
    """:func:`compressed_bits` divided by the number of symbols ``data`` serialises (0 for none).

    >>> import numpy as np
    >>> 7.9 < bits_per_symbol(np.random.default_rng(0).bytes(50000), 50000, "lzma") < 8.1
    True
    """
    if n_symbols <= 0:
        if len(data):
            raise ValueError("non-empty data must serialise at least one symbol")
        return 0.0
    return compressed_bits(data, compressor) / n_symbols


def ncd(x: bytes, y: bytes, compressor: str = "lzma") -> float:
    """Normalized compression distance ``(C(xy) - min(C(x), C(y))) / max(C(x), C(y))``.

    ``C`` is :func:`compressed_bits` (empty-input overhead removed; 0 when both are empty).
    Meaningful only when the compressor can see ``x`` while coding ``y``: zlib's 32 KiB window
    makes NCD(x, x) near 1 for inputs longer than that, lzma's large dictionary does not.

    >>> import numpy as np
    >>> x = np.random.default_rng(1).bytes(20000)
    >>> ncd(x, x) < 0.05, ncd(x, np.random.default_rng(2).bytes(20000)) > 0.95
    (True, True)
    """
    cx, cy = compressed_bits(x, compressor), compressed_bits(y, compressor)
    cxy = compressed_bits(bytes(x) + bytes(y), compressor)
    big = max(cx, cy)
    if big <= 0:
        return 0.0
    return (cxy - min(cx, cy)) / big

