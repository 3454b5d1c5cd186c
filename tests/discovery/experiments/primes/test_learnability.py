"""Tests of discovery.experiments.primes.learnability: what simple models predict about primality."""

from __future__ import annotations

import numpy as np
import pytest

from discovery.experiments.primes import learnability as L


@pytest.fixture(scope="module")
def r18():
    return L.learnability_experiment(18)


def test_class_balance_reported(r18):
    cb = r18["class_balance"]
    assert cb["integers"] == 2**17
    assert cb["primes"] == 23000 - 12251  # pi(2^18) - pi(2^17)
    assert cb["train"]["size"] + cb["test"]["size"] == 2**17
    assert cb["train"]["primes"] + cb["test"]["primes"] == cb["primes"]
    assert "seed" in cb["split"]


def test_one_feature_at_chance(r18):
    assert 0.45 <= r18["models"]["one_feature_n"]["auc"] <= 0.57


def test_per_bit_far_above_chance_because_of_parity(r18):
    m = r18["models"]
    assert m["per_bit"]["auc"] >= 0.75
    assert abs(m["per_bit"]["auc"] - m["parity_bit_only"]["auc"]) < 0.01
    assert 0.45 <= m["bits_without_parity"]["auc"] <= 0.57
    # parity weight dominates the fitted per-bit model
    coef = np.abs(m["per_bit"]["coefficients"][1:])
    assert np.argmax(coef) == 0 and coef[0] > 10 * np.sort(coef)[-2]


def test_wheel_rules(r18):
    m = r18["models"]
    aucs = [m[f"wheel_{w}"]["auc"] for w in (2, 6, 30, 210)]
    assert aucs == sorted(aucs)
    for w in (2, 6, 30, 210):
        assert m[f"wheel_{w}"]["recall"] == 1.0 and m[f"wheel_{w}"]["parameters"] == 0
    # the W = 2 rule is the parity feature: same ROC-AUC as the fitted parity model
    assert m["wheel_2"]["auc"] == pytest.approx(m["parity_bit_only"]["auc"], abs=1e-9)
    assert m["wheel_210"]["auc"] > m["per_bit"]["auc"]


def test_next_bit_reported(r18):
    nb = r18["models"]["next_bit_window"]
    assert 0.5 < nb["auc"] < 1.0
    assert nb["precision"] is not None and nb["recall"] is not None


def test_precision_recall_are_not_the_joint_fraction(r18):
    for m in r18["models"].values():
        c = m["confusion"]
        n = sum(c.values())
        assert m["joint_fraction_not_tpr"] == c["tp"] / n
        if m["recall"] is not None:
            assert m["recall"] == c["tp"] / (c["tp"] + c["fn"])
        assert m["joint_fraction_not_tpr"] <= r18["class_balance"]["test"]["prevalence"] + 1e-12


def test_bit_and_window_features():
    assert L.bit_matrix(np.array([5]), 3).tolist() == [[1.0, 0.0, 1.0]]
    from discovery.experiments.primes.sieve import prime_sieve

    ind = prime_sieve(40).view(np.uint8)
    assert L.window_matrix(ind, np.array([32]), 4).tolist() == [[1.0, 0.0, 1.0, 0.0]]  # 31, 30, 29, 28


@pytest.mark.parametrize("kw", [{"bits": 7}, {"bits": 23}, {"bits": 18, "window": 0}, {"bits": 18, "window": 65},
                                {"bits": 12, "test_fraction": 0.99}])
def test_refusals(kw):
    with pytest.raises(ValueError):
        L.learnability_experiment(**kw)
