"""The compiled convergence rate (cf/rate.py) against exact big-integer evaluation and mpmath.

Patterns are drawn so that the fraction converges: a_0 >= 1, a_n >= 1 after b_{n-1} = +1 and
a_n >= 2 after b_{n-1} = -1 (channels have non-negative coefficients, so the smallest value of
each channel is its first).
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cf.pattern import CFPattern, InterlacedSequence
from cf.polynomial import Polynomial as P
from cf.rate import pattern_digits


def _b(signs: str, n: int) -> int:
    return 1 if signs[n % len(signs)] == "+" else -1


@st.composite
def convergent_patterns(draw):
    signs = draw(st.text(alphabet="+-", min_size=1, max_size=4))
    T = draw(st.integers(0, 3))
    N = draw(st.integers(1, 3))
    transient = [draw(st.integers(1, 9)) for _ in range(T)]
    for n in range(1, T):
        if _b(signs, n - 1) < 0:
            transient[n] = max(transient[n], 2)
    chans = []
    for r in range(N):
        after_minus = any(_b(signs, T + N * k + r - 1) < 0 for k in range(len(signs) + 1) if T + N * k + r >= 1)
        c0 = draw(st.integers(2 if after_minus else 1, 6))
        kind = draw(st.integers(0, 3))
        if kind == 0:
            chans.append(P((c0,)))
        elif kind == 1:
            chans.append(P((c0, draw(st.integers(1, 5)))))
        elif kind == 2:
            chans.append(P((c0, draw(st.integers(0, 3)), draw(st.integers(1, 3)))))
        else:
            m = draw(st.integers(1, 3))
            chans.append(P((c0, Fraction(m, 2), Fraction(m, 2))))
    a = InterlacedSequence(tuple(transient), tuple(chans))
    terms = a.terms(T + 3 * N * len(signs) + 2)
    assert terms[0] >= 1 and all(t >= (1 if _b(signs, n - 1) > 0 else 2) for n, t in enumerate(terms) if n)
    return a, signs


@settings(max_examples=100, deadline=None)
@given(convergent_patterns())
def test_pattern_digits_agrees_with_exact_evaluation(case):
    a, signs = case
    pattern = CFPattern.signed(signs, a)
    for n in (2, 3, 11, 200, 1001, 3000):
        exact = pattern.evaluate(n).digits
        got = pattern_digits(a, signs, n)
        assert abs(got - exact) <= 1e-9 * max(1.0, abs(exact)), (n, got, exact)


def _convergents(terms, signs):
    """(p_n, q_n, p_{n-1}, q_{n-1}) for n = len(terms) - 1 by the three-term recurrence."""
    p_prev, q_prev, p, q = 1, 0, terms[0], 1
    for n in range(1, len(terms)):
        b = _b(signs, n - 1)
        p, p_prev = terms[n] * p + b * p_prev, p
        q, q_prev = terms[n] * q + b * q_prev, q
    return p, q, p_prev, q_prev


@pytest.mark.parametrize("a, signs, n", [
    (InterlacedSequence((2,), (P((1,)), P((2, 2)), P((1,)))), "+", 300),              # e
    (InterlacedSequence((3,), (P((2, 2)), P((2,)))), "-+", 500),                        # slow-growing terms
    (InterlacedSequence((1,), (P((2,)),)), "+", 800),                                   # sqrt(2): linear rate
    (InterlacedSequence((), (P((3,)),)), "-", 1000),                                    # 3 - 1/(3 - ...)
    (InterlacedSequence((1, 2), (P((2, 1, 1)), P((5, Fraction(1, 2), Fraction(1, 2))))), "+--", 400),
])
def test_pattern_digits_is_the_agreement_of_the_last_two_convergents(a, signs, n):
    terms = a.terms(n)
    p, q, p1, q1 = _convergents(terms, signs)
    got = pattern_digits(a, signs, n)
    with mpmath.workdps(int(got) * 2 + 60):
        xn, xm = mpmath.mpf(p) / q, mpmath.mpf(p1) / q1
        want = -mpmath.log10(abs(xn - xm) / abs(xn))
    assert abs(got - float(want)) <= 1e-9 * float(want)
    assert got > 1  # the fraction does converge


def test_parabolic_fraction_converges_slowly():
    # 2 - 1/(2 - 1/(2 - ...)): p_n = n + 2, q_n = n + 1, so digits = log10 p_n + log10 q_{n-1}
    a = InterlacedSequence((), (P((2,)),))
    for n in (2, 10, 1000):
        assert pattern_digits(a, "-", n) == pytest.approx(mpmath.log10(n + 1) + mpmath.log10(n - 1), rel=1e-12)


def test_too_few_terms_is_an_error():
    a = InterlacedSequence((), (P((2,)),))
    with pytest.raises(ValueError):
        pattern_digits(a, "+", 1)


def test_simple_rate_equals_the_exact_big_integer_rate() -> None:
    """simple_rate in floats against convergence_rate in exact integers, terms small to 10^9 and one huge."""
    import random

    from cf.convergents import convergence_rate
    from cf.rate import simple_rate

    rng = random.Random(4)
    for _ in range(200):
        t = [rng.randint(1, rng.choice([3, 30, 3000, 10**9])) for _ in range(rng.randint(3, 1200))]
        exact = convergence_rate(t, [1] * len(t))
        assert abs(simple_rate(t) - exact) <= 1e-9 * exact
    huge = [1, 2**60, 3, 5]  # beyond float's exact integers: the exact route
    assert simple_rate(huge) == convergence_rate(huge, [1] * 4)
    assert simple_rate([1, 2]) is None
