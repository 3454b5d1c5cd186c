"""Certified evaluation: significant digits (:func:`evaluate`) and rational enclosures (:func:`enclose`).

Exact rational sub-expressions are folded exactly and a rational is rounded
*once*, at the working precision, when it meets an irrational operation:
``exp(2/3)`` is ``exp`` of the binary number nearest to 2/3, never of a float.

Each evaluation at ``goal + 64`` guard bits carries a running error bound
(:mod:`.propagation`).  When the bound misses the goal by a deficit, the
working precision is raised by the deficit and the evaluation repeated, which
handles cancellation such as ``(2^200 + pi) - 2^200`` or ``1 - cos(10^-30)``.
Finally the expression is evaluated again with 32 guard bits and the two
results must agree to the goal; otherwise :class:`PrecisionError` names the
sub-expression that lost its precision (``tan(pi/2)`` sits on a pole,
``sin(pi)`` cannot be told from zero).  This is not interval arithmetic, but a
wrong answer needs the error model *and* the two-precision check to fail.

    >>> import mpmath
    >>> mpmath.nstr(evaluate("pi", 30), 30)
    '3.14159265358979323846264338328'
    >>> lo, hi = enclose("1/3", 64)
    >>> lo == hi
    True

``mpmath`` and ``gmpy2`` are imported on first use, so importing this module
(and the command line interface) stays fast.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from .budget import Budget
from .errors import ExpressionError, PrecisionError, describe_int
from .mpnumbers import exact_rational, load_mpmath, magnitude, round_scaled
from .propagation import Run, Unresolved, run_at, snippet
from .registry import check_variable_names, parse_expression
from .tree import BinOp, Call, Name, Neg, Node, Number

if TYPE_CHECKING:  # pragma: no cover - typing only
    import gmpy2
    import mpmath

__all__ = ["MAX_BITS", "MAX_DIGITS", "enclose", "evaluate"]

#: Largest accepted ``digits`` for :func:`evaluate` and ``bits`` for :func:`enclose`.
MAX_DIGITS = 1_000_000
MAX_BITS = 4_000_000

_GUARD_HI = 64  # guard bits of the main evaluation
_GUARD_LO = 32  # guard bits of the verification evaluation
_SLACK = 48  # the error bound must be this many bits below the request
_MAX_ATTEMPTS = 6


def _loss_hint(t: Any, m: float, prec: int) -> str:
    """Why the traced node ``t`` (of magnitude ``m``) lost its precision."""
    node = t.node
    if t.err == math.inf and isinstance(node, BinOp) and node.op == "/":
        return "it divides by a value that cannot be told apart from zero"
    if t.err == math.inf:
        return "it is evaluated at or too near a singularity"
    if m == -math.inf or m < t.err + 2:
        if isinstance(node, BinOp) and node.op in "+-":
            return "its terms cancel to a value indistinguishable from zero"
        return f"its value is indistinguishable from zero at {prec} bits of working precision"
    if isinstance(node, Call):
        return "it is evaluated at or too near a singularity"
    if isinstance(node, BinOp) and node.op in "+-":
        return "catastrophic cancellation"
    return "too much precision is lost"


def _diagnose(runner: Run, goal: str, reason: str | None = None) -> PrecisionError:
    """Build a PrecisionError that names the first sub-expression that lost over half the precision."""
    prec = runner.prec
    for t in runner.trace:
        if isinstance(t.value, Fraction) or t.err == -math.inf:
            continue
        m = magnitude(t.value)
        lost = t.err - (m - prec) if m > -math.inf else math.inf
        if lost <= prec / 2:
            continue
        hint = _loss_hint(t, m, prec)
        return PrecisionError(
            f"precision lost in {snippet(t.node)}", t.node.pos, hint=f"{hint}, so {goal} cannot be certified"
        )
    return PrecisionError("precision was lost", hint=f"{reason or 'the result is unstable'}, so {goal} cannot be certified")


def _as_node(expr: str | Node, variables: Collection[str]) -> tuple[Node, str | None]:
    if isinstance(expr, str):
        return parse_expression(expr, variables), expr
    if isinstance(expr, (Number, Name, Call, BinOp, Neg)):
        return expr, None
    raise TypeError(f"expected an expression string or node, not {type(expr).__name__}")


def _stable(
    node: Node, goal_bits: int, absolute: bool, variables: Mapping[str, Fraction], goal: str, budget: Budget
) -> tuple[Any, Any]:
    """Evaluate until the error bound meets the goal, then verify at a 2nd precision.

    ``goal_bits`` is an absolute (``2^-goal_bits``) or relative accuracy;
    ``goal`` describes it for error messages.  Returns ``(value, check)``: an
    exact Fraction twice, or two mpf values computed at working precisions
    ``goal_bits + 64 + extra`` and ``goal_bits + 32 + extra``, where ``extra``
    starts at 0 and grows by the deficit of the error bound (for an absolute
    goal, by the value's magnitude at once).  A working precision above
    ``budget.max_bits`` raises :class:`CostError`.
    """
    cap = max(4 * (goal_bits + _GUARD_HI), 4096)
    extra = 0
    runner: Run | None = None
    unresolved: Unresolved | None = None
    reason = None
    for _attempt in range(_MAX_ATTEMPTS):
        prec = goal_bits + _GUARD_HI + extra
        budget.check_bits(prec, f"to certify {goal}")
        try:
            runner = run_at(node, prec, variables)
        except Unresolved as exc:
            unresolved = exc
            extra += max(64, prec)
            if extra > cap:
                break
            continue
        unresolved = None
        value, err = runner.result
        if isinstance(value, Fraction):
            return value, value
        m = magnitude(value)
        if absolute and m > 0 and err < m - 8:
            # A reliable magnitude (not a pole blowing up with precision): an absolute enclosure
            # needs m more significant bits, which the budget must allow.
            why = f"the value is about 2^{describe_int(m - 1)}, so {goal} needs {goal_bits + m} significant bits"
            budget.check_bits(goal_bits + _GUARD_HI + int(m), why)
            cap = max(cap, 4 * (goal_bits + _GUARD_HI) + int(m))
        wanted = -(goal_bits + _SLACK) if absolute else m - goal_bits - _SLACK
        if err > wanted:
            deficit = err - wanted
            extra += math.ceil(deficit) + 16 if math.isfinite(deficit) else max(64, prec)
            reason = f"the working precision needed exceeds {cap + goal_bits + _GUARD_HI} bits"
            if extra > cap:
                break
            continue
        try:
            check = run_at(node, goal_bits + _GUARD_LO + extra, variables).result[0]
        except Unresolved:
            check = None
        if check is not None and _agree(value, check, goal_bits, absolute):
            return value, check
        reason = "results at two working precisions disagree"
        extra += max(64, extra)
        if extra > cap:
            break
    if unresolved is not None:
        error = unresolved.error
        hint = f"{error.hint}, " if error.hint else ""
        hint += f"even at {goal_bits + _GUARD_HI + extra} bits of working precision"
        raise PrecisionError(error.problem, error.position, hint=hint)
    assert runner is not None
    raise _diagnose(runner, goal, reason)


def _certified(
    node: Node, text: str | None, goal_bits: int, absolute: bool, variables: Mapping[str, Fraction], goal: str,
    budget: Budget | None,
) -> tuple[Any, Any]:
    """:func:`_stable` within ``budget`` (started now unless it already was), errors quoting ``text``.

    The mpmath precision is restored whatever happens, an interruption included.
    """
    mp = load_mpmath().mp
    saved = mp.prec
    budget = (budget or Budget()).started()
    try:
        return budget.run(_stable, node, goal_bits, absolute, variables, goal, budget)
    except ExpressionError as exc:
        raise (exc.with_text(text) if text is not None else exc) from None
    finally:
        mp.prec = saved


def _agree(a: Any, b: Any, goal_bits: int, absolute: bool) -> bool:
    """Do two evaluations agree to the goal (absolute ``2^-goal_bits`` or relative)?"""
    if isinstance(a, Fraction) or isinstance(b, Fraction):
        return a == b
    if absolute:
        return abs(round_scaled(a, goal_bits) - round_scaled(b, goal_bits)) <= 1
    if a == 0 or b == 0:
        return a == b
    mp = load_mpmath().mp
    with mp.workprec(goal_bits + 2 * _GUARD_HI):
        diff = abs(mp.mpf(a) - mp.mpf(b))
    return diff == 0 or magnitude(diff) <= magnitude(a) - goal_bits - 4


def _prepare_variables(variables: Mapping[str, Any] | None) -> tuple[dict[str, Fraction], tuple[str, ...]]:
    if not variables:
        return {}, ()
    names = tuple(variables)
    check_variable_names(names)
    return {k: exact_rational(v, k) for k, v in variables.items()}, names


def evaluate(
    expr: str | Node, digits: int, variables: Mapping[str, Any] | None = None, *, budget: Budget | None = None
) -> mpmath.mpf:
    """Value of ``expr`` to ``digits`` significant decimal digits.

    The expression is evaluated with mpmath at ``digits`` plus guard digits
    (about 19), raised automatically when cancellation is detected, and checked
    against a second evaluation with fewer guard digits.  The result is an
    ``mpmath.mpf`` rounded to ``mpmath.libmp.dps_to_prec(digits)`` bits; its
    relative error is below ``2^-(that many bits)`` plus the rounding, unless
    the error model and the two-precision check both fail.
    Exact rational (sub)expressions are computed exactly and rounded once.

    Args:
        expr: expression text (see :func:`parse_expression`) or a parsed tree.
        digits: significant decimal digits wanted, 1 to 1,000,000.
        variables: values of free names, e.g. ``{"n": mpmath.mpf(3)}``; mpf,
            int, float and Fraction values are taken exactly.
        budget: working-precision and wall-time limits (default
            :class:`Budget()`: 2^24 bits, 600 s); a started budget shares
            its deadline with other calls.

    Raises:
        ExpressionError: bad syntax, unknown names, complex or infinite
            values (``log(-1)``, ``1/0``, ``gamma(0)``).
        PrecisionError: the value cannot be certified, e.g. ``tan(pi/2)`` or
            ``sin(pi)`` (indistinguishable from zero).
        CostError: the budget would be exceeded (a :class:`PrecisionError`).

    Example:
        >>> import mpmath
        >>> mpmath.nstr(evaluate("exp(2/3)", 20), 20)
        '1.9477340410546758566'
    """
    if isinstance(digits, bool) or not isinstance(digits, int) or not 1 <= digits <= MAX_DIGITS:
        raise ValueError(f"digits must be an integer from 1 to {MAX_DIGITS}, not {digits!r}")
    values, names = _prepare_variables(variables)
    node, text = _as_node(expr, names)
    mpmath = load_mpmath()
    libmp = mpmath.libmp
    target = libmp.dps_to_prec(digits)
    value, _check = _certified(node, text, target, False, values, f"{digits} significant digits", budget)
    if isinstance(value, Fraction):
        return mpmath.mp.make_mpf(libmp.from_rational(value.numerator, value.denominator, target, libmp.round_nearest))
    with mpmath.mp.workprec(target):
        return +value  # rounded to nearest at the target precision


def enclose(expr: str | Node, bits: int, *, budget: Budget | None = None) -> tuple[gmpy2.mpq, gmpy2.mpq]:
    """Rational enclosure ``lo <= value <= hi`` with ``hi - lo`` about ``2^-bits``.

    * An exact rational expression returns ``(v, v)`` exactly.
    * Otherwise the value is computed at working precisions ``bits + 64`` and
      ``bits + 32`` binary digits (both raised automatically when the error
      model sees cancellation), each rounded to ``m = round(v * 2^bits)``; the
      two must satisfy ``|m1 - m2| <= 1`` and the result is
      ``[(min(m1, m2) - 2)/2^bits, (max(m1, m2) + 2)/2^bits]`` -- an
      *absolute* width of at most ``5 * 2^-bits``.
    * Since the width is absolute, a value of magnitude ``2^m`` needs about
      ``bits + m`` correct significant bits (``exp(100)`` at 64 bits needs
      209): the working precision is raised by ``m`` at once, and refused
      (:class:`CostError`) only beyond the budget's ``max_bits``.

    Raises:
        PrecisionError: precision was lost (cancellation, poles).
        CostError: the budget (``budget``, as for :func:`evaluate`) would be
            exceeded, e.g. ``gamma(2^30)`` has 3*10^10 bits before the point.
        ExpressionError: invalid expression or non-real / infinite value.

    Example:
        >>> lo, hi = enclose("pi", 20)
        >>> float(lo) < 3.14159265 < float(hi), hi - lo <= 5 / 2**20
        (True, True)
    """
    if isinstance(bits, bool) or not isinstance(bits, int) or not 1 <= bits <= MAX_BITS:
        raise ValueError(f"bits must be an integer from 1 to {MAX_BITS}, not {bits!r}")
    import gmpy2

    node, text = _as_node(expr, ())
    value, check = _certified(node, text, bits, True, {}, f"an enclosure of width 2^-{bits}", budget)
    if isinstance(value, Fraction):
        q = gmpy2.mpq(value.numerator, value.denominator)
        return q, q
    m1 = round_scaled(value, bits)
    m2 = round_scaled(check, bits)
    scale = gmpy2.mpz(1) << bits
    return gmpy2.mpq(min(m1, m2) - 2, scale), gmpy2.mpq(max(m1, m2) + 2, scale)
