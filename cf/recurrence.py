"""Exact confirmation of Berlekamp–Massey hits: from a recurrence mod p to one over the integers.

Mathematics
-----------
Berlekamp–Massey modulo a prime ``p`` (see :mod:`cf.bm`) returns a connection polynomial
``C(x) = 1 + c_1 x + ... + c_L x^L`` with coefficients in GF(p).  For an integer sequence with a
genuine rational recurrence the true coefficients are rationals ``r_i / s_i`` of small height,
and each is recovered from its residue ``c_i`` by *rational reconstruction*: the unique fraction
with ``|r| <= N``, ``0 < s <= D`` and ``r ≡ c_i s (mod p)`` where ``N = D = floor(sqrt(p/2))``
(uniqueness holds because ``2 N D < p``).  It is the first remainder ``r_k <= N`` in the
Euclidean algorithm on ``(p, c_i)``, with ``s`` the matching cofactor.  Multiplying by the lcm of
the denominators and dividing by the gcd gives a primitive integer polynomial with ``c_0 > 0``.

A candidate is accepted only if it is checked, not merely plausible:

* ``sum_i c_i a_{n-i} = 0`` holds in exact integer arithmetic for every ``n`` from ``L`` to the
  last given term;
* Berlekamp–Massey modulo a second, independent prime finds the same linear complexity ``L``;
* at least ``2 L`` terms are available (below that, every sequence has *some* recurrence of
  length ``L`` and the hit says nothing).

``L`` is the linear complexity, ``deg C`` can be smaller: the first ``L - deg C`` terms are a
transient prefix that the recurrence does not constrain.  Example: the simple continued fraction
of e, ``2, 1, 2, 1, 1, 4, 1, 1, 6, ...`` satisfies ``a_n - 2 a_{n-3} + a_{n-6} = 0`` for
``n >= 7`` but not for ``n = 6`` (``a_0 = 2`` is the transient), so ``L = 7`` and ``deg C = 6``.

>>> find_recurrence([2, 1, 2, 1, 1, 4, 1, 1, 6, 1, 1, 8, 1, 1, 10, 1, 1, 12])
IntegerRecurrence(coefficients=(1, 0, 0, -2, 0, 0, 1, 0), length=7)
"""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from cf.bm import PRIME, SECOND_PRIME, BMResult, berlekamp_massey

__all__ = [
    "IntegerRecurrence",
    "rational_reconstruction",
    "integer_connection",
    "confirm_recurrence",
    "find_recurrence",
]


