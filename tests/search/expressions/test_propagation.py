"""Tests for search.expressions.propagation: the running error bounds, against an independent evaluator."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import mpmath
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from search.expressions import BinOp, Call, ExpressionError, Name, Neg, Node, Number, enclose, evaluate, parse_expression
from search.expressions.propagation import MAX_MAGNITUDE_BITS, Unresolved, combine, run_at, snippet


def test_exact_parts_stay_exact() -> None:
    assert run_at(parse_expression("1/3 + 1/6 + (pi - pi)"), 80, {}).result == (Fraction(1, 2), -math.inf)
    trace = run_at(parse_expression("2^-3 * 0.5 + 1"), 80, {}).trace
    assert [t.value for t in trace][-1] == Fraction(17, 16) and all(t.err == -math.inf for t in trace)


def test_error_bounds_follow_the_working_precision() -> None:
    for prec in (64, 200, 1000):
        value, err = run_at(parse_expression("exp(1/3) * pi"), prec, {}).result
        assert -prec - 2 <= err <= -prec + 12
        with mpmath.workprec(prec + 100):
            truth = mpmath.exp(mpmath.mpf(1) / 3) * mpmath.pi
            assert abs(value - truth) < mpmath.ldexp(1, math.floor(err))


def test_cancellation_shows_in_the_bound() -> None:
    _value, err = run_at(parse_expression("(2^200 + pi) - 2^200"), 100, {}).result
    assert err > 90  # all 100 bits of pi lost below 2^200
    _value, err = run_at(parse_expression("1/(exp(1) - e + 2^-99)"), 100, {}).result
    assert err == math.inf  # the divisor cannot be told apart from zero


def test_a_rounded_zero_divisor_is_retryable() -> None:
    with pytest.raises(Unresolved) as info:
        run_at(parse_expression("1/(exp(1) - exp(1/2)^2)"), 100, {})
    assert info.value.error.problem == "division by zero"
    with pytest.raises(ExpressionError, match="division by zero"):
        run_at(parse_expression("pi/0"), 100, {})  # an exact zero: final


def test_magnitude_guard() -> None:
    with pytest.raises(ExpressionError, match="is too large"):
        run_at(parse_expression("pi^(2^50)"), 64, {})
    assert MAX_MAGNITUDE_BITS == 2**42


def test_helpers() -> None:
    assert combine(-10, -12, -math.inf) == -8 and combine(-math.inf) == -math.inf
    assert snippet(parse_expression("exp(1)")) == "exp(1)"
    assert snippet(parse_expression("exp(" + "+".join(["1"] * 30) + ")")) == "exp(...)"
    assert snippet(parse_expression("+".join(["pi"] * 20))) == "the '+' operation"


# A tiny independent evaluator: plain mpmath at high precision, no error model.
_MP_FUNCS = {
    "exp": mpmath.exp, "log": mpmath.log, "sin": mpmath.sin, "cos": mpmath.cos, "atan": mpmath.atan,
    "sqrt": mpmath.sqrt, "tanh": mpmath.tanh, "gamma": mpmath.gamma,
}
_MP_CONSTS = {
    "pi": lambda: mpmath.pi, "e": lambda: mpmath.e, "phi": lambda: mpmath.phi, "log2": lambda: mpmath.ln2,
    "catalan": lambda: mpmath.catalan, "euler_gamma": lambda: mpmath.euler, "zeta3": lambda: mpmath.zeta(3),
}


def reference_value(node: Node) -> Any:
    if isinstance(node, Number):
        return mpmath.mpf(node.value.numerator) / node.value.denominator
    if isinstance(node, Name):
        return +_MP_CONSTS[node.name]()
    if isinstance(node, Neg):
        return -reference_value(node.operand)
    if isinstance(node, Call):
        return _MP_FUNCS[node.func](*(reference_value(a) for a in node.args))
    assert isinstance(node, BinOp)
    a, b = reference_value(node.left), reference_value(node.right)
    if node.op == "^":
        if isinstance(node.right, Number) and node.right.value.denominator == 1:
            return a ** int(node.right.value)
        return mpmath.power(a, b)
    return {"+": a + b, "-": a - b, "*": a * b, "/": a / b if b else mpmath.inf}[node.op]


_leaves = st.one_of(
    st.builds(Name, st.sampled_from(sorted(_MP_CONSTS))),
    st.builds(lambda n, d: Number(Fraction(n, d)), st.integers(0, 50), st.sampled_from([1, 2, 4, 10])),
)


def _grow(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    return st.one_of(
        st.builds(BinOp, st.sampled_from("+-*/"), children, children),
        st.builds(lambda a, k: BinOp("^", a, Number(Fraction(k))), children, st.integers(-3, 4)),
        st.builds(Neg, children),
        st.builds(lambda f, a: Call(f, (a,)), st.sampled_from(sorted(_MP_FUNCS)), children),
        # deliberate cancellation: (big + x) - big
        st.builds(
            lambda big, x: BinOp("-", BinOp("+", big, x), big),
            st.builds(lambda k: Call("exp", (Number(Fraction(k)),)), st.integers(10, 120)),
            children,
        ),
    )


random_trees = st.recursive(_leaves, _grow, max_leaves=8)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_trees, st.sampled_from([16, 64, 160]))
def test_enclosure_is_never_wrong(to_fraction: Any, tree: Node, bits: int) -> None:
    """Either an error is raised, or the interval contains the true value."""
    try:
        with mpmath.workprec(4 * bits + 2000):
            ref = reference_value(tree)
            ok = isinstance(ref, mpmath.mpf) and mpmath.isfinite(ref)
    except (ValueError, ZeroDivisionError, OverflowError, ArithmeticError):
        ok = False
    assume(ok)
    try:
        lo, hi = enclose(tree, bits)
    except ExpressionError:  # includes PrecisionError
        return
    # The reference itself is only good to ~2^-(4 bits + 2000) relative; allow that.
    r = to_fraction(ref)
    slack = abs(r) * Fraction(1, 2 ** (4 * bits + 1000))
    assert to_fraction(lo) - slack <= r <= to_fraction(hi) + slack, str(tree)
    assert to_fraction(hi) - to_fraction(lo) <= Fraction(5, 2**bits)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_trees)
def test_evaluate_is_never_wrong(rel_error: Any, tree: Node) -> None:
    digits = 40
    try:
        with mpmath.workdps(600):
            ref = reference_value(tree)
            ok = isinstance(ref, mpmath.mpf) and mpmath.isfinite(ref) and ref != 0
    except (ValueError, ZeroDivisionError, OverflowError, ArithmeticError):
        ok = False
    assume(ok)
    try:
        value = evaluate(tree, digits)
    except ExpressionError:
        return


def test_an_exact_zero_of_a_function_stays_exact() -> None:
    for text in ("sin(0)", "besselj(1, 0)", "zeta(-2)", "tan(0)/pi", "log(1)*e"):
        assert run_at(parse_expression(text), 64, {}).result == (Fraction(0), -math.inf), text
    assert enclose("tan(polylog(log10, euler)*0*golden)/10^69/(pi - 0.000000001)", 84) == (0, 0)

