"""Tests for search.expr: tokenizer, parser, canonical printing, exact folding."""

from __future__ import annotations

import re
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.expr import (
    MAX_DEPTH,
    MAX_LENGTH,
    BinOp,
    Call,
    ExpressionError,
    Name,
    Neg,
    Node,
    Number,
    exact_value,
    iter_nodes,
    parse,
)

NAMES = ("pi", "e", "phi", "zeta3")
FUNCTIONS = {"exp": 1, "log": 1, "besselj": 2, "polylog": 2, "hyp": (1, 3)}
VARIABLES = ("x", "n")
ROOT = Path(__file__).resolve().parents[2]


def p(text: str) -> Node:
    return parse(text, NAMES, FUNCTIONS, VARIABLES)


def ev(text: str) -> Fraction | None:
    return exact_value(p(text))


def assert_one_sentence(message: str) -> None:
    """A single sentence: one line, no sentence break, no trailing period."""
    assert "\n" not in message
    assert not re.search(r"[.!?]\s+[A-Z]", message), message
    assert not message.endswith("."), message
    assert message[0].islower() or message[0] in "'\"", message


# ---------------------------------------------------------------------------
# Hypothesis strategies
# ---------------------------------------------------------------------------

decimals = st.builds(
    lambda n, k: Fraction(n, 10**k), st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=4)
)
leaves = st.one_of(
    st.builds(Number, decimals),
    st.builds(Name, st.sampled_from(NAMES + VARIABLES)),
)


def _extend(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    return st.one_of(
        st.builds(BinOp, st.sampled_from("+-*/^"), children, children),
        st.builds(Neg, children),
        st.builds(lambda a: Call("exp", (a,)), children),
        st.builds(lambda a, b: Call("besselj", (a, b)), children, children),
        st.builds(lambda args: Call("hyp", tuple(args)), st.lists(children, min_size=1, max_size=3)),
    )


trees = st.recursive(leaves, _extend, max_leaves=25)


@st.composite
def noisy_text(draw: st.DrawFn, node: Node) -> str:
    """Print ``node`` with random redundant parentheses, spacing and ``**``."""

    def sp() -> str:
        return draw(st.sampled_from(["", " ", "  ", "\t"]))

    def show(n: Node, minimum: int) -> str:
        prec = {"+": 1, "-": 1, "*": 2, "/": 2, "^": 4}
        own = prec[n.op] if isinstance(n, BinOp) else 3 if isinstance(n, Neg) else 5
        if isinstance(n, Number):
            text = str(n)
            if draw(st.booleans()) and n.value.denominator == 1:
                text = text + "." + "0" * draw(st.integers(0, 2))  # "3." and "3.00" are 3
        elif isinstance(n, Name):
            text = n.name
        elif isinstance(n, Call):
            text = n.func + sp() + "(" + ("," + sp()).join(show(a, 0) for a in n.args) + ")"
        elif isinstance(n, Neg):
            text = "-" + sp() + show(n.operand, 3)
        else:
            assert isinstance(n, BinOp)
            if n.op == "^":
                op = draw(st.sampled_from(["^", "**"]))
                text = show(n.left, 5) + sp() + op + sp() + show(n.right, 3)
            else:
                text = show(n.left, own) + sp() + n.op + sp() + show(n.right, own + 1)
        if own < minimum or draw(st.integers(0, 9)) == 0:
            text = "(" + sp() + text + sp() + ")"
        return text

    return sp() + show(node, 0) + sp()


# ---------------------------------------------------------------------------
# Round trips
# ---------------------------------------------------------------------------


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(trees)
def test_canonical_text_parses_back_to_the_same_tree(tree: Node) -> None:
    text = str(tree)
    again = p(text)
    assert again == tree
    assert str(again) == text


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_noisy_text_parses_to_the_tree_and_prints_canonically(data: st.DataObject) -> None:
    tree = data.draw(trees)
    text = data.draw(noisy_text(tree))
    parsed = p(text)
    assert parsed == tree
    assert p(str(parsed)) == parsed
    assert str(p(str(parsed))) == str(parsed)


@settings(max_examples=500)
@given(st.text(alphabet="0123456789.+-*/^() ,piexnl_$", max_size=30))
def test_arbitrary_text_parses_or_raises_expression_error(text: str) -> None:
    try:
        tree = p(text)
    except ExpressionError as exc:
        assert_one_sentence(str(exc))
        return
    assert p(str(tree)) == tree


def test_positions_are_ignored_by_equality() -> None:
    assert p("pi + 1") == BinOp("+", Name("pi"), Number(Fraction(1)))
    assert p("pi + 1").pos == 4
    assert p("  pi").pos == 3


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("-2^2", "-2^2"),
        ("(-2)^2", "(-2)^2"),
        ("2^3^2", "2^3^2"),
        ("(2^3)^2", "(2^3)^2"),
        ("2**-3", "2^-3"),
        ("2^-3^2", "2^-3^2"),
        ("1-(2-3)", "1 - (2 - 3)"),
        ("(1-2)-3", "1 - 2 - 3"),
        ("1+(2+3)", "1 + (2 + 3)"),
        ("-(1+2)", "-(1 + 2)"),
        ("-1*2", "-1*2"),
        ("-(1*2)", "-(1*2)"),
        ("2*-3", "2*-3"),
        ("+x", "x"),
        ("2/(3*4)", "2/(3*4)"),
        ("exp( 2 ** -1 )", "exp(2^-1)"),
        ("besselj(0,x)", "besselj(0, x)"),
        ("0.250", "0.25"),
        (".5", "0.5"),
        ("3.", "3"),
        ("007", "7"),
        ("pi^2/6", "pi^2/6"),
        ("(pi)", "pi"),
        ("x\t*\n2", "x*2"),
    ],
)
def test_canonical_printing(text: str, canonical: str) -> None:
    assert str(p(text)) == canonical
    assert p(canonical) == p(text)


