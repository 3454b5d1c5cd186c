"""Integer-valued polynomials with exact rational coefficients (cf/polynomial.py)."""

from __future__ import annotations

from fractions import Fraction
from math import comb

from hypothesis import given, settings
from hypothesis import strategies as st

from cf.polynomial import Polynomial

NS = {"Polynomial": Polynomial, "Fraction": Fraction}


def lagrange(points: list[tuple[int, int]]) -> Polynomial:
    """Interpolating polynomial through ``points`` (monomial coefficients), independent of fit."""
    total = [Fraction(0)] * len(points)
    for i, (xi, yi) in enumerate(points):
        basis = [Fraction(1)]
        denom = Fraction(1)
        for j, (xj, _) in enumerate(points):
            if j == i:
                continue
            nxt = [Fraction(0)] * (len(basis) + 1)
            for m, c in enumerate(basis):  # basis * (k - xj)
                nxt[m + 1] += c
                nxt[m] -= xj * c
            basis = nxt
            denom *= xi - xj
        for m, c in enumerate(basis):
            total[m] += yi * c / denom
    return Polynomial(tuple(total))


@st.composite
def integer_valued(draw, max_degree=4):
    """sum_j c_j C(k, j): exactly the integer-valued polynomials (fractional coefficients too)."""
    deg = draw(st.integers(0, max_degree))
    cs = draw(st.lists(st.integers(-20, 20), min_size=deg + 1, max_size=deg + 1))
    if deg > 0 and cs[-1] == 0:
        cs[-1] = draw(st.sampled_from([-3, -1, 1, 2, 5]))
    return cs


def binom_value(cs, k: int) -> int:
    return sum(c * comb(k, j) if k >= 0 else c * _gen_binom(k, j) for j, c in enumerate(cs))


def _gen_binom(k: int, j: int) -> int:
    num = 1
    for i in range(j):
        num *= k - i
    den = 1
    for i in range(2, j + 1):
        den *= i
    return num // den


