"""Complexity estimators and the ``complexity`` experiment (DESIGN.md section 6).

Kolmogorov complexity ``K(x)`` is not computable; what can be measured are *upper bounds* and
*structural statistics*, always next to surrogates that keep the symbol statistics and destroy
the order.  This module provides:

Compressed-size upper bounds
    ``K(x) <= |C(x)| + O(1)`` for any lossless compressor C.  The bound is reported as **bits per
    symbol** ``8 (|C(s(x))| - |C(s(empty))|) / n`` for a named *serialisation* ``s`` (how the
    symbols become bytes), with the compressor's empty-input overhead removed, so compressing
    ``b""`` costs 0 bits (costs that come with the first byte of data, such as a bz2 block's
    Huffman tables, about 23 bytes, stay in).  Compressors: zlib (level 9), bz2 (level 9), lzma (raw LZMA2 stream,
    preset 6 = 8 MiB dictionary, no xz container) and zstd (level 19, when ``zstandard`` is installed).

Normalized compression distance (Cilibrasi & Vitanyi 2005)
    ``NCD(x, y) = (C(xy) - min(C(x), C(y))) / max(C(x), C(y))``, about 0 for identical inputs
    and about 1 for unrelated ones (with a compressor whose window holds ``xy``; lzma by default).

LZ76 complexity
    See :mod:`discovery.lz76`: phrase count ``c(n)`` of the Lempel-Ziv (1976) exhaustive history,
    normalised to ``c(n) log_A(n) / n``, which tends to ``h / log2 A`` for an ergodic source.

Linear-complexity profile
    ``L_k`` for every prefix length by Berlekamp-Massey (:func:`cf.bm.linear_complexity_profile`)
    over GF(2) for bit strings and GF(2^31 - 1) for integer sequences: a random sequence follows
    ``L_k ~ k/2``, a sequence satisfying a linear recurrence of order L levels off at L.

Surrogates
    ``shuffled`` (a random permutation: the same multiset of symbols) and ``iid`` (independent
    draws from the empirical symbol frequencies), from generators seeded by
    ``(seed, source, kind, draw)`` so every number is reproducible.

Description length of a conjecture
    :func:`description_bits` counts the bits of a self-delimiting code for a
    :class:`cf.pattern.CFPattern` (sign period, transient, period, channel polynomials), a
    minimum-description-length score usable for ranking: simpler formulas cost fewer bits.

>>> round(bits_per_symbol(bytes(10000), 10000, "zlib"), 3), bits_per_symbol(b"", 0, "lzma")
(0.02, 0.0)
>>> description_bits(E_PATTERN)
41
"""

from __future__ import annotations

import math
import zlib as _zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from cf.pattern import CFPattern, InterlacedSequence
from cf.polynomial import Polynomial
from discovery.lz76 import lz76_complexity, lz76_normalized, symbol_codes

__all__ = [
    "BITS_CAP",
    "COMPRESSORS",
    "E_PATTERN",
    "GAUSS_KUZMIN_ENTROPY",
    "SERIALISATIONS",
    "TERMS_CAP",
    "available_compressors",
    "bits_per_symbol",
    "compress",
    "compressed_bits",
    "compression_profile",
    "constant_terms",
    "description_bits",
    "description_breakdown",
    "elias_delta_bits",
    "elias_gamma_bits",
    "empirical_entropy",
    "format_text",
    "iid_surrogate",
    "integer_bits",
    "interlaced_bits",
    "linear_complexity_summary",
    "lz76_complexity",
    "lz76_normalized",
    "make_surrogates",
    "ncd",
    "plot_results",
    "prime_indicator",
    "random_bits",
    "random_real_terms",
    "rational_bits",
    "run_complexity",
    "serialise",
    "shuffled_surrogate",
    "surrogate_rng",
    "zigzag",
]

TERMS_CAP = 20_000
"""Most partial quotients per constant the experiment accepts (certified expansion + BM profiles)."""
BITS_CAP = 10_000_000
"""Longest prime-indicator / random bit string the experiment accepts."""
LC_MAX = 20_000
"""Berlekamp-Massey profiles (O(n^2)) are computed on at most this many leading symbols."""
ASCII_MAX = 200_000
"""The ASCII serialisation of bit strings is used only up to this many bits (zlib -9 is slow on it)."""
CF_SOURCES = ("e", "tan(1)", "pi", "random real")
BIT_SOURCES = ("primes", "random bits")
SOURCES = CF_SOURCES + BIT_SOURCES


# --------------------------------------------------------------------------------------------
# Compressors
# --------------------------------------------------------------------------------------------


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
    """The compressor names usable here (zstd only when ``zstandard`` is installed)."""
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


