"""Tests for search.constants: registry, evaluation, enclosures, error messages."""

from __future__ import annotations

import math
import re
import subprocess
import sys
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import gmpy2
import mpmath
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from search.constants import (
    CONSTANTS,
    FUNCTIONS,
    PrecisionError,
    enclose,
    evaluate,
    function_arities,
    list_constants,
    list_functions,
    name_whitelist,
    parse_expression,
    resolve,
    resolve_function,
)
from search.expr import BinOp, Call, ExpressionError, Name, Neg, Node, Number

ROOT = Path(__file__).resolve().parents[2]

# Well-known decimal expansions (OEIS A000796, A001113, A001620, A006752, A002117,
# A001622, A002162, A002193, A074962, A002210), truncated to 50 digits.
KNOWN_DIGITS = {
    "pi": "3.14159265358979323846264338327950288419716939937510",
    "e": "2.71828182845904523536028747135266249775724709369995",
    "euler_gamma": "0.57721566490153286060651209008240243104215933593992",
    "catalan": "0.91596559417721901505460351493238411077414937428167",
    "zeta3": "1.20205690315959428539973816151144999076498629234049",
    "phi": "1.61803398874989484820458683436563811772030917980576",
    "log2": "0.69314718055994530941723212145817656807550013436025",
    "sqrt2": "1.41421356237309504880168872420969807856967187537694",
    "glaisher": "1.28242712910062263687534256886979172776768892732500",
    "khinchin": "2.68545200106530644530971483548179569382038229399446",
}


MPMATH_CONSTANTS = {
    "pi": lambda: mpmath.pi,
    "e": lambda: mpmath.exp(1),
    "euler_gamma": lambda: mpmath.euler,
    "catalan": lambda: mpmath.catalan,
    "zeta3": lambda: mpmath.zeta(3),
    "phi": lambda: (1 + mpmath.sqrt(5)) / 2,
    "log2": lambda: mpmath.log(2),
    "sqrt2": lambda: mpmath.sqrt(2),
    "glaisher": lambda: mpmath.glaisher,
    "khinchin": lambda: mpmath.khinchin,
}


@pytest.fixture(autouse=True)
def _restore_mpmath_precision() -> Iterator[None]:
    prec = mpmath.mp.prec
    yield
    assert mpmath.mp.prec == prec, "evaluate/enclose must not change the global mpmath precision"
    mpmath.mp.prec = prec


def high(value_fn: Any, digits: int) -> Any:
    """Reference value computed directly with mpmath at ``digits`` decimal digits."""
    with mpmath.workdps(digits):
        return +value_fn()


def to_fraction(x: Any) -> Fraction:
    """Exact rational value of an mpf or gmpy2.mpq."""
    if isinstance(x, type(gmpy2.mpq())):
        return Fraction(int(x.numerator), int(x.denominator))
    sign, man, exp, _bc = x._mpf_
    value = Fraction(man) * (Fraction(2) ** exp)
    return -value if sign else value


def rel_error(a: Any, b: Any) -> Any:
    with mpmath.workdps(400):
        return abs(mpmath.mpf(a) - mpmath.mpf(b)) / abs(mpmath.mpf(b))


def assert_one_sentence(message: str) -> None:
    assert "\n" not in message
    assert not re.search(r"[.!?]\s+[A-Z]", message), message
    assert not message.endswith("."), message


# ---------------------------------------------------------------------------
# Registry
# ---------------------------------------------------------------------------


def test_constant_names_and_aliases() -> None:
    names = {c.name for c in list_constants()}
    assert names == {
        "e", "pi", "phi", "sqrt2", "log2", "log10", "euler_gamma", "catalan", "zeta3", "khinchin", "glaisher",
    }
    assert resolve("apery") is resolve("zeta3")
    assert resolve("euler").name == "euler_gamma"
    assert resolve("ln2").name == "log2"
    assert resolve("golden").name == "phi"
    assert {"apery", "euler", "ln2", "ln10", "golden"} <= name_whitelist()
    for const in CONSTANTS:
        assert const.description and "\n" not in const.description
    assert "slow" in resolve("khinchin").description


