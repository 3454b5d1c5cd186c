r"""LaTeX for the expression trees of the constants' language (:mod:`search.expr`).

Named constants print as their usual symbols, functions as operators, quotients as ``\frac``
and only the brackets the precedence needs are written:

>>> from search.expressions import parse_expression
>>> print(to_latex(parse_expression("pi^2/6")))
\frac{\pi^{2}}{6}
>>> print(constant_latex("exp(1/2) - 2*tan(1)"))
e^{\frac{1}{2}} - 2 \cdot \tan\left(1\right)
>>> print(factor_latex("2*pi + 1"), factor_latex("zeta3"))
\left(2 \cdot \pi + 1\right) \zeta(3)
"""

from __future__ import annotations

from fractions import Fraction

from search.expressions import parse_expression, resolve, resolve_function
from search.expressions import BinOp, Call, Name, Neg, Node, Number

__all__ = ["ATOM", "POWER", "PRODUCT", "SUM", "UNARY", "constant_latex", "factor_latex", "latex_and_precedence",
           "to_latex"]

#: Precedences of printed LaTeX, loosest first: ``a + b``, ``a \cdot b``, ``-a``, ``a^{b}``, atoms.
SUM, PRODUCT, UNARY, POWER, ATOM = 1, 2, 3, 4, 5

_CONSTANTS = {
    "e": "e",
    "pi": r"\pi",
    "phi": r"\varphi",
    "sqrt2": r"\sqrt{2}",
    "log2": r"\ln 2",
    "log10": r"\ln 10",
    "euler_gamma": r"\gamma",
    "catalan": "G",
    "zeta3": r"\zeta(3)",
    "khinchin": "K_{0}",
    "glaisher": "A",
}
_FUNCTIONS = {
    "log": r"\ln", "sin": r"\sin", "cos": r"\cos", "tan": r"\tan", "cot": r"\cot", "atan": r"\arctan",
    "sinh": r"\sinh", "cosh": r"\cosh", "tanh": r"\tanh", "coth": r"\coth", "zeta": r"\zeta",
    "gamma": r"\Gamma",
}


def _bracket(body: str) -> str:
    return rf"\left({body}\right)"


def _text(text: str) -> str:
    r"""Text safe inside ``\mathrm{}``: letters, digits and a few punctuation marks; ``_`` escaped."""
    out = []
    for ch in text:
        if ch.isalnum() or ch in " .,:;()[]+-*/=<>!?'":
            out.append(ch)
        else:
            out.append(r"\_" if ch == "_" else " ")
    return "".join(out)


def _number(value: Fraction) -> tuple[str, int]:
    v = Fraction(value)
    if v.denominator == 1:
        return str(v.numerator), ATOM if v >= 0 else UNARY
    body = rf"\frac{{{abs(v.numerator)}}}{{{v.denominator}}}"
    return (body, ATOM) if v > 0 else ("-" + body, UNARY)


def _name(name: str) -> str:
    """A constant's symbol (aliases resolved), or an unknown name (a variable) as upright text."""
    if name not in _CONSTANTS:
        try:
            name = resolve(name).name
        except ValueError:
            return rf"\mathrm{{{_text(name)}}}"
    return _CONSTANTS.get(name, rf"\mathrm{{{_text(name)}}}")


def _call(node: Call) -> tuple[str, int]:
    args = [to_latex(a) for a in node.args]
    try:
        f = resolve_function(node.func).name
    except ValueError:
        f = node.func
    if f == "exp":
        return f"e^{{{args[0]}}}", POWER
    if f == "sqrt":
        return rf"\sqrt{{{args[0]}}}", ATOM
    if f in ("besseli", "besselj"):
        return rf"{'I' if f == 'besseli' else 'J'}_{{{args[0]}}}{_bracket(args[1])}", ATOM
    if f == "polylog":
        return rf"\operatorname{{Li}}_{{{args[0]}}}{_bracket(args[1])}", ATOM
    head = _FUNCTIONS.get(f, rf"\operatorname{{{_text(f)}}}")
    return head + _bracket(", ".join(args)), ATOM


def _binop(node: BinOp) -> tuple[str, int]:
    left, lp = latex_and_precedence(node.left)
    right, rp = latex_and_precedence(node.right)
    if node.op == "/":
        return rf"\frac{{{left}}}{{{right}}}", ATOM
    if node.op == "^":
        return f"{left if lp >= ATOM else _bracket(left)}^{{{right}}}", POWER
    if node.op == "*":
        left = left if lp >= PRODUCT else _bracket(left)
        right = right if rp >= UNARY else _bracket(right)
        return rf"{left} \cdot {right}", PRODUCT
    right = right if rp >= (PRODUCT if node.op == "-" else SUM) else _bracket(right)
    return f"{left} {node.op} {right}", SUM


def latex_and_precedence(node: Node) -> tuple[str, int]:
    r"""The LaTeX of an expression tree and its precedence (:data:`SUM` .. :data:`ATOM`).

    >>> from search.expressions import parse_expression
    >>> latex_and_precedence(parse_expression("-pi")), latex_and_precedence(parse_expression("1/3"))
    (('-\\pi', 3), ('\\frac{1}{3}', 5))
    """
    if isinstance(node, Number):
        return _number(node.value)
    if isinstance(node, Name):
        return _name(node.name), ATOM
    if isinstance(node, Neg):
        inner, prec = latex_and_precedence(node.operand)
        return "-" + (inner if prec >= UNARY else _bracket(inner)), UNARY
    if isinstance(node, Call):
        return _call(node)
    if isinstance(node, BinOp):
        return _binop(node)
    raise TypeError(f"not an expression node: {node!r}")


def to_latex(node: Node) -> str:
    r"""The LaTeX of an expression tree, e.g. ``\ln\left(2\right) + 1`` for ``log(2) + 1``."""
    return latex_and_precedence(node)[0]


def constant_latex(constant: str) -> str:
    r"""LaTeX of a constant or expression: ``pi`` -> ``\pi``, ``tan(1)`` -> ``\tan\left(1\right)``.

    >>> print(constant_latex("apery + ln(2)"))
    \zeta(3) + \ln\left(2\right)
    """
    return to_latex(parse_expression(constant))


def factor_latex(constant: str) -> str:
    r"""The constant's LaTeX, bracketed unless it stands as a factor or a power's base (a sum, a product,
    a negative number get ``\left(...\right)``): what ``2 c + 1`` needs for ``c``."""
    body, prec = latex_and_precedence(parse_expression(constant))
    return body if prec >= POWER else _bracket(body)
