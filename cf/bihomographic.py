"""Signed continued fractions of quadratic images ``P(x)/Q(x)``, by Gosper's bihomographic algorithm.

Let x have the certified simple continued fraction ``[t0; t1, t2, ...]`` and let
``z = (p2 x^2 + p1 x + p0)/(q2 x^2 + q1 x + q0)``.  Write ``x^2 = x y`` with ``y = x``: then

    z = (a x y + b x + c y + d)/(e x y + f x + g y + h)

with ``(a, b, c, d, e, f, g, h) = (p2, p1, 0, p0, q2, q1, 0, q0)`` on the diagonal ``y = x``.
Treating x and y as two inputs that read the *same* terms, each at its own pace:

* ingest a term t into x (``x = t + 1/x'``): ``(a, b, c, d) <- (a t + c, b t + d, a, b)``, and the
  same on ``(e, f, g, h)``; into y (``y = t + 1/y'``): ``(a, b, c, d) <- (a t + b, a, c t + d, c)``;
* after both inputs have read ``t0`` their tails lie in ``(1, inf)``, so the box is
  ``[1, inf]^2``.  The denominator ``D = e x y + f x + g y + h`` is, with ``x = 1 + u, y = 1 + v``,
  ``e uv + (e + f) u + (e + g) v + (e + f + g + h)``: it has no zero on the closed box exactly when
  the four corner denominators ``e, e + f, e + g, e + f + g + h`` are nonzero with one sign.  Then
  z is monotone in each variable on the box, so it lies between the four corner values
  ``a/e, (a + b)/(e + f), (a + c)/(e + g), (a + b + c + d)/(e + f + g + h)``;
* when floor (a '+' sign) or ceil (a '-' sign) of the four corners agree, that is the next signed
  term q of every z in the box, and ``z = q + s/z'`` gives the egest step
  ``(a..d, e..h) <- (s (e..h), (a..d) - q (e..h))``; otherwise the input whose direction moves z
  more across the box is read.

The state entries grow like the denominators of the output convergents (about 1.7 bits per term
of a simple CF), so they are exact fixed-width integers of ``LIMBS`` limbs of 31 bits held in
int64 (124 bits), and only ingest and egest touch them.  The signs of the corner denominators
and the floors of the corner values are decided from float64 images of the entries with a
rigorous error radius; a corner the radius leaves undecided means "read more input".  So every term written is true for every tail in the box; a product that
could leave the limbs gives OVERFLOW and running out of x's terms gives EXHAUSTED (the caller
then takes the exact big-integer path).

>>> from cf.bihomographic import quadratic_signed_cf
>>> e_terms = [2, 1, 2, 1, 1, 4, 1, 1, 6, 1, 1, 8, 1, 1, 10, 1, 1, 12, 1, 1, 14, 1, 1, 16]
>>> quadratic_signed_cf(e_terms, (0, 0, 1), (1,), "+", 6).terms   # e^2 = [7; 2, 1, 1, 3, 18, ...]
(7, 2, 1, 1, 3, 18)
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
from numba import njit

from cf.gosper import DONE, EXHAUSTED, OVERFLOW, GosperResult, signs_array, terms_array
from cf.signs import validate_signs

__all__ = ["DONE", "EXHAUSTED", "OVERFLOW", "LIMBS", "bihomographic_batch", "quadratic_signed_cf",
           "quadratic_coeffs", "state_array"]

LIMBS = 4
"""Limbs of 31 bits per state entry: the lower ones in [0, 2^31), the top one signed."""
_SHIFT = 31
_MASK = (1 << 31) - 1
_TOP = 1 << 31  # |top limb|, |term| and |egested term| must stay below this


@njit(cache=True, inline="always")
def _lin_pair(S, i, j, t):
    """Rows ``(S[i], S[j]) <- (S[i] * t + S[j], S[i])`` (the ingest step); False on overflow."""
    carry = np.int64(0)
    for k in range(LIMBS):
        old = S[i, k]
        v = old * t + S[j, k] + carry
        S[j, k] = old
        if k < LIMBS - 1:
            S[i, k] = v & _MASK
            carry = v >> _SHIFT
        else:
            if v >= _TOP or v < -_TOP:
                return False
            S[i, k] = v
    return True


@njit(cache=True, inline="always")
def _egest_pair(S, i, j, s, q):
    """Rows ``(S[i], S[j]) <- (s * S[j], S[i] - q * S[j])`` (the egest step); False on overflow."""
    c1 = np.int64(0)
    c2 = np.int64(0)
    for k in range(LIMBS):
        num = S[i, k]
        den = S[j, k]
        v1 = s * den + c1
        v2 = num - q * den + c2
        if k < LIMBS - 1:
            S[i, k] = v1 & _MASK
            c1 = v1 >> _SHIFT
            S[j, k] = v2 & _MASK
            c2 = v2 >> _SHIFT
        else:
            if v1 >= _TOP or v1 < -_TOP or v2 >= _TOP or v2 < -_TOP:
                return False
            S[i, k] = v1
            S[j, k] = v2
    return True


@njit(cache=True, inline="always")
def _float(X, r):
    """Float image of row r: relative error < 4 * 2^-53 (the low limbs are >= 0, so once the
    partial value leaves the exact range it only grows by 2^31 per limb)."""
    v = float(X[r, LIMBS - 1])
    for k in range(LIMBS - 2, -1, -1):
        v = v * 2147483648.0 + float(X[r, k])
    return v


@njit(cache=True, inline="always")
def _certified(n, d, en, ed, sign):
    """``(q, ok)``: floor (sign > 0) or ceil of the exact n'/d' with |n' - n| <= en, |d' - d| <= ed.

    ``ok`` is False when the rounding radius straddles an integer, when d may vanish, or when
    ``|q| >= 2^31``.  Radius: ``|n'/d' - n/d| <= (en + |v| ed)/(|d| - ed)``, plus the division's
    rounding, inflated by ``1 + 2^-20`` for the rounding of the radius itself.
    """
    ad = abs(d)
    if ad <= 2.0 * ed:
        return np.int64(0), False
    v = n / d
    av = abs(v)
    if av >= 2.0**31:
        return np.int64(0), False
    rad = ((en + av * ed) / (ad - ed) + av * 2.0**-50) * (1.0 + 2.0**-20)
    if sign > 0:
        lo = np.floor(v - rad)
        hi = np.floor(v + rad)
    else:
        lo = np.ceil(v - rad)
        hi = np.ceil(v + rad)
    return np.int64(lo), lo == hi


@njit(cache=True)
def bihomographic_next(xs, nx, S, F, pos, sign):
    """Advance the state to the next signed term; return ``(term, status)``.

    ``S``: (8, LIMBS) exact state rows a..h; ``F``: (8,) float scratch; ``pos = [ix, iy]``: terms
    of ``xs`` read into x and into y (both >= 1).  The corners are certified from the float
    images of the rows (each within 2^-50 relative; a corner sum of them within
    ``2^-48 * sum |entries|``).  Status DONE, EXHAUSTED or OVERFLOW (then the state is meaningless).
    """
    while True:
        for r in range(8):
            F[r] = _float(S, r)
        a, b, c, d, e, f, g, h = F[0], F[1], F[2], F[3], F[4], F[5], F[6], F[7]
        # denominators and numerators at (x, y) = (inf, inf), (inf, 1), (1, inf), (1, 1)
        d0, d1, d2, d3 = e, e + f, e + g, (e + f) + (g + h)
        n0, n1, n2, n3 = a, a + b, a + c, (a + b) + (c + d)
        ea, eb, ec, ed_ = abs(a), abs(b), abs(c), abs(d)
        ee, ef, eg, eh = abs(e), abs(f), abs(g), abs(h)
        t = 2.0**-48
        use_x = pos[0] <= pos[1]
        if (d0 > 0 and d1 > 0 and d2 > 0 and d3 > 0) or (d0 < 0 and d1 < 0 and d2 < 0 and d3 < 0):
            z0, z1, z2, z3 = n0 / d0, n1 / d1, n2 / d2, n3 / d3
            if max(z0, z1, z2, z3) - min(z0, z1, z2, z3) < 1.0:  # else the floors differ: read more
                q0, ok0 = _certified(n0, d0, t * ea, t * ee, sign)
                q1, ok1 = _certified(n1, d1, t * (ea + eb), t * (ee + ef), sign)
                q2, ok2 = _certified(n2, d2, t * (ea + ec), t * (ee + eg), sign)
                q3, ok3 = _certified(n3, d3, t * (ea + eb + ec + ed_), t * (ee + ef + eg + eh), sign)
                if ok0 and ok1 and ok2 and ok3 and q0 == q1 and q0 == q2 and q0 == q3:
                    for r in range(4):
                        if not _egest_pair(S, r, r + 4, np.int64(sign), q0):
                            return np.int64(0), OVERFLOW
                    return q0, DONE
            use_x = max(abs(z0 - z2), abs(z1 - z3)) >= max(abs(z0 - z1), abs(z2 - z3))
        if use_x and pos[0] >= nx:
            use_x = False
        if not use_x and pos[1] >= nx:
            if pos[0] >= nx:
                return np.int64(0), EXHAUSTED
            use_x = True
        if use_x:
            t = xs[pos[0]]
            pos[0] += 1
            if t >= _TOP or t <= -_TOP:
                return np.int64(0), OVERFLOW
            if not (_lin_pair(S, 0, 2, t) and _lin_pair(S, 1, 3, t)
                    and _lin_pair(S, 4, 6, t) and _lin_pair(S, 5, 7, t)):
                return np.int64(0), OVERFLOW
        else:
            t = xs[pos[1]]
            pos[1] += 1
            if t >= _TOP or t <= -_TOP:
                return np.int64(0), OVERFLOW
            if not (_lin_pair(S, 0, 1, t) and _lin_pair(S, 2, 3, t)
                    and _lin_pair(S, 4, 5, t) and _lin_pair(S, 6, 7, t)):
                return np.int64(0), OVERFLOW


@njit(cache=True)
def bihomographic_start(xs, nx, coeffs, S, pos):
    """Load ``coeffs = (p2, p1, p0, q2, q1, q0)`` into S and read ``t0`` into x and y; a status."""
    for r in range(8):
        for k in range(LIMBS):
            S[r, k] = 0
    vals = (coeffs[0], coeffs[1], np.int64(0), coeffs[2], coeffs[3], coeffs[4], np.int64(0), coeffs[5])
    for r in range(8):
        v = vals[r]
        if v >= _TOP or v <= -_TOP:
            return OVERFLOW
        for k in range(LIMBS - 1):
            S[r, k] = v & _MASK
            v = v >> _SHIFT
        S[r, LIMBS - 1] = v
    if nx < 1:
        return EXHAUSTED
    t = xs[0]
    if t >= _TOP or t <= -_TOP:
        return OVERFLOW
    if not (_lin_pair(S, 0, 2, t) and _lin_pair(S, 1, 3, t) and _lin_pair(S, 4, 6, t) and _lin_pair(S, 5, 7, t)
            and _lin_pair(S, 0, 1, t) and _lin_pair(S, 2, 3, t) and _lin_pair(S, 4, 5, t) and _lin_pair(S, 6, 7, t)):
        return OVERFLOW
    pos[0] = 1
    pos[1] = 1
    return DONE


@njit(cache=True)
def bihomographic_batch(xs, nx, coeffs, signs, sign_lengths, depth, out, counts, status):
    """All (quadratic LHS, sign period) pairs; ``coeffs`` (M, 6) rows ``(p2, p1, p0, q2, q1, q0)``.

    Layout as in :func:`cf.gosper.gosper_batch`: pair ``m * S + s`` writes row ``m * S + s`` of
    ``out``, its term count into ``counts`` and its status into ``status``.
    """
    S = np.zeros((8, LIMBS), dtype=np.int64)
    F = np.zeros(8)
    pos = np.zeros(2, dtype=np.int64)
    s_count = signs.shape[0]
    for m in range(coeffs.shape[0]):
        for s in range(s_count):
            k = m * s_count + s
            code = bihomographic_start(xs, nx, coeffs[m], S, pos)
            n = 0
            while code == DONE and n < depth:
                q, code = bihomographic_next(xs, nx, S, F, pos, signs[s, n % sign_lengths[s]])
                if code == DONE:
                    out[k, n] = q
                    n += 1
            counts[k] = n
            status[k] = code


def state_array() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fresh ``(S, F, pos)`` work arrays for :func:`bihomographic_start` / :func:`bihomographic_next`."""
    return np.zeros((8, LIMBS), dtype=np.int64), np.zeros(8), np.zeros(2, dtype=np.int64)


