"""Tests for search.expressions.errors: the one-sentence errors, quoting and suggestions."""

from __future__ import annotations

import pytest

from search.expressions.errors import ExpressionError, PrecisionError, did_you_mean
from search.expressions.parser import parse


def test_error_attributes() -> None:
    with pytest.raises(ExpressionError) as info:
        parse("1 + foo", ("pi",), {})
    err = info.value
    assert isinstance(err, ValueError)
    assert (err.problem, err.position, err.text) == ("unknown name 'foo'", 5, "1 + foo")


def test_with_text_attaches_the_source() -> None:
    err = ExpressionError("division by zero", 2)
    assert str(err) == "division by zero at position 2"
    assert str(err.with_text("1/0")) == 'division by zero at position 2 in "1/0"'
    quoted = err.with_text("1/0")
    assert quoted.with_text("other") is quoted


def test_with_text_keeps_the_class() -> None:
    err = PrecisionError("precision lost in sin(pi)", 1, hint="too much precision is lost")
    quoted = err.with_text("sin(pi)")
    assert type(quoted) is PrecisionError
    assert str(quoted) == 'precision lost in sin(pi) at position 1 in "sin(pi)" (too much precision is lost)'


def test_long_text_is_quoted_as_a_window() -> None:
    text = "1 + " * 40 + "foo"
    with pytest.raises(ExpressionError) as info:
        parse(text, (), {})
    message = str(info.value)
    assert f"at position {len(text) - 2}" in message
    assert "foo" in message and len(message) < 160
    assert '"…' in message and '…"' not in message


def test_line_breaks_are_flattened_in_quotes() -> None:
    assert str(ExpressionError("unexpected end of input", 4, "1 +\n")) == 'unexpected end of input at position 4 in "1 +"'


def test_suggestions() -> None:
    assert did_you_mean("catalen", ["catalan", "pi"]) == "did you mean 'catalan'?"
    assert did_you_mean("xyz", ["catalan", "pi"]) is None


def test_precision_error_hierarchy() -> None:
    assert issubclass(PrecisionError, ArithmeticError)
    assert issubclass(PrecisionError, ExpressionError)
    assert issubclass(PrecisionError, ValueError)


def test_cost_error_formats() -> None:
    from search.expressions.errors import CostError

    assert issubclass(CostError, PrecisionError)
    err = CostError("needs more than 60 s", hint="the time limit; ask for fewer digits")
    assert str(err) == "the evaluation needs more than 60 s (the time limit; ask for fewer digits)"
    assert str(err.with_text("khinchin")) == 'evaluating "khinchin" needs more than 60 s (the time limit; ask for fewer digits)'
    placed = CostError("the call polylog(-2000, 0.5) is too costly to evaluate", 1, "polylog(-2000, 0.5)", "why")
    assert str(placed) == ('the call polylog(-2000, 0.5) is too costly to evaluate at position 1 in '
                           '"polylog(-2000, 0.5)" (why)')


def test_describe_int_never_prints_a_huge_integer() -> None:
    from search.expressions.errors import describe_int

    assert describe_int(-123) == "-123"
    assert describe_int(10**29) == str(10**29)
    assert describe_int(3 * 10**5000) == "about 10^5000"
    assert describe_int(-(10**10**5)) == "about -10^100000"


def test_first_sentence_of_foreign_messages() -> None:
    from search.expressions.errors import first_sentence

    mpmath_message = (
        "\nhypercomb() failed to converge to the requested 84 bits of accuracy\nusing a working precision of "
        "17446 bits. The function value may be zero or\ninfinite; try passing zeroprec=N"
    )
    assert first_sentence(mpmath_message) == (
        "hypercomb() failed to converge to the requested 84 bits of accuracy using a working precision of 17446 bits"
    )
    assert first_sentence("zeta: too much cancellation") == "zeta: too much cancellation"
    assert first_sentence("x" * 300).endswith("…") and len(first_sentence("x" * 300)) == 120
    assert first_sentence("") == ""
