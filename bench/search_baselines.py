"""The baselines of bench_search.py: the naive per-pair method in the style of the published
reference, and the perfectly parallel calibration job that tells the scaling the machine offers.

Not a benchmark by itself; ``bench_search.py`` times these next to the engine.
"""

from __future__ import annotations

import time

from benchlib import mpmath_signed_terms

NAIVE_PRIME = 199
NAIVE_DPS = 500


# ------------------------------------------------------------------------------------------
# the naive baseline, in the style of the published reference
# ------------------------------------------------------------------------------------------


def naive_extract(moebius: tuple[int, int, int, int], signs: str, depth: int) -> list[int]:
    """mpmath at 500 digits: x = (p1 pi + p0)/(q1 pi + q0) made positive, floor/ceil by sign."""
    import mpmath

    mpmath.mp.dps = NAIVE_DPS
    p1, p0, q1, q0 = moebius
    c = mpmath.pi
    x = (p1 * c + p0) / (q1 * c + q0)
    return mpmath_signed_terms(-x if x < 0 else x, signs, depth)


def naive_bm(seq: list[int], p: int = NAIVE_PRIME) -> int:
    """Textbook Berlekamp-Massey modulo p in pure Python, over all terms (no early abort)."""
    s = [v % p for v in seq]
    n = len(s)
    C = [1] + [0] * n
    B = [1] + [0] * n
    L, m, b = 0, 1, 1
    for k in range(n):
        d = s[k]
        for i in range(1, L + 1):
            d = (d + C[i] * s[k - i]) % p
        if d == 0:
            m += 1
            continue
        coef = d * pow(b, p - 2, p) % p
        if 2 * L <= k:
            T = C[:]
            for i in range(m, n + 1):
                C[i] = (C[i] - coef * B[i - m]) % p
            L, B, b, m = k + 1 - L, T, d, 1
        else:
            for i in range(m, n + 1):
                C[i] = (C[i] - coef * B[i - m]) % p
            m += 1
    return L


def naive_pair_lambdify(moebius: tuple[int, int, int, int], signs: str, depth: int) -> int:
    """Informational variant closer to the reference: the LHS is a sympy expression that is
    lambdified (to mpmath) for every pair before the extraction."""
    import mpmath
    import sympy

    mpmath.mp.dps = NAIVE_DPS
    p1, p0, q1, q0 = moebius
    c = sympy.Symbol("c")
    f = sympy.lambdify(c, (p1 * c + p0) / (q1 * c + q0), "mpmath")
    x = f(mpmath.pi)
    return naive_bm(mpmath_signed_terms(-x if x < 0 else x, signs, depth))


def naive_pair(moebius: tuple[int, int, int, int], signs: str, depth: int) -> tuple[list[int], int, bool]:
    """Terms, linear complexity mod 199 and the reference's approval L < depth/4 of one pair."""
    terms = naive_extract(moebius, signs, depth)
    L = naive_bm(terms)
    return terms, L, L < depth / 4


# ------------------------------------------------------------------------------------------
# the calibration job
# ------------------------------------------------------------------------------------------


def _spin(n: int) -> int:
    acc = 0
    for i in range(n):
        acc = (acc + i * i) % 1000003
    return acc


def calibration(workers: int, chunks: int = 8, n: int = 600_000) -> float:
    """Wall seconds of a perfectly parallel pure-Python job (``chunks`` equal pieces) on a
    fork process pool of ``workers``: the 1-to-2 worker ratio is the scaling the machine
    offers at that moment (2.0 on an idle two-core machine)."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    t0 = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("fork")) as pool:
        list(pool.map(_spin, [n] * chunks))
    return time.perf_counter() - t0
