"""Left-hand sides of the ESMA search: rational functions P(c)/Q(c) with integer coefficients.

For a constant c the search enumerates LHS = P(c)/Q(c) where P and Q have integer coefficients in
``[-L, L]`` and degree ``<= d`` (d = 1: Moebius transforms ``(p1 c + p0)/(q1 c + q0)``).  Many
coefficient tuples give the same search problem, so they are grouped into classes:

* scalar multiples are one class: ``(k P, k Q) ~ (P, Q)`` for any integer ``k != 0``;
* common polynomial factors cancel: ``(G P, G Q) ~ (P, Q)`` (the value is unchanged);
* ``T`` and ``-T`` are one class: ``(P, Q) ~ (-P, Q)`` (the signed CF of ``-T`` is that of
  ``T`` with every term negated, so only one of them is searched; the positive one).

The class set for ``(d, L)`` is ``{canonical(P, Q) : deg P, deg Q <= d, coefficients in [-L, L]}``
minus the rational numbers (P and Q both constant after cancellation) and zero.

**Canonical form** (exact, pure integer arithmetic): cancel the primitive polynomial gcd of P and
Q over Z[c], divide by the joint integer content, make the leading coefficient of Q positive, and
choose the sign of P so that the value at the constant is positive.  The coefficients of the
canonical form are then unique.

**Enumeration without a "seen" set.**  Every class has exactly one *orientation-normal* reduced
representative: P, Q coprime over Q[c], joint content 1, leading coefficients of P and Q both
positive.  For d <= 2 that representative's coefficients never exceed those of any tuple in its
class (see :func:`enumerate_classes`), so enumerating the in-range tuples that are already
orientation-normal and reduced yields every class exactly once.  The sign fix for the constant
(P -> -P when the value is negative) is applied afterwards, so the i-th class is the same for
every constant; only its sign differs.

>>> r = canonical((2, 2), (-4, 4), sign=1)          # (2c + 2)/(4c - 4) at c = e
>>> r, str(r)
(RationalFunction(num=(1, 1), den=(-2, 2)), '(c + 1)/(2*c - 2)')
>>> r.value(Fraction(3))
Fraction(1, 1)
>>> count_lhs(1, 2)
112
"""

from __future__ import annotations

import re
from fractions import Fraction
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from math import gcd
from typing import Any, Callable, Iterable, Iterator

from cf.intpoly import (
    Coeffs, content, coprime, enumeration_key, exact_quotient, gcd_z, height, horner, negate, orient,
    sign, trim,
)
from cf.polynomial import Polynomial

SignOf = Callable[["RationalFunction"], int]
"""Sign (-1, 0 or +1) of a rational function's value at the constant; 0 means degenerate."""


# ----------------------------------------------------------------------------------------------
# Printing.
# ----------------------------------------------------------------------------------------------

_LATEX_ATOM = re.compile(r"^(?:[A-Za-z0-9]|\\[A-Za-z]+)$")


def _terms(p: Coeffs) -> list[tuple[int, int]]:
    """Nonzero (coefficient, power) pairs, highest power first."""
    return [(c, k) for k, c in reversed(list(enumerate(p))) if c != 0]


def _poly_text(p: Coeffs, symbol: str) -> str:
    """``(1, 0, 2) -> '2*c^2 + 1'``; zero is ``'0'``."""
    return Polynomial(p).format(symbol)


def _poly_latex(p: Coeffs, symbol: str) -> str:
    """``(1, 0, 2) -> '2 c^{2} + 1'``; a composite symbol is bracketed under a power."""
    power_base = symbol if _LATEX_ATOM.match(symbol) else rf"\left({symbol}\right)"
    return Polynomial(p).latex(symbol, power_base)


