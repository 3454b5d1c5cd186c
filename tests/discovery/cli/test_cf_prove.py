"""``esma cf prove``: proofs of the engine's claims, refusals of tampered ones, and bad input.

The claims are representatives the search found (tests/data/proof_claims.json); the expression
is written from the row's LHS coefficients and constant.  Every tampering (one coefficient, the
sign period, the transient, the LHS) must exit 1 with status refuted or open.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cf.proof.checker import check
from discovery.cli import main

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
CLAIMS = json.loads((ROOT / "tests" / "data" / "proof_claims.json").read_text())["claims"][::4]


def _expr(constant: str, num: list[int], den: list[int]) -> str:
    def lin(cs):
        cs = list(cs) + [0, 0]
        return f"({cs[1]}*({constant}) + ({cs[0]}))"
    return f"{lin(num)}/{lin(den)}"


def _other_lhs(num: list[int], den: list[int]) -> tuple[list[int], list[int]]:
    """The LHS with one coefficient raised by 1, still a non-degenerate Moebius map (else it is rational)."""
    for i in range(2):
        for which in (0, 1):
            p, q = [list(num) + [0] * (2 - len(num)), list(den) + [0] * (2 - len(den))]
            (p if which == 0 else q)[i] += 1
            if p[1] * q[0] - p[0] * q[1] != 0:
                return p, q
    raise AssertionError("no non-degenerate neighbour")


def _run(*args: str):
    res = CliRunner().invoke(main, ["cf", "prove", *args, "--format", "json"])
    return res.exit_code, (json.loads(res.output) if res.output.strip().startswith("{") else res.output)


@pytest.mark.parametrize("claim", CLAIMS, ids=[f"{c['constant']} {c['lhs']} {c['signs']}" for c in CLAIMS])
def test_the_claim_is_proved_and_its_tamperings_refused(claim):
    expr = _expr(claim["constant"], claim["lhs_num"], claim["lhs_den"])
    code, doc = _run(expr, "--signs", claim["signs"], "--pattern", json.dumps(claim["pattern"]))
    assert code == 0 and doc["status"] == "proved", doc
    assert doc["pattern"] == claim["pattern"] and check(doc["certificate"]).ok
    assert "Follows from" in doc["proof"] and "pmatrix" in doc["latex"]
    # the pattern printed is exactly what --pattern accepts
    again, doc2 = _run(expr, "--signs", claim["signs"], "--pattern", json.dumps(doc["pattern"]))
    assert again == 0 and doc2["status"] == "proved"
    pat = claim["pattern"]
    bad_coeff = copy.deepcopy(pat)
    bad_coeff["channels"][-1][0] = str(int(bad_coeff["channels"][-1][0]) + 1)
    bad_transient = {"transient": [*pat["transient"], 1], "channels": pat["channels"]}
    flipped = ("-" if claim["signs"][0] == "+" else "+") + claim["signs"][1:]
    other_lhs = _expr(claim["constant"], *_other_lhs(claim["lhs_num"], claim["lhs_den"]))
    for args in ([expr, "--signs", claim["signs"], "--pattern", json.dumps(bad_coeff)],
                 [expr, "--signs", claim["signs"], "--pattern", json.dumps(bad_transient)],
                 [expr, "--signs", flipped, "--pattern", json.dumps(pat)],
                 [other_lhs, "--signs", claim["signs"], "--pattern", json.dumps(pat)]):
        code, doc = _run(*args)
        assert code == 1 and doc["status"] in ("refuted", "open") and doc["certificate"] is None, (args, doc)


def test_without_a_pattern_the_analysis_supplies_one():
    code, doc = _run("(e + 1)/(2*e - 2)")
    assert code == 0 and doc["status"] == "proved" and doc["pattern_from"] == "analysis"
    assert doc["pattern"] == {"transient": [], "channels": [["1", "4"], ["12", "16"]]}


def test_pi_is_refuted_or_left_open_never_proved():
    code, doc = _run("pi", "--pattern", '{"transient": [3], "channels": [["7"]]}')
    assert code == 1 and doc["status"] == "refuted" and "15" in doc["reason"]
    code, doc = _run("pi", "--signs", "+-")
    assert code == 1 and doc["status"] == "open"


@pytest.mark.parametrize("args, words", [
    (["e", "--pattern", "{"], "not JSON"),
    (["e", "--pattern", '{"transient": [1]}'], "a pattern is an object"),
    (["e", "--pattern", '{"channels": [["1/2"]]}'], "must be integers"),
    (["e", "--signs", "+x"], "only '+' and '-'"),
    (["e+"], "Unexpected end of input"),
])
def test_bad_input_is_one_sentence(args, words):
    res = CliRunner().invoke(main, ["cf", "prove", *args])
    assert res.exit_code not in (0, 1) or "Error" in res.output
    assert words in res.output and "Traceback" not in res.output
