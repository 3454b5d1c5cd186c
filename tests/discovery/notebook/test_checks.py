"""discovery/notebook/checks.py: checking a conjecture against its constant, and convergence curves."""

from __future__ import annotations

from fractions import Fraction

import mpmath
import pytest

from discovery import notebook as nb
from discovery.notebook.checks import working_precision


def test_check_agrees_with_the_verified_digits(every):
    for conj in every:
        res = conj.check()
        assert res.digits == conj.verified_digits
        assert res.ok and res.agreeing_digits >= conj.verified_digits, (conj, res)
        assert "agrees" in str(res)


def test_check_catches_a_wrong_formula(euler):
    wrong = nb.Conjecture({**euler.record, "transient": [2]})  # e - 1 with a_0 = 2: off by one
    res = wrong.check(100)
    assert not res.ok and res.agreeing_digits < 2
    assert "DISAGREES" in str(res)
    with pytest.raises(ValueError):
        euler.check(0)


def test_check_against_mpmath_directly(euler):
    with mpmath.workdps(80):
        assert abs(euler.value(60) - (mpmath.e - 1)) < mpmath.mpf(10) ** -55
    assert euler.check(300).ok
    assert euler.check(300, terms=20).terms == 20 and not euler.check(300, terms=20).ok


def test_convergence_grows_and_matches_the_rate(found, euler):
    curve = euler.convergence(60)
    assert [n for n, _ in curve] == list(range(1, 61))
    digits = [d for _, d in curve]
    assert digits[-1] > digits[10] > digits[0] >= 0
    # Euler's CF of e - 1 is the simple CF of e - 1: the two curves coincide
    assert euler.simple_cf(20) == euler.terms(20)
    simple = euler.simple_convergence(60)
    assert [n for n, _ in simple] == [n for n, _ in curve]
    assert [d for _, d in simple] == pytest.approx(digits)
    # an alternating-sign formula of e converges faster than the simple CF of its value
    fast = next(c for c in found["e"] if c.lhs == "c - 1" and c.signs == "-+")
    assert fast.convergence(60)[-1][1] > 1.3 * fast.simple_convergence(60)[-1][1]
    assert len(euler.convergence(60, step=10)) == 6


def test_convergence_curve_is_the_error_of_each_convergent():
    """Against exact fractions: the n-th point is -log10 of the relative error of the n-term convergent."""
    a, b = [1, 2, 2, 2, 2, 2, 2, 2], [1] * 7
    value = mpmath.sqrt(2)
    curve = nb.convergence_curve(a, b, value, 30)
    assert [n for n, _ in curve] == list(range(1, 9))
    for n, digits in curve:
        x = Fraction(a[n - 1])
        for i in range(n - 2, -1, -1):
            x = a[i] + Fraction(b[i]) / x
        with mpmath.workdps(50):
            expected = -mpmath.log10(abs(mpmath.mpf(x.numerator) / x.denominator - value) / value)
        assert digits == pytest.approx(float(expected), abs=1e-9)
    # an exact value is capped at the precision; a convergent with q = 0 is left out
    assert nb.convergence_curve([1, 1], [1], 2, 30)[-1] == (2, 30.0)
    assert nb.convergence_curve([0, 0, 1], [1, 1], 1, 30) == [(1, 0.0), (3, 30.0)]
    assert [n for n, _ in nb.convergence_curve(a, b, value, 30, step=3)] == [3, 6, 8]


def test_working_precision():
    assert working_precision(10) == 42 and working_precision(1000) == 1230
    assert working_precision(float("inf")) == working_precision(100)
