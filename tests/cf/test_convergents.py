"""Convergents, binary splitting and convergence estimates (cf/convergents.py)."""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cf.convergents import (
    Evaluation,
    agreement_digits,
    cf_fraction,
    convergence_digits,
    convergence_rate,
    convergents,
    evaluate,
    matrix_product,
)


def value_backward(a, b) -> Fraction:
    """a0 + b0/(a1 + b1/(... + b_{n-2}/a_{n-1})) evaluated from the tail with Fractions."""
    v = Fraction(a[-1])
    for i in range(len(a) - 2, -1, -1):
        v = a[i] + Fraction(b[i]) / v
    return v


def e_terms(n: int) -> list[int]:
    out = [2]
    k = 1
    while len(out) < n:
        out += [1, 2 * k, 1]
        k += 1
    return out[:n]


@st.composite
def cf_data(draw, min_len=1, max_len=40, general_b=True):
    n = draw(st.integers(min_len, max_len))
    a = draw(st.lists(st.integers(-30, 30), min_size=n, max_size=n))
    if general_b:
        b = draw(st.lists(st.integers(-9, 9), min_size=n - 1, max_size=n - 1))
    else:
        b = draw(st.lists(st.sampled_from([1, -1]), min_size=n - 1, max_size=n - 1))
    return a, b


def test_doc_examples():
    assert convergents([1, 2, 2, 2], [1, 1, 1]) == [(1, 1), (3, 2), (7, 5), (17, 12)]
    assert cf_fraction([1, 2, 2, 2, 2], [1, 1, 1, 1]) == (41, 29)
    # 8/3 = 3 - 1/3
    assert cf_fraction([3, 3], [-1]) == (8, 3)


@settings(max_examples=200, deadline=None)
@given(data=cf_data())
def test_determinant_identity(data):
    a, b = data
    conv = convergents(a, b)
    assert len(conv) == len(a)
    assert conv[0] == (a[0], 1)
    prev = (1, 0)  # p_-1, q_-1
    prod = 1
    for n, (p, q) in enumerate(conv):
        # p_n q_{n-1} - p_{n-1} q_n = (-1)^(n-1) b_0 ... b_{n-1}
        sign = -1 if (n - 1) % 2 else 1
        assert p * prev[1] - prev[0] * q == sign * prod
        if n < len(b):
            prod *= b[n]
        prev = (p, q)


@settings(max_examples=200, deadline=None)
@given(data=cf_data(general_b=False))
def test_signed_convergents_are_values_of_truncations(data):
    a, b = data
    conv = convergents(a, b)
    for n, (p, q) in enumerate(conv):
        if q != 0:
            try:
                v = value_backward(a[: n + 1], b[:n])
            except ZeroDivisionError:
                continue  # a truncation passes through a pole; the recurrence has no such issue
            assert Fraction(p, q) == v


@settings(max_examples=200, deadline=None)
@given(data=cf_data(max_len=120))
def test_binary_splitting_equals_forward_convergents(data):
    a, b = data
    conv = convergents(a, b)
    assert cf_fraction(a, b) == conv[-1]  # identical, unreduced
    m = matrix_product(a, b + [7])  # the last b only enters the second column
    assert (int(m[0]), int(m[2])) == conv[-1]
    if len(a) >= 2:
        bn = (b + [7])[len(a) - 1]
        assert int(m[1]) == bn * conv[-2][0] and int(m[3]) == bn * conv[-2][1]
        ev = evaluate(a, b)
        assert (ev.p, ev.q) == conv[-1]
        assert (ev.p_prev, ev.q_prev) == conv[-2]
        assert ev.terms == len(a)


def test_matrix_product_and_evaluate_errors():
    with pytest.raises(ValueError):
        matrix_product([], [])
    with pytest.raises(ValueError):
        evaluate([3], [])
    # b shorter than a is padded with 1
    assert cf_fraction([1, 2, 2], []) == (7, 5)