def compress(data: bytes, compressor: str) -> bytes:
    """``data`` compressed by the named compressor with the settings of :data:`COMPRESSORS`."""
    return _compressor(compressor)(bytes(data))


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

    >>> 7.9 < bits_per_symbol(np.random.default_rng(0).bytes(50000), 50000, "lzma") < 8.1
    True
    """
    if n_symbols <= 0:
        if len(data):
            raise ValueError("non-empty data must serialise at least one symbol")
        return 0.0
    return compressed_bits(data, compressor) / n_symbols


# --------------------------------------------------------------------------------------------
# Serialisations
# --------------------------------------------------------------------------------------------


def _leb128(z: int) -> bytes:
    out = bytearray()
    while True:
        b = z & 0x7F
        z >>= 7
        if z:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _ser_text(seq: Sequence[int]) -> bytes:
    return ",".join(str(int(t)) for t in seq).encode("ascii")


def _ser_escape(seq: Sequence[int]) -> bytes:
    arr = np.asarray(seq) if not isinstance(seq, np.ndarray) else seq
    if arr.dtype.kind in "iu" and arr.size and int(arr.min()) >= 0 and int(arr.max()) < 255:
        return arr.astype(np.uint8).tobytes()
    out = bytearray()
    for t in seq:
        t = int(t)
        if 0 <= t < 255:
            out.append(t)
        else:
            out.append(255)
            out += _leb128(zigzag(t) - 1)
    return bytes(out)


def _as_bits(seq: Sequence[int]) -> np.ndarray:
    arr = np.asarray(seq)
    if arr.size and (arr.min() < 0 or arr.max() > 1):
        raise ValueError("a bit serialisation needs symbols 0 and 1")
    return arr.astype(np.uint8)


def _ser_packed(seq: Sequence[int]) -> bytes:
    return np.packbits(_as_bits(seq)).tobytes()


def _ser_ascii(seq: Sequence[int]) -> bytes:
    return (_as_bits(seq) + ord("0")).tobytes()


@dataclass(frozen=True)
class Serialisation:
    """How a symbol sequence becomes the bytes given to a compressor."""

    name: str
    description: str
    encode: Callable[[Sequence[int]], bytes]


SERIALISATIONS: dict[str, Serialisation] = {
    s.name: s
    for s in (
        Serialisation("decimal text", "terms as decimal ASCII text separated by commas", _ser_text),
        Serialisation("bytes with escape",
                      "one uint8 byte per term 0..254; any other term as byte 255 followed by the "
                      "LEB128 varint of zigzag(term) - 1", _ser_escape),
        Serialisation("packed bits", "numpy.packbits: 8 bits per byte, first bit most significant, zero-padded",
                      _ser_packed),
        Serialisation("ASCII 0/1", "one ASCII character '0' or '1' per bit", _ser_ascii),
    )
}
"""The serialisations by name; integer sequences use the first two, bit strings the last two."""


def serialise(seq: Sequence[int], name: str) -> bytes:
    """Bytes of ``seq`` under the named serialisation.

    >>> serialise([2, 1, 300], "decimal text"), serialise([2, 1, 300], "bytes with escape")
    (b'2,1,300', b'\\x02\\x01\\xff\\xd8\\x04')
    >>> serialise([1, 0, 1], "packed bits"), serialise([1, 0, 1], "ASCII 0/1")
    (b'\\xa0', b'101')
    """
    if name not in SERIALISATIONS:
        raise ValueError(f"unknown serialisation {name!r}; choose from {', '.join(SERIALISATIONS)}")
    return SERIALISATIONS[name].encode(seq)


def compression_profile(seq: Sequence[int], serialisation: str,
                        compressors: Sequence[str] | None = None) -> dict[str, float]:
    """Bits per symbol of ``seq`` under one serialisation, for each compressor.

    >>> prof = compression_profile([1] * 5000, "decimal text", ["zlib", "lzma"])
    >>> all(v < 0.1 for v in prof.values())
    True
    """
    data = serialise(seq, serialisation)
    names = list(compressors) if compressors is not None else available_compressors()
    return {c: bits_per_symbol(data, len(seq), c) for c in names}


def ncd(x: bytes, y: bytes, compressor: str = "lzma") -> float:
    """Normalized compression distance ``(C(xy) - min(C(x), C(y))) / max(C(x), C(y))``.

    ``C`` is :func:`compressed_bits` (empty-input overhead removed; 0 when both are empty).
    Meaningful only when the compressor can see ``x`` while coding ``y``: zlib's 32 KiB window
    makes NCD(x, x) near 1 for inputs longer than that, lzma's large dictionary does not.

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


def empirical_entropy(seq: Sequence[int]) -> float:
    """Plug-in (order-0) entropy ``-sum p_a log2 p_a`` of the symbol frequencies, bits per symbol.

    What an ideal coder that knows only the frequencies needs (it ignores the order); biased
    low when the alphabet is not small compared with ``n``.

    >>> empirical_entropy([0, 1, 0, 1]), empirical_entropy([7, 7, 7])
    (1.0, 0.0)
    """
    arr = _array(seq)
    if arr.size == 0:
        return 0.0
    _, counts = np.unique(arr, return_counts=True)
    p = counts / counts.sum()
    return float(max(-(p * np.log2(p)).sum(), 0.0)) + 0.0  # -0.0 -> 0.0


