"""Value texts of constants and comparing them as numbers (search.expressions.identity)."""

from __future__ import annotations

import random
from fractions import Fraction

import mpmath
import pytest

from search.expressions import ExpressionError
from search.expressions.identity import format_value, same_value, value_digits


def _mpmath_text(reference, digits: int) -> str:
    """mpmath's own rounding of a value computed at 1100 digits, in the d.ddd...e<E> layout."""
    with mpmath.workdps(1100):
        text = mpmath.nstr(reference(), digits, strip_zeros=False, min_fixed=1, max_fixed=0)
    mantissa, _, exponent = text.partition("e")
    return f"{mantissa}e{int(exponent or 0)}"


def test_value_digits_is_the_correct_rounding_against_mpmath_at_far_higher_precision():
    for expression, reference in (("e", lambda: mpmath.e + 0), ("exp(1/2)", lambda: mpmath.sqrt(mpmath.e)),
                                  ("besseli(1, 2)/besseli(0, 2)", lambda: mpmath.besseli(1, 2) / mpmath.besseli(0, 2)),
                                  ("-pi/1000", lambda: -mpmath.pi / 1000), ("10^40/7", lambda: mpmath.mpf(10) ** 40 / 7)):
        assert value_digits(expression, 1000) == _mpmath_text(reference, 1000), expression
    assert value_digits("e", 5) == "2.7183e0"


def test_one_number_written_three_ways_is_one_value_and_a_neighbour_is_not():
    e, exp1, twice = (value_digits(t) for t in ("e", "exp(1)", "2*e/2"))
    assert same_value(e, exp1, 1000) and same_value(e, twice, 1000)
    assert same_value(value_digits("exp(1/2)"), value_digits("sqrt(e)"), 1000)
    assert not same_value(e, value_digits("e + 10^-990"), 1000)   # differs in the 990th digit
    assert same_value(e, value_digits("e + 10^-990"), 980)         # not at 980 digits
    assert not same_value(value_digits("exp(1/2)"), value_digits("-exp(1/2)"), 1000)


def test_format_value_rounds_half_to_even_and_carries_into_the_exponent():
    assert format_value(Fraction(125, 100), 2) == "1.2e0" and format_value(Fraction(135, 100), 2) == "1.4e0"
    assert format_value(Fraction(99995, 10000), 4) == "1.000e1"
    assert format_value(Fraction(-3, 10**7), 1) == "-3e-7"
    assert format_value(Fraction(10**30), 3) == "1.00e30"


def test_same_value_tolerates_a_few_units_in_the_last_place_only():
    base = 271828182845904523536
    for delta, expected in ((0, True), (1, True), (4, True), (5, False), (-4, True), (-5, False)):
        a, b = str(base), str(base + delta)
        assert same_value(f"{a[0]}.{a[1:]}e0", f"{b[0]}.{b[1:]}e0", 21) is expected, delta
    assert same_value("9.99999999999999999999e-1", "1.00000000000000000000e0", 21)  # across the exponent
    assert same_value("0e0", "0e0", 5) and not same_value("0e0", "1.0e-300", 5)


def test_the_database_comparison_agrees_with_this_one_on_random_pairs():
    from db.values import same_value as db_same_value

    rng = random.Random(11)
    for _ in range(2000):
        digits = rng.randint(2, 40)
        m = rng.randint(10 ** (digits - 1), 10 ** digits - 1)
        e = rng.randint(-20, 20)
        m2 = m + rng.choice([0, 1, -1, 3, -3, 4, 5, -5, 7, 10 ** (digits - 1)])
        e2 = e
        if m2 >= 10 ** digits:
            m2, e2 = m2 // 10, e + 1
        if m2 < 10 ** (digits - 1):
            m2, e2 = m2 * 10 + rng.randint(0, 9), e - 1
        sign = rng.choice(["", "-"])
        a = f"{sign}{str(m)[0]}.{str(m)[1:]}e{e}"
        b = f"{sign}{str(m2)[0]}.{str(m2)[1:]}e{e2}"
        assert same_value(a, b, digits) == db_same_value(a, b, digits), (a, b)


def test_bad_input_is_refused_in_one_sentence():
    with pytest.raises(ExpressionError):
        value_digits("exp(")
    with pytest.raises(ValueError, match="value text"):
        same_value("2.718", "2.718e0", 4)
    with pytest.raises(ValueError, match="digits"):
        value_digits("e", 0)
