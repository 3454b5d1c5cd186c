"""Tests of discovery.experiments.primes.statistics: laws on the integers, distances, normality tests."""

from __future__ import annotations

import numpy as np
import pytest

from discovery.experiments.primes import statistics as P


def test_helpers():
    assert P.total_variation(np.array([0.2, 0.8]), np.array([0.2, 0.8])) == 0.0
    pmf = P.discretised_normal_pmf(3.0, 1.0, 8)
    assert pmf.sum() == pytest.approx(1.0)
    assert P.ks_to_normal(pmf, 3.0, 1.0, continuity=True) < 1e-12
    # Kac model: exact Poisson-binomial for small prime sets
    assert P.kac_model_pmf(np.array([2, 3]), 3).tolist() == pytest.approx([1 / 3, 1 / 2, 1 / 6, 0.0])
    jb = P.jarque_bera(np.random.default_rng(0).normal(size=20000))
    assert jb["log10_p"] > -2  # a real normal sample is not rejected


def test_jarque_bera_of_counts_is_that_of_the_expanded_sample():
    counts = np.array([3, 10, 7, 0, 2])
    sample = np.repeat(np.arange(len(counts)), counts).astype(float)
    a, b = P.jarque_bera_counts(counts), P.jarque_bera(sample)
    assert a["n"] == b["n"] == 22
    for key in ("skewness", "kurtosis", "statistic", "log10_p"):
        assert a[key] == pytest.approx(b[key], rel=1e-12)


def test_value_counts_skips_entry_zero():
    w = np.array([5, 0, 2, 2, 1], dtype=np.uint8)
    assert P.value_counts(w).tolist() == np.bincount(w[1:]).tolist() == [1, 1, 2]
