"""Tests of discovery.experiments.complexity.codes against explicit Elias codes."""

from __future__ import annotations

from fractions import Fraction

import pytest

from discovery.experiments.complexity import codes as K


def _gamma(n: int) -> str:
    b = bin(n)[2:]
    return "0" * (len(b) - 1) + b


def _delta(n: int) -> str:
    b = bin(n)[2:]
    return _gamma(len(b)) + b[1:]


def test_integer_codes_match_explicit_constructions():
    for n in list(range(1, 600)) + [2**40 + 3, 10**18]:
        assert K.elias_gamma_bits(n) == len(_gamma(n))
        assert K.elias_delta_bits(n) == len(_delta(n))
    assert sorted(K.zigzag(z) for z in range(-50, 51)) == list(range(1, 102))
    # the delta code is prefix-free on a sample
    words = [_delta(n) for n in range(1, 300)]
    assert not any(a != b and b.startswith(a) for a in words for b in words)


def test_rational_codes_and_refusals():
    assert K.rational_bits(Fraction(-3, 4)) == K.integer_bits(-3) + K.elias_delta_bits(4)
    assert K.leb128(2**14) == bytes([0x80, 0x80, 0x01])
    with pytest.raises(ValueError):
        K.elias_gamma_bits(0)
    with pytest.raises(ValueError):
        K.elias_delta_bits(-1)