def quadratic_coeffs(num: Sequence[int], den: Sequence[int]) -> tuple[int, int, int, int, int, int]:
    """``(p2, p1, p0, q2, q1, q0)`` from ascending coefficient tuples of degree <= 2.

    >>> quadratic_coeffs((1, 0, 2), (3,))
    (2, 0, 1, 0, 0, 3)
    """
    if len(num) > 3 or len(den) > 3:
        raise ValueError("P and Q must have degree at most 2")
    p = (tuple(int(v) for v in num) + (0, 0, 0))[:3]
    q = (tuple(int(v) for v in den) + (0, 0, 0))[:3]
    return (p[2], p[1], p[0], q[2], q[1], q[0])


def quadratic_signed_cf(
    x_terms: Sequence[int] | np.ndarray, num: Sequence[int], den: Sequence[int], signs: str, depth: int
) -> GosperResult:
    """Signed CF (up to ``depth`` terms) of ``P(x)/Q(x)`` from x's certified simple-CF terms.

    ``num``, ``den``: ascending coefficients of P and Q (degree <= 2, Q not zero).  x must be
    irrational; only the machine-integer path (status DONE, EXHAUSTED or OVERFLOW).
    """
    validate_signs(signs)
    coeffs = quadratic_coeffs(num, den)
    if not any(coeffs[3:]):
        raise ValueError("the denominator Q must not be zero")
    if max(abs(v) for v in coeffs) >= _TOP:
        return GosperResult((), OVERFLOW)
    xs = x_terms if isinstance(x_terms, np.ndarray) else terms_array(x_terms)
    sarr, slens = signs_array([signs])
    out = np.zeros((1, depth), dtype=np.int64)
    counts = np.zeros(1, dtype=np.int64)
    status = np.zeros(1, dtype=np.int64)
    bihomographic_batch(xs, len(xs), np.array([coeffs], dtype=np.int64), sarr, slens, depth, out, counts, status)
    return GosperResult(tuple(out[0, : counts[0]].tolist()), int(status[0]))
