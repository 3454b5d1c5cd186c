"""Tests for search.expressions.evaluator: certified digits, rational enclosures, error messages."""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import gmpy2
import mpmath
import pytest

from search.expressions import BinOp, Call, ExpressionError, Name, Neg, Number, PrecisionError, enclose, evaluate

Check = Callable[..., None]

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


# ---------------------------------------------------------------------------
# evaluate
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(KNOWN_DIGITS))
def test_known_digits(high: Any, rel_error: Any, name: str) -> None:
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
    with mpmath.workprec(mpmath.libmp.dps_to_prec(50)):
        assert +value == value  # rounding to the target precision changes nothing


def test_zeta3_is_apery(rel_error: Any) -> None:
    a, b, c = evaluate("zeta3", 80), evaluate("apery", 80), evaluate("zeta(3)", 80)
    assert a == b
    assert rel_error(a, c) < mpmath.mpf(10) ** -79


def test_exp_of_rational_uses_the_exact_rational(rel_error: Any) -> None:
    value = evaluate("exp(2/3)", 60)
    with mpmath.workdps(200):
        exact = mpmath.exp(mpmath.mpf(2) / 3)
        floaty = mpmath.exp(mpmath.mpf(2 / 3))  # what exp(0.6666666666666666) would give
    assert rel_error(value, exact) < mpmath.mpf(10) ** -59
    assert rel_error(value, floaty) > mpmath.mpf(10) ** -20


def test_decimal_inputs_are_exact(rel_error: Any) -> None:
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
def test_evaluate_against_mpmath(high: Any, rel_error: Any, text: str, reference: Any) -> None:
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
        ("exp(10^20)", """the argument of 'exp' is too large at position 1 in "exp(10^20)" (about 2^67 in magnitude, the limit is 2^36)"""),
        ("exp(1", """missing ')' at position 6 in "exp(1" (to close '(' at position 4)"""),
        ("foo", """unknown name 'foo' at position 1 in "foo\""""),
        ("2 +", """unexpected end of input at position 4 in "2 +" (expected a number, name or '(' after '+')"""),
        ("exp(1, 2)", """wrong number of arguments for 'exp' at position 1 in "exp(1, 2)" """
         """(it takes 1 argument but 2 were given)"""),
        ("3 $ 4", """unexpected character '$' at position 3 in "3 $ 4\""""),
        # mpmath's series gives up with NoConvergence (not a ValueError): still one sentence
        ("besselj(10^6, 10^6)", """besselj(10^6, 10^6) cannot be evaluated at position 1 in "besselj(10^6, 10^6)" """
         """(hypergeometric series converges too slowly)"""),
    ],
)
def test_evaluation_error_messages(one_sentence: Check, text: str, expected: str) -> None:
    with pytest.raises(ExpressionError) as info:
        evaluate(text, 30)
    message = str(info.value)
    assert message == expected
    one_sentence(message, lowercase=False)


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
def test_unstable_values_raise_precision_error(one_sentence: Check, text: str, culprit: str) -> None:
    with pytest.raises(PrecisionError) as info:
        evaluate(text, 30)
    message = str(info.value)
    assert message.startswith(f"precision lost in {culprit}")
    assert "30 significant digits cannot be certified" in message
    one_sentence(message, lowercase=False)


def test_division_by_an_inexact_zero(one_sentence: Check) -> None:
    with pytest.raises(PrecisionError) as info:
        evaluate("1/(exp(1) - e)", 20)
    message = str(info.value)
    assert message.startswith('division by zero at position 2 in "1/(exp(1) - e)" (the divisor evaluates to 0, even at')
    one_sentence(message, lowercase=False)


# ---------------------------------------------------------------------------
# enclose
# ---------------------------------------------------------------------------


@pytest.fixture
def check_enclosure(high: Any, to_fraction: Any) -> Check:
    """Assert that ``enclose(text, bits)`` holds a much more precise ``reference()`` with width 1 to 5 ulps."""

    def check(text: str, bits: int, reference: Any) -> None:
        lo, hi = enclose(text, bits)
        assert isinstance(lo, type(gmpy2.mpq())) and isinstance(hi, type(gmpy2.mpq()))
        ref = to_fraction(high(reference, bits + 300))
        flo, fhi = to_fraction(lo), to_fraction(hi)
        assert flo <= ref <= fhi, (text, bits)
        width = fhi - flo
        assert Fraction(1, 2**bits) <= width <= Fraction(5, 2**bits)

    return check


@pytest.mark.parametrize("bits", [1, 10, 64, 256, 1000, 3000])
def test_enclose_pi(check_enclosure: Check, bits: int) -> None:
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
def test_enclose_contains_a_much_more_precise_value(check_enclosure: Check, text: str, reference: Any, bits: int) -> None:
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
def test_enclose_cancellation_is_correct_or_refused(high: Any, to_fraction: Any, bits: int) -> None:
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


def test_enclose_refuses_poles_and_encloses_large_values(check_enclosure: Check) -> None:
    with pytest.raises(PrecisionError, match=r"precision lost in tan\(pi/2\) at position 1"):
        enclose("tan(pi/2)", 64)
    check_enclosure("exp(100)", 64, lambda: mpmath.exp(100))
    check_enclosure("exp(100)", 400, lambda: mpmath.exp(100))
    check_enclosure("-gamma(60)/7", 20, lambda: -mpmath.gamma(60) / 7)
    with pytest.raises(PrecisionError):
        enclose("1/(exp(1) - e)", 64)


def test_enclose_errors_quote_the_text() -> None:
    with pytest.raises(ExpressionError) as info:
        enclose("log(-2)", 64)
    assert str(info.value) == 'log(-2) has no real value at position 1 in "log(-2)" (its value is complex)'
    with pytest.raises(ValueError, match="bits must be an integer"):
        enclose("pi", 0)



def test_khinchin_is_usable_at_moderate_precision() -> None:
    value = evaluate("khinchin", 300)
    assert mpmath.nstr(value, 60).startswith(KNOWN_DIGITS["khinchin"][:-1])
    assert math.isclose(float(value), 2.6854520010653064)
