"""CLI tests for `esma cf` and `esma constants` (click CliRunner plus a real subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

from discovery.cli import main

_REPO = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())  # the repository

ORACLE = _REPO / "tests" / "data" / "classic_sicf.json"
CASES = json.loads(ORACLE.read_text())["cases"]


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['expression']}[{c['signs']}]")
def test_expand_json_reproduces_oracle(case):
    res = run("cf", "expand", case["expression"], "--signs", case["signs"], "--terms", "60", "--format", "json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert doc["terms"] == case["terms"]
    assert doc["signs"] == case["signs"]
    assert doc["digits"] > 0
    assert "expression" in doc


@pytest.mark.parametrize("case", [c for c in CASES if c["expression"] in ("e", "tan(1)", "pi")],
                         ids=lambda c: f"{c['expression']}[{c['signs']}]")
def test_analyze_finds_structure_only_where_it_exists(case):
    res = run("cf", "analyze", case["expression"], "--signs", case["signs"], "--format", "json",
              "--check-digits", "300")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    if case["structured"]:
        assert doc["pattern"] is not None
        assert doc["verified_digits"] >= 300
        assert doc["linear_complexity"] < 25
    else:
        assert doc["pattern"] is None
        assert doc["linear_complexity"] >= 25


def test_analyze_e_reports_transient_and_channels():
    res = run("cf", "analyze", "e", "--format", "json", "--check-digits", "200")
    doc = json.loads(res.output)
    assert doc["pattern"]["transient"] == [2]
    assert doc["pattern"]["channels"] == ["1", "2*k + 2", "1"]
    assert doc["linear_complexity"] == 7
    assert doc["recurrence_confirmed"] is True
    assert doc["pattern_rate"] > 1.0 and doc["simple_cf_rate"] > 1.0


def _fold(transient: list[int], signs: str, tail: Fraction) -> Fraction:
    """a_0 + b_0/(a_1 + b_1/(... + b_{t-1}/tail)) with b_n = +-1 from the sign period."""
    x = tail
    for n in range(len(transient) - 1, -1, -1):
        b = 1 if signs[n % len(signs)] == "+" else -1
        x = transient[n] + b / x
    return x


def test_analyze_says_a_pattern_with_a_rational_limit_is_no_formula_of_pi():
    """pi with signs '-': 20 transient terms, then 2 for ever; 2 - 1/(2 - ...) = 1, so the pattern's value is
    the rational number the transient folds 1 into, which is within 10^-20 of pi but is not pi."""
    doc = json.loads(run("cf", "analyze", "pi", "--signs", "-", "--format", "json").stdout)
    assert doc["pattern"]["channels"] == ["2"] and len(doc["pattern"]["transient"]) == 20
    assert doc["limit"] == "rational"
    value = _fold(doc["pattern"]["transient"], "-", Fraction(1))  # the tail's fixed point x = 2 - 1/x is 1
    import mpmath

    mpmath.mp.dps = 60
    gap = abs(mpmath.mpf(value.numerator) / value.denominator - mpmath.pi)
    assert 0 < gap < mpmath.mpf(10) ** -20
    assert any("rational limit" in n and "no formula of pi" in n for n in doc["notes"])
    text = run("cf", "analyze", "pi", "--signs", "-").output
    assert "limit: rational." in text and "not a formula of pi" in text
    assert "verified digits" not in text  # the agreeing digits are not presented as a verification


@pytest.mark.parametrize("expr, signs, limit", [("sqrt(2)", "-", "irrational"), ("e", "+", None)])
def test_analyze_limit_field_of_irrational_patterns(expr, signs, limit):
    doc = json.loads(run("cf", "analyze", expr, "--signs", signs, "--format", "json", "--check-digits", "200").stdout)
    assert doc["limit"] == limit and doc["verified_digits"] >= 200
    assert not any("rational limit" in n for n in doc["notes"])


@pytest.mark.parametrize(
    "args, needle",
    [
        (["cf", "expand", "exp(1"], "')'"),
        (["cf", "expand", "foo"], "foo"),
        (["cf", "expand", "e", "--terms", "-3"], "--terms"),
        (["cf", "expand", "e", "--signs", "+x"], "'x'"),
        (["cf", "expand", "e", "--terms", "500", "--digits", "20"], "--digits"),
        (["cf", "analyze", "1/0"], "zero"),
        (["constants", "show", "nosuch"], "nosuch"),
    ],
)
def test_bad_input_is_one_sentence_without_traceback(args, needle):
    res = run(*args)
    assert res.exit_code != 0
    assert "Traceback" not in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)
    assert needle.lower() in res.output.lower()
    error_lines = [ln for ln in res.output.splitlines() if ln.startswith("Error")]
    assert len(error_lines) == 1


def test_exact_rational_has_a_finite_expansion():
    res = run("cf", "expand", "355/113", "--format", "json")
    assert json.loads(res.output)["terms"] == [3, 7, 16]


def test_constants_list_and_show():
    res = run("constants", "list", "--format", "json")
    doc = json.loads(res.output)
    names = {c["name"] for c in doc["constants"]}
    assert {"e", "pi", "phi", "catalan", "khinchin"} <= names
    res = run("constants", "show", "apery", "--digits", "30")
    assert res.exit_code == 0
    assert "1.20205690315959428539973816151" in res.output


def test_help_is_fast_and_does_not_import_numba():
    code = (
        "import sys, time; t = time.perf_counter(); from discovery.cli import main\n"
        "try:\n    main(['cf', 'expand', '--help'])\nexcept SystemExit:\n    pass\n"
        "assert 'numba' not in sys.modules and 'mpmath' not in sys.modules, 'heavy import'\n"
        "print(time.perf_counter() - t)"
    )
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert float(out.stdout.strip().splitlines()[-1]) < 0.5
    assert time.perf_counter() - t0 < 5


@pytest.mark.parametrize("command", [["cf", "expand"], ["cf", "analyze"], ["constants", "show"]])
def test_help_shows_how_to_pass_an_expression_starting_with_minus(command):
    res = run(*command, "--help")
    assert res.exit_code == 0
    assert "'--'" in res.output
    assert ' -- "-' in res.output


def test_expression_starting_with_minus_after_double_dash():
    res = run("cf", "expand", "--terms", "5", "--", "-e")
    assert res.exit_code == 0, res.output
    assert "[-3; 3, 1, 1, 4]" in res.output


def test_time_limit_is_one_sentence():
    res = run("cf", "expand", "khinchin", "--terms", "20000", "--time-limit", "0.5")
    assert res.exit_code == 1
    assert 'Error: Evaluating "khinchin" needs more than 0.5 s (the time limit; ask for fewer terms, or raise ' \
           "--time-limit)." in res.output


def test_huge_terms_print_in_text_and_json():
    res = run("cf", "expand", "exp(10^4)", "--terms", "2")
    assert res.exit_code == 0, res.output
    assert "8806818225662921587261496007644561003520004085591508936424570762762232895276198685524735394486216" \
           in res.output
    out = run("cf", "expand", "exp(10^4)", "--terms", "2", "--format", "json").output
    doc = json.loads(out, parse_int=str)  # Python's own int() refuses more than 4300 digits
    assert len(doc["terms"][0]) == 4343 and doc["terms"][0].startswith("88068182256629215872614960076")
