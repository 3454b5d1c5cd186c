"""Family keys: one key for all continued fractions that share a tail.

If two continued fractions have the same pairs ``(a_n, b_n)`` from some index on (after
shifting one of the indices), their values are Moebius images of the common tail's value.  So
results that differ by an index shift, a rotated sign period, or a Moebius transform of the
left-hand side that only changes the first few terms belong to one *family*.

The tail of a signed pattern (transient T, channels P_r(k), sign period s of length J) is
written with period ``M = lcm(N, J)`` as polynomials in the absolute index n:
``A_rho(n) = P_r((n - T - r)/N)`` for ``n = rho (mod M)``, paired with ``b = s[rho mod J]``.
Shifting the index by ``u`` maps ``A_rho(n)`` to ``A_{rho+u}(n + u)``; the key is the
lexicographically smallest such tuple over all shifts, which is computed exactly: for each phase
``u mod M`` the remaining shift by whole periods is fixed by a translation normal form of the
first non-constant channel.

>>> from cf.pattern import InterlacedSequence
>>> from cf.polynomial import Polynomial as P
>>> a1 = InterlacedSequence((1,), (P((2, 2)), P((2,))))     # 1, 2, 2, 4, 2, 6, 2, ...
>>> a2 = InterlacedSequence((5, 7), (P((2,)), P((4, 2))))   # 5, 7, 2, 4, 2, 6, ...
>>> a3 = InterlacedSequence((3,), (P((2,)), P((4, 2))))      # 3, 2, 4, 2, 6, ... (shifted by one)
>>> family_key(a1, "+-") == family_key(a3, "-+")
True
>>> family_key(a1, "+-") == family_key(a2, "+-")
True
"""

from __future__ import annotations

import hashlib
from fractions import Fraction
from functools import lru_cache
from math import comb, gcd

from cf.pattern import InterlacedSequence


def _shift_poly(coeffs: tuple[Fraction, ...], u: Fraction) -> tuple[Fraction, ...]:
    """Coefficients of ``Q(n + u)`` from those of ``Q(n)`` (ascending)."""
    d = len(coeffs) - 1
    out = [Fraction(0)] * (d + 1)
    for j, c in enumerate(coeffs):
        if c == 0:
            continue
        upow = Fraction(1)
        for i in range(j, -1, -1):
            # c * C(j, i) * n^i * u^(j-i)
            out[i] += c * comb(j, i) * upow
            upow *= u
    return tuple(out)