def test_sqrt2_200_terms_against_mpmath():
    a = [1] + [2] * 199
    b = [1] * 199
    ev = evaluate(a, b)
    assert isinstance(ev, Evaluation)
    claim = ev.digits
    assert 145 < claim < 160
    with mpmath.workdps(220):
        x = mpmath.mpf(ev.p) / ev.q
        s2 = mpmath.sqrt(2)
        true = float(-mpmath.log10(abs(x - s2) / s2))
    # the claim is conservative (|x - x_n| ~ 1/(q_n q_{n+1}) < |x_n - x_{n-1}|) by < 1 digit here
    assert true >= claim - 1
    assert true <= claim + 3
    # the caller supplies the value at full precision (mpmath.sqrt(2) at 15 digits would cap it)
    assert agreement_digits(ev.p, ev.q, s2, 200) == pytest.approx(true, abs=1e-6)
    assert agreement_digits(ev.p, ev.q, s2, 100) == 100.0
    # the closed form: p/q are Pell numbers, |p^2 - 2 q^2| = 1
    assert abs(ev.p**2 - 2 * ev.q**2) == 1


def test_agreement_digits():
    # exact match: capped at the precision
    assert agreement_digits(1, 4, mpmath.mpf("0.25"), 50) == 50.0
    with mpmath.workdps(400):
        third = mpmath.mpf(1) / 3
    assert agreement_digits(1, 3, third, 50) == 50.0
    # rough matches: the relative error in digits
    with mpmath.workdps(50):
        pi = +mpmath.pi
    d = agreement_digits(355, 113, pi, 50)
    assert d == pytest.approx(-math.log10(abs(355 / 113 - math.pi) / math.pi), abs=1e-6)
    assert 7.0 < d < 7.2
    d = agreement_digits(22, 7, pi, 50)
    assert 3.3 < d < 3.5
    assert agreement_digits(-22, 7, -pi, 50) == pytest.approx(d)
    assert agreement_digits(1, 1, 2, 30) == pytest.approx(-math.log10(0.5))
    # zero value
    assert agreement_digits(0, 5, 0, 30) == 30.0
    assert agreement_digits(1, 5, 0, 30) == 0.0


def test_convergence_digits():
    assert convergence_digits(7, 5, 7, 5) == math.inf
    assert convergence_digits(14, 10, 7, 5) == math.inf  # same value, unreduced
    assert convergence_digits(0, 1, 1, 1) == 0.0
    # 17/12 vs 7/5: |17/12 - 7/5| / (17/12) = (1/60) / (17/12) = 1/85
    assert convergence_digits(17, 12, 7, 5) == pytest.approx(math.log10(85))


def test_convergence_rates():
    # sqrt(2): q_n ~ (1 + sqrt 2)^n, so about 2 log10(1 + sqrt 2) = 0.766 digits per term
    rate_sqrt2 = convergence_rate([1] + [2] * 199, [1] * 199)
    assert rate_sqrt2 == pytest.approx(2 * math.log10(1 + math.sqrt(2)), abs=0.01)
    # Brouncker: 4/pi = 1 + 1^2/(2 + 3^2/(2 + 5^2/(2 + ...))) converges like 1/n
    n = 200
    a_b = [1] + [2] * (n - 1)
    b_b = [(2 * i + 1) ** 2 for i in range(n - 1)]
    rate_brouncker = convergence_rate(a_b, b_b)
    ev = evaluate(a_b, b_b)
    with mpmath.workdps(50):
        agree = agreement_digits(ev.p, ev.q, 4 / mpmath.pi, 50)
    assert 1.5 < agree < 4  # it really is 4/pi, but only to a few digits after 200 terms
    assert 1.5 < ev.digits < 4
    assert rate_brouncker < 0.03
    # e = [2; 1, 2, 1, 1, 4, 1, ...]: superexponential convergence
    rate_e = convergence_rate(e_terms(200), [1] * 199)
    assert rate_e > 1.0
    assert rate_e > 40 * rate_brouncker
    ev_e = evaluate(e_terms(200), [1] * 199)
    with mpmath.workdps(600):
        agree_e = agreement_digits(ev_e.p, ev_e.q, mpmath.e, 600)
    assert ev_e.digits - 1 <= agree_e <= ev_e.digits + 5
    # an exactly terminating CF: the last two convergents coincide in value -> inf
    assert convergence_rate([1, 1], [0]) == math.inf
