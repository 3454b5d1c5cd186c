"""Tests of discovery.experiments.primes.learnability: what simple models and trees predict about primality,
with bootstrap intervals, on a small range with fixed seeds (fast)."""

from __future__ import annotations

import numpy as np
import pytest

from discovery.experiments.primes import learnability as L
from discovery.experiments.primes.learnability_verdicts import above, at_chance
from discovery.experiments.primes.sieve import prime_pi


@pytest.fixture(scope="module")
def r14():
    return L.learnability_experiment(14, window=16, n_boot=100)


def test_class_balance_reported(r14):
    cb = r14["class_balance"]
    assert cb["integers"] == 2**13
    assert cb["primes"] == prime_pi(2**14) - prime_pi(2**13)
    assert cb["train"]["size"] + cb["test"]["size"] == 2**13
    assert cb["train"]["primes"] + cb["test"]["primes"] == cb["primes"]
    assert r14["paper_range"]["class_balance"]["primes"] == prime_pi(2**14 - 1)
    assert "seed" in cb["split"]


def test_intervals_are_sane(r14):
    for models in (r14["models"], r14["paper_range"]["models"]):
        for k, m in models.items():
            lo, hi = m["auc_ci"]
            assert lo <= m["auc"] <= hi, k
            if k not in ("wheel_2",):  # every other score takes several values: a real spread
                assert 0.002 < hi - lo < 0.15, k


def test_representation_contrast_with_trees(r14):
    """Issue 13: n read as one number is at chance, per-bit features far above it (intervals disjoint)."""
    for models in (r14["models"], r14["paper_range"]["models"]):
        one, per_bit = models["tree_one_number"], models["tree_per_bit"]
        assert one["auc"] < 0.56 and 0.72 < per_bit["auc"] < 0.82
        assert above(per_bit, one)
        assert per_bit["trees"] >= 1
    assert at_chance(r14["paper_range"]["models"]["tree_one_number"])
    assert at_chance(r14["models"]["one_feature_n"])


def test_per_bit_far_above_chance_because_of_parity(r14):
    m = r14["models"]
    assert m["per_bit"]["auc"] >= 0.74
    assert not above(m["per_bit"], m["parity_bit_only"]) and not above(m["parity_bit_only"], m["per_bit"])
    assert m["bits_without_parity"]["auc_ci"][0] < 0.5  # not above chance without the last bit
    coef = np.abs(m["per_bit"]["coefficients"][1:])  # parity weight dominates the fitted per-bit model
    assert np.argmax(coef) == 0 and coef[0] > 5 * np.sort(coef)[-2]
    assert "primes are odd" in " ".join(r14["verdicts"])


def test_wheel_rules(r14):
    m = r14["models"]
    aucs = [m[f"wheel_{w}"]["auc"] for w in (2, 6, 30, 210)]
    assert aucs == sorted(aucs)
    for w in (2, 6, 30, 210):
        assert m[f"wheel_{w}"]["recall"] == 1.0 and m[f"wheel_{w}"]["parameters"] == 0
    # the W = 2 rule is the parity feature: same ROC-AUC as the fitted parity model; its exact value
    # AUC = P(negative even) + P(negative odd)/2 on the test set
    te_neg_even = m["wheel_2"]["confusion"]["tn"] / (m["wheel_2"]["confusion"]["tn"] + m["wheel_2"]["confusion"]["fp"])
    assert m["wheel_2"]["auc"] == pytest.approx(te_neg_even + (1 - te_neg_even) / 2, abs=1e-12)
    assert m["wheel_2"]["auc"] == pytest.approx(m["parity_bit_only"]["auc"], abs=1e-9)
    assert above(m["wheel_210"], m["per_bit"])


def test_next_bit_reported(r14):
    nb = r14["models"]["next_bit_window"]
    assert 0.5 < nb["auc_ci"][0] and nb["auc"] < 1.0
    assert nb["precision"] is not None and nb["recall"] is not None


def test_precision_recall_are_not_the_joint_fraction(r14):
    for m in r14["models"].values():
        c = m["confusion"]
        n = sum(c.values())
        assert m["joint_fraction_not_tpr"] == c["tp"] / n
        if m["recall"] is not None:
            assert m["recall"] == c["tp"] / (c["tp"] + c["fn"])
        assert m["joint_fraction_not_tpr"] <= r14["class_balance"]["test"]["prevalence"] + 1e-12


def test_bit_and_window_features():
    assert L.bit_matrix(np.array([5]), 3).tolist() == [[1.0, 0.0, 1.0]]
    from discovery.experiments.primes.sieve import prime_sieve

    ind = prime_sieve(40).view(np.uint8)
    assert L.window_matrix(ind, np.array([32]), 4).tolist() == [[1.0, 0.0, 1.0, 0.0]]  # 31, 30, 29, 28


@pytest.mark.parametrize("kw", [{"bits": 7}, {"bits": 23}, {"bits": 18, "window": 0}, {"bits": 18, "window": 65},
                                {"bits": 12, "test_fraction": 0.99}, {"bits": 12, "n_boot": 5}])
def test_refusals(kw):
    with pytest.raises(ValueError):
        L.learnability_experiment(**kw)
