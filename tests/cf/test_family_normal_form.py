"""The integer normal form of a tail equals the straightforward one computed in Fractions.

The reference below is the search as first written (every phase, then the whole-period shift,
all in exact ``Fraction`` arithmetic); :mod:`cf.family` now does it in scaled integers.  Family
keys are stored in databases, so they must never change.
"""

from __future__ import annotations

import random
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from cf.family import _canonical_with_offset, _minimal_period, _shift_poly, _trim, family_key, tail_form
from cf.pattern import InterlacedSequence
from cf.polynomial import Polynomial


def _reference_phase(form: tuple, u: int) -> tuple[tuple, int]:
    M = len(form)
    rotated = [(form[(rho + u) % M][0], _shift_poly(form[(rho + u) % M][1], Fraction(u))) for rho in range(M)]
    for _sign, coeffs in rotated:
        coeffs = _trim(coeffs)
        d = len(coeffs) - 1
        if d >= 1:
            step = d * coeffs[d] * M
            m = -(coeffs[d - 1] // step) if step > 0 else coeffs[d - 1] // (-step)
            return tuple((s, _trim(_shift_poly(q, Fraction(M * m)))) for s, q in rotated), u + M * int(m)
    return tuple((s, _trim(q)) for s, q in rotated), u


def _reference(a: InterlacedSequence, signs: str) -> tuple[tuple, int]:
    form = _minimal_period(tail_form(a, signs))
    best = None
    for u in range(len(form)):
        cand, offset = _reference_phase(form, u)
        key = tuple((s, tuple((f.numerator, f.denominator) for f in q)) for s, q in cand)
        if best is None or key < best[0]:
            best = (key, offset)
    return best


def test_integer_normal_form_equals_the_fraction_one_on_random_patterns() -> None:
    rng = random.Random(20261201)
    for _ in range(1500):
        channels = tuple(
            Polynomial(tuple(Fraction(rng.randint(-6, 9), rng.choice([1, 1, 2, 3])) for _ in range(rng.randint(1, 4))))
            for _ in range(rng.randint(1, 4))
        )
        a = InterlacedSequence(tuple(range(rng.randint(0, 5))), channels)
        signs = rng.choice(["+", "-", "+-", "-+", "++-", "+--+", "+-+--"])
        assert _canonical_with_offset(a, signs) == _reference(a, signs), (a, signs)


def test_known_keys_are_stable() -> None:
    """Keys as stored by earlier versions (e's simple CF; coth(1/2) = [2; 6, 10, ...])."""
    P = Polynomial
    e = InterlacedSequence((2,), (P((1,)), P((2, 2)), P((1,))))
    coth = InterlacedSequence((2,), (P((6, 4)),))
    assert family_key(e, "+") == "F43db36e07335"
    assert family_key(coth, "+") != family_key(e, "+")
    assert family_key(InterlacedSequence((7, 9), (P((1,)), P((4, 2)), P((1,)))), "+") == family_key(e, "+")


def _in_n_by_fractions(coeffs, period, offset):
    """``P((n - offset)/period)`` expanded with Fractions, the oracle of the integer version."""
    scaled = tuple(Fraction(c) / Fraction(period) ** j for j, c in enumerate(coeffs))
    return _shift_poly(scaled, Fraction(-offset))[: len(coeffs)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.fractions(max_denominator=6).map(lambda f: f.limit_denominator(6)), min_size=1, max_size=4),
       st.integers(1, 6), st.integers(-20, 20))
def test_integer_expansion_in_n_equals_the_fraction_one(coeffs, period, offset):
    from cf.family import _in_n

    assert _in_n(tuple(coeffs), period, offset) == _in_n_by_fractions(tuple(coeffs), period, offset)
