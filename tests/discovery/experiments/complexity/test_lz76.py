"""Tests of discovery.experiments.complexity.lz76 against hand parses, a pure-Python reference and brute force."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discovery.experiments.complexity.lz76 import (
    longest_previous_factor,
    lz76_complexity,
    lz76_kaspar_schuster,
    lz76_normalized,
    lz76_reference,
    suffix_array,
)


def h2(q: float) -> float:
    return -(q * math.log2(q) + (1 - q) * math.log2(1 - q))


@pytest.mark.parametrize("s, c", [
    ("", 0),
    ("0", 1),
    ("01", 2),
    ("0000", 2),            # 0 | 000  (the copy may overlap the phrase)
    ("0101", 3),            # 0 | 1 | 01
    ("0001101001000101", 6),  # 0 | 001 | 10 | 100 | 1000 | 101   (Kaspar & Schuster 1987)
    ("1001111011000010", 6),  # 1 | 0 | 01 | 1110 | 1100 | 0010   (parsed by hand)
    ("abcabcabc", 4),       # a | b | c | abcabc
])
def test_lz76_hand_parses(s, c):
    assert lz76_complexity(s) == c
    assert lz76_kaspar_schuster(s) == c
    assert lz76_reference(s) == c


def _lpf_brute(s: str) -> list[int]:
    out = []
    for l in range(len(s)):
        best = 0
        for j in range(l):
            m = 0
            while l + m < len(s) and s[j + m] == s[l + m]:
                m += 1
            best = max(best, m)
        out.append(best)
    return out


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abc", max_size=80) | st.text(alphabet="01", max_size=300))
def test_lz76_agrees_with_pure_python_reference(s):
    c = lz76_reference(s)
    assert lz76_complexity(s) == c
    assert lz76_kaspar_schuster(s) == c


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="ab", max_size=40))
def test_suffix_array_and_lpf_against_brute_force(s):
    assert suffix_array(s).tolist() == sorted(range(len(s)), key=lambda i: s[i:])
    assert longest_previous_factor(s).tolist() == _lpf_brute(s)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=-(2**70), max_value=2**70) | st.sampled_from([1, 2, 3]), max_size=60))
def test_lz76_on_integer_symbols_including_huge(xs):
    assert lz76_complexity(xs) == lz76_reference(xs)


def test_lz76_long_random_strings_match_kaspar_schuster():
    rng = np.random.default_rng(7)
    for A in (2, 3, 10):
        x = rng.integers(0, A, 20000)
        assert lz76_complexity(x) == lz76_kaspar_schuster(x)
    x = np.tile(rng.integers(0, 2, 37), 300)  # periodic: long overlapping copies
    assert lz76_complexity(x) == lz76_kaspar_schuster(x)


@pytest.mark.parametrize("q", [0.5, 0.2])
def test_lz76_normalised_of_iid_bits_is_near_entropy(q):
    rng = np.random.default_rng(2024)
    x = (rng.random(100_000) < q).astype(np.uint8)
    v = lz76_normalized(x)
    assert abs(v - h2(q)) < 0.05, (q, v, h2(q))


def test_lz76_normalised_of_periodic_sequence_is_small():
    assert lz76_normalized("0110" * 25_000) < 0.01
