"""Tests of discovery.experiments.coffee.evidence: seed statistics against scipy, the border reading's rule."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from discovery.experiments.coffee import evidence as E


@pytest.mark.parametrize("seed", range(3))
def test_mean_sd_ci_is_the_student_t_interval(seed):
    x = np.random.default_rng(seed).normal(3.0, 2.0, size=6)
    got = E.mean_sd_ci(x)
    lo, hi = stats.t.interval(0.95, df=5, loc=x.mean(), scale=stats.sem(x))
    assert got["mean"] == pytest.approx(x.mean()) and got["sd"] == pytest.approx(x.std(ddof=1))
    assert got["ci95"] == pytest.approx([lo, hi])
    assert E.mean_sd_ci([2.0])["ci95"] is None


def _run(start: int, peak: int, end: int, surr_peak: int) -> dict:
    s = {"start": start, "peak": peak, "end": end, "peak_over_start": peak / start, "peak_over_end": peak / end,
         "peak_t_over_tau": 1.0, "rises_and_falls": peak >= 3 * start and peak >= 3 * end}
    return {"complexity_summary": {"3-bucket": s}, "surrogate_summary": {"3-bucket": {"peak": surr_peak}}}


def test_share_of_the_rise_and_the_three_readings():
    runs = [_run(40, 400, 60, sp) for sp in (390, 380, 400, 395)]
    sp = E.variant_spread(runs, "3-bucket")
    shares = [(p - 40) / 360 for p in (390, 380, 400, 395)]
    assert sp["surrogate_share_of_rise"]["mean"] == pytest.approx(np.mean(shares))
    assert E.border_reading(sp)["supported"] is True
    low = E.variant_spread([_run(40, 400, 60, sp) for sp in (100, 120, 90, 110)], "3-bucket")
    assert E.border_reading(low)["supported"] is False
    flat = E.variant_spread([_run(40, 60, 45, 58) for _ in range(4)], "3-bucket")
    assert E.border_reading(flat)["supported"] is None
    one = E.variant_spread([_run(40, 400, 60, 390)], "3-bucket")
    assert E.border_reading(one)["supported"] is None  # one seed gives no interval


def test_adjusted_comparison_names_a_model_only_when_welch_rejects():
    sp = {"a": {"peak_over_start": None}, "b": {"peak_over_start": None}}
    clear = E.adjusted_comparison(sp, {"a": [1.4, 1.5, 1.3, 1.6], "b": [4.0, 4.3, 3.8, 4.6]})
    assert clear["larger"] == "b" and clear["p"] < 0.001
    close = E.adjusted_comparison(sp, {"a": [1.4, 1.9, 1.3, 1.6], "b": [1.5, 1.8, 1.2, 1.7]})
    assert close["larger"] is None and close["p"] > 0.5
