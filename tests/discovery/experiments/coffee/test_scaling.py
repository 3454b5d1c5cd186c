"""Tests of discovery.experiments.coffee.scaling: power-law fits over grid sizes."""

from __future__ import annotations

import pytest

from discovery.experiments.coffee import scaling as cf


def test_scaling_fit_on_small_sizes():
    sc = cf.scaling((20, 40, 60), "interacting", snapshots=30)
    assert [row["grain"] for row in sc["rows"]] == [9, 9, 9]
    fits = sc["fits"]
    # final entropy grows with the number of cells, somewhat slower than n^2 at these sizes
    assert 1.5 <= fits["entropy_end"]["exponent"] <= 2.1
    # the peak time follows tau ~ 2 n^4 / pi^2 swaps
    assert 3.3 <= fits["3-bucket_peak_t"]["exponent"] <= 4.7
    assert fits["3-bucket_peak"]["exponent"] > 0.5


def test_loglog_fit_without_a_rise_is_none():
    assert cf.loglog_fit([10, 20], [0, 5]) is None
    with pytest.raises(ValueError, match="two grid sizes"):
        cf.scaling([20, 20])