def test_precedence_and_associativity_structure() -> None:
    two, three = Number(Fraction(2)), Number(Fraction(3))
    assert p("-2^2") == Neg(BinOp("^", two, two))
    assert p("2^3^2") == BinOp("^", two, BinOp("^", three, two))
    assert p("2-3-2") == BinOp("-", BinOp("-", two, three), two)
    assert p("2/3*2") == BinOp("*", BinOp("/", two, three), two)
    assert p("2+3*2") == BinOp("+", two, BinOp("*", three, two))
    assert p("2**3") == BinOp("^", two, three)


def test_decimals_are_exact() -> None:
    assert p("0.25") == Number(Fraction(1, 4))
    assert p("0.1") == Number(Fraction(1, 10))
    assert p("12.50") == Number(Fraction(25, 2))


def test_hand_built_numbers_print_with_their_value() -> None:
    assert str(Number(Fraction(1, 3))) == "(1/3)"
    assert str(Number(Fraction(-1, 4))) == "(-0.25)"
    assert str(Number(Fraction(-2))) == "(-2)"
    assert ev(str(BinOp("*", Number(Fraction(1, 3)), Number(Fraction(-3))))) == -1


def test_iter_nodes_is_post_order() -> None:
    assert [str(n) for n in iter_nodes(p("1 + x*2"))] == ["1", "x", "2", "x*2", "1 + x*2"]


def test_variables_are_names() -> None:
    assert p("n + 1") == BinOp("+", Name("n"), Number(Fraction(1)))
    with pytest.raises(ExpressionError, match="unknown name 'n'"):
        parse("n + 1", NAMES, FUNCTIONS)


def test_arity_range() -> None:
    assert len(p("hyp(1, 2, 3)").args) == 3  # type: ignore[union-attr]
    with pytest.raises(ExpressionError, match=r"takes 1 to 3 arguments but 4 were given"):
        p("hyp(1, 2, 3, 4)")
    with pytest.raises(ExpressionError, match=r"takes 1 argument but 0 were given"):
        p("exp()")


# ---------------------------------------------------------------------------
# Exact folding
# ---------------------------------------------------------------------------


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


@pytest.mark.parametrize(("text", "position"), [("1/0", 2), ("1 + 2/(1 - 1)", 6), ("0^-1", 2), ("exp(1/0)", 6)])
def test_exact_division_by_zero(text: str, position: int) -> None:
    with pytest.raises(ExpressionError) as info:
        ev(text)
    assert info.value.position == position
    assert str(info.value).startswith(f"division by zero at position {position}")
    assert_one_sentence(str(info.value))


def test_huge_exact_powers_are_refused_quickly() -> None:
    with pytest.raises(ExpressionError, match=r"exponent 10000000000 is too large for an exact power at position 3"):
        ev("10^10^10")
    with pytest.raises(ExpressionError, match="too large"):
        ev("(2/3)^(10^6)")
    assert ev("2^1000") == 2**1000