GAUSS_KUZMIN_ENTROPY = 3.4325275
"""Entropy in bits of the Gauss-Kuzmin law ``P(a = k) = -log2(1 - 1/(k + 1)^2)`` (checked in the tests)."""


# --------------------------------------------------------------------------------------------
# Linear-complexity profile
# --------------------------------------------------------------------------------------------


def linear_complexity_summary(seq: Sequence[int], p: int | None = None, points: int = 10,
                              curve_points: int = 100) -> dict[str, Any]:
    """Berlekamp-Massey profile ``L_k`` of ``seq`` over GF(p), summarised.

    ``p`` defaults to 2 for 0/1 sequences and 2^31 - 1 otherwise.  Returns ``n``, the final
    ``L`` and ``L/n``, ``stable_from`` (the first ``k`` with ``L_k = L_n``), ``samples``
    (``[k, L_k]`` at ``points`` evenly spaced ``k``) and ``curve`` (at most ``curve_points``
    log-spaced pairs, for plotting).

    >>> s = linear_complexity_summary([1, 1, 2, 3, 5, 8, 13, 21, 34, 55])
    >>> s["final_L"], s["stable_from"], s["field"]
    (2, 3, 'GF(2147483647)')
    """
    from cf.bm import PRIME, linear_complexity_profile

    n = len(seq)
    if n == 0:
        raise ValueError("the linear complexity of an empty sequence is not defined")
    if p is None:
        values = np.unique(seq).tolist() if isinstance(seq, np.ndarray) else set(seq)
        p = 2 if all(int(v) in (0, 1) for v in values) else PRIME
    prof = linear_complexity_profile(seq, p)
    final = int(prof[-1])
    changes = np.nonzero(prof != final)[0]
    stable_from = int(changes[-1]) + 2 if changes.size else 1
    ks = sorted({max(1, round(n * (i + 1) / points)) for i in range(points)})
    cks = sorted({round(float(v)) for v in np.geomspace(1, n, max(curve_points, 2))} | {n})
    return {
        "field": f"GF({p})",
        "n": n,
        "final_L": final,
        "final_L_over_n": final / n,
        "stable_from": stable_from,
        "samples": [[k, int(prof[k - 1])] for k in ks],
        "curve": [[k, int(prof[k - 1])] for k in cks],
    }


# --------------------------------------------------------------------------------------------
# Surrogates
# --------------------------------------------------------------------------------------------


def surrogate_rng(seed: int, *keys: int | str) -> np.random.Generator:
    """A numpy generator seeded by ``(seed, *keys)``; string keys enter through their CRC-32.

    >>> int(surrogate_rng(0, "pi", 1).integers(10**6)) == int(surrogate_rng(0, "pi", 1).integers(10**6))
    True
    """
    words = [int(seed)] + [(_zlib.crc32(k.encode()) if isinstance(k, str) else int(k)) for k in keys]
    if any(w < 0 for w in words):
        raise ValueError("seeds must be non-negative integers")
    return np.random.default_rng(words)


def _array(seq: Sequence[int]) -> np.ndarray:
    if isinstance(seq, np.ndarray):
        return seq
    try:
        return np.asarray(seq, dtype=np.int64)
    except OverflowError:
        return np.asarray(list(seq), dtype=object)


def shuffled_surrogate(seq: Sequence[int], rng: np.random.Generator) -> np.ndarray:
    """A uniformly random permutation of ``seq``: the same symbols, the same counts, no order.

    >>> sorted(shuffled_surrogate([3, 1, 2, 1], np.random.default_rng(0)).tolist())
    [1, 1, 2, 3]
    """
    return rng.permutation(_array(seq))


def iid_surrogate(seq: Sequence[int], rng: np.random.Generator) -> np.ndarray:
    """``len(seq)`` independent draws from the empirical symbol frequencies of ``seq``.

    >>> set(iid_surrogate([5, 7, 7, 7], np.random.default_rng(0)).tolist()) <= {5, 7}
    True
    """
    arr = _array(seq)
    if arr.size == 0:
        return arr.copy()
    values, counts = np.unique(arr, return_counts=True)
    idx = rng.choice(values.size, size=arr.size, p=counts / counts.sum())
    return values[idx]


SURROGATE_KINDS: dict[str, tuple[str, Callable[[Sequence[int], np.random.Generator], np.ndarray]]] = {
    "shuffled": ("random permutation of the data (same symbol counts)", shuffled_surrogate),
    "iid": ("iid draws from the data's symbol frequencies", iid_surrogate),
}


def make_surrogates(seq: Sequence[int], seed: int, source: str, k: int) -> dict[str, list[np.ndarray]]:
    """``k`` surrogates of each kind, the ``j``-th drawn from ``surrogate_rng(seed, source, kind, j)``."""
    return {kind: [fn(seq, surrogate_rng(seed, source, kind, j)) for j in range(k)]
            for kind, (_, fn) in SURROGATE_KINDS.items()}


