"""Tests of discovery.experiments.complexity.sources: the random real's CF and the prime indicator."""

from __future__ import annotations

import math
from fractions import Fraction

import gmpy2

from discovery.experiments.complexity import sources as K
from discovery.experiments.complexity.surrogates import surrogate_rng


def test_random_real_terms_are_the_cf_of_the_drawn_real():
    terms, B = K.random_real_terms(500, seed=9)
    assert terms == K.random_real_terms(500, seed=9)[0]
    assert terms != K.random_real_terms(500, seed=10)[0]
    assert len(terms) == 500 and terms[0] == 0
    # recompute the leading terms of the lower end of the drawn interval with exact rationals
    x = surrogate_rng(9, "random real")
    m = int.from_bytes(x.bytes((4 * 500 + 256) // 8), "big")
    assert B == 4 * 500 + 256  # enough bits at the first draw for this seed
    r, cf = Fraction(m, 1 << B), []
    while len(cf) < 500:
        a = math.floor(r)
        cf.append(a)
        r = 1 / (r - a)
    assert cf == terms
    # Gauss-Kuzmin: P(a = 1) = log2(4/3) = 0.415
    assert abs(sum(t == 1 for t in terms[1:]) / 499 - math.log2(4 / 3)) < 0.07


def test_prime_indicator():
    n = 5000
    ref = [int(gmpy2.is_prime(k)) for k in range(n)]
    assert K.prime_indicator(n).tolist() == ref
    assert int(K.prime_indicator(1_000_001).sum()) == 78498
    assert K.prime_indicator(0).size == 0 and K.prime_indicator(2).tolist() == [0, 0]
