"""Tests of discovery.experiments.coffee.scaling: power-law fits over grid sizes."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from discovery.experiments.coffee import scaling as cf


def test_scaling_fit_on_small_sizes():
    sc = cf.scaling((20, 40, 60), "interacting", snapshots=30, seeds=range(5))
    assert [row["grain"] for row in sc["rows"]] == [9, 9, 9] and sc["seeds"] == [0, 1, 2, 3, 4]
    fits = sc["fits"]
    # every (size, seed) run is a point: the fit is ordinary least squares on them, computed here independently
    x = np.log([row["n"] for row in sc["rows"] for _ in range(5)])
    y = np.log([v for row in sc["rows"] for v in row["3-bucket_peak"]["values"]])
    b, a = np.polyfit(x, y, 1)
    resid = y - (a + b * x)
    se = np.sqrt(resid @ resid / (x.size - 2) / np.sum((x - x.mean()) ** 2))
    f = fits["3-bucket_peak"]
    assert f["points"] == 15 and f["exponent"] == pytest.approx(b) and f["exponent_stderr"] == pytest.approx(se)
    half = stats.t.ppf(0.975, 13) * se
    assert f["exponent_ci95"] == pytest.approx([b - half, b + half])
    for row in sc["rows"]:
        vals = row["3-bucket_peak"]["values"]
        assert row["3-bucket_peak"]["mean"] == pytest.approx(np.mean(vals)) and len(vals) == 5
    # final entropy grows with the number of cells, somewhat slower than n^2 at these sizes
    assert 1.5 <= fits["entropy_end"]["exponent"] <= 2.1
    # the peak time follows tau ~ 2 n^4 / pi^2 swaps
    assert 3.3 <= fits["3-bucket_peak_t"]["exponent"] <= 4.7
    assert fits["3-bucket_peak"]["exponent"] > 0.5


def test_loglog_fit_without_a_rise_is_none():
    assert cf.loglog_fit([10, 20], [0, 5]) is None
    with pytest.raises(ValueError, match="two grid sizes"):
        cf.scaling([20, 20])
    with pytest.raises(ValueError, match="each seed once"):
        cf.scaling([12, 16], seeds=[1, 1])
