"""Tests for search.expressions.exact: exact rational folding and its size guards."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

import pytest

from search.expressions.errors import ExpressionError
from search.expressions.exact import MAX_EXACT_BITS, bit_size, exact_binop, exact_power, exact_value
from search.expressions.parser import MAX_DEPTH, parse
from search.expressions.tree import BinOp, Number


def ev(text: str) -> Fraction | None:
    return exact_value(parse(text, ("pi",), {"exp": 1}, ("x",)))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1/3 + 1/6", Fraction(1, 2)),
        ("2^-3", Fraction(1, 8)),
        ("(2/3)^2", Fraction(4, 9)),
        ("-2^2", Fraction(-4)),
        ("(-2)^3", Fraction(-8)),
        ("2^3^2", Fraction(512)),
        ("0.1 + 0.2", Fraction(3, 10)),
        ("0^0", Fraction(1)),
        ("(-1)^1000001", Fraction(-1)),
        ("1^(10^10)", Fraction(1)),
        ("(1/2)^(-10)", Fraction(1024)),
        ("4^(1/2*2)", Fraction(4)),
    ],
)
def test_exact_value(text: str, value: Fraction) -> None:
    result = ev(text)
    assert result == value
    assert isinstance(result, Fraction)


@pytest.mark.parametrize("text", ["pi", "1 + x", "exp(0)", "2^(1/2)", "(-8)^(1/3)", "4^0.5", "1/3 + pi*0"])
def test_exact_value_is_none_when_not_rational(text: str) -> None:
    assert ev(text) is None


def test_exact_value_is_exact_for_one_third_plus_one_sixth() -> None:
    assert ev("1/3 + 1/6") == Fraction(1, 2)
    assert ev("0.1 + 0.2") == Fraction(3, 10) != 0.1 + 0.2  # rationals, not binary floats


def test_hand_built_quotients_fold_to_their_value() -> None:
    assert ev(str(BinOp("*", Number(Fraction(1, 3)), Number(Fraction(-3))))) == -1


def test_deep_and_long_expressions_fold() -> None:
    depth = MAX_DEPTH - 1
    assert ev("(" * depth + "1" + ")" * depth) == 1
    assert ev("+".join(["1"] * 200)) == 200


@pytest.mark.parametrize(("text", "position"), [("1/0", 2), ("1 + 2/(1 - 1)", 6), ("0^-1", 2), ("exp(1/0)", 6)])
def test_exact_division_by_zero(one_sentence: Callable[..., None], text: str, position: int) -> None:
    with pytest.raises(ExpressionError) as info:
        ev(text)
    assert info.value.position == position
    assert str(info.value).startswith(f"division by zero at position {position}")
    one_sentence(str(info.value))


def test_huge_exact_powers_are_refused_quickly() -> None:
    with pytest.raises(ExpressionError, match=r"exponent 10000000000 is too large for an exact power at position 3"):
        ev("10^10^10")
    with pytest.raises(ExpressionError, match="too large"):
        ev("(2/3)^(10^6)")
    assert ev("2^1000") == 2**1000


def test_huge_exact_products_are_refused() -> None:
    text = "*".join(["7^30000"] * 5)
    with pytest.raises(ExpressionError, match="exact intermediate result is too large"):
        ev(text)


def test_the_functions_directly() -> None:
    assert exact_power(Fraction(2, 3), 2) == Fraction(4, 9)
    assert exact_power(Fraction(-1), 7) == -1 and exact_power(Fraction(0), 0) == 1
    assert exact_binop("^", Fraction(2), Fraction(-3)) == Fraction(1, 8)
    assert exact_binop("^", Fraction(2), Fraction(1, 2)) is None
    assert bit_size(Fraction(-3, 4)) == 5
    with pytest.raises(ExpressionError, match=r"^division by zero \(zero raised to a negative power\)$"):
        exact_power(Fraction(0), -1)
    with pytest.raises(ExpressionError, match=r"exponent about 10\^40 is too large"):
        exact_power(Fraction(3), 10**40)
    big = Fraction(2) ** (MAX_EXACT_BITS - 8)
    assert exact_binop("*", big, big) == big * big  # no size check without a node
