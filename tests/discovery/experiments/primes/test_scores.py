"""Tests of discovery.experiments.primes.scores: the bootstrap AUC against roc_auc_score on explicit resamples,
the interval against the sampling spread over fresh data sets, and the confusion-matrix scores."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from discovery.experiments.primes import scores as S


@pytest.mark.parametrize("ties", [False, True])
def test_block_count_auc_equals_roc_auc_score_on_resamples(ties):
    rng = np.random.default_rng(3)
    n = 400
    y = rng.random(n) < 0.2
    s = rng.integers(0, 5, n).astype(float) if ties else rng.random(n) + 0.5 * y
    values, block = np.unique(s, return_inverse=True)
    for _ in range(20):
        idx = rng.integers(0, n, n)
        pos = np.bincount(block[idx][y[idx]], minlength=len(values))
        neg = np.bincount(block[idx][~y[idx]], minlength=len(values))
        got = S._auc_from_block_counts(pos[None, :], neg[None, :])[0]
        assert got == pytest.approx(roc_auc_score(y[idx], s[idx]), abs=1e-12)


def test_bootstrap_standard_error_matches_the_sampling_spread():
    """The bootstrap standard error of one data set is close to the sd of the AUC over fresh data sets."""
    rng = np.random.default_rng(0)
    n1, n0 = 300, 2700
    y = np.r_[np.ones(n1, bool), np.zeros(n0, bool)]

    def draw():
        return np.r_[rng.normal(0.8, 1.0, n1), rng.normal(0.0, 1.0, n0)]

    spread = np.std([roc_auc_score(y, draw()) for _ in range(300)], ddof=1)
    s = draw()
    r = S.auc_with_interval(s, y, n_boot=400, seed=1)
    assert r["auc_se"] == pytest.approx(spread, rel=0.25)
    lo, hi = r["auc_ci"]
    assert lo < r["auc"] < hi and hi - lo == pytest.approx(2 * 1.96 * spread, rel=0.3)
    assert r["auc"] == roc_auc_score(y, s)


def test_one_class_refused_and_seeded():
    with pytest.raises(ValueError, match="both classes"):
        S.auc_with_interval(np.ones(10), np.ones(10))
    y = np.r_[np.ones(30), np.zeros(70)]
    s = np.random.default_rng(2).random(100) + 0.3 * y
    assert S.auc_with_interval(s, y, seed=5) == S.auc_with_interval(s, y, seed=5)


def test_classification_report_counts():
    y = np.array([1, 1, 0, 0, 1, 0])
    s = np.array([0.9, 0.3, 0.8, 0.1, 0.7, 0.2])
    r = S.classification_report(s, y, 0.5, n_boot=20)
    assert r["confusion"] == {"tp": 2, "fp": 1, "fn": 1, "tn": 2}
    assert r["precision"] == pytest.approx(2 / 3) and r["recall"] == pytest.approx(2 / 3)
    assert r["joint_fraction_not_tpr"] == pytest.approx(2 / 6)
    assert S.classification_report(s, y, 2.0, n_boot=20)["precision"] is None
