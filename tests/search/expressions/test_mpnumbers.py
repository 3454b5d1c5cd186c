"""Tests for search.expressions.mpnumbers: magnitudes, exact scaled rounding, exact conversions."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import gmpy2
import mpmath
import pytest
from hypothesis import given
from hypothesis import strategies as st

from search.expressions.errors import ExpressionError
from search.expressions.exact import MAX_EXACT_BITS
from search.expressions.mpnumbers import exact_rational, magnitude, round_scaled


@pytest.mark.parametrize(
    ("x", "m"),
    [(Fraction(3, 4), 0), (Fraction(-5), 3), (7, 3), (-8, 4), (0, -math.inf), (Fraction(0), -math.inf)],
)
def test_magnitude_of_rationals(x: Any, m: float) -> None:
    assert magnitude(x) == m


def test_magnitude_of_mpmath_reals() -> None:
    assert magnitude(mpmath.mpf(0.75)) == 0
    assert magnitude(mpmath.mpf(-1024)) == 11
    assert magnitude(mpmath.mpf(0)) == -math.inf
    assert magnitude(mpmath.inf) == magnitude(-mpmath.inf) == magnitude(mpmath.nan) == math.inf
    assert magnitude(mpmath.ldexp(1, -10**6)) == -10**6 + 1
    assert isinstance(magnitude(mpmath.mpf(3)), int)


@given(st.integers(-(10**30), 10**30), st.integers(-80, 80), st.integers(-40, 40))
def test_round_scaled_is_exact_and_rounds_ties_away_from_zero(man: int, exp: int, bits: int) -> None:
    value = mpmath.ldexp(man, exp)  # exact: no rounding at any precision
    scaled = Fraction(man) * Fraction(2) ** (exp + bits)
    expected = math.floor(abs(scaled) + Fraction(1, 2))
    assert round_scaled(value, bits) == (expected if scaled >= 0 else -expected)


def test_round_scaled_ignores_the_current_precision() -> None:
    with mpmath.workprec(600):
        wide = +mpmath.pi  # 600 bits, more than the 53 of the current precision
    with mpmath.workprec(800):
        reference = int(mpmath.floor(mpmath.ldexp(wide, 550) + mpmath.mpf(1) / 2))
    assert round_scaled(wide, 550) == reference
    assert round_scaled(mpmath.ldexp(1, -(2**40)), 64) == 0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (mpmath.mpf(0.375), Fraction(3, 8)),
        (mpmath.mpf(-6), Fraction(-6)),
        (mpmath.mpf(0), Fraction(0)),
        (3, Fraction(3)),
        (0.1, Fraction(3602879701896397, 36028797018963968)),
        (Fraction(2, 3), Fraction(2, 3)),
        (gmpy2.mpq(5, 7), Fraction(5, 7)),
    ],
)
def test_exact_rational(value: Any, expected: Fraction) -> None:
    assert exact_rational(value, "x") == expected


def test_exact_rational_of_a_lazy_constant_uses_the_current_precision() -> None:
    q = exact_rational(mpmath.pi, "x")
    assert q == Fraction(*float(mpmath.pi).as_integer_ratio())  # 53 bits, like a float


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (True, "variable 'x' has a non-numeric value True"),
        (mpmath.inf, "variable 'x' is not finite"),
        (float("nan"), "variable 'x' is not finite"),
        (mpmath.ldexp(1, MAX_EXACT_BITS + 1), "variable 'x' has too many bits (the limit is 100000)"),
        (Fraction(1, 2 ** (MAX_EXACT_BITS + 1)), "variable 'x' has too many bits (the limit is 100000)"),
        (1j, "variable 'x' has a non-real or unsupported value 1j"),
    ],
)
def test_exact_rational_refuses(value: Any, message: str) -> None:
    with pytest.raises(ExpressionError) as info:
        exact_rational(value, "x")
    assert str(info.value) == message
