"""The syntax tree of an expression, and its canonical text.

Five immutable node types: :class:`Number` (an exact rational), :class:`Name`,
:class:`Call`, :class:`BinOp` (``+ - * / ^``) and :class:`Neg`.  ``str(node)``
prints the canonical text with only the parentheses needed to parse back to an
equal tree; source positions (``pos``) are kept for error messages and ignored
by ``==``.

    >>> from fractions import Fraction
    >>> tree = BinOp("-", Name("pi"), BinOp("-", Number(Fraction(1, 4)), Neg(Name("e"))))
    >>> str(tree)
    'pi - (0.25 - -e)'
    >>> [str(n) for n in iter_nodes(tree)][:3]
    ['pi', '0.25', 'e']
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Union

__all__ = ["BinOp", "Call", "Name", "Neg", "Node", "Number", "children", "iter_nodes", "tree_depth"]

# Printing precedences: higher binds tighter.
_PREC_ADD, _PREC_MUL, _PREC_UNARY, _PREC_POW, _PREC_ATOM = 1, 2, 3, 4, 5


@dataclass(frozen=True)
class Number:
    """An exact rational literal, e.g. ``Number(Fraction(1, 4))`` for ``0.25``.

    Printed as an integer or a terminating decimal (``0.25``); a value that has
    no terminating decimal form (only possible when built by hand) prints as a
    parenthesised quotient such as ``(1/3)``, which has the same value.
    ``pos`` is the 1-based source position and is ignored by ``==``.
    """

    value: Fraction
    pos: int | None = field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        return _format_number(self.value)


@dataclass(frozen=True)
class Name:
    """A named constant or variable, e.g. ``Name("pi")``."""

    name: str
    pos: int | None = field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Call:
    """A function application ``func(arg1, ..., argN)``, e.g. ``exp(2/3)``."""

    func: str
    args: tuple[Node, ...]
    pos: int | None = field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        return f"{self.func}({', '.join(str(a) for a in self.args)})"


@dataclass(frozen=True)
class BinOp:
    """A binary operation; ``op`` is one of ``+ - * / ^``.

    ``pos`` is the position of the operator symbol.  Printing inserts only the
    parentheses needed to re-parse to the same tree: ``BinOp('-', a, BinOp('-',
    b, c))`` prints as ``a - (b - c)``.
    """

    op: str
    left: Node
    right: Node
    pos: int | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.op not in _BINARY_PREC:
            raise ValueError(f"unknown binary operator {self.op!r}")

    def __str__(self) -> str:
        prec = _BINARY_PREC[self.op]
        if self.op == "^":
            left = _wrap(self.left, _PREC_ATOM)
            right = _wrap(self.right, _PREC_UNARY)
            return f"{left}^{right}"
        left = _wrap(self.left, prec)
        right = _wrap(self.right, prec + 1)
        if self.op in "+-":
            return f"{left} {self.op} {right}"
        return f"{left}{self.op}{right}"


@dataclass(frozen=True)
class Neg:
    """Unary minus ``-operand``; ``-2^2`` is ``Neg(BinOp('^', 2, 2))``."""

    operand: Node
    pos: int | None = field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        return f"-{_wrap(self.operand, _PREC_UNARY)}"


Node = Union[Number, Name, Call, BinOp, Neg]

_BINARY_PREC = {"+": _PREC_ADD, "-": _PREC_ADD, "*": _PREC_MUL, "/": _PREC_MUL, "^": _PREC_POW}


def _precedence(node: Node) -> int:
    if isinstance(node, BinOp):
        return _BINARY_PREC[node.op]
    if isinstance(node, Neg):
        return _PREC_UNARY
    return _PREC_ATOM


def _wrap(node: Node, minimum: int) -> str:
    text = str(node)
    return text if _precedence(node) >= minimum else f"({text})"


def _format_number(value: Fraction) -> str:
    """Exact text for a rational: ``3``, ``0.25``, ``(1/3)`` or ``(-2)``.

    A rational ``n/d`` in lowest terms has a terminating decimal exactly when
    ``d = 2^a 5^b``; it then has ``max(a, b)`` decimals.
    """
    num, den = value.numerator, value.denominator
    if num < 0:
        return f"(-{_format_number(-value).strip('()')})"
    if den == 1:
        return str(num)
    twos = (den & -den).bit_length() - 1
    rest = den >> twos
    fives = 0
    while rest % 5 == 0:
        rest //= 5
        fives += 1
    if rest != 1:
        return f"({num}/{den})"
    k = max(twos, fives)
    scaled = str(num * 10**k // den).rjust(k + 1, "0")
    return f"{scaled[:-k]}.{scaled[-k:]}"


def children(node: Node) -> tuple[Node, ...]:
    """The direct subtrees of ``node``, left to right (``()`` for a leaf).

    Example: ``children(BinOp("+", Name("x"), Name("y"))) == (Name("x"), Name("y"))``.
    """
    if isinstance(node, BinOp):
        return (node.left, node.right)
    if isinstance(node, Neg):
        return (node.operand,)
    if isinstance(node, Call):
        return node.args
    return ()


def iter_nodes(node: Node) -> Iterator[Node]:
    """Yield every node of the tree in post-order (children before parents).

    The walk uses an explicit stack, so arbitrarily deep trees never hit
    Python's recursion limit.  Example: the nodes of ``1 + x`` are ``1``,
    ``x`` and ``1 + x``, in that order.
    """
    stack: list[tuple[Node, bool]] = [(node, False)]
    while stack:
        current, expanded = stack.pop()
        if expanded:
            yield current
            continue
        stack.append((current, True))
        for child in reversed(children(current)):
            stack.append((child, False))


def tree_depth(node: Node) -> int:
    """Number of nodes on the longest root-to-leaf path (a leaf has depth 1).

    Example: ``tree_depth(Neg(Name("x"))) == 2``.
    """
    depth = 0
    stack = [(node, 1)]
    while stack:
        current, d = stack.pop()
        depth = max(depth, d)
        stack.extend((c, d + 1) for c in children(current))
    return depth