def test_doc_examples():
    p = Polynomial.fit([2, 4, 6, 8])
    assert p == Polynomial((2, 2))
    assert str(p) == "2*k + 2"
    assert p(10) == 22
    tri = Polynomial.fit([0, 1, 3, 6, 10])
    assert tri == Polynomial((0, Fraction(1, 2), Fraction(1, 2)))
    assert str(tri) == "1/2*k^2 + 1/2*k"
    assert [tri(k) for k in range(8)] == [k * (k + 1) // 2 for k in range(8)]


def test_normalisation():
    assert Polynomial((1, 0, 0)) == Polynomial((1,))
    assert Polynomial((Fraction(4, 2), Fraction(3, 1))).coeffs == (2, 3)
    assert all(type(c) is int for c in Polynomial((Fraction(4, 2), Fraction(3, 1))).coeffs)
    assert Polynomial(()) == Polynomial((0,)) == Polynomial((0, 0))
    assert Polynomial((0,)).degree == 0
    assert Polynomial((5, 0, 3)).degree == 2
    assert type(Polynomial((0, Fraction(1, 2), Fraction(1, 2)))(4)) is int
    assert Polynomial((0, Fraction(1, 2)))(3) == Fraction(3, 2)
    assert hash(Polynomial((1, 2))) == hash(Polynomial((1, 2, 0)))


@settings(max_examples=200, deadline=None)
@given(cs=integer_valued(), extra=st.integers(0, 6), confirm=st.integers(0, 3))
def test_fit_recovers_integer_valued_polynomials(cs, extra, confirm):
    deg = len(cs) - 1
    n = deg + 1 + confirm + extra
    values = [binom_value(cs, k) for k in range(n)]
    expected = lagrange([(k, binom_value(cs, k)) for k in range(deg + 1)])
    assert expected.degree == deg
    p = Polynomial.fit(values, confirm=confirm)
    assert p == expected
    assert p.degree == deg
    for k in range(-10, 60):
        v = p(k)
        assert type(v) is int
        assert v == binom_value(cs, k)
    # bounded degree
    assert Polynomial.fit(values, max_degree=deg, confirm=confirm) == expected
    if deg > 0:
        assert Polynomial.fit(values, max_degree=deg - 1, confirm=confirm) is None


@settings(max_examples=200, deadline=None)
@given(cs=integer_valued(), confirm=st.integers(1, 3))
def test_fit_needs_confirming_samples(cs, confirm):
    deg = len(cs) - 1
    values = [binom_value(cs, k) for k in range(deg + confirm)]  # one sample short
    p = Polynomial.fit(values, confirm=confirm)
    if p is not None:
        # only possible when a lower degree explains the few samples, with enough evidence
        assert p.degree < deg
        assert len(values) >= p.degree + 1 + confirm
        assert [p(k) for k in range(len(values))] == values
    values.append(binom_value(cs, deg + confirm))
    assert Polynomial.fit(values, confirm=confirm).degree == deg


def test_fit_none_cases():
    assert Polynomial.fit([]) is None
    assert Polynomial.fit([2, 4, 6], confirm=2) is None  # a line needs 2 + 2 samples
    assert Polynomial.fit([2, 4, 6, 8], confirm=2) == Polynomial((2, 2))
    assert Polynomial.fit([0, 1, 3, 6], confirm=2) is None
    assert Polynomial.fit([0, 1, 3, 6, 10], confirm=2) == Polynomial((0, Fraction(1, 2), Fraction(1, 2)))
    assert Polynomial.fit([1, 2, 4, 8, 16, 32, 64], max_degree=4) is None
    assert Polynomial.fit([1, 2, 4, 8, 16, 32, 64], confirm=1) is None
    # without confirmation every sequence is interpolated
    assert Polynomial.fit([1, 2, 4, 8]) == lagrange([(0, 1), (1, 2), (2, 4), (3, 8)])
    assert Polynomial.fit([7]) == Polynomial((7,))
    assert Polynomial.fit([7], confirm=1) is None


@settings(max_examples=200, deadline=None)
@given(values=st.lists(st.integers(-1000, 1000), min_size=1, max_size=12), confirm=st.integers(0, 3))
def test_fit_is_exact_or_none(values, confirm):
    p = Polynomial.fit(values, confirm=confirm)
    if confirm == 0:
        assert p is not None
    if p is not None:
        assert [p(k) for k in range(len(values))] == values
        assert len(values) >= p.degree + 1 + confirm
        # lowest degree: nothing of smaller degree interpolates the data
        if p.degree > 0:
            assert Polynomial.fit(values, max_degree=p.degree - 1) is None


fractions = st.builds(Fraction, st.integers(-50, 50), st.integers(1, 12))


@settings(max_examples=200, deadline=None)
@given(cs=st.lists(st.one_of(st.integers(-10**6, 10**6), fractions), min_size=0, max_size=6))
def test_repr_round_trip(cs):
    p = Polynomial(tuple(cs))
    q = eval(repr(p), NS)
    assert q == p
    assert repr(q) == repr(p)
    assert repr(p).startswith("Polynomial((")


def test_repr_examples():
    assert repr(Polynomial((5,))) == "Polynomial((5,))"
    assert repr(Polynomial((0, Fraction(1, 2)))) == "Polynomial((0, Fraction(1, 2)))"
    assert repr(Polynomial((2, 2))) == "Polynomial((2, 2))"


def test_str_and_latex():
    cases = [
        ((2, 2), "2*k + 2", "2 k + 2"),
        ((0, Fraction(1, 2), Fraction(1, 2)), "1/2*k^2 + 1/2*k", r"\frac{1}{2} k^{2} + \frac{1}{2} k"),
        ((1, 0, 0, -1), "-k^3 + 1", "-k^{3} + 1"),
        ((1, -1, 2), "2*k^2 - k + 1", "2 k^{2} - k + 1"),
        ((0,), "0", "0"),
        ((0, 1), "k", "k"),
        ((0, Fraction(-1, 3)), "-1/3*k", r"-\frac{1}{3} k"),
        ((-7,), "-7", "-7"),
        ((Fraction(3, 2), 0, -4), "-4*k^2 + 3/2", r"-4 k^{2} + \frac{3}{2}"),
        ((18, 12), "12*k + 18", "12 k + 18"),
    ]
    for cs, text, tex in cases:
        p = Polynomial(cs)
        assert str(p) == text
        assert p.format() == text
        assert p.latex() == tex
    p = Polynomial((1, -1, 2))
    assert p.format(var="n", power="**") == "2*n**2 - n + 1"
    assert p.latex("n") == "2 n^{2} - n + 1"
