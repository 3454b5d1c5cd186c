"""Proving the engine's conjectures: every stored claim is proved, each tampering is refused.

The claims (tests/data/proof_claims.json) are representatives that ``esma search run`` found for
the nine constants with classical continued fractions.  An independent numeric oracle (mpmath at
60 digits: the LHS value against the pattern's continued fraction evaluated backwards) confirms
each proved claim; the tamperings change one coefficient, the sign period, the transient or the
LHS, and none of them may be proved.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import mpmath
import pytest

from cf.proof.certificate import pattern_from_doc
from cf.proof.checker import check
from search.expressions import evaluate
from search.proof.claims import check_stored, prove_claim

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
CLAIMS = json.loads((ROOT / "tests" / "data" / "proof_claims.json").read_text())["claims"]
IDS = [f"{c['constant']}: {c['lhs']} {c['signs']}" for c in CLAIMS]


def _cf_value(pattern, signs: str, terms: int = 400) -> mpmath.mpf:
    a = pattern.terms(terms)
    value = mpmath.mpf(a[-1])
    for n in range(terms - 2, -1, -1):
        s = 1 if signs[n % len(signs)] == "+" else -1
        value = a[n] + s / value
    return value


def _lhs_value(claim) -> mpmath.mpf:
    c = evaluate(claim["constant"], 60)
    num = sum(k * c ** i for i, k in enumerate(claim["lhs_num"]))
    den = sum(k * c ** i for i, k in enumerate(claim["lhs_den"]))
    return num / den


def _prove(claim):
    return prove_claim(claim["constant"], claim["lhs_num"], claim["lhs_den"], claim["signs"],
                       pattern_from_doc(claim["pattern"]))


@pytest.mark.parametrize("claim", CLAIMS, ids=IDS)
def test_each_claim_is_proved_and_true(claim):
    with mpmath.workdps(70):
        assert abs(_lhs_value(claim) - _cf_value(pattern_from_doc(claim["pattern"]), claim["signs"])) < mpmath.mpf(10) ** -50
    res = _prove(claim)
    assert res.status == "proved", res.reason
    assert check(res.certificate).ok
    pattern = pattern_from_doc(claim["pattern"])
    assert check_stored(claim["constant"], claim["lhs_num"], claim["lhs_den"], claim["signs"], pattern, res.certificate).ok
    # the stored certificate of one claim does not prove another (the checker's claim must be the row's)
    other = {**claim, "lhs_num": [claim["lhs_num"][0] + 1, *claim["lhs_num"][1:]]}
    assert not check_stored(other["constant"], other["lhs_num"], other["lhs_den"], other["signs"], pattern, res.certificate).ok


def _tamperings(claim):
    pat = claim["pattern"]
    coeff = copy.deepcopy(claim)
    coeff["pattern"]["channels"][0][0] = str(int(pat["channels"][0][0]) + 1)
    signs = dict(claim, signs=("-" if claim["signs"][0] == "+" else "+") + claim["signs"][1:])
    transient = copy.deepcopy(claim)
    transient["pattern"]["transient"] = [pat["transient"][0] + 1, *pat["transient"][1:]] if pat["transient"] else [1]
    lhs = dict(claim, lhs_num=[claim["lhs_num"][0] + 1, *claim["lhs_num"][1:]])
    return {"coefficient": coeff, "sign period": signs, "transient": transient, "left-hand side": lhs}


@pytest.mark.parametrize("claim", CLAIMS, ids=IDS)
def test_tampered_claims_are_refused(claim):
    for kind, bad in _tamperings(claim).items():
        res = _prove(bad)
        assert res.status in ("refuted", "open"), f"{kind}: {res.status}"
        assert res.certificate is None and res.reason


def test_constants_without_a_classical_fraction_are_never_proved():
    claim = CLAIMS[0]
    for constant in ("pi", "log(2)", "zeta(3)", "catalan"):
        res = prove_claim(constant, claim["lhs_num"], claim["lhs_den"], claim["signs"], pattern_from_doc(claim["pattern"]))
        assert res.status == "open" and constant in res.reason


def test_a_degree_two_lhs_stays_open_unless_it_is_a_moebius_image_of_the_square():
    claim = CLAIMS[0]
    res = prove_claim("e", [0, 1, 1], [1], "+", pattern_from_doc(claim["pattern"]))
    assert res.status == "open" and "degree 2" in res.reason
    coth1 = pattern_from_doc({"transient": [], "channels": [["1", "2"]]})           # [1; 3, 5, ...]
    res = prove_claim("e", [1, 0, 1], [-1, 0, 1], "+", coth1)                      # (e^2 + 1)/(e^2 - 1)
    assert res.status == "proved" and res.source.startswith("e^(2/m)") and res.moebius == (1, 1, 1, -1)
    res = prove_claim("exp(1/2)", [1, 0, 1], [-1, 0, 1], "+", pattern_from_doc({"transient": [], "channels": [["2", "4"]]}))
    assert res.status == "proved" and res.source.startswith("Euler")            # (e + 1)/(e - 1) = [2; 6, 10, ...]
    assert prove_claim("pi", [1, 0, 1], [-1, 0, 1], "+", coth1).status == "open"
