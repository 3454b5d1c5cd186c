"""Integer polynomials as coefficient tuples: content, primitive part, gcd over Z[c], exact division.

A polynomial is a tuple of Python ints in ascending powers without trailing zeros (zero is
``()``).  The gcd is the primitive one with positive leading coefficient, computed by the
primitive pseudo-remainder sequence, so all arithmetic stays in Z.  Coprimality over Q[c] of
polynomials of degree <= 2 is decided by the resultant in closed form.

>>> gcd_z((-1, 0, 1), (2, 2))            # gcd(c^2 - 1, 2c + 2) = c + 1
(1, 1)
>>> exact_quotient((-1, 0, 1), (1, 1))   # (c^2 - 1) / (c + 1) = c - 1
(-1, 1)
>>> coprime((1, 1), (-1, 1)), coprime((-1, 0, 1), (1, 1))
(True, False)
"""

from __future__ import annotations

import operator
from math import gcd
from typing import Any, Iterable

Coeffs = tuple[int, ...]
"""Polynomial coefficients in ascending powers of c, without trailing zeros (zero is ``()``)."""


def trim(coeffs: Iterable[Any]) -> Coeffs:
    """Exact integers, trailing zeros removed: ``(1, 2, 0) -> (1, 2)``, ``(0,) -> ()``."""
    out = [operator.index(c) for c in coeffs]
    while out and out[-1] == 0:
        out.pop()
    return tuple(int(c) for c in out)


def content(p: Coeffs) -> int:
    """gcd of the coefficients (0 for the zero polynomial)."""
    g = 0
    for c in p:
        g = gcd(g, c)
    return g


def negate(p: Coeffs) -> Coeffs:
    return tuple(-c for c in p)


def height(p: Coeffs) -> int:
    """Largest absolute coefficient (0 for the zero polynomial)."""
    return max((abs(c) for c in p), default=0)


def primitive_part(p: Coeffs) -> Coeffs:
    """``p`` divided by its content (sign kept); the zero polynomial stays ``()``."""
    g = content(p)
    return p if g <= 1 else tuple(c // g for c in p)


def pseudo_remainder(f: Coeffs, g: Coeffs) -> Coeffs:
    """A pseudo-remainder of f by g: ``lc(g)^k f = q g + r`` with ``deg r < deg g`` (g != 0)."""
    r = list(f)
    n = len(g) - 1
    lead = g[-1]
    while r and len(r) - 1 >= n:
        a = r[-1]
        shift = len(r) - 1 - n
        r = [lead * x for x in r]
        for i, gi in enumerate(g):
            r[shift + i] -= a * gi
        while r and r[-1] == 0:
            r.pop()
    return tuple(r)


def gcd_z(f: Coeffs, g: Coeffs) -> Coeffs:
    """Primitive gcd over Z[c] with positive leading coefficient (primitive remainder sequence).

    ``gcd(0, 0) = ()``.  Example: ``gcd(c^2 - 1, 2c + 2) = c + 1``.

    >>> gcd_z((-1, 0, 1), (2, 2))
    (1, 1)
    """
    f, g = primitive_part(f), primitive_part(g)
    if len(f) < len(g):
        f, g = g, f
    while g:
        f, g = g, primitive_part(pseudo_remainder(f, g))
    return negate(f) if f and f[-1] < 0 else f


def exact_quotient(f: Coeffs, g: Coeffs) -> Coeffs:
    """``f / g`` for polynomials where g divides f in Z[c]; ArithmeticError otherwise."""
    r = list(f)
    n = len(g) - 1
    q = [0] * max(len(f) - n, 0)
    while r and len(r) - 1 >= n:
        a, rem = divmod(r[-1], g[-1])
        if rem:
            raise ArithmeticError(f"{g} does not divide {f} over the integers")
        shift = len(r) - 1 - n
        q[shift] = a
        for i, gi in enumerate(g):
            r[shift + i] -= a * gi
        while r and r[-1] == 0:
            r.pop()
    if r:
        raise ArithmeticError(f"{g} does not divide {f}")
    return trim(q)


def coprime(p: Coeffs, q: Coeffs) -> bool:
    """True if nonzero p and q have no common root, i.e. gcd over Q[c] is a constant.

    For degrees <= 2 this is "resultant != 0" in closed form (a constant is coprime to anything);
    otherwise the primitive remainder sequence decides.
    """
    lp, lq = len(p), len(q)
    if lp == 1 or lq == 1:
        return True
    if lp == 2 and lq == 2:
        return p[1] * q[0] - p[0] * q[1] != 0
    if lp == 2 and lq == 3:
        a0, a1 = p
        b0, b1, b2 = q
        return b2 * a0 * a0 - b1 * a0 * a1 + b0 * a1 * a1 != 0
    if lp == 3 and lq == 2:
        a0, a1, a2 = p
        b0, b1 = q
        return a2 * b0 * b0 - a1 * b0 * b1 + a0 * b1 * b1 != 0
    if lp == 3 and lq == 3:
        a0, a1, a2 = p
        b0, b1, b2 = q
        return (a2 * b0 - a0 * b2) ** 2 - (a2 * b1 - a1 * b2) * (a1 * b0 - a0 * b1) != 0
    return len(gcd_z(p, q)) <= 1


def horner(p: Coeffs, x: Any) -> Any:
    """``p(x)`` by Horner's rule; generic in the number type of x."""
    acc: Any = 0
    for c in reversed(p):
        acc = acc * x + c
    return acc


def sign(x: Any) -> int:
    return (x > 0) - (x < 0)


def enumeration_key(p: Coeffs) -> tuple[int, Coeffs]:
    """Enumeration order of polynomials: by degree, then by coefficients from the highest power."""
    return (len(p) - 1, tuple(reversed(p)))


def orient(p: Coeffs) -> Coeffs:
    """``p`` or ``-p``, whichever has a positive leading coefficient."""
    return negate(p) if p and p[-1] < 0 else p