def test_function_registry() -> None:
    arities = function_arities()
    expected = {
        "exp": 1, "log": 1, "ln": 1, "sqrt": 1, "sin": 1, "cos": 1, "tan": 1, "cot": 1, "atan": 1, "sinh": 1,
        "cosh": 1, "tanh": 1, "coth": 1, "besseli": 2, "besselj": 2, "zeta": 1, "gamma": 1, "polylog": 2,
    }
    assert arities == expected
    assert resolve_function("ln") is resolve_function("log")
    assert {f.name for f in list_functions()} == set(expected) - {"ln"}
    assert all(f.signature.startswith(f.name + "(") for f in FUNCTIONS)
    assert not name_whitelist() & set(arities)


def test_resolve_unknown() -> None:
    with pytest.raises(ExpressionError) as info:
        resolve("catalen")
    assert str(info.value) == "unknown constant 'catalen' (did you mean 'catalan'?)"
    with pytest.raises(ExpressionError, match="unknown function 'expp'"):
        resolve_function("expp")


def test_constant_value_method() -> None:
    assert mpmath.nstr(resolve("pi").value(20), 20) == "3.1415926535897932385"


def test_importing_constants_is_cheap() -> None:
    code = (
        "import sys, search.constants, search.expr\n"
        "assert 'mpmath' not in sys.modules and 'gmpy2' not in sys.modules, sorted(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_parse_expression_uses_the_registry() -> None:
    tree = parse_expression("apery + besselj(0, 2*n)", variables=("n",))
    assert str(tree) == "apery + besselj(0, 2*n)"
    with pytest.raises(ExpressionError, match="unknown name 'n'"):
        parse_expression("n + 1")
    with pytest.raises(ExpressionError, match="clashes with the built-in constant"):
        parse_expression("pi + 1", variables=("pi",))
    with pytest.raises(ExpressionError, match="invalid variable name"):
        parse_expression("1", variables=("2x",))


# ---------------------------------------------------------------------------
# evaluate
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(KNOWN_DIGITS))
def test_known_digits(name: str) -> None:
    digits = KNOWN_DIGITS[name]
    value = evaluate(name, 60)
    assert isinstance(value, mpmath.mpf)
    assert mpmath.nstr(value, 60).startswith(digits[:-1])  # last literal digit may round up
    # and against mpmath itself at 200 digits
    reference = high(MPMATH_CONSTANTS[name], 200)
    assert rel_error(value, reference) < mpmath.mpf(10) ** -59


def test_pi_to_50_digits() -> None:
    value = evaluate("pi", 50)
    assert mpmath.nstr(value, 50) == "3.1415926535897932384626433832795028841971693993751"
    with mpmath.workdps(200):
        assert abs(value - mpmath.pi) < mpmath.mpf(10) ** -50


def test_result_is_rounded_to_the_requested_precision() -> None:
    value = evaluate("pi", 50)
    assert value._mpf_[3] <= mpmath.libmp.dps_to_prec(50)  # mantissa bit count


def test_zeta3_is_apery() -> None:
    a, b, c = evaluate("zeta3", 80), evaluate("apery", 80), evaluate("zeta(3)", 80)
    assert a == b
    assert rel_error(a, c) < mpmath.mpf(10) ** -79


def test_exp_of_rational_uses_the_exact_rational() -> None:
    value = evaluate("exp(2/3)", 60)
    with mpmath.workdps(200):
        exact = mpmath.exp(mpmath.mpf(2) / 3)
        floaty = mpmath.exp(mpmath.mpf(2 / 3))  # what exp(0.6666666666666666) would give
    assert rel_error(value, exact) < mpmath.mpf(10) ** -59
    assert rel_error(value, floaty) > mpmath.mpf(10) ** -20


