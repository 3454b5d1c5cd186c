"""Target expressions: a whitelisted grammar, exact rationals and certified evaluation.

``"pi^2/6"``, ``"exp(2/3)"`` or ``"besseli(1, 2)/besseli(0, 2)"`` are parsed by
a small grammar against a registry of named constants and functions (never
``eval``), folded exactly where rational, and evaluated by mpmath to certified
significant digits (:func:`evaluate`) or a rational enclosure of width about
``2^-bits`` (:func:`enclose`), each within a cost :class:`Budget` (working
precision and wall time) whose refusal is one sentence (:class:`CostError`).

    >>> from search.expressions import enclose, exact_value, parse_expression
    >>> exact_value(parse_expression("1/3 + 1/6"))
    Fraction(1, 2)
    >>> lo, hi = enclose("exp(2/3)", 32)
    >>> float(lo) < 1.9477340410546758 < float(hi)
    True

The modules, one job each: :mod:`.errors` (the one-sentence errors),
:mod:`.tree` (syntax tree and printing), :mod:`.parser` (the grammar),
:mod:`.exact` (exact rationals), :mod:`.registry` (constants and functions),
:mod:`.bounds` (derivative bounds), :mod:`.mpnumbers` (magnitudes and exact
conversions), :mod:`.propagation` (one evaluation with error bounds),
:mod:`.budget` and :mod:`.deadline` (the cost budget and its wall-time
limit) and :mod:`.evaluator` (the precision loop).  Importing the package imports
neither mpmath nor gmpy2.
"""

from __future__ import annotations

from .budget import DEFAULT_SECONDS, MAX_WORK_BITS, Budget
from .errors import CostError, ExpressionError, PrecisionError
from .evaluator import MAX_BITS, MAX_DIGITS, enclose, evaluate
from .exact import MAX_EXACT_BITS, exact_binop, exact_power, exact_value
from .parser import MAX_DEPTH, MAX_LENGTH, MAX_TREE_DEPTH, parse
from .registry import CONSTANTS, FUNCTIONS, Constant, Function, list_constants, list_functions, parse_expression
from .registry import function_arities, name_whitelist, resolve, resolve_function
from .tree import BinOp, Call, Name, Neg, Node, Number, iter_nodes

__all__ = [
    "CONSTANTS", "DEFAULT_SECONDS", "FUNCTIONS", "MAX_BITS", "MAX_WORK_BITS", "Budget", "CostError", "MAX_DEPTH", "MAX_DIGITS", "MAX_EXACT_BITS", "MAX_LENGTH",
    "MAX_TREE_DEPTH", "BinOp", "Call", "Constant", "ExpressionError", "Function", "Name", "Neg", "Node",
    "Number", "PrecisionError", "enclose", "evaluate", "exact_binop", "exact_power", "exact_value",
    "function_arities", "iter_nodes", "list_constants", "list_functions", "name_whitelist", "parse",
    "parse_expression", "resolve", "resolve_function",
]
