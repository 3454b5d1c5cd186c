"""Tests of discovery.experiments.complexity.surrogates: reproducible, frequency-preserving surrogates."""

from __future__ import annotations

import math

import numpy as np

from discovery.experiments.complexity import surrogates as K
from search.expansion import expand


def test_surrogates_reproducible_and_frequency_preserving():
    data = np.array(expand("pi", "+", 2000).terms)
    a = K.make_surrogates(data, seed=5, source="pi", k=2)
    b = K.make_surrogates(data, seed=5, source="pi", k=2)
    c = K.make_surrogates(data, seed=6, source="pi", k=2)
    for kind in ("shuffled", "iid"):
        for x, y in zip(a[kind], b[kind]):
            assert np.array_equal(x, y)
        assert not np.array_equal(a[kind][0], c[kind][0])
        assert not np.array_equal(a[kind][0], a[kind][1])
    vals, counts = np.unique(data, return_counts=True)
    for x in a["shuffled"]:
        v2, c2 = np.unique(x, return_counts=True)
        assert np.array_equal(v2, vals) and np.array_equal(c2, counts)
    # iid: symbols from the data, frequency of 1 within 4 binomial sigmas of the data's
    p1 = float(np.mean(data == 1))
    sigma = math.sqrt(p1 * (1 - p1) / data.size)
    for x in a["iid"]:
        assert set(np.unique(x).tolist()) <= set(vals.tolist())
        assert abs(float(np.mean(x == 1)) - p1) < 4 * sigma


def test_surrogate_seeds_must_be_non_negative():
    import pytest

    with pytest.raises(ValueError):
        K.surrogate_rng(-1, "pi")
