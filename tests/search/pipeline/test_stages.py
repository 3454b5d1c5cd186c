"""End-to-end tests of the ESMA pipeline against the published reference and independent checks."""

from __future__ import annotations

import json
import random
from pathlib import Path

import mpmath
import pytest

from search.pipeline.stages import PipelineConfig
from search.execution.runner import run_search
from search.space.units import SearchSpace

_REPO = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())  # the repository

ORACLE = _REPO / "tests" / "data" / "esma_e_reference.json"


def _ref_value(lhs: str) -> mpmath.mpf:
    """Evaluate an oracle LHS string like '(c+1)/(2*(c-1))' at c = e, independently of esma.

    The strings only use c, integers, + - * / and parentheses; a tiny recursive-descent parser
    keeps eval out of the tests too.
    """
    toks = [t for t in lhs.replace("(", " ( ").replace(")", " ) ").replace("*", " * ").replace("/", " / ")
            .replace("+", " + ").replace("-", " - ").split()]
    pos = 0

    def atom():
        nonlocal pos
        t = toks[pos]
        pos += 1
        if t == "(":
            v = expr()
            pos += 1
            return v
        if t == "-":
            return -atom()
        return mpmath.e if t == "c" else mpmath.mpf(int(t))

    def term():
        nonlocal pos
        v = atom()
        while pos < len(toks) and toks[pos] in "*/":
            op = toks[pos]
            pos += 1
            w = atom()
            v = v * w if op == "*" else v / w
        return v

    def expr():
        nonlocal pos
        v = term()
        while pos < len(toks) and toks[pos] in "+-":
            op = toks[pos]
            pos += 1
            w = term()
            v = v + w if op == "+" else v - w
        return v

    return expr()


@pytest.fixture(scope="module")
def e_reference_run():
    ref = json.loads(ORACLE.read_text())
    cfg = ref["config"]
    # the reference's "length exactly 2" includes '++' and '--', which are the periods '+' and '-'
    space = SearchSpace("e", cfg["degree"], cfg["coeff_limit"], 1, cfg["periods"][1])
    result = run_search(space, PipelineConfig(depth=cfg["depth"]), workers=1)
    return ref, result


def test_reproduces_every_reference_row(e_reference_run):
    ref, result = e_reference_run
    mpmath.mp.dps = 60  # restored after the test by tests/conftest.py
    found = {(mpmath.nstr(mpmath.mpf(r["lhs_value"]), 35), r["signs"]) for r in result.records}
    for row in ref["results"]:
        value = abs(_ref_value(row["lhs"]))
        key = (mpmath.nstr(value, 35), _primitive_root(row["signs"]))
        assert key in found, f"reference row {row['lhs']} {row['signs']} not reproduced"


def test_reports_e_itself_with_its_transient(e_reference_run):
    _, result = e_reference_run
    rows = [r for r in result.records if r["lhs"] == "c" and r["signs"] == "+"]
    assert len(rows) == 1
    r = rows[0]
    assert r["transient"] == [2]
    assert r["period"] == 3
    assert r["channels"] == ["1", "2*k + 2", "1"]
    assert r["known"] is True
    assert r["verified_digits"] >= 1000


def test_stats_are_consistent(e_reference_run):
    _, result = e_reference_run
    s = result.stats_dict()
    assert s["pairs"] == 112 * 4
    assert s["verified"] == len(result.records)
    assert s["hits"] >= s["decoded"] >= s["confirmed"] >= s["cascade_passed"] >= s["verified"]
    assert s["units_done"] == s["units_total"]


def test_family_best_member_is_unique(e_reference_run):
    _, result = e_reference_run
    fams: dict[str, int] = {}
    for r in result.records:
        fams[r["family"]] = fams.get(r["family"], 0) + r["best_in_family"]
    assert fams and all(v == 1 for v in fams.values())
    # at least one family has several members (shifts and Moebius images of one tail)
    sizes = {}
    for r in result.records:
        sizes[r["family"]] = sizes.get(r["family"], 0) + 1
    assert max(sizes.values()) > 1


