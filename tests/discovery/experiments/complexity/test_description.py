"""Tests of discovery.experiments.complexity.description: the MDL score of continued-fraction patterns."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from cf.pattern import CFPattern, InterlacedSequence
from cf.polynomial import Polynomial
from discovery.experiments.complexity import description as K


def _seq(transient, *channels):
    return InterlacedSequence(tuple(transient), tuple(Polynomial(tuple(c)) for c in channels))


def test_description_bits_of_e_and_ordering():
    e = CFPattern.signed("+", _seq([2], [1], [2, 2], [1]))
    assert K.description_bits(e) == 41  # worked out in the docstring of description_bits
    bigger = CFPattern.signed("+", _seq([2], [1], [6, 4], [1]))
    longer = CFPattern.signed("+", _seq([2, 1, 2, 1, 1], [4, 2], [1], [1]))
    noisier = CFPattern.signed("+-", _seq([2], [1], [2, 2], [1]))
    rational = CFPattern.signed("+", _seq([2], [1], [2, Fraction(1, 2)], [1]))
    for other in (bigger, longer, noisier, rational):
        assert K.description_bits(e) < K.description_bits(other)
    tan1 = CFPattern.signed("+", _seq([], [1], [1, 2]))
    assert K.description_bits(tan1) < K.description_bits(e)
    # a general (non-sign) numerator sequence is coded as an interlaced sequence
    gen = CFPattern(_seq([1], [2]), _seq([], [1, 0, 1]))
    assert "b" in K.description_breakdown(gen) and K.description_bits(gen) > 0


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(-20, 20), min_size=1, max_size=4), st.lists(st.integers(1, 30), max_size=4),
       st.integers(0, 3))
def test_description_bits_monotone_in_coefficients_and_transient(coeffs, transient, pos):
    pos %= len(coeffs)
    base = CFPattern.signed("+", _seq(transient, coeffs, [1]))
    grown = list(coeffs)
    grown[pos] += 1 if grown[pos] >= 0 else -1
    assert K.description_bits(CFPattern.signed("+", _seq(transient, grown, [1]))) >= K.description_bits(base)
    assert K.description_bits(CFPattern.signed("+", _seq(transient + [1], coeffs, [1]))) > K.description_bits(base)
