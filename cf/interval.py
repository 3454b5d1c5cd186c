"""Exact rational interval arithmetic for enclosures of rational functions.

An enclosure ``[lo, hi]`` of x (gmpy2 ``mpq`` ends) is mapped through ``P(x)/Q(x)`` with interval
Horner evaluation; the result encloses ``P(x)/Q(x)`` for every x in ``[lo, hi]`` (it may be a
little wider than the exact image, never narrower).  ``None`` means the denominator interval
contains 0 (a pole, or a precision too low to tell).

>>> from gmpy2 import mpq
>>> lo, hi = rational_function_interval((1, 1), (-1, 1), mpq(27, 10), mpq(28, 10))   # (x+1)/(x-1)
>>> lo, hi
(mpq(37,18), mpq(38,17))

The exact image of [2.7, 2.8] is [19/9, 37/17] (the map decreases); numerator and denominator are
enclosed separately, so the result is a little wider, and it contains the exact image:

>>> lo <= mpq(19, 9) and mpq(37, 17) <= hi
True

Only the sign of ``P(x)/Q(x)`` over the enclosure (the screen's first question for every LHS) is
cheaper: with ``[lo, hi] = [A/D, B/D]`` over a common denominator, ``D^n P(x)`` is enclosed by
Horner's rule on the integer interval ``[A, B]`` -- no rational arithmetic, no gcd -- and has the
sign of ``P(x)``:

>>> rational_sign((1, 1), (-1, 1), mpq(27, 10), mpq(28, 10)), rational_sign((1, -1, 0), (1,), mpq(1, 2), mpq(2))
(1, 0)
"""

from __future__ import annotations

from collections.abc import Sequence

import gmpy2
from gmpy2 import mpq

Interval = tuple[mpq, mpq]


def mul(a: Interval, b: Interval) -> Interval:
    prods = (a[0] * b[0], a[0] * b[1], a[1] * b[0], a[1] * b[1])
    return min(prods), max(prods)


def poly_interval(coeffs: Sequence[int], lo: mpq, hi: mpq) -> Interval:
    """Enclosure of ``sum coeffs[j] x^j`` over ``[lo, hi]`` (ascending coefficients)."""
    x = (mpq(lo), mpq(hi))
    acc = (mpq(coeffs[-1]), mpq(coeffs[-1]))
    for c in reversed(coeffs[:-1]):
        m = mul(acc, x)
        acc = (m[0] + c, m[1] + c)
    return acc


def rational_function_interval(num: Sequence[int], den: Sequence[int], lo, hi) -> Interval | None:
    """Enclosure of ``num(x)/den(x)`` over ``[lo, hi]``; None if the denominator may vanish."""
    lo = gmpy2.mpq(lo)
    hi = gmpy2.mpq(hi)
    p = poly_interval(num, lo, hi)
    q = poly_interval(den, lo, hi)
    if q[0] <= 0 <= q[1]:
        return None
    quots = (p[0] / q[0], p[0] / q[1], p[1] / q[0], p[1] / q[1])
    return min(quots), max(quots)


def _scaled_sign(coeffs: Sequence[int], A, B, D) -> int:
    """The sign of ``sum coeffs[j] x^j`` for every x in ``[A/D, B/D]`` (``D > 0``), 0 when it may
    vanish there: Horner on ``D^k`` times each partial sum, in integer intervals."""
    lo = hi = gmpy2.mpz(coeffs[-1])
    scale = gmpy2.mpz(1)
    for c in reversed(coeffs[:-1]):
        scale *= D
        prods = (lo * A, lo * B, hi * A, hi * B)
        lo, hi = min(prods) + c * scale, max(prods) + c * scale
    if lo > 0:
        return 1
    if hi < 0:
        return -1
    return 0


def rational_sign(num: Sequence[int], den: Sequence[int], lo, hi) -> int:
    """The sign of ``num(x)/den(x)`` for every x in ``[lo, hi]``, 0 when either may vanish there
    (exactly the decision ``sign_of_interval(rational_function_interval(...))`` takes)."""
    lo = gmpy2.mpq(lo)
    hi = gmpy2.mpq(hi)
    D = gmpy2.lcm(lo.denominator, hi.denominator)
    A = lo.numerator * (D // lo.denominator)
    B = hi.numerator * (D // hi.denominator)
    q = _scaled_sign(den, A, B, D)
    if q == 0:
        return 0
    return q * _scaled_sign(num, A, B, D)


def sign_of_interval(iv: Interval | None) -> int:
    """+1 or -1 when the interval excludes 0, 0 when it does not (or is None)."""
    if iv is None:
        return 0
    if iv[0] > 0:
        return 1
    if iv[1] < 0:
        return -1
    return 0