@dataclass(frozen=True)
class IntegerRecurrence:
    """A linear recurrence with integer coefficients, ``sum_{i=0}^{deg} c_i a_{n-i} = 0``.

    ``coefficients`` is ``(c_0, ..., c_L)`` (length ``L + 1``, primitive, ``c_0 > 0``; trailing
    zeros mark a transient) and the relation holds for every ``n >= length``.  ``degree`` is
    ``deg C`` and ``transient = length - degree`` is the number of leading terms it leaves free.

    >>> r = IntegerRecurrence((1, -1, -1, 0), 3)      # Fibonacci after one free term
    >>> r.degree, r.transient, r.extend([7, 1, 1], 4)
    (2, 1, [2, 3, 5, 8])
    >>> eval(repr(r)) == r
    True
    """

    coefficients: tuple[int, ...]
    length: int

    def __post_init__(self) -> None:
        coeffs = tuple(operator.index(c) for c in self.coefficients)
        length = operator.index(self.length)
        if length < 0 or len(coeffs) != length + 1:
            raise ValueError("coefficients must have exactly length + 1 entries")
        if coeffs[0] <= 0:
            raise ValueError("the leading coefficient c_0 must be positive")
        object.__setattr__(self, "coefficients", coeffs)
        object.__setattr__(self, "length", length)

    @property
    def degree(self) -> int:
        """Degree of the connection polynomial ``C(x) = sum_i c_i x^i`` (``<= length``)."""
        d = self.length
        while d > 0 and self.coefficients[d] == 0:
            d -= 1
        return d

    @property
    def transient(self) -> int:
        """Number of leading terms not constrained by the recurrence, ``length - degree``."""
        return self.length - self.degree

    def holds_for(self, terms: Sequence[int]) -> bool:
        """True iff ``sum_i c_i a_{n-i} == 0`` exactly for every ``n`` in ``[length, len(terms))``.

        >>> IntegerRecurrence((1, -2), 1).holds_for([3, 6, 12, 24]), IntegerRecurrence((1, -2), 1).holds_for([3, 6, 12, 25])
        (True, False)
        """
        a = [operator.index(t) for t in terms]
        nonzero = [(i, c) for i, c in enumerate(self.coefficients[: self.degree + 1]) if c]
        lo, hi = self.length, len(a)
        if hi - lo >= 32:
            exact = _holds_in_int64(a, nonzero, lo, hi)
            if exact is not None:
                return exact
        for n in range(self.length, len(a)):
            acc = 0
            for i, c in nonzero:
                acc += c * a[n - i]
            if acc != 0:
                return False
        return True

    def extend(self, terms: Sequence[int], count: int) -> list[int]:
        """The next ``count`` terms after ``terms`` (which must hold at least ``length`` terms).

        Each new term is ``a_n = -(c_1 a_{n-1} + ... + c_deg a_{n-deg}) / c_0``; a non-exact
        division means the sequence is not an integer sequence of this recurrence and raises
        ``ValueError``.

        >>> IntegerRecurrence((1, -2, 1), 2).extend([5, 7], 3)
        [9, 11, 13]
        """
        a = [operator.index(t) for t in terms]
        if len(a) < self.length:
            raise ValueError(f"need at least {self.length} terms to extend, got {len(a)}")
        deg = self.degree
        c = self.coefficients
        out: list[int] = []
        for _ in range(count):
            n = len(a)
            acc = 0
            for i in range(1, deg + 1):
                acc += c[i] * a[n - i]
            q, r = divmod(-acc, c[0])
            if r:
                raise ValueError("the recurrence does not produce an integer term here")
            a.append(q)
            out.append(q)
        return out

    def __repr__(self) -> str:
        return f"IntegerRecurrence(coefficients={self.coefficients!r}, length={self.length!r})"


def _holds_in_int64(a: list[int], nonzero: list[tuple[int, int]], lo: int, hi: int) -> bool | None:
    """The check of :meth:`IntegerRecurrence.holds_for` in int64 vectors, or None when it could overflow.

    Exact: every partial sum is bounded by ``sum |c_i| * max |a_n| < 2^62``.
    """
    import numpy as np

    weight = sum(abs(c) for _, c in nonzero)
    if weight >= 2**21:
        return None
    try:
        arr = np.array(a, dtype=np.int64)
    except OverflowError:
        return None
    if int(np.abs(arr).max(initial=0)) * weight >= 2**62:
        return None
    acc = np.zeros(hi - lo, dtype=np.int64)
    for i, c in nonzero:
        acc += c * arr[lo - i:hi - i]
    return not acc.any()


