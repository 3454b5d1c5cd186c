"""The time estimate of `esma search run`: a sample of the real space, spread, disjoint, and extrapolated."""

from __future__ import annotations

import re

import pytest

from discovery.cli.estimate import Estimate, estimate, rounded, spread
from search.space.spec import build_search

UNIT = {"s": 1, "min": 60, "h": 3600}


def space(constant: str):
    return build_search(constant, 1, 2, "1-3", 100, 0.25, 100, 1000, max_pairs=None, too_large_hint="")


@pytest.mark.parametrize("seconds", [1, 1.49, 1.5, 2.5, 9.6, 14, 47.3, 89, 90, 149, 150, 1234, 5399, 5400, 86400])
def test_rounded_is_within_half_a_significant_figure(seconds):
    m = re.fullmatch(r"about ([\d,.]+) (s|min|h)", rounded(seconds))
    assert m, rounded(seconds)
    value = float(m[1].replace(",", "")) * UNIT[m[2]]
    assert seconds / 1.5 <= value <= seconds * 1.5
    assert len(m[1].replace(",", "").rstrip("0").rstrip(".")) <= 2  # one or two significant figures


def test_every_prefix_of_the_spread_is_evenly_spaced():
    for k in range(6):
        assert sorted(spread(2 ** k)) == [i / 2 ** k for i in range(2 ** k)]


def test_extrapolation_shrinks_with_workers_and_keeps_the_startup():
    est = Estimate(sample_pairs=500, sample_seconds=2.0, startup_seconds=0.7, pairs=50_000)
    assert est.seconds(1) == pytest.approx(200.0)
    assert est.seconds(4) == pytest.approx(0.7 + 50.0)
    assert est.seconds(1) > est.seconds(2) > est.seconds(4) > est.startup_seconds


def test_sample_of_a_small_space_covers_it_once():
    """pi screens out fast: with room enough the sample is every row but the first (the warm-up), never twice."""
    sp, config = space("pi")
    est = estimate(sp, config, budget=30.0, max_pairs=10**6, share=1.0)
    assert est.pairs == sp.pair_count() == 1120
    assert est.sample_pairs == est.pairs - len(sp.periods)


def test_a_hit_rich_constant_costs_more_per_pair_than_a_hit_free_one():
    """e's pairs are mostly hits (confirm, cascade, validation), pi's screen out: the same space, far apart."""
    e = estimate(*space("e"), budget=1.0)
    pi = estimate(*space("pi"), budget=1.0)
    assert 0 < e.sample_pairs < e.pairs and e.sample_seconds < 4.0  # the budget bounds the sample
    assert e.seconds(1) > 10 * pi.seconds(1)


def test_the_sample_of_a_fast_search_stays_a_small_share_of_it():
    """pi at L = 3 (5,040 pairs) screens in a fraction of a second: the sample takes its share
    (3% of the pairs, at least 256) and stops, however much of the one-second budget is left."""
    sp, config = build_search("pi", 1, 3, "1-3", 100, 0.25, 100, 1000, max_pairs=None, too_large_hint="")
    est = estimate(sp, config)
    assert max(256, 0.03 * est.pairs) <= est.sample_pairs <= 0.15 * est.pairs
    assert est.sample_seconds < 0.5
