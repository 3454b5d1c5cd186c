"""Tests of discovery.experiments.primes.sieve: exact prime counts, omega tables, prefix sums and refusals."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from discovery.experiments.primes.sieve import (
    MAX_N,
    check_n,
    checkpoints,
    omega_prefix_sums,
    omega_table,
    pi_at,
    prime_pi,
    prime_sieve,
    primes_up_to,
)


@pytest.fixture(scope="module")
def big():
    n = 2**24
    ind = prime_sieve(n)
    primes = primes_up_to(n, ind)
    return n, ind, primes, omega_table(n, primes)


def test_known_prime_counts(big):
    n, ind, primes, _ = big
    assert prime_pi(10**4) == 1229
    assert int(pi_at(ind, [10**6])[0]) == 78498
    assert int(np.count_nonzero(ind)) == 1077871  # pi(2^24)
    assert len(primes) == 1077871
    assert int(pi_at(ind, [10, 100, 1000, 10**5, 10**7])[-1]) == 664579


def test_sieve_matches_sympy_below_20000():
    ind = prime_sieve(20000)
    assert ind.dtype == np.bool_ and len(ind) == 20001
    assert ind.nonzero()[0].tolist() == list(sympy.primerange(0, 20001))


def test_sieve_tail_matches_sympy(big):
    n, ind, _, _ = big
    tail = ind[n - 5000:].nonzero()[0] + (n - 5000)
    assert tail.tolist() == list(sympy.primerange(n - 5000, n + 1))


def test_omega_sum_identity_at_1e6(big):
    _, _, primes, w = big
    n = 10**6
    lhs = int(w[1:n + 1].sum(dtype=np.int64))
    rhs = int(np.sum(n // primes[primes <= n]))
    assert lhs == rhs
    # same identity at 2^24, and the prefix-sum kernel agrees
    m = 2**24
    assert int(omega_prefix_sums(w, [m])[0, 0]) == int(np.sum(m // primes)) == int(w.sum(dtype=np.int64))


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=2**24))
def test_omega_matches_factorisation(big, k):
    w = big[3]
    assert int(w[k]) == len(sympy.factorint(k))


def test_omega_small_values():
    w = omega_table(30)
    assert w[[0, 1, 2, 4, 6, 12, 30]].tolist() == [0, 0, 1, 1, 2, 2, 3]
    assert w.dtype == np.uint8


def test_omega_record_below_2_24(big):
    w = big[3]
    # 2*3*5*7*11*13*17 = 510510 is the least n with omega(n) = 7; 9699690 the least with 8
    assert int(w.max()) == 8
    assert int(np.argmax(w >= 7)) == 510510 and int(np.argmax(w >= 8)) == 9699690


def test_prefix_moments_against_numpy():
    w = omega_table(5000)
    xs = [1, 2, 17, 1000, 5000]
    got = omega_prefix_sums(w, xs)
    for (s1, s2), x in zip(got, xs):
        v = w[1:x + 1].astype(np.int64)
        assert (s1, s2) == (v.sum(), (v * v).sum())


def test_pi_at_rejects_bad_points():
    ind = prime_sieve(100)
    with pytest.raises(ValueError):
        pi_at(ind, [50, 10])
    with pytest.raises(ValueError):
        pi_at(ind, [101])


@pytest.mark.parametrize("bad", [1, 0, -5, MAX_N + 1, 2.5, True, "100"])
def test_bad_limits_refused(bad):
    with pytest.raises(ValueError) as exc:
        prime_sieve(bad)
    assert "\n" not in str(exc.value)


def test_cap_message_names_the_cap():
    with pytest.raises(ValueError, match=r"2\^27"):
        check_n(2**27 + 1)
    assert check_n(2**27) == 2**27
    with pytest.raises(ValueError, match="ln ln N"):
        check_n(10, low=16, why="ln ln N must be positive")


def test_small_n():
    assert prime_sieve(2).nonzero()[0].tolist() == [2]
    assert primes_up_to(3).tolist() == [2, 3]
    assert math.isclose(prime_pi(2), 1)


def test_checkpoints_are_powers_of_ten_then_n():
    assert checkpoints(10) == [10]
    assert checkpoints(11) == [10, 11]
    assert checkpoints(2**27) == [10**k for k in range(1, 9)] + [2**27]
    assert checkpoints(10**6, first=3) == [1000, 10**4, 10**5, 10**6]
