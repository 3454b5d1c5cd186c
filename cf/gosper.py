"""Signed continued fractions of Moebius images, by Gosper's homographic algorithm on int64.

Let x have the (certified) simple continued fraction ``[t0; t1, t2, ...]`` and let
``z = (p1 x + p0)/(q1 x + q0)`` with ``p1 q0 - p0 q1 != 0``.  The state ``(a, b, c, d)`` stands for
``z = (a y + b)/(c y + d)`` where y is the not-yet-read tail of x.

* ingest a term t of x (``y = t + 1/y'``): ``(a, b, c, d) <- (a t + b, a, c t + d, c)``;
* after the first ingest ``y`` lies in ``(1, inf)``, so z lies between ``a/c`` (y = inf) and
  ``(a + b)/(c + d)`` (y = 1) as long as ``c`` and ``c + d`` have the same sign; when floor (for
  a '+' sign) or ceil (for a '-' sign) of both ends agree, that is the next signed term q, and
  ``z = q + s/z'`` gives the egest step ``(a, b, c, d) <- (s c, s d, a - q c, b - q d)``.

Every term produced is certified (it holds for every tail y in (1, inf)); when the simple-CF
terms of x run out the kernel stops (status EXHAUSTED) and when a product could leave int64 it
stops (status OVERFLOW) -- the caller then falls back to the exact big-integer path
(:func:`moebius_signed_cf_exact`).

>>> import numpy as np
>>> from cf.gosper import moebius_signed_cf
>>> x_terms = [2, 1, 2, 1, 1, 4, 1, 1, 6, 1, 1, 8, 1, 1, 10, 1, 1, 12, 1, 1, 14]   # e
>>> moebius_signed_cf(x_terms, (1, 0, 1, -1), "+-", 6).terms   # e/(e-1)
(1, 2, 3, 2, 5, 2)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
from numba import njit

from cf.extract import Extraction, Rational, extract_signed_cf
from cf.signs import sign_values, validate_signs

DONE = 0
EXHAUSTED = 1
OVERFLOW = 2

# Largest magnitude allowed for any state entry or product: 2^62, checked in floating point
# with ample margin before the int64 operation is done.
_LIMIT = 4.0e18


@njit(cache=True, inline="always")
def gosper_next(xs, nx, st, sign):
    """Advance the state ``st = [a, b, c, d, i]`` to the next signed term; return ``(term, status)``.

    ``(a, b, c, d)`` is the homographic state and ``i`` the number of simple-CF terms of x read
    so far.  Ingests terms of ``xs`` until floor (``sign`` > 0) or ceil (``sign`` < 0) of both ends
    of the range agree, then egests that term.  ``status`` is DONE for a term, EXHAUSTED when
    ``xs`` runs out, OVERFLOW when a product could leave int64 (the term is then meaningless).
    """
    a = st[0]
    b = st[1]
    c = st[2]
    d = st[3]
    i = st[4]
    while True:
        if i > 0:
            cd = c + d
            if c != 0 and cd != 0 and (c > 0) == (cd > 0):
                ab = a + b
                if sign > 0:
                    q = a // c
                    same = ab // cd == q
                else:
                    q = -((-a) // c)
                    same = -((-ab) // cd) == q
                if same:
                    fq = abs(float(q))
                    if fq * abs(float(c)) + abs(float(a)) > _LIMIT or fq * abs(float(d)) + abs(float(b)) > _LIMIT:
                        return np.int64(0), OVERFLOW
                    st[0] = sign * c
                    st[1] = sign * d
                    st[2] = a - q * c
                    st[3] = b - q * d
                    st[4] = i
                    return q, DONE
        if i >= nx:
            return np.int64(0), EXHAUSTED
        t = xs[i]
        i += 1
        ft = abs(float(t))
        if ft * abs(float(a)) + abs(float(b)) > _LIMIT or ft * abs(float(c)) + abs(float(d)) > _LIMIT:
            return np.int64(0), OVERFLOW
        na = a * t + b
        nc = c * t + d
        b = a
        d = c
        a = na
        c = nc


@njit(cache=True)
def _gosper_one(xs, nx, p1, p0, q1, q0, signs, j, depth, out):
    """Kernel: signed CF of (p1 x + p0)/(q1 x + q0); writes into out, returns (count, status)."""
    st = np.empty(5, dtype=np.int64)
    st[0] = p1
    st[1] = p0
    st[2] = q1
    st[3] = q0
    st[4] = 0
    for n in range(depth):
        q, status = gosper_next(xs, nx, st, signs[n % j])
        if status != DONE:
            return n, status
        out[n] = q
    return depth, DONE


@njit(cache=True)
def gosper_batch(xs, nx, coeffs, signs, sign_lengths, depth, out, counts, status):
    """Batched kernel over all (Moebius, sign period) pairs.

    ``coeffs``: (M, 4) int64 rows (p1, p0, q1, q0); ``signs``: (S, Jmax) int64 rows of +1/-1 with
    ``sign_lengths[s]`` valid entries.  Pair ``m * S + s`` writes row ``m * S + s`` of ``out``
    ((M*S, depth) int64), its term count into ``counts`` and its status into ``status``.
    """
    m_count = coeffs.shape[0]
    s_count = signs.shape[0]
    for m in range(m_count):
        for s in range(s_count):
            k = m * s_count + s
            cnt, st = _gosper_one(
                xs, nx, coeffs[m, 0], coeffs[m, 1], coeffs[m, 2], coeffs[m, 3],
                signs[s], sign_lengths[s], depth, out[k],
            )
            counts[k] = cnt
            status[k] = st


def signs_array(periods: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Pack sign periods into the (S, Jmax) +1/-1 matrix and length vector used by the kernels."""
    jmax = max(len(p) for p in periods)
    arr = np.ones((len(periods), jmax), dtype=np.int64)
    lens = np.empty(len(periods), dtype=np.int64)
    for i, p in enumerate(periods):
        vals = sign_values(p)
        arr[i, : len(vals)] = vals
        lens[i] = len(vals)
    return arr, lens


