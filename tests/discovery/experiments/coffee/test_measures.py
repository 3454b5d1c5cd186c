"""Tests of discovery.experiments.coffee.measures: window means, exact thresholds, the row-majority
adjustment, and the compressed sizes of known states."""

from __future__ import annotations

import numpy as np

from discovery.experiments.coffee import measures as cf
from discovery.experiments.coffee.automaton import initial_grid
from discovery.experiments.coffee.parameters import COMPRESSORS


def test_window_mean_matches_brute_force_and_paper_edge_convention():
    rng = np.random.default_rng(0)
    for n, g in ((7, 3), (10, 5), (12, 1), (9, 9)):
        x = rng.integers(0, 3, size=(n, n))
        h = g // 2
        want = np.array([[x[max(0, i - h):i + h + 1, max(0, j - h):j + h + 1].mean() for j in range(n)]
                         for i in range(n)])
        assert np.allclose(cf.coarse_grain(x, g), want)
    # the fine-grained example of the paper's Fig. 1 (g = 3); windows are truncated at the edge
    fig1 = np.array([[0, 1, 0, 0, 1], [0, 1, 1, 0, 1], [0, 1, 0, 1, 0], [1, 0, 1, 1, 1], [1, 0, 1, 0, 0]])
    cg = cf.coarse_grain(fig1, 3)
    assert np.allclose(cg[0], 0.5)
    assert np.isclose(cg[1, 1], 4 / 9) and np.isclose(cg[2, 2], 6 / 9) and np.isclose(cg[2, 1], 5 / 9)
    assert np.isclose(cg[4, 1], 4 / 6) and np.isclose(cg[4, 2], 0.5)


def test_thresholds_are_exact_and_adjustment_follows_row_majority():
    # window means exactly 1/3 and 2/3 fall in the upper bucket (floor(3m)), never rounded away
    x = np.array([[0, 0, 1], [0, 1, 1], [1, 1, 1]])
    assert cf.threshold(x, 1, 3).tolist() == [[0, 0, 2], [0, 2, 2], [2, 2, 2]]
    row_means = np.array([[1, 1, 1, 0, 0, 0]])  # g = 3 windows: 2/3, 2/3, 2/3, 1/3, 0, 0
    assert cf.threshold(np.vstack([row_means] * 3), 3, 3)[1].tolist() == [2, 2, 2, 1, 0, 0]
    b = np.array([[3, 3, 4, 2, 5, 3, 1], [0, 0, 6, 6, 1, 5, 5]], dtype=np.uint8)
    adj = cf.row_majority_adjust(b)
    assert adj[0].tolist() == [3, 3, 3, 3, 5, 3, 1]
    # row 1: 0, 5 and 6 appear twice; the tie goes to the smaller bucket, 0
    assert adj[1].tolist() == [0, 0, 6, 6, 0, 5, 5]


def test_compressors_and_measures_on_known_states():
    n = 40
    ordered = initial_grid(n)
    noise = np.random.default_rng(1).integers(0, 2, size=(n, n)).astype(np.uint8)
    for comp in COMPRESSORS:
        assert cf.entropy_estimate(ordered, comp) < cf.entropy_estimate(noise, comp)
    # an exactly half-cream random state coarse-grains to "mixed" almost everywhere: little complexity
    assert cf.apparent_complexity(noise, 9, "3-bucket") < cf.apparent_complexity(noise, 1, "3-bucket") / 5


def test_default_grain():
    assert [cf.default_grain(n) for n in (6, 10, 80, 100, 200, 400)] == [5, 9, 9, 11, 21, 41]
