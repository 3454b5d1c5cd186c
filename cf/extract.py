"""Certified signed continued-fraction extraction from an exact rational enclosure.

For a sign period ``signs`` the signed expansion of a real x is

    x = a0 + b0/(a1 + b1/(a2 + ...)),    b_n = sign[n mod J],

with ``r_0 = x``, ``a_n = floor(r_n)`` when ``b_n = +1`` and ``ceil(r_n)`` when ``b_n = -1``, and
``r_{n+1} = b_n / (r_n - a_n)``.  Every ``r_n`` with ``n >= 1`` is > 1.

When x is only known to lie in an interval ``[lo, hi]`` with rational ends, both ends are run
through the same steps (the map ``r -> b/(r - a)`` is monotone on each step's range) and a term
is returned only when both ends give the same quotient; then it is the true term of every x in
the interval.  When the ends disagree the precision is exhausted and extraction stops: a wrong
term is never produced.

>>> from fractions import Fraction
>>> extract_signed_cf(Fraction(355, 113), Fraction(355, 113), "+").terms
(3, 7, 16)
>>> extract_signed_cf(Fraction(8, 3), Fraction(8, 3), "-").terms
(3, 3)
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Union

import gmpy2
from gmpy2 import mpz

from cf.signs import sign_values

Rational = Union[int, Fraction, "gmpy2.mpq"]


@dataclass(frozen=True)
class Extraction:
    """Result of a certified extraction.

    ``terms``: the certified partial quotients; ``finished``: the value is an exact rational
    whose expansion ends with the last term; ``exhausted``: the enclosure was too wide to certify
    more terms (raise the precision to get more).
    """

    terms: tuple[int, ...]
    signs: str
    finished: bool
    exhausted: bool


def _num_den(x: Rational) -> tuple[mpz, mpz]:
    q = gmpy2.mpq(x)
    return mpz(q.numerator), mpz(q.denominator)


def extract_signed_cf(lo: Rational, hi: Rational, signs: str, max_terms: int | None = None) -> Extraction:
    """Certified partial quotients of every x in ``[lo, hi]`` for the sign period ``signs``.

    Returns at most ``max_terms`` terms (all of them when ``None`` and the interval is a point;
    an interval of positive width always stops by exhaustion).
    """
    bvals = sign_values(signs)
    J = len(bvals)
    n1, d1 = _num_den(lo)
    n2, d2 = _num_den(hi)
    if n1 * d2 > n2 * d1:
        raise ValueError("the enclosure is empty: lo > hi")
    point = n1 * d2 == n2 * d1
    terms: list[int] = []
    finished = exhausted = False
    limit = max_terms if max_terms is not None else -1
    n = 0
    while limit < 0 or n < limit:
        b = bvals[n % J]
        if b > 0:
            a1 = n1 // d1
            a2 = n2 // d2
        else:
            a1 = -((-n1) // d1)
            a2 = -((-n2) // d2)
        if a1 != a2:
            exhausted = True
            break
        r1 = n1 - a1 * d1  # (r - a) * d: same sign as b, or zero
        r2 = n2 - a1 * d2
        terms.append(int(a1))
        n += 1
        if point:
            if r1 == 0:
                finished = True
                break
        elif r1 == 0 or r2 == 0:
            # One end is the integer a itself: the next complete quotient is unbounded.
            exhausted = True
            break
        # r' = b / (r - a) = b*d / (n - a d), denominators kept positive.  For b = +1 the map
        # is decreasing on [a, a + 1), so the ends swap; for b = -1 it is increasing.
        if b > 0:
            n1, d1, n2, d2 = d2, r2, d1, r1
        else:
            n1, d1, n2, d2 = d1, -r1, d2, -r2
    if max_terms is None and not point and not exhausted:  # pragma: no cover - defensive
        exhausted = True
    return Extraction(tuple(terms), signs, finished, exhausted)


def simple_cf(lo: Rational, hi: Rational, max_terms: int | None = None) -> Extraction:
    """Certified simple continued fraction (all signs '+') of every x in ``[lo, hi]``."""
    return extract_signed_cf(lo, hi, "+", max_terms)

