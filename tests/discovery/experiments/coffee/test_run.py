"""Tests of discovery.experiments.coffee.run on the n = 100 runs (seed 0, grain 11, 60 snapshots, zlib):
what those runs measured.  Where the data disagree with the paper (the 7-bucket adjusted curve of the
interacting model shows no bump), the test states what the data show."""

from __future__ import annotations

import numpy as np
import pytest

from discovery.experiments.coffee.parameters import MODELS


@pytest.mark.parametrize("model", MODELS)
def test_entropy_non_decreasing_within_3_percent(runs100, model):
    e = np.asarray(runs100[model]["entropy"], dtype=float)
    running = np.maximum.accumulate(e)
    assert np.all(e >= 0.97 * running)
    assert e[-1] > 40 * e[0]  # from 34 bytes (ordered) to well over a kilobyte
    r = runs100[model]
    assert r["cream_start"] == r["cream_end"] == 5000


@pytest.mark.parametrize("model", MODELS)
def test_three_bucket_complexity_rises_and_falls(runs100, model):
    s = runs100[model]["complexity_summary"]["3-bucket"]
    c = runs100[model]["complexity"]["3-bucket"]
    assert s["peak"] == max(c)
    assert s["peak"] >= 3 * s["start"] and s["peak"] >= 3 * s["end"]
    assert s["rises_and_falls"]
    # the peak comes when the mixed band reaches the walls, about one diffusion time tau
    assert 0.5 <= s["peak_t_over_tau"] <= 2.5


def test_adjusted_interacting_curve_has_no_bump(runs100):
    """The paper (Fig. 10a) reports a bump here that survives the adjustment; these data show none.

    The 7-bucket row-majority-adjusted complexity of the interacting model stays below twice its
    start value throughout (seed 0: 45 -> peak 77 -> 44 bytes), as the erratum predicts.
    """
    s = runs100["interacting"]["complexity_summary"]["7-bucket-adjusted"]
    assert s["peak"] < 2 * s["start"]
    assert not s["rises_and_falls"]


@pytest.mark.parametrize("model", MODELS)
def test_row_shuffle_surrogate_reproduces_the_peak(runs100, model):
    """Shuffling every row (keeping only the row profile) gives the same 3-bucket peak: no 2-D structure needed."""
    r = runs100[model]
    ratio = r["complexity_summary"]["3-bucket"]["peak"] / r["surrogate_summary"]["3-bucket"]["peak"]
    assert 0.8 <= ratio <= 1.25


def test_interacting_run_ends_well_mixed(runs100):
    r = runs100["interacting"]
    assert r["t"][-1] == round(8 * r["tau"])
    c = r["complexity"]["3-bucket"]
    assert c[-1] < 0.2 * max(c)
