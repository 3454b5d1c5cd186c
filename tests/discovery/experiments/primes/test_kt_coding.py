"""Tests of discovery.experiments.primes.kt_coding: KT code lengths against the Beta closed form and exact
fractions, the wheel models on the prime string, and the Elias-delta lengths."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import betaln

from discovery.experiments.primes import kt_coding as K
from discovery.experiments.primes.sieve import prime_sieve


def _exact_kt_bits(bits, contexts):
    """-log2 of the product of the sequential KT probabilities, in exact rationals."""
    seen: dict[int, list[int]] = {}
    prob = Fraction(1)
    for b, c in zip(bits, contexts):
        a = seen.setdefault(c, [0, 0])
        prob *= Fraction(2 * a[b] + 1, 2 * (a[0] + a[1] + 1))
        a[b] += 1
    return -math.log2(prob)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 1), st.integers(0, 3)), min_size=1, max_size=60))
def test_kt_length_equals_exact_sequential_product(pairs):
    bits = [p[0] for p in pairs]
    ctx = [p[1] for p in pairs]
    assert K.kt_code_length(np.array(bits), np.array(ctx))["bits"] == pytest.approx(_exact_kt_bits(bits, ctx),
                                                                                     rel=1e-12, abs=1e-12)


def test_kt_small_exact_values():
    # 0 then 1 in one context: 1/2 * 1/4; "0000": 1/2 * 3/4 * 5/6 * 7/8 = 35/128
    assert K.kt_code_length(np.array([0, 1]), np.array([0, 0]))["bits"] == pytest.approx(3.0)
    assert K.kt_code_length(np.zeros(4, int), np.zeros(4, int))["bits"] == pytest.approx(math.log2(128 / 35))
    # two contexts are coded independently
    assert K.kt_code_length(np.array([0, 0]), np.array([0, 1]))["bits"] == pytest.approx(2.0)


def test_kt_length_equals_beta_closed_form_on_the_primes():
    """Sequential code length = sum over contexts of -log2 B(a+1/2, b+1/2)/B(1/2, 1/2) (scipy.special.betaln)."""
    n = 20000
    x = prime_sieve(n).view(np.uint8)[1:].astype(int)
    ints = np.arange(1, n + 1)
    for m in (30, 210):
        r = K.wheel_code_length(x, m, "residue")
        cop = np.gcd(ints, m) == 1
        closed = 0.0
        for c in range(m):
            sel = cop & (ints % m == c)
            if sel.any():
                a = int(x[sel].sum())
                b = int(sel.sum()) - a
                closed -= (betaln(a + 0.5, b + 0.5) - betaln(0.5, 0.5)) / math.log(2)
        assert r["ideal_bits"] == pytest.approx(closed, rel=1e-10)
        assert r["contexts"] == sum(1 for c in range(m) if math.gcd(c, m) == 1)


def test_done_when_mod_2310_at_one_million():
    """Issue 13: at N = 10^6 the mod-2310 residue model gives <= 0.21 bits/integer (about 0.2009), with its
    description counted; the moduli order as the wheel bounds do."""
    x = prime_sieve(10**6).view(np.uint8)[1:]
    m = K.wheel_models(x)
    assert m["kt_residue_mod_2310"]["bound_bits_per_integer"] == pytest.approx(0.20092, abs=5e-5)
    assert m["kt_residue_mod_210"]["bound_bits_per_integer"] == pytest.approx(0.21247, abs=5e-5)
    assert m["kt_residue_mod_30"]["bound_bits_per_integer"] == pytest.approx(0.23324, abs=5e-5)
    assert m["kt_residue_mod_2310"]["bound_bits_per_integer"] <= 0.21
    # pooling the coprime classes is cheaper: primes are equidistributed among them
    assert m["kt_pooled_mod_2310"]["bound_bits"] < m["kt_residue_mod_2310"]["bound_bits"]
    assert K.best_model(m) == "kt_pooled_mod_2310"
    d = m["kt_residue_mod_2310"]
    assert d["description_bits"] == K.elias_delta_bits(10**6) + K.elias_delta_bits(2310) + 1
    assert d["bound_bits"] == pytest.approx(d["ideal_bits"] + 2 + d["description_bits"])


def test_wheel_model_refuses_a_string_off_the_wheel():
    x = np.zeros(100, dtype=np.uint8)
    with pytest.raises(ValueError, match="cannot code"):
        K.wheel_code_length(x, 30)  # 2, 3, 5 must be 1
    with pytest.raises(ValueError, match="rule"):
        K.wheel_code_length(prime_sieve(100).view(np.uint8)[1:], 30, "nonsense")


def test_elias_delta_lengths_match_the_code():
    def delta(n):  # the code itself: gamma(len(binary n)) then binary n without its leading 1
        b = bin(n)[2:]
        lb = bin(len(b))[2:]
        return "0" * (len(lb) - 1) + lb + b[1:]

    for n in list(range(1, 300)) + [10**6, 2**25]:
        assert K.elias_delta_bits(n) == len(delta(n))