# ----------------------------------------------------------------------------------------------
# The value type.
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class RationalFunction:
    """``P(c)/Q(c)`` with integer coefficients in ascending powers of c.

    The constructor only normalises the tuples (exact ints, no trailing zeros) and rejects a zero
    denominator; it does not reduce.  Use :func:`canonical` for the reduced class representative.

    >>> r = RationalFunction((1, 1), (-2, 2))
    >>> str(r), r.latex(), r.degree(), r.moebius()
    ('(c + 1)/(2*c - 2)', '\\\\frac{c + 1}{2 c - 2}', 1, (1, 1, 2, -2))
    >>> str(RationalFunction((1, 0, 2), (1,))), str(RationalFunction((1,), (-2, 1)))
    ('2*c^2 + 1', '1/(c - 2)')
    """

    num: Coeffs
    den: Coeffs

    def __post_init__(self) -> None:
        num, den = trim(self.num), trim(self.den)
        if not den:
            raise ValueError("The denominator of a rational function cannot be zero.")
        object.__setattr__(self, "num", num)
        object.__setattr__(self, "den", den)

    @classmethod
    def from_moebius(cls, p1: int, p0: int, q1: int, q0: int) -> RationalFunction:
        """``(p1*c + p0)/(q1*c + q0)``.

        >>> str(RationalFunction.from_moebius(1, 0, 1, -1))
        'c/(c - 1)'
        """
        return cls((p0, p1), (q0, q1))

    def degree(self) -> int:
        """``max(deg P, deg Q)``; the zero polynomial counts as degree 0 here."""
        return max(len(self.num), len(self.den), 1) - 1

    def height(self) -> int:
        """Largest absolute coefficient of P and Q."""
        return max(height(self.num), height(self.den))

    def is_moebius(self) -> bool:
        """True if both P and Q have degree <= 1."""
        return len(self.num) <= 2 and len(self.den) <= 2

    def moebius(self) -> tuple[int, int, int, int]:
        """``(p1, p0, q1, q0)`` with value ``(p1*c + p0)/(q1*c + q0)``; ValueError if degree > 1."""
        if not self.is_moebius():
            raise ValueError(f"{self} is not a Moebius transform: its degree is {self.degree()}.")
        p0, p1 = (self.num + (0, 0))[:2]
        q0, q1 = (self.den + (0, 0))[:2]
        return (p1, p0, q1, q0)

    def numerator_at(self, c: Any) -> Any:
        """``P(c)`` in the number type of c."""
        return horner(self.num, c)

    def denominator_at(self, c: Any) -> Any:
        """``Q(c)`` in the number type of c."""
        return horner(self.den, c)

    def value(self, c: Any) -> Any:
        """``P(c)/Q(c)``; generic (mpmath mpf, float, Fraction, gmpy2 mpq).  Integer c gives a Fraction.

        >>> RationalFunction((0, 1), (-1, 1)).value(3)
        Fraction(3, 2)
        """
        n, d = horner(self.num, c), horner(self.den, c)
        if isinstance(n, int) and isinstance(d, int):
            return Fraction(n, d)
        return n / d

    def to_string(self, symbol: str = "c") -> str:
        """Human form in ``symbol``: ``(c + 1)/(2*c - 2)``, ``c - 1``, ``1/(c - 2)``, ``2*c^2 + 1``.

        The numerator is bracketed when it has several terms; the denominator unless it is a
        positive integer or a power of c with coefficient 1 (``c/2``, ``1/c^2``, but ``1/(2*c)``).
        Powers are written with ``^``.
        """
        num = _poly_text(self.num, symbol)
        if self.den == (1,):
            return num
        if len(_terms(self.num)) > 1:
            num = f"({num})"
        den_terms = _terms(self.den)
        den = _poly_text(self.den, symbol)
        if len(den_terms) > 1 or den_terms[0][0] < 0 or (den_terms[0][0] != 1 and den_terms[0][1] > 0):
            den = f"({den})"
        return f"{num}/{den}"

    def __str__(self) -> str:
        return self.to_string("c")

    def latex(self, symbol: str = "c") -> str:
        r"""LaTeX form, e.g. ``\frac{e + 1}{2 e - 2}`` for ``symbol='e'``."""
        num = _poly_latex(self.num, symbol)
        if self.den == (1,):
            return num
        return rf"\frac{{{num}}}{{{_poly_latex(self.den, symbol)}}}"

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"


# ----------------------------------------------------------------------------------------------
# Canonical forms.
# ----------------------------------------------------------------------------------------------


