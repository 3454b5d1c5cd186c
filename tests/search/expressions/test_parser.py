"""Tests for search.expressions.parser: tokenizer, grammar, canonical round trips, messages, limits."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.expressions.errors import ExpressionError
from search.expressions.parser import MAX_DEPTH, MAX_LENGTH, parse
from search.expressions.tree import BinOp, Call, Name, Neg, Node, Number

NAMES = ("pi", "e", "phi", "zeta3")
FUNCTIONS = {"exp": 1, "log": 1, "besselj": 2, "polylog": 2, "hyp": (1, 3)}
VARIABLES = ("x", "n")
ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())  # the repository


def p(text: str) -> Node:
    return parse(text, NAMES, FUNCTIONS, VARIABLES)


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
def test_arbitrary_text_parses_or_raises_expression_error(one_sentence: Callable[..., None], text: str) -> None:
    try:
        tree = p(text)
    except ExpressionError as exc:
        one_sentence(str(exc))
        return
    assert p(str(tree)) == tree


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


def test_positions_are_recorded() -> None:
    assert p("pi + 1") == BinOp("+", Name("pi"), Number(Fraction(1)))
    assert p("pi + 1").pos == 4
    assert p("  pi").pos == 3


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
        ("1, 2", """unexpected ',' at position 2 in "1, 2" (commas only separate function arguments)"""),
        ("exp(1 2)", """unexpected number '2' at position 7 in "exp(1 2)" (expected ',' or ')' to close '(' at position 4)"""),
        ("", "empty expression"),
    ],
)
def test_error_messages(one_sentence: Callable[..., None], text: str, expected: str) -> None:
    with pytest.raises(ExpressionError) as info:
        p(text)
    message = str(info.value)
    assert message == expected
    one_sentence(message)


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
    assert p("(" * depth + "1" + ")" * depth) == Number(Fraction(1))
    assert str(p("exp(" * depth + "x" + ")" * depth)) == "exp(" * depth + "x" + ")" * depth


def test_long_chains_are_limited_without_recursion_errors() -> None:
    with pytest.raises(ExpressionError, match="too many nested operations"):
        p("+".join(["1"] * 400))
    assert str(p("+".join(["1"] * 200))) == " + ".join(["1"] * 200)


def test_parse_refuses_non_strings() -> None:
    with pytest.raises(TypeError):
        parse(123, NAMES, FUNCTIONS)  # type: ignore[arg-type]


def test_importing_the_parser_does_not_import_mpmath() -> None:
    code = "import sys, search.expressions.parser; assert 'mpmath' not in sys.modules, 'mpmath imported'"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