def test_decimal_inputs_are_exact() -> None:
    value = evaluate("exp(0.1)", 60)
    with mpmath.workdps(200):
        exact = mpmath.exp(mpmath.mpf(1) / 10)
    assert rel_error(value, exact) < mpmath.mpf(10) ** -59


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        ("pi^2/6", lambda: mpmath.pi**2 / 6),
        ("zeta(2) - pi^2/6 + 1", lambda: mpmath.mpf(1)),
        ("besseli(1, 2)/besseli(0, 2)", lambda: mpmath.besseli(1, 2) / mpmath.besseli(0, 2)),
        ("besselj(1/3, 5)", lambda: mpmath.besselj(mpmath.mpf(1) / 3, 5)),
        ("gamma(1/4)^2", lambda: mpmath.gamma(mpmath.mpf(1) / 4) ** 2),
        ("polylog(2, 1/2)", lambda: mpmath.pi**2 / 12 - mpmath.log(2) ** 2 / 2),
        ("polylog(3, -1/2)", lambda: mpmath.polylog(3, -mpmath.mpf(1) / 2)),
        ("4*atan(1)", lambda: mpmath.pi),
        ("coth(1) - cot(1) + tanh(1/2) + sinh(2) - cosh(2)", lambda: mpmath.coth(1) - mpmath.cot(1) + mpmath.tanh(0.5) - mpmath.exp(-2)),
        ("log(10) - log10 + ln(2) - ln2 + sqrt(2) - sqrt2 + 1", lambda: mpmath.mpf(1)),
        ("2^(1/2) * 2^0.5", lambda: mpmath.mpf(2)),
        ("e^pi - pi^e", lambda: mpmath.e**mpmath.pi - mpmath.pi**mpmath.e),
        ("-2^2 + 2^-1", lambda: mpmath.mpf(-3.5)),
        ("1/3", lambda: mpmath.mpf(1) / 3),
        ("exp(100) - exp(100) + pi", lambda: mpmath.pi),
        ("(2^200 + pi) - 2^200", lambda: mpmath.pi),
        ("1 - cos(10^-30)", lambda: 2 * mpmath.sin(mpmath.mpf(10) ** -30 / 2) ** 2),
        ("sin(pi/6)", lambda: mpmath.mpf(0.5)),
        ("tan(pi/2 - 10^-40)", lambda: mpmath.cot(mpmath.mpf(10) ** -40)),
        ("polylog(2.5, -3)", lambda: mpmath.polylog(2.5, -3).real),
    ],
)
def test_evaluate_against_mpmath(text: str, reference: Any) -> None:
    digits = 60
    value = evaluate(text, digits)
    ref = high(reference, 150)
    assert rel_error(value, ref) < mpmath.mpf(10) ** -(digits - 1)


def test_variables() -> None:
    assert evaluate("x^2 + 1", 30, {"x": mpmath.mpf(2)}) == 5
    assert evaluate("n/3", 30, {"n": 1}) == evaluate("1/3", 30)
    value = evaluate("exp(t)", 40, {"t": Fraction(2, 3)})
    assert value == evaluate("exp(2/3)", 40)
    with pytest.raises(ExpressionError, match="clashes"):
        evaluate("e + 1", 10, {"e": 1})
    with pytest.raises(ExpressionError, match="not finite"):
        evaluate("x", 10, {"x": mpmath.inf})


def test_evaluate_accepts_a_tree() -> None:
    tree = BinOp("*", Number(Fraction(4)), Call("atan", (Number(Fraction(1)),)))
    assert evaluate(tree, 40) == evaluate("pi", 40)
    assert evaluate(Neg(Name("pi")), 20) + evaluate("pi", 20) == 0


def test_exact_results_are_rounded_once() -> None:
    value = evaluate("1/3 + 1/6 - 1/2 + 1/7", 50)
    with mpmath.workprec(mpmath.libmp.dps_to_prec(50)):
        assert value == mpmath.mpf(1) / 7
    assert evaluate("0*pi", 10) == 0
    assert evaluate("pi - pi", 10) == 0


