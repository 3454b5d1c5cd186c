"""Validation once per family loses nothing: the families and members of seven classical constants.

``tests/data/families_degree1_L2_p1-3.json`` holds what the engine found (degree 1, |coefficients|
<= 2, sign periods 1-3) when every member was validated at 1000 digits on its own.  Now only
one member per family and worker is evaluated; the others are derived exactly.  The families,
their members and every member's correctness must be unchanged.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import mpmath
import pytest

from search.execution.runner import run_search
from search.pipeline.stages import PipelineConfig
from search.space.units import SearchSpace

_REPO = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
BASELINE = json.loads((_REPO / "tests" / "data" / "families_degree1_L2_p1-3.json").read_text())["families"]


def _members(records: list[dict]) -> dict[str, list]:
    fams: dict[str, list] = {}
    for r in records:
        fams.setdefault(r["family"], []).append([r["lhs_num"], r["lhs_den"], r["signs"]])
    return {k: sorted(v) for k, v in fams.items()}


def _value_of_constant(name: str) -> mpmath.mpf:
    """The seven constants, evaluated with mpmath directly (independently of esma's evaluator)."""
    return {
        "e": lambda: mpmath.e,
        "exp(2)": lambda: mpmath.exp(2),
        "tan(1)": lambda: mpmath.tan(1),
        "besseli(1, 2)/besseli(0, 2)": lambda: mpmath.besseli(1, 2) / mpmath.besseli(0, 2),
        "exp(1/2)": lambda: mpmath.exp(mpmath.mpf(1) / 2),
        "tan(1/2)": lambda: mpmath.tan(mpmath.mpf(1) / 2),
        "coth(1/3)": lambda: mpmath.coth(mpmath.mpf(1) / 3),
    }[name]()


def _cf_value(r: dict, terms: int) -> mpmath.mpf:
    """The record's continued fraction, evaluated backwards with mpmath from its channel texts."""
    from fractions import Fraction

    t, chans = r["transient"], [[Fraction(c) for c in cs] for cs in r["channel_coefficients"]]

    def a(n: int) -> int:
        if n < len(t):
            return t[n]
        k, j = divmod(n - len(t), len(chans))
        v = sum(c * k**i for i, c in enumerate(chans[j]))
        assert v.denominator == 1
        return int(v)

    signs = r["signs"]
    x = mpmath.mpf(a(terms - 1))
    for n in range(terms - 2, -1, -1):
        x = a(n) + (1 if signs[n % len(signs)] == "+" else -1) / x
    return x


@pytest.fixture(scope="module", params=sorted(BASELINE))
def run(request):
    constant = request.param
    result = run_search(SearchSpace(constant, 1, 2, 1, 3), PipelineConfig(), workers=1)
    return constant, result.records, result.stats


def test_same_families_and_members_as_when_every_member_was_evaluated(run):
    constant, records, _ = run
    assert records and records[0]["constant"] == constant
    assert _members(records) == BASELINE[constant]


def test_one_evaluation_per_family_and_every_other_member_derived_from_it(run):
    constant, records, stats = run
    evaluated = [r for r in records if r["validation"] == "evaluated"]
    derived = [r for r in records if r["validation"] == "derived"]
    assert len(evaluated) == len(BASELINE[constant]) == stats.cascade_passed  # one per family (one worker)
    assert len(derived) == stats.derived == len(records) - len(evaluated)
    reps = {(r["family"], f"{r['lhs']} | {r['signs']}"): r for r in evaluated}
    for r in derived:
        rep = reps[(r["family"], r["derived_from"])]
        assert 100 <= r["verified_digits"] <= 1000 and r["cascade_terms"] is None
        assert r["verified_digits"] <= r["rate"] * (r["validation_terms"] - 1) + 1  # what its own fraction supports


def test_derived_members_hold_to_their_claimed_digits_independently(run):
    """A sample of derived members, each checked against mpmath at its claimed digits."""
    constant, records, _ = run
    derived = [r for r in records if r["validation"] == "derived"]
    for r in random.Random(11).sample(derived, min(4, len(derived))):
        claimed = r["verified_digits"]
        with mpmath.workdps(claimed + 40):
            c = _value_of_constant(constant)
            num = sum(k * c**j for j, k in enumerate(r["lhs_num"]))
            den = sum(k * c**j for j, k in enumerate(r["lhs_den"]))
            rel = abs(_cf_value(r, 2 * r["validation_terms"]) - num / den) / abs(num / den)
            assert rel == 0 or -mpmath.log10(rel) >= claimed, (constant, r["lhs"], r["signs"])
        # the derived rate is the digits per term of the member's own last two convergents
        n = r["validation_terms"]
        with mpmath.workdps(int(r["rate"] * n) + 60):
            x_n, x_prev = _cf_value(r, n), _cf_value(r, n - 1)
            own = float(-mpmath.log10(abs(x_n - x_prev) / abs(x_n)))
        assert abs(r["rate"] * (n - 1) - own) < 0.01, (constant, r["lhs"], r["signs"])
