"""Tests of discovery.experiments.primes.density: pi(N), Mertens' residuals and the independence model."""

from __future__ import annotations

import math

import pytest

from discovery.experiments.primes import density as P
from discovery.experiments.primes.constants import EULER_GAMMA
from discovery.experiments.primes.sieve import primes_up_to


def test_primes_experiment_counts_and_mertens():
    r = P.primes_experiment(10**6)
    assert r["pi"] == 78498
    assert [t["pi"] for t in r["table"]] == [4, 25, 168, 1229, 9592, 78498]
    m = r["mertens"]
    assert abs(m["r1"]) < 1e-3 and abs(m["r2"]) < 1e-3 and abs(m["r3"]) < 1e-3
    # the residuals shrink along the powers of ten
    r2 = [abs(row["r2"]) for row in r["mertens_table"]]
    assert r2 == sorted(r2, reverse=True)
    last = r["table"][-1]
    assert abs(last["density"] - last["one_over_ln_minus_1"]) < abs(last["density"] - last["one_over_ln"])


def test_mertens_first_residual_fluctuates_near_1e6():
    """r1 at exactly 10^6 is 6.6e-4, but in [5e5, 1e6] it exceeds 1e-3 at some N (reported, not hidden)."""
    p = primes_up_to(10**6)
    vals = [P.mertens(x, p)["r1"] for x in range(500_000, 1_000_001, 10_000)]
    assert max(abs(v) for v in vals) > 1e-3
    assert max(abs(v) for v in vals) < 3e-3


def test_independence_product_overestimates():
    r = P.primes_experiment(10**6)["independence"]
    assert r["ratio_to_true_density"] > 1.02
    assert r["ratio_to_survivors"] > r["ratio_to_true_density"]
    assert r["survivor_density"] == (78498 - 168 + 1) / 10**6
    assert r["product_times_ln_n"] == pytest.approx(2 * math.exp(-EULER_GAMMA), abs=0.01)


def test_refusals():
    with pytest.raises(ValueError):
        P.primes_experiment(1)


def test_independence_excess_is_printed_as_measured():
    from discovery.experiments.primes.density import primes_experiment

    r = primes_experiment(10**6)
    excess = r["independence"]["ratio_to_true_density"] - 1
    assert excess == pytest.approx(0.031, abs=5e-4)
    text = " ".join(r["verdicts"])
    assert f"{100 * excess:.1f}% too many primes at N = 1000000" in text and "limit" in text and "12.3%" in text
