"""Tests of discovery.experiments.primes.coding_models: entropy bounds, the sieve program, surrogates."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest

from discovery.experiments.primes import coding_models as PC
from discovery.experiments.primes.sieve import prime_sieve


def test_surrogates_have_the_advertised_statistics():
    n = 10**6
    s = PC.surrogates(prime_sieve(n), n, 0)
    p = 78498 / n
    assert s["primes"].mean() == p
    assert abs(s["iid"].mean() - p) < 4 * math.sqrt(p * (1 - p) / n)
    assert abs(s["uniform"].mean() - 0.5) < 4 * math.sqrt(0.25 / n)
    ints = np.arange(1, n + 1)
    off_wheel = (np.gcd(ints, 30) != 1) & ~np.isin(ints, [2, 3, 5])
    assert s["wheel30"][off_wheel].sum() == 0 and s["wheel30_cramer"][off_wheel].sum() == 0
    expected_wc = 3 + np.sum(np.minimum(1, 3.75 / np.log(ints[~off_wheel & (ints > 5)])))
    assert abs(s["wheel30_cramer"].sum() - expected_wc) < 4 * math.sqrt(expected_wc)
    expected_cramer = 1 + np.sum(1 / np.log(np.arange(3, n + 1)))
    assert abs(s["cramer"].sum() - expected_cramer) < 4 * math.sqrt(expected_cramer)
    # fixed seeds: identical draws
    t = PC.surrogates(prime_sieve(n), n, 0)
    assert all(np.array_equal(s[k], t[k]) for k in s)


def test_surrogates_of_tiny_strings():
    for n in (2, 3, 5, 7):
        s = PC.surrogates(prime_sieve(10), n, 1)
        assert all(len(v) == n for v in s.values())
        assert s["wheel30"][[p - 1 for p in (2, 3, 5) if p <= n]].tolist() == [1] * sum(p <= n for p in (2, 3, 5))


def test_wheel_bound_formula_by_direct_count():
    n = 10**5
    ind = prime_sieve(n)
    pi_n = int(ind.sum())
    b = PC.entropy_bounds(n, pi_n)
    ints = np.arange(2, n + 1)
    for w in PC.WHEELS:
        s = (np.gcd(ints, w) == 1)
        k = int(ind[2:][s].sum())
        assert b[f"wheel_{w}"] == pytest.approx(s.sum() * PC.binary_entropy(k / s.sum()) / n, rel=1e-12)
    approx30 = (8 / 30) * PC.binary_entropy(pi_n / (8 * n / 30))
    assert b["wheel_30"] == pytest.approx(approx30, rel=2e-3)
    assert b["wheel_210"] < b["wheel_30"] < b["wheel_6"] < b["wheel_2"] < b["iid_entropy"]


def test_coprime_count():
    for w in PC.WHEELS:
        for n in (1, 29, 30, 31, 1000, 12345):
            assert PC.coprime_count(n, w) == sum(1 for m in range(1, n + 1) if math.gcd(m, w) == 1)


def test_the_sieve_program_prints_x_n(tmp_path):
    """K(X_N) <= log2 N + c: the stored program really generates the string."""
    prog = tmp_path / "sieve.py"
    prog.write_text(PC.SIEVE_PROGRAM)
    n = 5000
    out = subprocess.run([sys.executable, str(prog), str(n)], capture_output=True, text=True, check=True).stdout
    assert out == "".join("1" if b else "0" for b in prime_sieve(n)[1:])
    b = PC.entropy_bounds(10**6, 78498)
    assert b["kolmogorov_literal_bits"] == 20 + 8 * len(PC.SIEVE_PROGRAM)
    assert b["kolmogorov_literal_bits"] < 2000


def test_binary_entropy():
    assert PC.binary_entropy(0.5) == 1.0
    assert PC.binary_entropy(0.0) == PC.binary_entropy(1.0) == 0.0
    assert PC.binary_entropy(0.11) == pytest.approx(0.4999, abs=1e-3)
