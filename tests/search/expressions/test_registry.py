"""Tests for search.expressions.registry: names, aliases, lookups and parsing against the whitelist."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import mpmath
import pytest

from search.expressions import (
    CONSTANTS,
    FUNCTIONS,
    ExpressionError,
    evaluate,
    function_arities,
    list_constants,
    list_functions,
    name_whitelist,
    parse_expression,
    resolve,
    resolve_function,
)

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())  # the repository


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


def test_a_resolved_constant_evaluates() -> None:
    assert mpmath.nstr(evaluate(resolve("pi").name, 20), 20) == "3.1415926535897932385"
    assert mpmath.nstr(evaluate(resolve("golden").name, 20), 20) == "1.6180339887498948482"


def test_importing_the_package_is_cheap() -> None:
    code = (
        "import sys, search.expressions\n"
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
    with pytest.raises(ExpressionError, match="clashes with the built-in function"):
        parse_expression("1", variables=("exp",))
    with pytest.raises(ExpressionError, match="invalid variable name"):
        parse_expression("1", variables=("2x",))


def test_per_argument_limits_and_a_priori_refusals() -> None:
    from search.expressions import CostError
    from search.expressions.registry import MIN_POLYLOG_ORDER

    assert resolve_function("besselj").arg_limit(0) == 36 and resolve_function("besselj").arg_limit(1) == 100_000
    assert resolve_function("besseli").arg_limit(1) == 36 and resolve_function("exp").arg_limit(0) == 36
    assert resolve_function("polylog").refuse((MIN_POLYLOG_ORDER, 0.5)) is None
    assert "below -1000" in resolve_function("polylog").refuse((MIN_POLYLOG_ORDER - 1, 0.5))
    with pytest.raises(CostError, match=r"the call polylog\(-1001, 0.5\) is too costly to evaluate at position 1"):
        evaluate("polylog(-1001, 0.5)", 20)
    with pytest.raises(ExpressionError, match=r"the order of 'besseli' is too large at position 1 .*limit is 2\^36"):
        evaluate("besseli(cosh(gamma(9)), 10)", 20)
    with pytest.raises(ExpressionError, match="the order of 'polylog' is too large in magnitude"):
        evaluate("polylog(-10^200, 1/2)", 20)
    assert evaluate("polylog(-1000, 1/2)", 10) > 0