def _stats(values: Sequence[float]) -> dict[str, Any]:
    v = np.asarray(values, dtype=float)
    return {"mean": _r(float(v.mean())), "sd": _r(float(v.std(ddof=1)) if v.size > 1 else 0.0),
            "values": [_r(float(x)) for x in v]}


def _r(x: float, digits: int = 5) -> float:
    if x == 0 or not math.isfinite(x):
        return x
    return round(x, max(digits - 1 - math.floor(math.log10(abs(x))), 0))


# --------------------------------------------------------------------------------------------
# Description length of conjectures
# --------------------------------------------------------------------------------------------


def elias_gamma_bits(n: int) -> int:
    """Length of the Elias gamma code of ``n >= 1``: ``2 floor(log2 n) + 1``.

    >>> [elias_gamma_bits(n) for n in (1, 2, 3, 4, 100)]
    [1, 3, 3, 5, 13]
    """
    n = int(n)
    if n < 1:
        raise ValueError(f"the Elias gamma code needs a positive integer, not {n}")
    return 2 * (n.bit_length() - 1) + 1


def elias_delta_bits(n: int) -> int:
    """Length of the Elias delta code of ``n >= 1``: ``floor(log2 n) + gamma(floor(log2 n) + 1)``.

    >>> [elias_delta_bits(n) for n in (1, 2, 3, 4, 100, 10**6)]
    [1, 4, 4, 5, 11, 28]
    """
    n = int(n)
    if n < 1:
        raise ValueError(f"the Elias delta code needs a positive integer, not {n}")
    L = n.bit_length()
    return L - 1 + elias_gamma_bits(L)


def zigzag(z: int) -> int:
    """The bijection Z -> {1, 2, 3, ...}: ``0, -1, 1, -2, 2, ...`` -> ``1, 2, 3, 4, 5, ...``.

    >>> [zigzag(z) for z in (0, -1, 1, -2, 2)]
    [1, 2, 3, 4, 5]
    """
    z = int(z)
    return 2 * z + 1 if z >= 0 else -2 * z


def integer_bits(z: int) -> int:
    """Bits of a signed integer: Elias delta of :func:`zigzag` (``0 -> 1``, ``1 -> 4``, ``2 -> 5``)."""
    return elias_delta_bits(zigzag(z))


def rational_bits(q: int | Fraction) -> int:
    """Bits of a rational ``u/v`` in lowest terms: ``integer_bits(u) + elias_delta_bits(v)``.

    >>> rational_bits(2), rational_bits(Fraction(1, 2)), rational_bits(0)
    (6, 8, 2)
    """
    q = Fraction(q)
    return integer_bits(q.numerator) + elias_delta_bits(q.denominator)


def _polynomial_bits(p: Polynomial) -> int:
    return elias_gamma_bits(p.degree + 1) + sum(rational_bits(c) for c in p.coeffs)


def interlaced_bits(seq: InterlacedSequence) -> dict[str, Any]:
    """Code length of an interlaced sequence, by part (see :func:`description_bits`)."""
    transient = elias_gamma_bits(len(seq.transient) + 1) + sum(integer_bits(t) for t in seq.transient)
    period = elias_gamma_bits(seq.period)
    channels = [_polynomial_bits(p) for p in seq.channels]
    return {"transient": transient, "period": period, "channels": channels,
            "total": transient + period + sum(channels)}


def description_breakdown(pattern: CFPattern | InterlacedSequence) -> dict[str, Any]:
    """The parts of :func:`description_bits`: ``signs``, ``a`` (transient/period/channels), ``total``.

    >>> description_breakdown(E_PATTERN)["a"]
    {'transient': 8, 'period': 3, 'channels': [6, 15, 6], 'total': 38}
    """
    if isinstance(pattern, InterlacedSequence):
        a = interlaced_bits(pattern)
        return {"a": a, "total": a["total"]}
    if not isinstance(pattern, CFPattern):
        raise TypeError(f"expected a CFPattern or InterlacedSequence, not {type(pattern).__name__}")
    a = interlaced_bits(pattern.a)
    signs = pattern.signs
    if signs is not None:
        b: dict[str, Any] = {"kind": "sign period", "signs": signs,
                             "total": 1 + elias_gamma_bits(len(signs)) + len(signs)}
    else:
        b = {"kind": "interlaced numerators", **interlaced_bits(pattern.b)}
        b["total"] += 1
    return {"signs" if signs is not None else "b": b, "a": a, "total": b["total"] + a["total"]}