@pytest.mark.parametrize("digits", [0, -1, 10**7, 2.5, True])
def test_bad_digits(digits: Any) -> None:
    with pytest.raises(ValueError, match="digits must be an integer"):
        evaluate("pi", digits)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("log(-1)", """log(-1) has no real value at position 1 in "log(-1)" (its value is complex)"""),
        ("sqrt(-2)", """sqrt(-2) has no real value at position 1 in "sqrt(-2)" (its value is complex)"""),
        ("1/0", """division by zero at position 2 in "1/0\""""),
        ("2 + 1/(1 - 1)", """division by zero at position 6 in "2 + 1/(1 - 1)\""""),
        ("pi/0", """division by zero at position 3 in "pi/0" (the divisor evaluates to 0)"""),
        ("gamma(0)", """gamma(0) cannot be evaluated at position 1 in "gamma(0)" (gamma function pole)"""),
        ("zeta(1)", """zeta(1) cannot be evaluated at position 1 in "zeta(1)" (zeta(1) pole)"""),
        ("cot(0)", """cot(0) is infinite at position 1 in "cot(0)" (a pole or singularity)"""),
        ("log(0)", """log(0) is infinite at position 1 in "log(0)" (a pole or singularity)"""),
        ("(-8)^(1/3)", """(-8)^(1/3) has no real value at position 5 in "(-8)^(1/3)" """
         """(a negative number raised to a non-integer power)"""),
        ("polylog(2, 2)", """polylog(2, 2) has no real value at position 1 in "polylog(2, 2)" (its value is complex)"""),
        ("exp(10^20)", """the argument of 'exp' is too large at position 1 in "exp(10^20)" (about 2^67 in magnitude)"""),
        ("exp(1", """missing ')' at position 6 in "exp(1" (to close '(' at position 4)"""),
        ("foo", """unknown name 'foo' at position 1 in "foo\""""),
        ("2 +", """unexpected end of input at position 4 in "2 +" (expected a number, name or '(' after '+')"""),
        ("exp(1, 2)", """wrong number of arguments for 'exp' at position 1 in "exp(1, 2)" """
         """(it takes 1 argument but 2 were given)"""),
        ("3 $ 4", """unexpected character '$' at position 3 in "3 $ 4\""""),
    ],
)
def test_evaluation_error_messages(text: str, expected: str) -> None:
    with pytest.raises(ExpressionError) as info:
        evaluate(text, 30)
    message = str(info.value)
    assert message == expected
    assert_one_sentence(message)


@pytest.mark.parametrize(
    ("text", "culprit"),
    [
        ("tan(pi/2)", "tan(pi/2) at position 1"),
        ("1 + cot(pi)", "cot(pi) at position 5"),
        ("sin(pi)", "sin(pi) at position 1"),
        ("exp(1) - e", "exp(1) - e at position 8"),
        ("zeta3 - apery", "zeta3 - apery at position 7"),
    ],
)
def test_unstable_values_raise_precision_error(text: str, culprit: str) -> None:
    with pytest.raises(PrecisionError) as info:
        evaluate(text, 30)
    message = str(info.value)
    assert message.startswith(f"precision lost in {culprit}")
    assert "30 significant digits cannot be certified" in message
    assert_one_sentence(message)


def test_division_by_an_inexact_zero() -> None:
    with pytest.raises(PrecisionError) as info:
        evaluate("1/(exp(1) - e)", 20)
    message = str(info.value)
    assert message.startswith('division by zero at position 2 in "1/(exp(1) - e)" (the divisor evaluates to 0, even at')
    assert_one_sentence(message)


def test_precision_error_hierarchy() -> None:
    assert issubclass(PrecisionError, ArithmeticError)
    assert issubclass(PrecisionError, ExpressionError)
    assert issubclass(PrecisionError, ValueError)


# ---------------------------------------------------------------------------
# enclose
# ---------------------------------------------------------------------------


def check_enclosure(text: str, bits: int, reference: Any) -> None:
    lo, hi = enclose(text, bits)
    assert isinstance(lo, type(gmpy2.mpq())) and isinstance(hi, type(gmpy2.mpq()))
    ref = to_fraction(high(reference, bits + 300))
    flo, fhi = to_fraction(lo), to_fraction(hi)
    assert flo <= ref <= fhi, (text, bits)
    width = fhi - flo
    assert Fraction(1, 2**bits) <= width <= Fraction(5, 2**bits)


