"""One evaluation of a tree at a fixed working precision, with running error bounds.

Values are exact ``Fraction`` objects (error exponent ``-inf``) or mpmath reals
with an error exponent ``E``: the absolute error is believed to be below
``2^E``.  The rules are first-order propagation,

* ``E(a +- b) ~ max(E(a), E(b))``,
* ``E(a * b) ~ max(E(a) + log2|b|, E(b) + log2|a|, E(a) + E(b))``,
* ``E(a / b) ~ max(E(a) - log2|b|, log2|a| + E(b) - 2 log2|b|)``,
* ``E(f(x)) ~ E(x) + log2|f'(x)|`` with the slope rules of :mod:`.bounds`,

each combined (within 2 bits) with the rounding of the result.  An exact
rational is rounded once, to the nearest binary number at the working
precision, when it meets an irrational operation.

    >>> from search.expressions.registry import parse_expression
    >>> value, err = run_at(parse_expression("exp(1/3)"), 100, {}).result
    >>> err < -90, abs(float(value) - 1.3956124250860895) < 1e-15
    (True, True)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .errors import CostError, ExpressionError, describe_int, first_sentence
from .exact import exact_binop
from .mpnumbers import load_mpmath, magnitude
from .registry import CONSTANTS_BY_NAME, FUNCTIONS_BY_NAME
from .tree import BinOp, Call, Name, Neg, Node, Number, iter_nodes

__all__ = ["MAX_MAGNITUDE_BITS", "Run", "Trace", "Unresolved", "combine", "run_at", "snippet"]

#: Largest magnitude (as a binary exponent) of any intermediate value.
MAX_MAGNITUDE_BITS = 2**42

#: A value and its error exponent: ``(Fraction, -inf)`` or ``(mpf, E)`` with error below ``2^E``.
Value = tuple[Any, float]


def snippet(node: Node) -> str:
    """Short text naming ``node`` in a message: its text, or ``exp(...)`` when over 40 characters."""
    text = str(node)
    if len(text) <= 40:
        return text
    if isinstance(node, Call):
        return f"{node.func}(...)"
    if isinstance(node, BinOp):
        return f"the '{node.op}' operation"
    return "the sub-expression"


def combine(*exps: float) -> float:
    """Upper bound for ``log2(sum 2^e)``: ``max(e) + 2`` (within 2 bits for up to 4 terms)."""
    top = max(exps)
    return top + 2 if top > -math.inf else top


@dataclass
class Trace:
    """One evaluated node: its value and error exponent, in evaluation order."""

    node: Node
    value: Any
    err: float


class Unresolved(Exception):
    """A rounded operand landed on a singular point (e.g. an inexact divisor is 0).

    The true operand may well be non-singular, so the evaluation is retried at
    a higher precision; ``error`` is what to report if it never resolves.
    """

    def __init__(self, error: ExpressionError) -> None:
        super().__init__(str(error))
        self.error = error


class Run:
    """One evaluation of a tree at ``prec`` bits, recording error bounds in ``trace``."""

    def __init__(self, mp: Any, prec: int, variables: Mapping[str, Fraction]) -> None:
        self.mp = mp
        self.prec = prec
        self.variables = variables
        self.trace: list[Trace] = []
        self.dropped = -math.inf
        self.result: Value = (None, math.inf)

    # -- helpers -----------------------------------------------------------
    def to_mp(self, value: Any) -> Value:
        """Mpmath-ready value and its error exponent (integers stay exact ints)."""
        if isinstance(value, Fraction):
            if value.denominator == 1:
                return int(value), -math.inf
            libmp = load_mpmath().libmp
            r = self.mp.make_mpf(libmp.from_rational(value.numerator, value.denominator, self.prec, libmp.round_nearest))
            return r, magnitude(r) - self.prec
        return value, -math.inf

    def rounding(self, r: Any, ulps: int = 0) -> float:
        """Error exponent of rounding ``r`` to ``prec`` bits, plus ``ulps`` bits of slack."""
        m = magnitude(r)
        return m - self.prec + ulps if m > -math.inf else -math.inf

    @staticmethod
    def fail(error: ExpressionError, inexact: bool) -> Exception:
        """The error to raise: retryable when an inexact operand caused it."""
        return Unresolved(error) if inexact else error

    def check_finite(self, node: Node, r: Any, what: str, inexact: bool = False) -> Any:
        """Reject complex, infinite, NaN and absurdly large values.

        A complex result whose imaginary part is at rounding-noise level
        (mpmath sometimes returns ``x + 1e-33j`` for real polylogarithms) is
        taken as real; the dropped magnitude is kept in ``self.dropped``.
        """
        mp = self.mp
        self.dropped = -math.inf
        if type(r).__name__ == "mpc":
            re_part, im_part = r.real, r.imag
            if im_part == 0 or magnitude(im_part) < magnitude(re_part) - self.prec + 24:
                self.dropped = magnitude(im_part)
                r = re_part
            else:
                err = ExpressionError(f"{what} has no real value", node.pos, hint="its value is complex")
                raise self.fail(err, inexact)
        if mp.isnan(r):
            raise self.fail(ExpressionError(f"{what} is undefined", node.pos), inexact)
        if mp.isinf(r):
            raise self.fail(ExpressionError(f"{what} is infinite", node.pos, hint="a pole or singularity"), inexact)
        m = magnitude(r)
        if m > -math.inf and abs(m) > MAX_MAGNITUDE_BITS:
            size = "large" if m > 0 else "small"
            raise ExpressionError(f"{what} is too {size}", node.pos, hint=f"about 2^{describe_int(m)} in magnitude")
        return r

    # -- evaluation ----------------------------------------------------------
    def run(self, root: Node) -> Value:
        """Evaluate every node bottom-up (shared subtrees once); the root's ``(value, err)``."""
        results: dict[int, Value] = {}
        for node in iter_nodes(root):
            if id(node) in results:
                continue
            value, err = self.step(node, results)
            if err == -math.inf and not isinstance(value, Fraction) and value == 0:
                # An error bound of 0 means exact operands and an exact zero: mpmath has no underflow
                # and says "may be zero" rather than return an unproven 0 (sin(0), besselj(1, 0),
                # zeta(-2), 0/pi), so the zero is exact and stays exact downstream.
                value = Fraction(0)
            results[id(node)] = (value, err)
            self.trace.append(Trace(node, value, err))
        return results[id(root)]

    def step(self, node: Node, results: dict[int, Value]) -> Value:
        """``(value, err)`` of one node from its children's (already in ``results``)."""
        if isinstance(node, Number):
            return Fraction(node.value), -math.inf
        if isinstance(node, Name):
            if node.name in self.variables:
                return self.variables[node.name], -math.inf
            const = CONSTANTS_BY_NAME.get(node.name)
            if const is None:
                raise ExpressionError(f"unknown name '{node.name}'", node.pos)
            r = +const.compute(self.mp)
            return r, self.rounding(r, 1)
        if isinstance(node, Neg):
            v, e = results[id(node.operand)]
            return -v, e
        if isinstance(node, BinOp):
            return self.binop(node, results[id(node.left)], results[id(node.right)])
        if isinstance(node, Call):
            return self.call(node, [results[id(a)] for a in node.args])
        raise TypeError(f"not an expression node: {node!r}")

    def binop(self, node: BinOp, left: Value, right: Value) -> Value:
        """``+ - * /`` with the bounds above (exact when both sides are); ``^`` goes to :meth:`power`."""
        (a, ea), (b, eb) = left, right
        op = node.op
        if isinstance(a, Fraction) and isinstance(b, Fraction):
            exact = exact_binop(op, a, b, node)
            if exact is not None:
                return exact, -math.inf
        if (op == "-" and node.left == node.right) or (
            op == "+" and (Neg(node.left) == node.right or node.left == Neg(node.right))
        ):
            return Fraction(0), -math.inf  # x - x and x + -x are exactly 0 whatever x is
        if op == "*" and any(isinstance(v, Fraction) and v == 0 for v in (a, b)):
            return Fraction(0), -math.inf
        if op == "^":
            return self.power(node, a, ea, b, eb)
        am, ca = self.to_mp(a)
        bm, cb = self.to_mp(b)
        ea, eb = max(ea, ca), max(eb, cb)
        ma, mb = magnitude(a), magnitude(b)
        if op in "+-":
            r = am + bm if op == "+" else am - bm
            err = combine(ea, eb, self.rounding(r))
        elif op == "*":
            r = am * bm
            err = combine(ea + mb, eb + ma, ea + eb, self.rounding(r))
        else:
            if bm == 0:
                error = ExpressionError("division by zero", node.pos, hint="the divisor evaluates to 0")
                raise self.fail(error, eb > -math.inf)
            r = am / bm
            if eb >= mb - 3:
                err = math.inf  # the divisor cannot be told apart from zero
            else:
                err = combine(ea - mb + 2, ma + eb - 2 * mb + 4, self.rounding(r))
        return self.check_finite(node, r, f"the result of '{op}'"), err

    def power(self, node: BinOp, a: Any, ea: float, b: Any, eb: float) -> Value:
        """``a^b``: repeated multiplication for an integer ``b``, else ``exp(b log a)`` for ``a > 0``."""
        mp = self.mp
        ma, mb = magnitude(a), magnitude(b)
        what = snippet(node)
        if isinstance(b, Fraction) and b.denominator == 1:
            n = int(b)
            if n == 0:
                return Fraction(1), -math.inf
            if ma > -math.inf and abs(n) * max(abs(ma), 1) > MAX_MAGNITUDE_BITS:
                raise ExpressionError(f"{what} is too large", node.pos, hint="the power overflows")
            am, ca = self.to_mp(a)
            ea = max(ea, ca)
            if am == 0 and n < 0:
                error = ExpressionError("division by zero", node.pos, hint="zero raised to a negative power")
                raise self.fail(error, ea > -math.inf)
            r = self.check_finite(node, mp.power(am, n), what)
            if ea == -math.inf:
                return r, self.rounding(r)
            rel = ea - (ma - 1)  # log2 of the relative error of the base
            err = math.inf if rel >= -3 else combine(magnitude(r) + math.log2(abs(n)) + rel + 1, self.rounding(r))
            return r, err
        # Non-integer or inexact exponent: a^b = exp(b log a), defined for a > 0.
        if ma > -math.inf and mb > -math.inf and mb + math.log2(abs(ma) + 1) > math.log2(MAX_MAGNITUDE_BITS):
            raise ExpressionError(f"{what} is too large", node.pos, hint="the power overflows or underflows")
        am, ca = self.to_mp(a)
        bm, cb = self.to_mp(b)
        ea, eb = max(ea, ca), max(eb, cb)
        near_zero = ea > -math.inf and ea + 4 >= ma
        if am < 0:
            error = ExpressionError(
                f"{what} has no real value", node.pos, hint="a negative number raised to a non-integer power"
            )
            raise self.fail(error, near_zero)
        if am == 0 and bm <= 0:
            error = ExpressionError("division by zero", node.pos, hint="zero raised to a non-positive power")
            raise self.fail(error, ea > -math.inf or eb > -math.inf)
        r = self.check_finite(node, mp.power(am, bm), what)
        if ea == -math.inf and eb == -math.inf:
            return r, self.rounding(r, 2)
        if am == 0 or near_zero:
            return r, math.inf
        rel_a = ea - (ma - 1)
        err = combine(magnitude(r) + mb + rel_a + 1, magnitude(r) + math.log2(abs(ma) + 1) + eb + 1, self.rounding(r, 2))
        return r, err

    def call(self, node: Call, args: list[Value]) -> Value:
        """A registry function; the error is ``max_i(E_i + slope_i)`` plus the rounding of the result."""
        mp = self.mp
        func = FUNCTIONS_BY_NAME.get(node.func)
        if func is None:
            raise ExpressionError(f"unknown function '{node.func}'", node.pos)
        if len(args) != func.arity:
            raise ExpressionError(
                f"wrong number of arguments for '{node.func}'",
                node.pos,
                hint=f"it takes {func.arity} but {len(args)} were given",
            )
        what = snippet(node)
        converted: list[Any] = []
        errs: list[float] = []
        for i, (value, err) in enumerate(args):
            m = magnitude(value)
            if m > func.arg_limit(i):
                which = "argument" if func.arity == 1 else ("order" if i == 0 else "argument")
                size = "too large" if value > 0 else "too large in magnitude"
                raise ExpressionError(
                    f"the {which} of '{node.func}' is {size}", node.pos,
                    hint=f"about 2^{describe_int(m)} in magnitude, the limit is 2^{func.arg_limit(i)}",
                )
            v, conv_err = self.to_mp(value)
            converted.append(v)
            errs.append(max(err, conv_err))
        refusal = func.refuse(tuple(converted))
        if refusal is not None:
            raise CostError(f"the call {what} is too costly to evaluate", node.pos, hint=refusal)
        inexact = any(e > -math.inf for e in errs)
        # Could rounding have pushed an argument across a branch point (0 or 1)?
        near_branch = any(
            e > -math.inf and (magnitude(v) <= e + 4 or magnitude(v - 1) <= e + 4) for v, e in zip(converted, errs)
        )
        try:
            r = func.compute(mp, *converted)
        except ZeroDivisionError:
            error = ExpressionError(f"{what} is infinite", node.pos, hint="a pole or singularity")
            raise self.fail(error, inexact) from None
        except Exception as exc:  # noqa: BLE001 - mpmath's failures (NoConvergence, TypeError, ...) are refusals
            raise self.fail(ExpressionError(f"{what} cannot be evaluated", node.pos, hint=_reason(exc)), inexact) from None
        if type(r).__name__ == "mpc" and not near_branch:
            inexact = False  # clearly complex, more precision will not help
        r = self.check_finite(node, r, what, inexact)
        err = max(self.rounding(r, 3), self.dropped + 1)
        for i, e in enumerate(errs):
            if e == -math.inf:
                continue
            slope = func.slope(mp, tuple(converted), r, i, e)
            err = max(err, e + slope)
        return r, combine(err)


def _reason(exc: Exception) -> str:
    """One-sentence reason for a failure inside mpmath: its own first sentence, or a generic one."""
    if isinstance(exc, (ValueError, ArithmeticError, NotImplementedError)) or type(exc).__name__ == "NoConvergence":
        text = first_sentence(str(exc)) or type(exc).__name__
        return text[0].lower() + text[1:] if text[1:2].islower() else text
    return "mpmath failed on these arguments"


def run_at(node: Node, prec: int, variables: Mapping[str, Fraction]) -> Run:
    """Evaluate ``node`` at ``prec`` bits of working precision; the result is in ``.result``.

    The global mpmath precision is restored afterwards.  Raises
    :class:`ExpressionError` for values that are certainly not real and
    finite, and :class:`Unresolved` when a rounded operand hit a singularity.
    """
    mp = load_mpmath().mp
    runner = Run(mp, prec, variables)
    with mp.workprec(prec):
        runner.result = runner.run(node)
    return runner
