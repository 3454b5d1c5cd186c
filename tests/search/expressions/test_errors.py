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
