"""Tests of discovery.experiments.primes.logistic: the ROC-AUC rank statistic and the IRLS fit."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discovery.experiments.primes import logistic as L


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.booleans()), min_size=2, max_size=40))
def test_roc_auc_equals_pairwise_definition(pairs):
    s = np.array([p[0] for p in pairs], dtype=float)
    y = np.array([p[1] for p in pairs])
    if y.all() or not y.any():
        with pytest.raises(ValueError):
            L.roc_auc(s, y)
        return
    pos, neg = s[y], s[~y]
    brute = np.mean([(a > b) + 0.5 * (a == b) for a in pos for b in neg])
    assert L.roc_auc(s, y) == pytest.approx(brute, abs=1e-12)


def test_logistic_fit_recovers_coefficients():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(20000, 2))
    beta = np.array([-1.0, 2.0, -0.5])
    y = (rng.random(20000) < 1 / (1 + np.exp(-(beta[0] + x @ beta[1:])))).astype(int)
    got = L.logistic_fit(x, y, ridge=0.0)
    assert np.allclose(got, beta, atol=0.08)


def test_classification_report_counts():
    rep = L.classification_report(np.array([0.9, 0.8, 0.3, 0.1, 0.7]), np.array([1, 0, 1, 0, 0]), 0.5)
    assert rep["confusion"] == {"tp": 1, "fp": 2, "fn": 1, "tn": 1}
    assert rep["precision"] == pytest.approx(1 / 3) and rep["recall"] == 0.5
    assert rep["joint_fraction_not_tpr"] == 0.2
    assert L.classification_report(np.zeros(4), np.array([1, 0, 1, 0]), 0.5)["precision"] is None