@pytest.mark.parametrize("bits", [1, 10, 64, 256, 1000, 3000])
def test_enclose_pi(bits: int) -> None:
    check_enclosure("pi", bits, lambda: mpmath.pi)


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        ("e", lambda: mpmath.e),
        ("-zeta3", lambda: -mpmath.zeta(3)),
        ("exp(2/3)", lambda: mpmath.exp(mpmath.mpf(2) / 3)),
        ("khinchin", lambda: mpmath.khinchin),
        ("catalan - 1", lambda: mpmath.catalan - 1),
        ("sin(pi)", lambda: mpmath.mpf(0)),
        ("exp(1) - e", lambda: mpmath.mpf(0)),
        ("exp(-1000)", lambda: mpmath.exp(-1000)),
        ("exp(-exp(20))", lambda: mpmath.mpf(0)),
        ("(2^200 + pi) - 2^200", lambda: mpmath.pi),
        ("((1 + exp(-700)) - 1)*2^1000", lambda: mpmath.exp(-700) * mpmath.mpf(2) ** 1000),
        ("sin(pi*2^100 + 1)", lambda: mpmath.sin(1)),
        ("besselj(0, 2.404825557695773)", lambda: mpmath.besselj(0, mpmath.mpf("2.404825557695773"))),
        ("2^30 + pi", lambda: mpmath.mpf(2) ** 30 + mpmath.pi),
    ],
)
@pytest.mark.parametrize("bits", [64, 512])
def test_enclose_contains_a_much_more_precise_value(text: str, reference: Any, bits: int) -> None:
    check_enclosure(text, bits, reference)


@pytest.mark.parametrize(
    ("text", "value"),
    [("1/3", Fraction(1, 3)), ("0.25 + 1/6", Fraction(5, 12)), ("2^-3", Fraction(1, 8)), ("-(2/3)^2", Fraction(-4, 9)),
     ("pi - pi + 1/7", Fraction(1, 7)), ("0*khinchin", Fraction(0))],
)
def test_enclose_exact_rational_is_exact(text: str, value: Fraction) -> None:
    lo, hi = enclose(text, 64)
    assert lo == hi == gmpy2.mpq(value.numerator, value.denominator)
    assert isinstance(lo, type(gmpy2.mpq()))


@pytest.mark.parametrize("bits", [32, 64, 200])
def test_enclose_cancellation_is_correct_or_refused(bits: int) -> None:
    for text, reference in [
        ("exp(100) - exp(100) + pi", lambda: mpmath.pi),
        ("exp(100) - (exp(100) - pi)", lambda: mpmath.pi),
        ("(exp(50) + 1/3) - exp(50)", lambda: mpmath.mpf(1) / 3),
        ("(1 + 10^-60) - 1 + pi - pi", lambda: mpmath.mpf(10) ** -60),
    ]:
        try:
            lo, hi = enclose(text, bits)
        except PrecisionError:
            continue
        ref = to_fraction(high(reference, 500))
        assert to_fraction(lo) <= ref <= to_fraction(hi), text


def test_enclose_refuses_poles_and_huge_values() -> None:
    with pytest.raises(PrecisionError, match=r"precision lost in tan\(pi/2\) at position 1"):
        enclose("tan(pi/2)", 64)
    with pytest.raises(PrecisionError, match=r"the value is about 2\^144 in magnitude"):
        enclose("exp(100)", 64)
    check_enclosure("exp(100)", 400, lambda: mpmath.exp(100))
    with pytest.raises(PrecisionError):
        enclose("1/(exp(1) - e)", 64)


def test_enclose_errors_quote_the_text() -> None:
    with pytest.raises(ExpressionError) as info:
        enclose("log(-2)", 64)
    assert str(info.value) == 'log(-2) has no real value at position 1 in "log(-2)" (its value is complex)'
    with pytest.raises(ValueError, match="bits must be an integer"):
        enclose("pi", 0)


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
def test_enclosure_is_never_wrong(tree: Node, bits: int) -> None:
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
def test_evaluate_is_never_wrong(tree: Node) -> None:
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
    assert rel_error(value, ref) < mpmath.mpf(10) ** -(digits - 1), str(tree)


def test_khinchin_is_usable_at_moderate_precision() -> None:
    value = evaluate("khinchin", 300)
    assert mpmath.nstr(value, 60).startswith(KNOWN_DIGITS["khinchin"][:-1])
    assert math.isclose(float(value), 2.6854520010653064)