def _in_n(poly_coeffs, period: int, offset: int) -> tuple[int | Fraction, ...]:
    """Coefficients in n of ``P((n - offset)/period)`` (integers where they are integral).

    Computed in integers: with ``D`` the common denominator of P's coefficients and ``d`` its
    degree, ``D period^d P((n - offset)/period) = sum_j (D p_j period^(d-j)) (n - offset)^j``;
    only the final coefficients are divided by ``D period^d``.

    >>> _in_n((2, 2), 3, 1)                   # 2 (n - 1)/3 + 2 = 2/3 n + 4/3
    (Fraction(4, 3), Fraction(2, 3))
    """
    d = len(poly_coeffs) - 1
    D = 1
    for c in poly_coeffs:
        if type(c) is not int:
            D = D * c.denominator // gcd(D, c.denominator)
    ints = [int(c * D) * period ** (d - j) for j, c in enumerate(poly_coeffs)]
    shifted = _int_shift(ints, -offset)
    shifted += [0] * (d + 1 - len(shifted))
    scale = D * period ** d
    if scale == 1:
        return tuple(shifted)
    return tuple(c // scale if c % scale == 0 else Fraction(c, scale) for c in shifted)


def _lcm(a: int, b: int) -> int:
    return a * b // gcd(a, b)


def tail_form(a: InterlacedSequence, signs: str) -> tuple:
    """The tail as ``M`` pairs (sign, polynomial in n) for residues rho = 0..M-1 of n mod M."""
    N = a.period
    T = len(a.transient)
    J = len(signs)
    M = _lcm(N, J)
    out = []
    for rho in range(M):
        r = (rho - T) % N
        coeffs = _in_n(a.channels[r].coeffs, N, T + r)
        out.append((1 if signs[rho % J] == "+" else -1, coeffs))
    return tuple(out)


def _trim(coeffs: tuple[Fraction, ...]) -> tuple[Fraction, ...]:
    cs = list(coeffs)
    while len(cs) > 1 and cs[-1] == 0:
        cs.pop()
    return tuple(cs)


def _minimal_period(form: tuple) -> tuple:
    M = len(form)
    trimmed = tuple((s, _trim(q)) for s, q in form)
    for d in range(1, M + 1):
        if M % d == 0 and all(trimmed[i] == trimmed[i % d] for i in range(M)):
            return trimmed[:d]
    return trimmed  # pragma: no cover - d = M always matches


def _canonical_with_offset(a: InterlacedSequence, signs: str) -> tuple[tuple, int]:
    """``(normal form, offset)``: the normal form's term ``n`` is the pattern's term ``n + offset``.

    Every phase ``u`` is tried: the form rotated by ``u``, then shifted by the whole number of
    periods that brings the first non-constant channel's ``n^(d-1)`` coefficient into
    ``[0, |step|)``; the lexicographically smallest wins.  All in integers: the
    polynomials are scaled by the common denominator ``D`` of their coefficients (a shift by an
    integer keeps them integral, and the whole-period normalisation divides two scaled numbers),
    and only the winning candidates' coefficients are reduced to ``(numerator, denominator)``.
    Seven times faster than the same search in Fractions, with equal results
    (tests/cf/test_family_normal_form.py keeps that version as the oracle).
    """
    form = _minimal_period(tail_form(a, signs))
    M = len(form)
    D = 1
    for _s, q in form:
        for c in q:
            D = D * c.denominator // gcd(D, c.denominator)
    scaled = [(s, [int(c * D) for c in q]) for s, q in form]
    best = None
    for u in range(M):
        rotated = [(scaled[(rho + u) % M][0], _int_shift(scaled[(rho + u) % M][1], u)) for rho in range(M)]
        shift = 0
        for _sign, q in rotated:
            d = len(q) - 1
            if d >= 1:
                step = d * q[d] * M
                c = q[d - 1]
                m = -(c // step) if step > 0 else c // (-step)
                shift = M * m
                break
        if shift:
            rotated = [(sg, _int_shift(q, shift)) for sg, q in rotated]
        key = tuple((sg, tuple(_reduced(x, D) for x in q)) for sg, q in rotated)
        if best is None or key < best[0]:
            best = (key, u + shift)
    return best


def _int_shift(q: list[int], u: int) -> list[int]:
    """Coefficients of ``Q(n + u)`` (integers, ascending, trailing zeros dropped but one kept)."""
    d = len(q) - 1
    out = [0] * (d + 1)
    for j, c in enumerate(q):
        if c:
            upow = 1
            for i in range(j, -1, -1):
                out[i] += c * comb(j, i) * upow
                upow *= u
    while len(out) > 1 and out[-1] == 0:
        out.pop()
    return out


def _reduced(x: int, D: int) -> tuple[int, int]:
    """``x / D`` in lowest terms as ``(numerator, denominator)``, as ``Fraction`` would give it."""
    g = gcd(x, D)
    return x // g, D // g


@lru_cache(maxsize=65536)
def _cached_canonical(channels: tuple[tuple[Fraction, ...], ...], signs: str) -> tuple[tuple, int]:
    """The normal form and offset of the transient-free pattern with these channels and signs."""
    from cf.polynomial import Polynomial

    return _canonical_with_offset(InterlacedSequence((), tuple(Polynomial(c) for c in channels)), signs)


def _canonical(a: InterlacedSequence, signs: str) -> tuple[tuple, int]:
    """``(normal form, offset)`` of ``a`` under ``signs``, through the cache of transient-free tails.

    The tail from index ``T = len(a.transient)`` is the pattern with no transient, the same
    channels and the sign period rotated by ``T``; the normal form is shift-invariant, so it is
    that tail's, and the offset grows by ``T``.  Members of a family with transients of
    different lengths then share one cache entry.
    """
    T = len(a.transient)
    r = T % len(signs)
    key, offset = _cached_canonical(tuple(tuple(p.coeffs) for p in a.channels), signs[r:] + signs[:r])
    return key, offset + T


def canonical_tail(a: InterlacedSequence, signs: str) -> tuple:
    """The shift-invariant normal form of the tail (see the module docstring)."""
    return _canonical(a, signs)[0]


def family_key(a: InterlacedSequence, signs: str) -> str:
    """A short stable hash of :func:`canonical_tail` (``"F" + 12 hex digits``)."""
    return _hashed(canonical_tail(a, signs))


@lru_cache(maxsize=65536)
def _hashed(canonical: tuple) -> str:
    """``"F"`` + the first 12 hex digits of the SHA-256 of ``repr(canonical)`` (cached: members share it)."""
    return "F" + hashlib.sha256(repr(canonical).encode()).hexdigest()[:12]


def tail_alignment(a1: InterlacedSequence, signs1: str, a2: InterlacedSequence, signs2: str) -> tuple[int, int] | None:
    """Indices ``(i, j)`` from which the two signed continued fractions agree term by term, or None.

    ``(a1_{i+n}, b1_{i+n}) == (a2_{j+n}, b2_{j+n})`` for every ``n >= 0`` (as polynomial
    identities of the channels), with ``i`` and ``j`` at or after the transients: the
    two fractions' values are the images of one tail value under their heads' Moebius maps.
    None when they are not of one family.

    >>> from cf.polynomial import Polynomial as P
    >>> e = InterlacedSequence((2,), (P((1,)), P((2, 2)), P((1,))))        # 2; 1, 2, 1, 1, 4, 1, ...
    >>> other = InterlacedSequence((5, 7), (P((4, 2)), P((1,)), P((1,))))  # 5, 7, 4, 1, 1, 6, 1, ...
    >>> i, j = tail_alignment(e, "+", other, "+")
    >>> e.terms(8, start=i) == other.terms(8, start=j)
    True
    >>> tail_alignment(e, "+", other, "-") is None
    True
    """
    key1, off1 = _canonical(a1, signs1)
    key2, off2 = _canonical(a2, signs2)
    if key1 != key2:
        return None
    n0 = max(len(a1.transient) - off1, len(a2.transient) - off2)
    return n0 + off1, n0 + off2


def simplicity_key(pattern_size: int, transient_length: int, lhs_height: int, rate: float | None,
                   lhs: str, signs: str) -> tuple:
    """The order in which a family's *best* member comes first.

    Simplest pattern first (fewest transient terms and channel coefficients), then the shorter
    transient, then the smallest LHS coefficients (height = largest absolute coefficient), then the
    faster convergence (higher digits per term), then the LHS text and the sign period, so the
    order is total and the same in memory and in the database.

    >>> sorted([simplicity_key(5, 1, 2, 1.0, "c", "+"), simplicity_key(5, 1, 1, 0.5, "c+1", "-")])[0]
    (5, 1, 1, -0.5, 'c+1', '-')
    """
    return (pattern_size, transient_length, lhs_height, -(rate or 0.0), lhs, signs)
