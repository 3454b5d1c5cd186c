"""Exact rational arithmetic on expression trees, with size guards.

A subtree without names or calls, whose powers all have integer exponents, is
folded exactly with :class:`fractions.Fraction`; every result is capped at
:data:`MAX_EXACT_BITS` bits, so ``10^10^10`` fails fast instead of exhausting
memory.

    >>> from search.expressions.parser import parse
    >>> exact_value(parse("1/3 + 1/6", names=(), functions={}))
    Fraction(1, 2)
    >>> exact_value(parse("2^(1/2)", names=(), functions={})) is None
    True
"""

from __future__ import annotations

from fractions import Fraction

from .errors import ExpressionError, describe_int
from .tree import BinOp, Call, Name, Neg, Node, Number, iter_nodes

__all__ = ["MAX_EXACT_BITS", "bit_size", "exact_binop", "exact_power", "exact_value"]

#: Largest exact rational (numerator bits + denominator bits) that exact
#: folding will build; bigger exact powers/products are refused.
MAX_EXACT_BITS = 100_000


def bit_size(q: Fraction) -> int:
    """Bits needed to store ``q = n/d`` in lowest terms: ``bitlen(n) + bitlen(d)``.

    Example: ``bit_size(Fraction(-3, 4)) == 5``.
    """
    return q.numerator.bit_length() + q.denominator.bit_length()


def _check_size(q: Fraction, node: Node) -> Fraction:
    if bit_size(q) > MAX_EXACT_BITS:
        raise ExpressionError(
            "exact intermediate result is too large",
            node.pos,
            hint=f"it needs more than {MAX_EXACT_BITS} bits",
        )
    return q


def exact_power(base: Fraction, exponent: int, node: Node | None = None) -> Fraction:
    """Exact ``base ** exponent`` for an integer exponent, with a size cap.

    ``0 ** 0 = 1``; ``0 ** negative`` raises :class:`ExpressionError` (division
    by zero).  The size of ``(n/d)^k`` is about ``|k| max(bitlen n, bitlen d)``
    bits; when that estimate exceeds :data:`MAX_EXACT_BITS` the power is
    refused *before* it is computed.  Powers of ``1`` and ``-1`` are always
    allowed (``(-1)^1000001 = -1``).

    Example: ``exact_power(Fraction(2, 3), 2) == Fraction(4, 9)``.
    """
    pos = node.pos if node is not None else None
    if base == 0:
        if exponent < 0:
            raise ExpressionError("division by zero", pos, hint="zero raised to a negative power")
        return Fraction(1) if exponent == 0 else Fraction(0)
    if abs(base) == 1:
        return base ** (exponent % 2) if base < 0 else Fraction(1)
    estimate = abs(exponent) * max(base.numerator.bit_length(), base.denominator.bit_length())
    if estimate > MAX_EXACT_BITS:
        need = f"about {estimate:.3g}" if estimate < 10**30 else describe_int(estimate)
        raise ExpressionError(
            f"exponent {describe_int(exponent)} is too large for an exact power",
            pos,
            hint=f"the result would need {need} bits, the limit is {MAX_EXACT_BITS}",
        )
    return base**exponent


def exact_binop(op: str, left: Fraction, right: Fraction, node: Node | None = None) -> Fraction | None:
    """Apply ``op`` (one of ``+ - * / ^``) exactly to two rationals.

    Returns ``None`` for a power whose exponent is not an integer (its value is
    generally irrational).  Division by zero raises :class:`ExpressionError`;
    with a ``node``, a result over :data:`MAX_EXACT_BITS` bits is refused too.

    Example: ``exact_binop('^', Fraction(2), Fraction(-3)) == Fraction(1, 8)``.
    """
    pos = node.pos if node is not None else None
    if op == "+":
        result = left + right
    elif op == "-":
        result = left - right
    elif op == "*":
        result = left * right
    elif op == "/":
        if right == 0:
            raise ExpressionError("division by zero", pos)
        result = left / right
    elif op == "^":
        if right.denominator != 1:
            return None
        result = exact_power(left, right.numerator, node)
    else:  # pragma: no cover - BinOp validates op
        raise ValueError(f"unknown operator {op!r}")
    if node is not None:
        return _check_size(result, node)
    return result


def exact_value(node: Node) -> Fraction | None:
    """Exact rational value of ``node``, or ``None`` if it is not rational-exact.

    A subtree is exact when it contains no names and no calls, and every power
    has an integer exponent: ``1/3 + 1/6 = 1/2``, ``2^-3 = 1/8`` and
    ``(2/3)^2 = 4/9`` exactly, while ``2^(1/2)`` or ``pi + 1`` give ``None``.
    No rounding ever happens, so a non-``None`` result is the true value.

    Raises:
        ExpressionError: for division by zero (``1/0``, ``0^-1``) or an exact
            result that would exceed :data:`MAX_EXACT_BITS` bits.

    Example:
        >>> from search.expressions.parser import parse
        >>> exact_value(parse("(2/3)^2", (), {}))
        Fraction(4, 9)
    """
    values: dict[int, Fraction | None] = {}
    for current in iter_nodes(node):
        value: Fraction | None
        if isinstance(current, Number):
            value = Fraction(current.value)
        elif isinstance(current, (Name, Call)):
            value = None
        elif isinstance(current, Neg):
            inner = values[id(current.operand)]
            value = None if inner is None else -inner
        elif isinstance(current, BinOp):
            left, right = values[id(current.left)], values[id(current.right)]
            value = None if left is None or right is None else exact_binop(current.op, left, right, current)
        else:
            raise TypeError(f"not an expression node: {current!r}")
        values[id(current)] = value
    return values[id(node)]