def _reduce(num: Coeffs, den: Coeffs) -> tuple[Coeffs, Coeffs] | None:
    """Reduced pair with the same value and ``lc(den) > 0``, or None if the value is rational.

    num and den must be nonzero.  ``(c^2 - 1)/(-2c - 2) -> (-c + 1, 2)``.
    """
    g = gcd_z(num, den)
    if len(g) > 1:
        num, den = exact_quotient(num, g), exact_quotient(den, g)
    if len(num) == 1 and len(den) == 1:
        return None
    k = gcd(content(num), content(den))
    if k > 1:
        num = tuple(c // k for c in num)
        den = tuple(c // k for c in den)
    if den[-1] < 0:
        num, den = negate(num), negate(den)
    return num, den


def canonical(num: Iterable[int], den: Iterable[int], sign: int) -> RationalFunction | None:
    """The canonical representative of the class of ``num(c)/den(c)``, or None.

    ``sign`` is the sign of ``num(c)/den(c)`` at the actual constant (this module does not
    evaluate constants).  The result is reduced (coprime over Z[c], joint content 1), has a
    positive leading coefficient in the denominator and a positive value.  None is returned for a
    zero denominator, a zero value (``num == 0`` or ``sign == 0``) and for rational numbers (P and Q
    both constant after cancellation).

    >>> canonical((-1, 0, 1), (2, 2), sign=1)                    # (c^2 - 1)/(2c + 2)
    RationalFunction(num=(-1, 1), den=(2,))
    >>> canonical((-1, 1), (2, -1), sign=-1)                     # (c - 1)/(2 - c) < 0 at e -> (c - 1)/(c - 2)
    RationalFunction(num=(-1, 1), den=(-2, 1))
    >>> canonical((3, 3), (6, 6), sign=1) is None
    True
    """
    n, d = trim(num), trim(den)
    if not d or not n or sign == 0:
        return None
    reduced = _reduce(n, d)
    if reduced is None:
        return None
    n, d = reduced
    return RationalFunction(n if sign > 0 else negate(n), d)


def class_key(rf: RationalFunction) -> tuple[int, int, tuple[int, Coeffs], tuple[int, Coeffs]]:
    """Sort key of the enumeration order (see :func:`enumerate_classes`); independent of signs.

    >>> class_key(RationalFunction((1,), (-2, 1)))
    (1, 2, (0, (1,)), (1, (1, -2)))
    """
    return (rf.degree(), rf.height(), enumeration_key(orient(rf.num)), enumeration_key(orient(rf.den)))


# ----------------------------------------------------------------------------------------------
# Enumeration.
# ----------------------------------------------------------------------------------------------


def _check_limits(degree: int, coeff_limit: int) -> None:
    for name, value in (("degree", degree), ("coefficient limit", coeff_limit)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ValueError(f"The {name} must be a whole number of at least 1, not {value!r}.")


def _oriented_polynomials(degree: int, coeff_limit: int) -> list[tuple[Coeffs, int, int, int]]:
    """``(coeffs, deg, height, content)`` of every nonzero polynomial with positive leading
    coefficient, degree <= ``degree`` and coefficients in ``[-L, L]``, in :func:`enumeration_key` order."""
    rng = range(-coeff_limit, coeff_limit + 1)
    out = []
    for k in range(degree + 1):
        for lead in range(1, coeff_limit + 1):
            for lower in product(rng, repeat=k):  # c_{k-1}, ..., c_0: lexicographic = key order
                p = tuple(reversed(lower)) + (lead,)
                out.append((p, k, height(p), content(p)))
    return out


def enumerate_classes(degree: int, coeff_limit: int) -> Iterator[RationalFunction]:
    """Every LHS class for ``(degree, coeff_limit)`` once, as its orientation-normal representative.

    The representative (P, Q) is reduced (coprime over Q[c], joint content 1) with positive leading
    coefficients of P and Q; it is independent of the constant.

    Order (deterministic, streaming; equals ``sorted(..., key=class_key)`` for degree <= 2): by the
    degree ``D = max(deg P, deg Q)``, then by the height ``max |coefficient|``, then by P, then by
    Q, where polynomials are ordered by degree and then lexicographically by their coefficients
    from the highest power down.  So the degree-1 list is a prefix of the degree-2 list.

    Why no set of seen forms is needed: each class has exactly one orientation-normal reduced
    representative, and for degree <= 2 it lies in the coefficient box whenever some member of the
    class does.  Proof: if (P, Q) is in the box and G = gcd(P, Q) is primitive of degree 1,
    G = u c + v, then deg P = 2 gives P/G = r c + s with u r = p2, v s = p0, so |r| <= |p2| and
    |s| <= |p0| (or G = c and P/G is P shifted); deg P = 1 gives a constant |p1/u| <= |p1|;
    a degree-2 gcd leaves only constants; dividing by content shrinks further.  So emitting the
    in-box tuples that are already reduced and orientation-normal yields each class exactly once.

    For degree >= 3 cancellation can leave the box ((c^3 + c^2 - c - 1)/(c - 1) = c^2 + 2c + 1 at
    L = 1); such classes are also emitted, once, at their first generating tuple, using a set of
    those (rare) out-of-box forms only.

    >>> [str(r) for r in enumerate_classes(1, 1)][:5]
    ['1/(c - 1)', '1/c', '1/(c + 1)', 'c - 1', '(c - 1)/c']
    """
    _check_limits(degree, coeff_limit)
    polys = _oriented_polynomials(degree, coeff_limit)
    overflow_seen: set[tuple[Coeffs, Coeffs]] = set()
    make = RationalFunction
    for top in range(1, degree + 1):
        for h in range(1, coeff_limit + 1):
            box = [r for r in polys if r[1] <= top and r[2] <= h]
            q_lists = {
                (True, True): box,
                (True, False): [r for r in box if r[2] == h],
                (False, True): [r for r in box if r[1] == top],
                (False, False): [r for r in box if r[1] == top and r[2] == h],
            }
            for p, p_deg, p_height, p_content in box:
                for q, _q_deg, _q_height, q_content in q_lists[(p_deg == top, p_height == h)]:
                    if gcd(p_content, q_content) == 1 and coprime(p, q):
                        yield make(p, q)
                    elif degree >= 3:
                        reduced = _reduce(p, q)
                        if reduced is None:
                            continue
                        a, b = orient(reduced[0]), reduced[1]
                        if max(height(a), height(b)) > coeff_limit and (a, b) not in overflow_seen:
                            overflow_seen.add((a, b))
                            yield make(a, b)


def enumerate_lhs(degree: int, coeff_limit: int, sign_of: SignOf) -> Iterator[RationalFunction]:
    """Every LHS class once, in canonical form (positive at the constant), in the order of
    :func:`enumerate_classes`.

    ``sign_of(rf)`` returns the sign of ``rf``'s value at the constant (see :func:`sign_at`); a
    class whose sign is 0 (value zero or a pole, possible only for algebraic constants) is skipped.
    For a transcendental constant the i-th item is the i-th class, with P negated if needed.

    >>> from fractions import Fraction
    >>> e = Fraction(27182818284590452, 10**16)
    >>> [str(r) for r in enumerate_lhs(1, 1, sign_at(e))][:5]
    ['1/(c - 1)', '1/c', '1/(c + 1)', 'c - 1', '(c - 1)/c']
    """
    for rf in enumerate_classes(degree, coeff_limit):
        s = sign_of(rf)
        if s > 0:
            yield rf
        elif s < 0:
            yield RationalFunction(negate(rf.num), rf.den)


@lru_cache(maxsize=64)
def count_lhs(degree: int, coeff_limit: int) -> int:
    """Number of LHS classes for ``(degree, coeff_limit)`` (constant-independent).

    Degree 1: 12, 112, 504, 1368, 3304 for L = 1..5.

    >>> count_lhs(1, 1)
    12
    """
    return sum(1 for _ in enumerate_classes(degree, coeff_limit))


CLASS_DENSITY_FLOOR = 0.1
"""A low-side share of the coefficient tuples that are LHS classes (measured 0.15-0.24 for d <= 4,
L <= 16: 12/81 at d = 1, L = 1; 2,280,400/9,765,625 at d = 4, L = 2).

Each class has at least the two representatives (P, Q) and (-P, -Q), and about half of the rest
are not orientation-normal or not reduced, so the share tends to a constant near 1/4 as L grows."""


def estimate_lhs_count(degree: int, coeff_limit: int) -> tuple[int, int]:
    """``(lower bound, estimate)`` of :func:`count_lhs`, in O(1), before anything is enumerated.

    The lower bound is proved: every nonconstant P with Q = 1 is its own class up to the sign of
    P, so there are at least ((2L+1)^(d+1) - (2L+1))/2 classes.  The estimate is
    :data:`CLASS_DENSITY_FLOOR` times the number (2L+1)^(2d+2) of coefficient tuples: below every
    measured count, so it refuses absurd searches at once without refusing one that fits.

    >>> estimate_lhs_count(1, 2), count_lhs(1, 2)
    ((10, 62), 112)
    """
    _check_limits(degree, coeff_limit)
    width = 2 * coeff_limit + 1
    lower = (width ** (degree + 1) - width) // 2
    return lower, max(lower, int(CLASS_DENSITY_FLOOR * width ** (2 * degree + 2)))


def sign_at(c: Any) -> SignOf:
    """A ``sign_of`` function for a value ``c`` of the constant (float, mpf, Fraction, mpq).

    It returns ``sign(P(c)) * sign(Q(c))``; 0 if either vanishes.  The caller is responsible for
    ``c`` being precise enough that the signs are right.

    >>> sign_at(2.718281828459045)(RationalFunction((-3, 1), (1,)))     # c - 3 at e
    -1
    """

    def sign_of(rf: RationalFunction) -> int:
        return sign(horner(rf.num, c)) * sign(horner(rf.den, c))

    return sign_of
