"""Tests of discovery.experiments.complexity.symbols: symbol codes and the Gauss-Kuzmin entropy."""

from __future__ import annotations

import math

import numpy as np

from discovery.experiments.complexity import symbols as K


def test_gauss_kuzmin_entropy_constant():
    k = np.arange(1, 10**6, dtype=np.float64)
    p = -np.log2(1 - 1 / (k + 1) ** 2)
    partial = float(-(p * np.log2(p)).sum())
    tail = (2 * (math.log2(1e6) + 1 / math.log(2)) + math.log2(math.log(2))) / (1e6 * math.log(2))
    assert abs(partial + tail - K.GAUSS_KUZMIN_ENTROPY) < 1e-5


def test_symbol_codes_and_plugin_entropy():
    codes, a = K.symbol_codes(["b", "a", "c", "a"])
    assert codes.tolist() == [1, 0, 2, 0] and a == 3
    assert K.symbol_codes("")[1] == 0 and K.symbol_codes(b"\x05\x05")[0].tolist() == [0, 0]
    assert K.empirical_entropy([]) == 0.0
    assert K.empirical_entropy([1, 2, 3, 4]) == 2.0
    assert K.symbol_array([2**80, 1]).dtype == object