def description_bits(pattern: CFPattern | InterlacedSequence) -> int:
    """Length in bits of a self-delimiting code for a continued-fraction pattern (an MDL score).

    The code, read left to right (gamma = Elias gamma, delta = Elias delta, both prefix-free):

    * partial numerators: 1 flag bit; for a sign period ``s`` (numerators +-1, no transient)
      ``gamma(len s)`` then one bit per sign; otherwise the numerators as an interlaced sequence;
    * partial denominators (an interlaced sequence, also used for general numerators):
      ``gamma(T + 1)`` for the transient length T, each transient term as
      ``delta(zigzag(t))``; ``gamma(N)`` for the period N; for each of the N channel
      polynomials ``gamma(degree + 1)`` and each coefficient ``u/v`` (lowest terms) as
      ``delta(zigzag(u)) + delta(v)``.

    ``zigzag`` maps ``0, -1, 1, -2, 2, ...`` to ``1, 2, 3, 4, 5, ...``.  Every part is
    prefix-free, so the total is the length of a decodable description; smaller coefficients,
    a shorter transient, a shorter period or lower degrees all cost fewer bits.

    Example: the simple continued fraction of e, signs ``+``, transient ``[2]``, channels
    ``1, 2k + 2, 1``: signs 1 + 1 + 1 = 3 bits; transient 3 + 5 = 8; period 3; channels
    ``1``: 1 + (4 + 1) = 6, ``2k + 2``: 3 + 2 (5 + 1) = 15, ``1``: 6; total 41 bits.

    >>> description_bits(E_PATTERN)
    41
    """
    return int(description_breakdown(pattern)["total"])


E_PATTERN = CFPattern.signed("+", InterlacedSequence((2,), (Polynomial((1,)), Polynomial((2, 2)), Polynomial((1,)))))
"""The simple continued fraction of e: ``[2; 1, 2, 1, 1, 4, 1, 1, 6, ...]``."""


# --------------------------------------------------------------------------------------------
# Sources
# --------------------------------------------------------------------------------------------


def prime_indicator(n: int) -> np.ndarray:
    """``x[k] = 1`` when ``k`` is prime, for ``0 <= k < n`` (uint8), from :func:`discovery.sieve.prime_sieve`.

    >>> prime_indicator(12).tolist()
    [0, 0, 1, 1, 0, 1, 0, 1, 0, 0, 0, 1]
    """
    from discovery.sieve import prime_sieve

    n = int(n)
    if n < 0:
        raise ValueError(f"the length of the prime indicator must be >= 0, not {n}")
    if n <= 3:
        return np.array([0, 0, 1][:n], dtype=np.uint8)
    return prime_sieve(n - 1).astype(np.uint8)


def random_bits(n: int, seed: int) -> np.ndarray:
    """``n`` iid fair bits (uint8) from ``surrogate_rng(seed, "random bits")``."""
    return surrogate_rng(seed, "random bits").integers(0, 2, size=int(n), dtype=np.uint8)