def _cf_value_mpmath(r: dict, terms: int) -> mpmath.mpf:
    """Backward evaluation of the record's pattern with mpmath (independent of cf.convergents)."""
    from fractions import Fraction

    transient = r["transient"]
    chans = [[Fraction(c) for c in cs] for cs in r["channel_coefficients"]]
    N = r["period"]
    signs = r["signs"]

    def a(n):
        if n < len(transient):
            return transient[n]
        k, rr = divmod(n - len(transient), N)
        v = sum(c * k**j for j, c in enumerate(chans[rr]))
        assert v.denominator == 1
        return int(v)

    x = mpmath.mpf(a(terms - 1))
    for n in range(terms - 2, -1, -1):
        b = 1 if signs[n % len(signs)] == "+" else -1
        x = a(n) + b / x
    return x


def test_claimed_digits_hold_under_independent_recomputation(e_reference_run):
    _, result = e_reference_run
    rng = random.Random(7)
    sample = rng.sample(result.records, 6)
    for r in sample:
        claimed = r["verified_digits"]
        with mpmath.workdps(claimed + 60):
            num = sum(c * mpmath.e**j for j, c in enumerate(r["lhs_num"]))
            den = sum(c * mpmath.e**j for j, c in enumerate(r["lhs_den"]))
            lhs = num / den
            cf = _cf_value_mpmath(r, 3 * r["validation_terms"])
            rel = abs(cf - lhs) / abs(lhs)
            assert rel == 0 or -mpmath.log10(rel) >= claimed, (r["lhs"], r["signs"])
            assert mpmath.nstr(lhs, 45) == mpmath.nstr(mpmath.mpf(r["lhs_value"]), 45)


def test_pi_gives_no_conjecture():
    space = SearchSpace("pi", 1, 2, 1, 3)
    result = run_search(space, PipelineConfig(depth=100), workers=1)
    assert result.records == []
    s = result.stats_dict()
    assert s["pairs"] == 112 * 10
    assert s["hits"] > 0  # runs of equal terms pass BM on the short sample ...
    assert s["cascade_passed"] == 0  # ... and die in the cheap cascade


def test_two_workers_find_the_same_conjectures(e_reference_run):
    _, one = e_reference_run
    space = SearchSpace("e", 1, 2, 1, 2)
    two = run_search(space, PipelineConfig(depth=105), workers=2)
    key = lambda r: (r["lhs"], r["signs"], r["verified_digits"], r["family"])  # noqa: E731
    assert sorted(map(key, one.records)) == sorted(map(key, two.records))


def test_degree_two_search_verifies_results():
    space = SearchSpace("e", 2, 1, 1, 1)
    result = run_search(space, PipelineConfig(depth=100), workers=1)
    deg2 = [r for r in result.records if max(len(r["lhs_num"]), len(r["lhs_den"])) == 3]
    assert result.stats_dict()["pairs"] == 132 * 2
    for r in result.records:
        assert r["verified_digits"] >= 100
    # e^2 = [7; 2, 1, 1, 3, 18, ...] is not a Moebius image of e: it comes through the exact path
    squares = [r for r in deg2 if r["lhs"] == "c^2" and r["signs"] == "+"]
    assert len(squares) == 1
    assert squares[0]["transient"][:1] == [7]
    assert squares[0]["known"] is True


def _primitive_root(word: str) -> str:
    """The shortest word whose repetition is ``word`` ('++' -> '+'), computed independently."""
    return next(word[:d] for d in range(1, len(word) + 1)
                if len(word) % d == 0 and word[:d] * (len(word) // d) == word)


def test_a_hit_that_exceeds_the_evaluation_budget_is_counted_not_reported(monkeypatch):
    """The certified evaluator refuses (CostError) instead of hanging; the pipeline must neither crash
    nor report such a hit."""
    import search.pipeline.stages as stages
    from search.execution.runner import run_search
    from search.expressions.errors import CostError
    from search.pipeline.stages import PipelineConfig

    def too_costly(*args, **kwargs):
        raise CostError("evaluating the LHS needs more than the time limit")

    monkeypatch.setattr(stages, "lhs_value", too_costly)
    result = run_search(SearchSpace("e", 1, 1, 1, 1), PipelineConfig(), workers=1)
    assert result.records == []
    assert result.stats.unvalidated == result.stats.cascade_passed > 0
