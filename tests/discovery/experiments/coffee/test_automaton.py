"""Tests of discovery.experiments.coffee.automaton: the two dynamics conserve cream, move locally,
choose pairs uniformly and are reproducible."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discovery.experiments.coffee import automaton as cf
from discovery.experiments.coffee.parameters import MODELS


@pytest.mark.parametrize("model", MODELS)
def test_dynamics_conserve_cream(model):
    a = cf.CoffeeAutomaton(20, model, seed=3)
    assert a.cream() == 200
    for steps in (1, 17, 1000, 25_000):
        a.advance(steps)
        assert a.cream() == 200
    if model == "non-interacting":
        recount = np.zeros_like(a.counts)
        np.add.at(recount, (a.rows, a.cols), 1)
        assert np.array_equal(recount, a.counts)
        assert a.counts.min() >= 0
    else:
        assert set(np.unique(a.grid)) <= {0, 1}


@settings(max_examples=40, deadline=None)
@given(n=st.sampled_from([4, 6, 8, 10]), seed=st.integers(0, 2**32), steps=st.integers(1, 60))
def test_interacting_swaps_only_adjacent_cells(n, seed, steps):
    grid = cf.initial_grid(n)
    rng = np.array([cf.seed_state(seed, 0, n)], dtype=np.uint64)
    for _ in range(steps):
        before = grid.copy()
        swaps = cf.interacting_steps(grid, 1, rng)
        diff = np.argwhere(before != grid)
        assert swaps in (0, 1)
        if swaps == 0:
            assert len(diff) == 0
            continue
        assert len(diff) == 2
        (r1, c1), (r2, c2) = diff
        assert abs(int(r1) - int(r2)) + abs(int(c1) - int(c2)) == 1
        assert grid[r1, c1] == before[r2, c2] and grid[r2, c2] == before[r1, c1]


@settings(max_examples=30, deadline=None)
@given(n=st.sampled_from([4, 6, 10]), seed=st.integers(0, 2**32), steps=st.integers(1, 20))
def test_noninteracting_particles_move_at_most_one_cell(n, seed, steps):
    a = cf.CoffeeAutomaton(n, "non-interacting", seed)
    for _ in range(steps):
        r0, c0 = a.rows.copy(), a.cols.copy()
        a.advance(1)
        dist = np.abs(a.rows - r0) + np.abs(a.cols - c0)
        assert dist.max() <= 1
        assert a.rows.min() >= 0 and a.cols.min() >= 0 and a.rows.max() < n and a.cols.max() < n


def test_interacting_pairs_are_chosen_uniformly():
    """With 16 distinct values on a 4x4 grid every chosen pair swaps; each of the 24 pairs is equally likely."""
    n = 4
    grid = np.arange(16, dtype=np.uint8).reshape(n, n)
    rng = np.array([cf.seed_state(11, 0, n)], dtype=np.uint64)
    counts: dict[tuple, int] = {}
    trials = 48_000
    for _ in range(trials):
        before = grid.copy()
        assert cf.interacting_steps(grid, 1, rng) == 1
        cells = tuple(sorted(map(tuple, np.argwhere(before != grid).tolist())))
        counts[cells] = counts.get(cells, 0) + 1
    assert len(counts) == 2 * n * (n - 1)
    expected = trials / len(counts)
    chi2 = sum((c - expected) ** 2 / expected for c in counts.values())
    assert chi2 < 49.7  # 23 degrees of freedom, p = 0.001


def test_runs_are_reproducible_and_seeded():
    a, b, c = (cf.CoffeeAutomaton(30, "interacting", s) for s in (5, 5, 6))
    for x in (a, b, c):
        x.advance(200_000)
    assert np.array_equal(a.grid, b.grid)
    assert not np.array_equal(a.grid, c.grid)


def test_diffusion_time():
    n = 40
    assert cf.diffusion_time(n, "interacting") == pytest.approx(2 * n**4 / np.pi**2, rel=0.03)
    assert cf.diffusion_time(n, "non-interacting") == pytest.approx(4 * n**2 / np.pi**2, rel=0.01)