def rational_reconstruction(a: int, p: int) -> Fraction | None:
    """The fraction ``r/s`` with ``r ≡ a s (mod p)``, ``|r|, s <= floor(sqrt(p/2))``, or None.

    Computed by running the Euclidean algorithm on ``(p, a mod p)`` until the remainder drops to
    the bound; the matching Bezout cofactor is the denominator.  The answer is unique when it
    exists.

    >>> rational_reconstruction(pow(3, -1, 101) * 2 % 101, 101), rational_reconstruction(100, 101)
    (Fraction(2, 3), Fraction(-1, 1))
    """
    bound = math.isqrt(p // 2)
    r0, r1 = p, a % p
    s0, s1 = 0, 1
    while r1 > bound:
        q = r0 // r1
        r0, r1 = r1, r0 - q * r1
        s0, s1 = s1, s0 - q * s1
    if s1 == 0 or abs(s1) > bound:
        return None
    if s1 < 0:
        r1, s1 = -r1, -s1
    if math.gcd(r1, s1) != 1:
        return None
    return Fraction(r1, s1)


def integer_connection(connection: Sequence[int], p: int) -> tuple[int, ...] | None:
    """Lift a connection polynomial mod ``p`` (``c_0 = 1``) to a primitive integer one, ``c_0 > 0``.

    Every coefficient is rationally reconstructed, denominators are cleared with their lcm and the
    content is divided out.  Returns None if some coefficient has no small rational preimage.

    >>> integer_connection((1, 101 - 3, 2), 101)
    (1, -3, 2)
    >>> integer_connection((1, pow(2, -1, 101)), 101)        # 1 + x/2  ->  2 + x
    (2, 1)
    """
    bound = math.isqrt(p // 2)
    small = [c if c <= bound else c - p for c in (operator.index(c) % p for c in connection)]
    if all(abs(c) <= bound for c in small):  # every coefficient its own preimage (denominator 1)
        if not small or small[0] == 0:
            return None
        g = math.gcd(*small)
        return tuple(c // (g if small[0] > 0 else -g) for c in small)
    fracs = []
    for c in connection:
        f = rational_reconstruction(operator.index(c), p)
        if f is None:
            return None
        fracs.append(f)
    if not fracs or fracs[0] == 0:
        return None
    den = math.lcm(*(f.denominator for f in fracs))
    ints = [f.numerator * (den // f.denominator) for f in fracs]
    g = math.gcd(*ints)
    if ints[0] < 0:
        g = -g
    return tuple(c // g for c in ints)


def confirm_recurrence(terms: Sequence[int], result: BMResult) -> IntegerRecurrence | None:
    """Turn a BM hit into a certified integer recurrence, or return None.

    Accepts only when (1) the run was not aborted and ``len(terms) >= 2 L``, (2) the connection
    polynomial lifts to small integers, (3) the integer recurrence reproduces *every* given term
    exactly (``sum_i c_i a_{n-i} == 0`` for ``L <= n < len(terms)``, Python integers), and (4)
    Berlekamp–Massey over a second prime (:data:`~cf.bm.SECOND_PRIME`, or :data:`~cf.bm.PRIME`
    when the hit was already modulo SECOND_PRIME) finds the same linear complexity.

    >>> t = [n * n + 1 for n in range(10)]
    >>> confirm_recurrence(t, berlekamp_massey(t))
    IntegerRecurrence(coefficients=(1, -3, 3, -1), length=3)
    >>> confirm_recurrence(t[:5], berlekamp_massey(t[:5])) is None      # 5 < 2 * 3
    True
    """
    if result.aborted:
        return None
    a = [operator.index(t) for t in terms]
    L = result.length
    if len(a) < 2 * L or len(result.connection) != L + 1:
        return None
    coeffs = integer_connection(result.connection, result.prime)
    if coeffs is None:
        return None
    rec = IntegerRecurrence(coeffs, L)
    if not rec.holds_for(a):
        return None
    other = SECOND_PRIME if result.prime != SECOND_PRIME else PRIME
    check = berlekamp_massey(a, other, bound=L)
    if check.aborted or check.length != L:
        return None
    return rec


def find_recurrence(terms: Sequence[int], bound: int | None = None) -> IntegerRecurrence | None:
    """Berlekamp–Massey modulo :data:`~cf.bm.PRIME` (early abort at ``bound``), then confirm.

    >>> find_recurrence([1, 3, 9, 27, 81, 243])
    IntegerRecurrence(coefficients=(1, -3), length=1)
    >>> find_recurrence([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7], bound=3) is None
    True
    """
    a = [operator.index(t) for t in terms]
    result = berlekamp_massey(a, PRIME, bound)
    return confirm_recurrence(a, result)
