"""Tests for search.expressions.tree: node equality, printing of hand-built trees, traversal."""

from __future__ import annotations

from fractions import Fraction

import pytest

from search.expressions.tree import BinOp, Call, Name, Neg, Number, children, iter_nodes, tree_depth

ONE, TWO, X = Number(Fraction(1)), Number(Fraction(2)), Name("x")


def test_positions_are_ignored_by_equality() -> None:
    assert Name("pi", pos=4) == Name("pi", pos=1)
    assert BinOp("+", Name("pi", 1), ONE, 4) == BinOp("+", Name("pi"), ONE)
    assert hash(Neg(X, 3)) == hash(Neg(X))


def test_hand_built_numbers_print_with_their_value() -> None:
    assert str(Number(Fraction(1, 3))) == "(1/3)"
    assert str(Number(Fraction(-1, 4))) == "(-0.25)"
    assert str(Number(Fraction(-2))) == "(-2)"
    assert str(Number(Fraction(3, 40))) == "0.075"
    assert str(BinOp("*", Number(Fraction(1, 3)), Number(Fraction(-3)))) == "(1/3)*(-3)"


@pytest.mark.parametrize(
    ("tree", "text"),
    [
        (BinOp("-", ONE, BinOp("-", TWO, X)), "1 - (2 - x)"),
        (BinOp("-", BinOp("-", ONE, TWO), X), "1 - 2 - x"),
        (BinOp("^", BinOp("^", TWO, TWO), X), "(2^2)^x"),
        (BinOp("^", TWO, BinOp("^", TWO, X)), "2^2^x"),
        (BinOp("^", Neg(TWO), TWO), "(-2)^2"),
        (Neg(BinOp("^", TWO, TWO)), "-2^2"),
        (BinOp("^", TWO, Neg(X)), "2^-x"),
        (BinOp("*", Neg(X), BinOp("+", ONE, X)), "-x*(1 + x)"),
        (Call("f", (ONE, Neg(X))), "f(1, -x)"),
    ],
)
def test_printing_inserts_only_the_needed_parentheses(tree: object, text: str) -> None:
    assert str(tree) == text


def test_iter_nodes_is_post_order() -> None:
    tree = BinOp("+", ONE, BinOp("*", X, TWO))
    assert [str(n) for n in iter_nodes(tree)] == ["1", "x", "2", "x*2", "1 + x*2"]


def test_children_and_depth() -> None:
    call = Call("f", (ONE, X))
    assert children(call) == (ONE, X) and children(X) == ()
    assert tree_depth(X) == 1 and tree_depth(Neg(call)) == 3


def test_deep_trees_do_not_recurse() -> None:
    tree: object = X
    for _ in range(5000):
        tree = Neg(tree)  # type: ignore[arg-type]
    assert tree_depth(tree) == 5001  # type: ignore[arg-type]
    assert sum(1 for _ in iter_nodes(tree)) == 5001  # type: ignore[arg-type]


def test_unknown_operator_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown binary operator '%'"):
        BinOp("%", ONE, TWO)
