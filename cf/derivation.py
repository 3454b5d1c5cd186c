"""Deriving one member of a family from another, exactly.

Two signed continued fractions of one family agree term by term from some indices ``i`` and
``j`` on (:func:`cf.family.tail_alignment`), so with ``t`` the value of the common tail,

    x1 = H1(t),   x2 = H2(t),   H = [[a_0, b_0], [1, 0]] ... [[a_{i-1}, b_{i-1}], [1, 0]]

where the head matrix ``H`` acts as the Moebius map ``(h00 t + h01) / (h10 t + h11)``.  If a
representative ``R(c) = x1`` is established (validated, or proved) and a member claims
``M(c) = x2``, then ``x2 = H2 H1^-1 R(c)``, and the claim holds exactly when the rational
functions ``W(R(c))`` and ``M(c)`` of ``c`` are equal, ``W = H2 adj(H1)``:

    (w00 P_R + w01 Q_R) * Q_M  ==  (w10 P_R + w11 Q_R) * P_M      (as polynomials in c).

For a Moebius LHS this is a proportionality of integer 2x2 matrices, for degree 2 an identity of
polynomials of degree <= 3; either way exact and microseconds.  An identity of polynomials holds
at every c, so the member then holds whatever the constant is; when it fails, the member is false
for a transcendental c, and only the full check can decide for an algebraic one.

>>> from cf.pattern import InterlacedSequence
>>> from cf.polynomial import Polynomial as P
>>> e = InterlacedSequence((2,), (P((1,)), P((2, 2)), P((1,))))     # e = [2; 1, 2, 1, 1, 4, ...]
>>> tail = InterlacedSequence((1,), (P((1,)), P((4, 2)), P((1,))))  # [1; 1, 4, 1, 1, 6, ...]: e's tail from index 3
>>> head_matrix(e, "+", 3)                                          # e = (8t + 3)/(3t + 1)
(8, 3, 3, 1)
>>> derives(e, "+", ((0, 1), (1,)), tail, "+", ((-3, 1), (8, -3)))   # so t = (c - 3)/(8 - 3c) at c = e
True
>>> derives(e, "+", ((0, 1), (1,)), tail, "+", ((-3, 1), (8, -2)))
False
"""

from __future__ import annotations

from typing import Sequence

from cf.family import tail_alignment
from cf.pattern import InterlacedSequence
from cf.signs import sign_at

Matrix = tuple[int, int, int, int]
Poly = Sequence[int]


def head_matrix(a: InterlacedSequence, signs: str, length: int) -> Matrix:
    """``[[a_0, b_0], [1, 0]] ... [[a_{length-1}, b_{length-1}], [1, 0]]`` as ``(h00, h01, h10, h11)``.

    >>> from cf.polynomial import Polynomial as P
    >>> head_matrix(InterlacedSequence((2,), (P((1,)), P((2, 2)), P((1,)))), "+", 2)   # 2 + 1/(1 + 1/t) = (3t + 2)/(t + 1)
    (3, 2, 1, 1)
    """
    h00, h01, h10, h11 = 1, 0, 0, 1
    for n, an in enumerate(a.terms(length)):
        bn = sign_at(signs, n)
        h00, h01 = h00 * an + h01, h00 * bn
        h10, h11 = h10 * an + h11, h10 * bn
    return h00, h01, h10, h11


def _mul(p: Poly, q: Poly) -> list[int]:
    out = [0] * (len(p) + len(q) - 1)
    for i, x in enumerate(p):
        if x:
            for j, y in enumerate(q):
                out[i + j] += x * y
    return out


def _lin(x: int, p: Poly, y: int, q: Poly) -> list[int]:
    """``x p + y q``."""
    n = max(len(p), len(q))
    return [x * (p[i] if i < len(p) else 0) + y * (q[i] if i < len(q) else 0) for i in range(n)]


def composed_equals(w: Matrix, rep_lhs: tuple[Poly, Poly], member_lhs: tuple[Poly, Poly]) -> bool:
    """Whether ``W(P_R/Q_R) == P_M/Q_M`` as rational functions (``W`` a Moebius matrix).

    >>> composed_equals((2, 0, 0, 1), ((0, 1), (1,)), ((0, 2), (1,)))    # 2 * c == 2c
    True
    >>> composed_equals((2, 0, 0, 1), ((0, 1), (1,)), ((0, 2), (3,)))
    False
    """
    (pr, qr), (pm, qm) = rep_lhs, member_lhs
    w00, w01, w10, w11 = w
    num, den = _lin(w00, pr, w01, qr), _lin(w10, pr, w11, qr)
    if not any(den) or not any(qm):
        return False
    return not any(_lin(1, _mul(num, qm), -1, _mul(den, pm)))


def derives(rep: InterlacedSequence, rep_signs: str, rep_lhs: tuple[Poly, Poly],
            member: InterlacedSequence, member_signs: str, member_lhs: tuple[Poly, Poly]) -> bool:
    """True when ``member_lhs(c) = SICF(member)`` follows exactly from ``rep_lhs(c) = SICF(rep)``.

    Both fractions must share a tail (else False); LHS are ``(numerator, denominator)``
    coefficient lists, lowest degree first.  See the module docstring for the mathematics.
    """
    aligned = tail_alignment(rep, rep_signs, member, member_signs)
    if aligned is None:
        return False
    i, j = aligned
    h1 = head_matrix(rep, rep_signs, i)
    h2 = head_matrix(member, member_signs, j)
    a, b, c, d = h1
    adj = (d, -b, -c, a)
    w = (h2[0] * adj[0] + h2[1] * adj[2], h2[0] * adj[1] + h2[1] * adj[3],
         h2[2] * adj[0] + h2[3] * adj[2], h2[2] * adj[1] + h2[3] * adj[3])
    return composed_equals(w, rep_lhs, member_lhs)