def random_real_terms(n: int, seed: int) -> tuple[list[int], int]:
    """The first ``n`` simple-CF partial quotients of a uniformly random real ``x`` in ``[0, 1)``.

    ``x`` is drawn bit by bit from ``surrogate_rng(seed, "random real")``: with ``B`` bits drawn,
    ``x`` lies in ``[m / 2^B, (m + 1) / 2^B]`` and :func:`cf.extract.extract_signed_cf` returns the
    terms common to the whole interval, i.e. the true leading terms of ``x``.  More bits are drawn
    (refining the same ``x``) until ``n`` terms are certified; about 3.4 bits per term are needed
    (Levy).  Returns the terms (``a_0 = 0``) and ``B``.
    """
    from cf.extract import extract_signed_cf

    rng = surrogate_rng(seed, "random real")
    n = int(n)
    B = 4 * n + 256
    m = int.from_bytes(rng.bytes(B // 8), "big")
    while True:
        ext = extract_signed_cf(Fraction(m, 1 << B), Fraction(m + 1, 1 << B), "+", n)
        if len(ext.terms) >= n:
            return list(ext.terms), B
        m = (m << 64) | int.from_bytes(rng.bytes(8), "big")
        B += 64


def constant_terms(name: str, n: int) -> list[int]:
    """The first ``n`` certified simple-CF partial quotients of a constant (``search.expansion``)."""
    from search.expansion import expand

    return list(expand(name, "+", int(n)).terms)


# --------------------------------------------------------------------------------------------
# The experiment
# --------------------------------------------------------------------------------------------

ProgressFn = Callable[[str, int, int], None]


def _pattern_info(terms: list[int]) -> dict[str, Any]:
    from cf.pattern import decode_interlaced

    head = terms[: min(len(terms), 300)]
    seq = decode_interlaced(head, max_period=12, max_transient=8, max_degree=3, confirm=3)
    raw = sum(integer_bits(t) for t in terms)
    if seq is None:
        return {"found": False, "searched": "period <= 12, transient <= 8, degree <= 3 on the first "
                f"{len(head)} terms", "raw_bits": raw}
    ok = seq.terms(len(terms)) == terms
    pat = CFPattern.signed("+", seq)
    return {"found": ok, "pattern": str(seq), "regenerates_all_terms": ok,
            "description_bits": description_bits(pat), "raw_bits": raw}


def _analyse(name: str, data: np.ndarray | list[int], kind: str, seed: int, k: int, compressors: list[str],
             tick: Callable[[str], None]) -> dict[str, Any]:
    n = len(data)
    arr = _array(data)
    surr = make_surrogates(arr, seed, name, k)
    rec: dict[str, Any] = {"n": n}
    # -- compressors
    if kind == "integers":
        sers = ["decimal text", "bytes with escape"]
    else:
        sers = ["packed bits"] + (["ASCII 0/1"] if n <= ASCII_MAX else [])
    tick("compressors")
    comp: dict[str, Any] = {}
    for s in sers:
        blob = serialise(arr, s)
        entry: dict[str, Any] = {"serialisation": SERIALISATIONS[s].description, "bytes": len(blob),
                                 "compressors": {}}
        surr_blobs = {kd: [serialise(x, s) for x in xs] for kd, xs in surr.items()}
        for c in compressors:
            e = {"bits_per_symbol": _r(bits_per_symbol(blob, n, c))}
            for kd, blobs in surr_blobs.items():
                e[kd] = _stats([bits_per_symbol(b, n, c) for b in blobs])
            entry["compressors"][c] = e
        comp[s] = entry
    rec["compression"] = comp
    # -- LZ76
    tick("LZ76")
    codes, A = symbol_codes(arr)
    A = max(A, 2)
    c = lz76_complexity(codes)
    lz: dict[str, Any] = {"c": c, "alphabet_size": A, "normalized": _r(c * math.log(n) / math.log(A) / n),
                          "c_log2n_over_n": _r(c * math.log2(n) / n)}
    for kd, xs in surr.items():
        lz[kd] = _stats([lz76_normalized(x, A) for x in xs])
    rec["lz76"] = lz
    # -- linear complexity
    tick("linear complexity")
    m = min(n, LC_MAX)
    p = 2 if kind == "bits" else None
    from cf.bm import PRIME

    lc = linear_complexity_summary(arr[:m], p=p if p is not None else PRIME)
    for kd, xs in surr.items():
        lc[kd] = _stats([linear_complexity_summary(x[:m], p=2 if kind == "bits" else PRIME, curve_points=1)
                         ["final_L_over_n"] for x in xs])
    rec["linear_complexity"] = lc
    return rec


def _best(comp: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    """(serialisation, compressor, entry) with the fewest bits per symbol."""
    best = None
    for s, entry in comp.items():
        for c, e in entry["compressors"].items():
            if best is None or e["bits_per_symbol"] < best[2]["bits_per_symbol"]:
                best = (s, c, e)
    assert best is not None
    return best


def _verdict(name: str, rec: dict[str, Any], kind: str) -> str:
    unit = "term" if kind == "integers" else "bit"
    lc = rec["linear_complexity"]
    n_lc, L = lc["n"], lc["final_L"]
    if L <= n_lc // 8 and lc["stable_from"] <= n_lc // 2:
        lc_s = (f"linear complexity stays at {L} from n = {lc['stable_from']} to {n_lc} (a linear recurrence "
                f"of order {L}), while the shuffled surrogate reaches L/n = {lc['shuffled']['mean']:.3f}")
    else:
        lc_s = (f"linear complexity grows like n/2 (L/n = {lc['final_L_over_n']:.3f} at n = {n_lc}; "
                f"shuffled {lc['shuffled']['mean']:.3f}, iid {lc['iid']['mean']:.3f})")
    s, c, e = _best(rec["compression"])
    ratio = e["bits_per_symbol"] / e["shuffled"]["mean"] if e["shuffled"]["mean"] > 0 else float("nan")
    comp_s = (f"the best compressor ({c}, {s}) needs {e['bits_per_symbol']:.3g} bits/{unit} vs "
              f"{e['shuffled']['mean']:.3g} for the shuffled and {e['iid']['mean']:.3g} for the iid surrogate "
              f"(ratio {ratio:.2f})")
    lz = rec["lz76"]
    lz_s = f"LZ76 normalised {lz['normalized']:.3f} vs {lz['shuffled']['mean']:.3f} shuffled"
    # a plain-words reading of the comparison with the surrogates
    sd = max(e["shuffled"]["sd"], 1e-3 * max(e["shuffled"]["mean"], 1e-9))
    order = "order that the compressors exploit" if (e["shuffled"]["mean"] - e["bits_per_symbol"]) > max(
        3 * sd, 0.02 * e["shuffled"]["mean"]) else "no order visible to the compressors beyond the symbol frequencies"
    out = f"{name}: {lc_s}; {comp_s}: {order}; {lz_s}"
    pat = rec.get("pattern")
    if pat is not None and pat.get("found"):
        out += (f"; the interlaced pattern {pat['pattern']} regenerates all {rec['n']} terms with "
                f"{pat['description_bits']} bits of description vs {pat['raw_bits']} bits for the terms coded one by one")
    return out + "."


def run_complexity(terms: int = 2000, bits: int = 100_000, seed: int = 0, surrogates: int = 3,
                   progress: ProgressFn | None = None) -> dict[str, Any]:
    """Run the complexity experiment on the six sources and return JSON-ready results.

    Sources: the simple-CF partial quotients of e, tan(1), pi and a uniformly random real
    (``terms`` each), the prime indicator of ``0 .. bits-1`` and ``bits`` iid fair bits.  For each
    source: bits/symbol per serialisation and compressor, LZ76, the linear-complexity profile
    (on at most :data:`LC_MAX` symbols), each with ``surrogates`` shuffled and iid surrogates;
    for the CF sources the description length of a decoded interlaced pattern; a verdict string.
    Also NCD matrices (lzma) within the CF sources (decimal text) and the bit sources (packed).
    """
    terms, bits, seed, surrogates = int(terms), int(bits), int(seed), int(surrogates)
    if not 20 <= terms <= TERMS_CAP:
        raise ValueError(f"--terms must be between 20 and {TERMS_CAP}, not {terms}")
    if not 1000 <= bits <= BITS_CAP:
        raise ValueError(f"--bits must be between 1000 and {BITS_CAP}, not {bits}")
    if not 1 <= surrogates <= 20:
        raise ValueError(f"--surrogates must be between 1 and 20, not {surrogates}")
    if seed < 0:
        raise ValueError(f"--seed must be a non-negative integer, not {seed}")
    compressors = available_compressors()
    stages = 4
    total = len(SOURCES) * stages + 1
    done = 0

    def tick_for(name: str) -> Callable[[str], None]:
        def tick(stage: str) -> None:
            nonlocal done
            if progress is not None:
                progress(f"{name}: {stage}", done, total)
            done += 1
        return tick

    data: dict[str, Any] = {}
    info: dict[str, str] = {}
    sources: dict[str, Any] = {}
    for name in SOURCES:
        tick = tick_for(name)
        tick("generating")
        if name in ("e", "tan(1)", "pi"):
            data[name] = constant_terms(name, terms)
            info[name] = f"first {terms} certified simple-CF partial quotients of {name}"
        elif name == "random real":
            data[name], B = random_real_terms(terms, seed)
            info[name] = (f"first {terms} simple-CF partial quotients of a uniform random real in [0, 1) "
                          f"(certified from {B} random bits drawn with seed {seed})")
        elif name == "primes":
            data[name] = prime_indicator(bits)
            info[name] = f"prime indicator [k is prime] for k = 0..{bits - 1}"
        else:
            data[name] = random_bits(bits, seed)
            info[name] = f"{bits} iid fair bits (seed {seed})"
        kind = "integers" if name in CF_SOURCES else "bits"
        rec = {"kind": "partial quotients" if kind == "integers" else "bit string", "description": info[name]}
        rec.update(_analyse(name, data[name], kind, seed, surrogates, compressors, tick))
        if kind == "integers":
            arr = data[name]
            rec["symbols"] = {"distinct": len(set(arr)), "max": int(max(arr)),
                              "fraction_of_ones": _r(sum(1 for t in arr if t == 1) / len(arr)),
                              "plugin_entropy_bits": _r(empirical_entropy(arr)),
                              "gauss_kuzmin_entropy_bits": _r(GAUSS_KUZMIN_ENTROPY)}
            rec["pattern"] = _pattern_info(list(arr))
        else:
            rec["symbols"] = {"ones": int(np.sum(data[name])), "density": _r(float(np.mean(data[name]))),
                              "plugin_entropy_bits": _r(empirical_entropy(data[name]))}
        rec["verdict"] = _verdict(name, rec, kind)
        sources[name] = rec
    if progress is not None:
        progress("NCD matrices", done, total)
    ncd_out = {}
    for group, names, ser in (("partial quotients", CF_SOURCES, "decimal text"), ("bits", BIT_SOURCES, "packed bits")):
        blobs = [serialise(data[nm], ser) for nm in names]
        ncd_out[group] = {"compressor": "lzma", "serialisation": ser, "labels": list(names),
                          "matrix": [[_r(ncd(x, y)) for y in blobs] for x in blobs]}
    if progress is not None:
        progress("done", total, total)
    return {
        "sources": sources,
        "ncd": ncd_out,
        "settings": {
            "compressors": {c: COMPRESSORS[c][0] for c in compressors},
            "bits_per_symbol": "8 * (len(C(serialised data)) - len(C(b''))) / number of symbols",
            "surrogates": {kd: d for kd, (d, _) in SURROGATE_KINDS.items()},
            "surrogate_draws": surrogates,
            "surrogate_seeding": "numpy default_rng([seed, crc32(source), crc32(kind), draw])",
            "lz76": "Kaspar-Schuster phrase count c; normalized = c log_A(n) / n, A = distinct symbols of the data (>= 2)",
            "linear_complexity": f"Berlekamp-Massey over GF(2) for bits, GF(2^31 - 1) for terms, on at most {LC_MAX} symbols",
            "ascii_bits_max": ASCII_MAX,
            "seed": seed,
        },
    }


# --------------------------------------------------------------------------------------------
# Text and plot
# --------------------------------------------------------------------------------------------


def format_text(results: dict[str, Any]) -> str:
    """A human-readable report of :func:`run_complexity` results."""
    from discovery.cli.output import table_text

    lines: list[str] = []
    for name, rec in results["sources"].items():
        unit = "term" if rec["kind"] == "partial quotients" else "bit"
        lines.append(f"== {name}: {rec['description']}")
        rows = []
        for s, entry in rec["compression"].items():
            for c, e in entry["compressors"].items():
                rows.append([s, c, f"{e['bits_per_symbol']:.4f}",
                             f"{e['shuffled']['mean']:.4f} ± {e['shuffled']['sd']:.4f}",
                             f"{e['iid']['mean']:.4f} ± {e['iid']['sd']:.4f}"])
        lines.append(table_text(["serialisation", "compressor", f"bits/{unit}", "shuffled", "iid"], rows))
        lz = rec["lz76"]
        lines.append(f"LZ76: c = {lz['c']} (alphabet {lz['alphabet_size']}), normalised {lz['normalized']:.4f}; "
                     f"shuffled {lz['shuffled']['mean']:.4f}, iid {lz['iid']['mean']:.4f}")
        lc = rec["linear_complexity"]
        pts = ", ".join(f"L_{k}={v}" for k, v in lc["samples"][:: max(1, len(lc["samples"]) // 5)])
        lines.append(f"linear complexity over {lc['field']}: L/n = {lc['final_L_over_n']:.4f} at n = {lc['n']} "
                     f"({pts}); shuffled {lc['shuffled']['mean']:.4f}, iid {lc['iid']['mean']:.4f}")
        pat = rec.get("pattern")
        if pat is not None:
            if pat["found"]:
                lines.append(f"pattern: {pat['pattern']}: {pat['description_bits']} bits "
                             f"(terms coded one by one: {pat['raw_bits']} bits)")
            else:
                lines.append(f"pattern: none found ({pat.get('searched', 'did not regenerate all terms')})")
        lines.append(f"verdict: {rec['verdict']}")
        lines.append("")
    for group, m in results["ncd"].items():
        lines.append(f"NCD ({m['compressor']}, {m['serialisation']}) among the {group} sources:")
        lines.append(table_text([""] + m["labels"],
                                [[lab] + [f"{v:.3f}" for v in row] for lab, row in zip(m["labels"], m["matrix"])]))
        lines.append("")
    return "\n".join(lines).rstrip()


def plot_results(results: dict[str, Any], path: str) -> None:
    """PNG with three panels: the linear-complexity profiles L_n (log-log, with n/2), the best
    compressor's bits/symbol per source next to its surrogates, and normalised LZ76 next to its surrogates.

    The caller chooses the matplotlib backend (the CLI uses Agg; a notebook keeps its own).
    """
    import matplotlib.pyplot as plt

    src = results["sources"]
    fig, axes = plt.subplots(1, 3, figsize=(16, 4.8))
    ax = axes[0]
    for name, rec in src.items():
        curve = np.asarray(rec["linear_complexity"]["curve"], dtype=float)
        style = "-" if rec["kind"] == "partial quotients" else ":"
        ax.plot(curve[:, 0], curve[:, 1], style, label=f"{name} ({rec['linear_complexity']['field']})")
    top = max(rec["linear_complexity"]["n"] for rec in src.values())
    ax.plot([1, top], [0.5, top / 2], color="grey", lw=0.8, ls="--", label="n/2 (random)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("prefix length n")
    ax.set_ylabel("linear complexity L_n")
    ax.set_title("linear-complexity profile (Berlekamp-Massey)")
    ax.legend(fontsize=7)
    names = list(src)
    x = np.arange(len(names))
    w = 0.27
    ax = axes[1]
    vals, sh, iid, labels = [], [], [], []
    for name in names:
        _, c, e = _best(src[name]["compression"])
        # the same serialisation/compressor for data and surrogates
        vals.append(e["bits_per_symbol"])
        sh.append(e["shuffled"]["mean"])
        iid.append(e["iid"]["mean"])
        labels.append(f"{name}\n{c}")
    ax.bar(x - w, vals, w, label="data")
    ax.bar(x, sh, w, label="shuffled")
    ax.bar(x + w, iid, w, label="iid same freq.")
    ax.set_xticks(x, labels, fontsize=7)
    ax.set_ylabel("bits per symbol (term or bit)")
    ax.set_title("best compressor: data vs surrogates")
    ax.legend(fontsize=7)
    ax = axes[2]
    ax.bar(x - w, [src[nm]["lz76"]["normalized"] for nm in names], w, label="data")
    ax.bar(x, [src[nm]["lz76"]["shuffled"]["mean"] for nm in names], w, label="shuffled")
    ax.bar(x + w, [src[nm]["lz76"]["iid"]["mean"] for nm in names], w, label="iid same freq.")
    ax.set_xticks(x, names, fontsize=7)
    ax.set_ylabel("c(n) log_A(n) / n")
    ax.set_title("normalised LZ76 complexity")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
