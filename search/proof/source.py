"""Which classical continued fraction a constant comes from, by the syntax of its expression.

A proof needs ``c = G(v)``: the constant as an integer Moebius image ``G = (a v + b)/(c v + d)`` of
a registry value ``v`` whose simple continued fraction is a theorem (:mod:`cf.classical_entries`).
That identity is read off the expression trees, never from digits: the constant's tree is
evaluated as a rational function of ``v`` wherever a subtree *is* ``v`` (after writing ``e`` as
``exp(1)``), or ``1/v`` when ``v`` is a quotient ``A/B`` and the subtree is ``B/A``; numbers and
``+ - * /`` and small integer powers combine, and anything else means no match.  Only simple
continued fractions (sign period '+') are used: the checker's tails live in ``(1, inf)``.

>>> entry, g = classical_source("besseli(1, 2)/besseli(0, 2)")
>>> entry.value, g                     # I1(2)/I0(2) = 1/v for v = I0(2)/I1(2) = [1; 2, 3, ...]
('besseli(0,2)/besseli(1,2)', (0, 1, 1, 0))
>>> classical_source("(e + 1)/2")[1]
(1, 1, 0, 2)
>>> classical_source("pi") is None, classical_source("e^2")[0].value, classical_source("exp(1/4)^2")[0].value
(True, 'exp(2)', 'exp(1/2)')
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from math import gcd, lcm

from cf.classical_entries import ClassicalCF, registry
from search.expressions import BinOp, Call, Name, Neg, Node, Number, parse_expression

Poly = tuple[Fraction, ...]
RF = tuple[Poly, Poly]          # numerator, denominator in v, lowest degree first
MAX_POWER = 4


def _norm(node: Node) -> Node:
    """The tree with positions dropped, ``e`` as ``exp(1)`` and ``e^x`` as ``exp(x)``."""
    if isinstance(node, Name) and node.name == "e":
        return Call("exp", (Number(Fraction(1)),))
    if isinstance(node, Call):
        return Call(node.func, tuple(_norm(a) for a in node.args))
    if isinstance(node, BinOp):
        left, right = _norm(node.left), _norm(node.right)
        if isinstance(left, Number) and isinstance(right, Number):  # fold: exp(2/4) is exp(1/2)
            folded = _fold(node.op, left.value, right.value)
            if folded is not None:
                return Number(folded)
        if node.op == "^" and left == Call("exp", (Number(Fraction(1)),)):
            return Call("exp", (right,))
        if (node.op == "^" and isinstance(left, Call) and left.func == "exp" and isinstance(left.args[0], Number)
                and isinstance(right, Number)):  # exp(a)^k = exp(a k) for rationals a, k
            return Call("exp", (Number(left.args[0].value * right.value),))
        return BinOp(node.op, left, right)
    if isinstance(node, Neg):
        inner = _norm(node.operand)
        return Number(-inner.value) if isinstance(inner, Number) else Neg(inner)
    return node


def _fold(op: str, a: Fraction, b: Fraction) -> Fraction | None:
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "/":
        return a / b if b else None
    if b.denominator == 1 and abs(b.numerator) <= MAX_POWER and (a or b > 0):
        return a ** int(b)
    return None


def _pmul(p: Poly, q: Poly) -> Poly:
    out = [Fraction(0)] * (len(p) + len(q) - 1)
    for i, x in enumerate(p):
        for j, y in enumerate(q):
            out[i + j] += x * y
    return tuple(out)


def _padd(p: Poly, q: Poly, sign: int = 1) -> Poly:
    n = max(len(p), len(q))
    return tuple((p[i] if i < len(p) else 0) + sign * (q[i] if i < len(q) else 0) for i in range(n))


def _as_rf(node: Node, target: Node, reciprocal: Node | None) -> RF | None:
    """``node`` as a rational function of ``v`` (the value of ``target``), or None."""
    one: Poly = (Fraction(1),)
    if node == target:
        return ((Fraction(0), Fraction(1)), one)
    if reciprocal is not None and node == reciprocal:
        return (one, (Fraction(0), Fraction(1)))
    if isinstance(node, Number):
        return ((node.value,), one)
    if isinstance(node, Neg):
        inner = _as_rf(node.operand, target, reciprocal)
        return None if inner is None else (tuple(-c for c in inner[0]), inner[1])
    if not isinstance(node, BinOp):
        return None
    if node.op == "^":
        base = _as_rf(node.left, target, reciprocal)
        if base is None or not isinstance(node.right, Number) or node.right.value.denominator != 1:
            return None
        k = node.right.value.numerator
        if abs(k) > MAX_POWER:
            return None
        num, den = one, one
        for _ in range(abs(k)):
            num, den = _pmul(num, base[0]), _pmul(den, base[1])
        return (num, den) if k >= 0 else (den, num)
    left, right = _as_rf(node.left, target, reciprocal), _as_rf(node.right, target, reciprocal)
    if left is None or right is None:
        return None
    (a, b), (c, d) = left, right
    if node.op in "+-":
        return (_padd(_pmul(a, d), _pmul(c, b), 1 if node.op == "+" else -1), _pmul(b, d))
    if node.op == "*":
        return (_pmul(a, c), _pmul(b, d))
    return (_pmul(a, d), _pmul(b, c))


def _trim(p: Poly) -> Poly:
    cs = list(p)
    while len(cs) > 1 and cs[-1] == 0:
        cs.pop()
    return tuple(cs)


def moebius_of(node: Node, target: Node) -> tuple[int, int, int, int] | None:
    """Integer ``(a, b, c, d)`` with ``node = (a v + b)/(c v + d)`` for ``v = target``, or None.

    Both trees are normalised first.  The map is scaled to coprime integers with ``c > 0`` or
    (``c = 0``) ``d > 0``, and must be non-degenerate.
    """
    target = _norm(target)
    reciprocal = BinOp("/", target.right, target.left) if isinstance(target, BinOp) and target.op == "/" else None
    rf = _as_rf(_norm(node), target, reciprocal)
    if rf is None:
        return None
    num, den = _trim(rf[0]), _trim(rf[1])
    if len(num) > 2 or len(den) > 2 or not any(den):
        return None
    coeffs = [num[1] if len(num) > 1 else Fraction(0), num[0], den[1] if len(den) > 1 else Fraction(0), den[0]]
    scale = lcm(*(c.denominator for c in coeffs))
    ints = [int(c * scale) for c in coeffs]
    g = gcd(*ints)
    ints = [v // g for v in ints]
    if ints[2] < 0 or (ints[2] == 0 and ints[3] < 0):
        ints = [-v for v in ints]
    a, b, c, d = ints
    if a * d - b * c == 0:
        return None
    return a, b, c, d


@lru_cache(maxsize=1)
def _simple_entries() -> tuple[tuple[ClassicalCF, Node], ...]:
    return tuple((entry, parse_expression(entry.value)) for entry in registry() if entry.signs == "+")


@lru_cache(maxsize=256)
def classical_source(expression: str) -> tuple[ClassicalCF, tuple[int, int, int, int]] | None:
    """The first registry entry ``v`` (simplest theorems first) with ``expression = G(v)``, and ``G``."""
    node = parse_expression(expression)
    for entry, tree in _simple_entries():
        g = moebius_of(node, tree)
        if g is not None:
            return entry, g
    return None