def test_huge_exact_products_are_refused() -> None:
    text = "*".join(["7^30000"] * 5)
    with pytest.raises(ExpressionError, match="too large"):
        ev(text)


# ---------------------------------------------------------------------------
# Error messages
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("exp(1", """missing ')' at position 6 in "exp(1" (to close '(' at position 4)"""),
        ("foo", """unknown name 'foo' at position 1 in "foo\""""),
        ("2 +", """unexpected end of input at position 4 in "2 +" (expected a number, name or '(' after '+')"""),
        ("exp(1, 2)", """wrong number of arguments for 'exp' at position 1 in "exp(1, 2)" """
         """(it takes 1 argument but 2 were given)"""),
        ("3 $ 4", """unexpected character '$' at position 3 in "3 $ 4\""""),
        ("pii", """unknown name 'pii' at position 1 in "pii" (did you mean 'pi'?)"""),
        ("exp", """missing arguments for function 'exp' at position 1 in "exp" (write exp(...))"""),
        ("pi(2)", """cannot call 'pi' at position 1 in "pi(2)" (it is a constant or variable, not a function)"""),
        ("foo(1)", """unknown function 'foo' at position 1 in "foo(1)\""""),
        ("1)", """unmatched ')' at position 2 in "1)\""""),
        ("2 3", """unexpected number '3' at position 3 in "2 3" (expected an operator or the end of the expression)"""),
        ("(1, 2)", """unexpected ',' at position 3 in "(1, 2)" (expected ',' or ')' to close '(' at position 1)"""),
        ("1 * * 2", """unexpected '*' at position 5 in "1 * * 2" (expected a number, name or '(')"""),
        ("2²", """unexpected character '²' at position 2 in "2²\""""),
        ("", "empty expression"),
    ],
)
def test_error_messages(text: str, expected: str) -> None:
    with pytest.raises(ExpressionError) as info:
        p(text)
    message = str(info.value)
    assert message == expected
    assert_one_sentence(message)


def test_error_attributes() -> None:
    with pytest.raises(ExpressionError) as info:
        p("1 + foo")
    err = info.value
    assert isinstance(err, ValueError)
    assert (err.problem, err.position, err.text) == ("unknown name 'foo'", 5, "1 + foo")


def test_with_text_attaches_the_source() -> None:
    err = ExpressionError("division by zero", 2)
    assert str(err) == "division by zero at position 2"
    assert str(err.with_text("1/0")) == 'division by zero at position 2 in "1/0"'


def test_long_text_is_quoted_as_a_window() -> None:
    text = "1 + " * 40 + "foo"
    with pytest.raises(ExpressionError) as info:
        p(text)
    message = str(info.value)
    assert f"at position {len(text) - 2}" in message
    assert "foo" in message and len(message) < 160


# ---------------------------------------------------------------------------
# Limits
# ---------------------------------------------------------------------------


def test_length_limit() -> None:
    ok = "1+" * ((MAX_LENGTH - 1) // 4) + "1"
    p(ok)
    with pytest.raises(ExpressionError, match=r"expression is too long \(1001 characters, the limit is 1000\)"):
        p("1" * (MAX_LENGTH + 1))


@pytest.mark.parametrize(
    "text",
    [
        "(" * (MAX_DEPTH + 1) + "1" + ")" * (MAX_DEPTH + 1),
        "-" * (MAX_DEPTH + 1) + "1",
        "^".join(["2"] * (MAX_DEPTH + 2)),
        "exp(" * (MAX_DEPTH + 1) + "1" + ")" * (MAX_DEPTH + 1),
    ],
)
def test_depth_limit(text: str) -> None:
    with pytest.raises(ExpressionError, match="nested too deeply"):
        p(text)


def test_depth_limit_allows_reasonable_nesting() -> None:
    depth = MAX_DEPTH - 1
    assert ev("(" * depth + "1" + ")" * depth) == 1


def test_long_chains_are_limited_without_recursion_errors() -> None:
    with pytest.raises(ExpressionError, match="too many nested operations"):
        p("+".join(["1"] * 400))
    assert ev("+".join(["1"] * 200)) == 200


def test_type_errors() -> None:
    with pytest.raises(TypeError):
        parse(123, NAMES, FUNCTIONS)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        BinOp("%", Number(Fraction(1)), Number(Fraction(2)))


def test_importing_expr_does_not_import_mpmath() -> None:
    code = "import sys, search.expr; assert 'mpmath' not in sys.modules, 'mpmath imported'"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