_INT64_SAFE = 2**62


def terms_array(x_terms: Sequence[int]) -> np.ndarray:
    """The simple-CF terms as int64, cut before the first term too large for the kernel.

    A cut input makes the kernel report EXHAUSTED (or OVERFLOW) early; the caller's fallback
    then takes the exact path, so correctness never depends on the cut.
    """
    out = []
    for t in x_terms:
        if abs(t) >= _INT64_SAFE:
            break
        out.append(int(t))
    return np.asarray(out, dtype=np.int64)


@dataclass(frozen=True)
class GosperResult:
    terms: tuple[int, ...]
    status: int  # DONE, EXHAUSTED or OVERFLOW


def moebius_signed_cf(
    x_terms: Sequence[int] | np.ndarray, moebius: tuple[int, int, int, int], signs: str, depth: int
) -> GosperResult:
    """Signed CF (up to ``depth`` terms) of ``(p1 x + p0)/(q1 x + q0)`` from x's simple CF terms.

    ``x_terms`` must be certified terms of an irrational x.  Only the int64 path: see
    :func:`moebius_signed_cf_exact` for the fallback.
    """
    validate_signs(signs)
    p1, p0, q1, q0 = (int(v) for v in moebius)
    if p1 * q0 - p0 * q1 == 0:
        raise ValueError("degenerate Moebius transform (p1*q0 - p0*q1 = 0)")
    xs = x_terms if isinstance(x_terms, np.ndarray) else terms_array(x_terms)
    sarr, _ = signs_array([signs])
    out = np.zeros(depth, dtype=np.int64)
    if max(abs(p1), abs(p0), abs(q1), abs(q0)) >= _INT64_SAFE:
        return GosperResult((), OVERFLOW)
    n, st = _gosper_one(xs, len(xs), p1, p0, q1, q0, sarr[0], len(signs), depth, out)
    return GosperResult(tuple(out[:n].tolist()), int(st))


def moebius_interval(lo: Rational, hi: Rational, moebius: tuple[int, int, int, int]):
    """Exact enclosure of ``(p1 x + p0)/(q1 x + q0)`` for x in ``[lo, hi]`` (``None`` if the pole is inside)."""
    import gmpy2

    p1, p0, q1, q0 = moebius
    lo = gmpy2.mpq(lo)
    hi = gmpy2.mpq(hi)
    dlo = q1 * lo + q0
    dhi = q1 * hi + q0
    if dlo == 0 or dhi == 0 or (dlo > 0) != (dhi > 0):
        return None
    z1 = (p1 * lo + p0) / dlo
    z2 = (p1 * hi + p0) / dhi
    return (z1, z2) if z1 <= z2 else (z2, z1)


def moebius_signed_cf_exact(
    lo: Rational, hi: Rational, moebius: tuple[int, int, int, int], signs: str, depth: int
) -> Extraction:
    """Exact big-integer path: certified signed CF of the Moebius image of the enclosure [lo, hi]."""
    iv = moebius_interval(lo, hi, moebius)
    if iv is None:
        return Extraction((), signs, False, True)
    return extract_signed_cf(iv[0], iv[1], signs, depth)
