"""LHS classes: canonical forms, exact enumeration counts, printing."""

from fractions import Fraction
from itertools import product
from math import gcd

import pytest

from search.space.lhs import (
    RationalFunction,
    canonical,
    class_key,
    count_lhs,
    enumerate_classes,
    enumerate_lhs,
    sign_at,
)

E = 2.718281828459045
SIGN_E = sign_at(E)


def _sign_e(num, den):
    """Sign of num(e)/den(e) from floats (fine for these small coefficients)."""
    n = sum(c * E**k for k, c in enumerate(num))
    d = sum(c * E**k for k, c in enumerate(den))
    return (n * d > 0) - (n * d < 0)


# The 13 reference results of tests/data/esma_e_reference.json, converted by hand.
ORACLE_LHS = {
    "c/(c-1)": ((0, 1), (-1, 1)),
    "c-1": ((-1, 1), (1,)),
    "1/(c-1)": ((1,), (-1, 1)),
    "1/(c-2)": ((1,), (-2, 1)),
    "c/(c-2)": ((0, 1), (-2, 1)),
    "2/(c-1)": ((2,), (-1, 1)),
    "(c-1)/(c-2)": ((-1, 1), (-2, 1)),
    "(c+1)/(2*(c-1))": ((1, 1), (-2, 2)),
    "(c+1)/2": ((1, 1), (2,)),
    "(c+1)/(c-1)": ((1, 1), (-1, 1)),
    "2*(c+1)/(c-1)": ((2, 2), (-1, 1)),
    "2*(c-1)/c": ((-2, 2), (0, 1)),
    "(c+1)/c": ((1, 1), (0, 1)),
}


# ---------------------------------------------------------------------------------------------
# Independent brute force (sympy allowed in tests only).
# ---------------------------------------------------------------------------------------------


def _brute_force_classes(degree, limit):
    """{canonical (num, den)} over all coefficient tuples, via sympy's Poly.cofactors."""
    from sympy import Poly, symbols

    c = symbols("c")
    rng = range(-limit, limit + 1)
    out = set()
    for coeffs in product(rng, repeat=2 * (degree + 1)):
        pn, qn = coeffs[: degree + 1], coeffs[degree + 1 :]
        if not any(pn) or not any(qn):
            continue
        P = Poly(list(reversed(pn)), c, domain="ZZ")
        Q = Poly(list(reversed(qn)), c, domain="ZZ")
        _, A, B = P.cofactors(Q)
        if A.degree() <= 0 and B.degree() <= 0:
            continue  # a rational number
        a = [int(x) for x in reversed(A.all_coeffs())]
        b = [int(x) for x in reversed(B.all_coeffs())]
        k = 0
        for x in a + b:
            k = gcd(k, x)
        a = [x // k for x in a]
        b = [x // k for x in b]
        if b[-1] < 0:
            a, b = [-x for x in a], [-x for x in b]
        if _sign_e(a, b) < 0:
            a = [-x for x in a]
        out.add((tuple(a), tuple(b)))
    return out


def _as_pairs(rfs):
    return [(r.num, r.den) for r in rfs]


# ---------------------------------------------------------------------------------------------
# Counts and exactness of the enumeration.
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("limit,expected", [(1, 12), (2, 112), (3, 504), (4, 1368), (5, 3304)])
def test_degree_one_counts(limit, expected):
    items = list(enumerate_lhs(1, limit, SIGN_E))
    assert len(items) == expected
    assert len(set(items)) == expected
    assert count_lhs(1, limit) == expected


def test_degree_one_counts_match_brute_force_definition():
    # det != 0 tuples modulo scaling and the four sign symmetries
    for limit in (1, 2, 3):
        seen = set()
        for p1, p0, q1, q0 in product(range(-limit, limit + 1), repeat=4):
            if p1 * q0 - p0 * q1 == 0:
                continue
            k = gcd(gcd(p1, p0), gcd(q1, q0))
            cls = frozenset(
                (s * p1 // k, s * p0 // k, t * q1 // k, t * q0 // k) for s in (1, -1) for t in (1, -1)
            )
            seen.add(cls)
        assert len(seen) == count_lhs(1, limit)


@pytest.mark.parametrize("degree,limit", [(1, 2), (2, 1), (2, 2), (3, 1)])
def test_enumeration_equals_brute_force(degree, limit):
    items = _as_pairs(enumerate_lhs(degree, limit, SIGN_E))
    assert len(items) == len(set(items))
    assert set(items) == _brute_force_classes(degree, limit)


def test_degree_two_counts():
    assert count_lhs(2, 1) == 132
    assert count_lhs(2, 2) == 3344


def test_every_item_is_canonical_and_positive():
    for r in enumerate_lhs(2, 2, SIGN_E):
        assert canonical(r.num, r.den, 1) == r
        assert r.value(E) > 0
        assert r.den[-1] > 0
        assert r.height() <= 2


def test_degree_three_overflow_class_is_found():
    # (c^3 + c^2 - c - 1)/(c - 1) = (c + 1)^2 has coefficient 2 > L = 1
    classes = set(enumerate_classes(3, 1))
    assert RationalFunction((1, 2, 1), (1,)) in classes


def test_oracle_lhs_all_enumerated():
    items = set(enumerate_lhs(1, 2, SIGN_E))
    for text, (num, den) in ORACLE_LHS.items():
        rf = canonical(num, den, _sign_e(num, den))
        assert rf is not None, text
        assert rf.value(E) > 0, text
        assert rf in items, text
    assert str(canonical((1, 1), (-2, 2), 1)) == "(c + 1)/(2*c - 2)"
    assert str(canonical((2, 2), (-1, 1), 1)) == "(2*c + 2)/(c - 1)"


def test_order_is_deterministic_and_documented():
    first = _as_pairs(enumerate_classes(2, 2))
    assert first == _as_pairs(enumerate_classes(2, 2))
    classes = list(enumerate_classes(2, 2))
    assert classes == sorted(classes, key=class_key)
    # degree 1 is a prefix of degree 2 for the same L
    d1 = list(enumerate_classes(1, 2))
    assert classes[: len(d1)] == d1
    # the i-th LHS is the same class for every constant: only the sign of P may differ
    for a, b in zip(enumerate_lhs(1, 3, sign_at(E)), enumerate_lhs(1, 3, sign_at(0.31))):
        assert a.den == b.den and a.num in (b.num, tuple(-x for x in b.num))


def test_enumeration_is_a_generator():
    gen = enumerate_lhs(2, 5, SIGN_E)
    assert next(gen) == RationalFunction((1,), (-1, 1))
    assert iter(gen) is gen


def test_zero_sign_classes_are_skipped():
    # at c = 2 the classes with a factor c - 2 vanish or have a pole: sign 0, skipped
    two = Fraction(2)
    items = list(enumerate_lhs(1, 2, sign_at(two)))
    degenerate = [r for r in enumerate_classes(1, 2) if r.numerator_at(two) * r.denominator_at(two) == 0]
    assert len(degenerate) == 22
    assert all((-2, 1) in (r.num, r.den) for r in degenerate)
    assert len(items) == count_lhs(1, 2) - len(degenerate)
    assert all(r.value(two) > 0 for r in items)


@pytest.mark.parametrize("degree,limit", [(0, 1), (1, 0), (-1, 2), (1.5, 2), (True, 2)])
def test_bad_limits(degree, limit):
    with pytest.raises(ValueError):
        next(enumerate_lhs(degree, limit, SIGN_E))


# ---------------------------------------------------------------------------------------------
# Canonical form.
# ---------------------------------------------------------------------------------------------


def _small_pairs(degree, limit):
    rng = range(-limit, limit + 1)
    for coeffs in product(rng, repeat=2 * (degree + 1)):
        yield coeffs[: degree + 1], coeffs[degree + 1 :]


def test_canonical_invariance():
    factors = [(1,), (1, 1), (-2, 0, 1), (1, 0, 1), (0, 1)]
    for num, den in _small_pairs(1, 2):
        if not any(den) or not any(num):
            continue
        s = _sign_e(num, den)
        base = canonical(num, den, s)
        neg = tuple(-x for x in num), tuple(-x for x in den)
        assert canonical(neg[0], neg[1], s) == base
        assert canonical(neg[0], den, -s) == base
        assert canonical(num, neg[1], -s) == base
        for k in (2, -3, 5):
            assert canonical([k * x for x in num], [k * x for x in den], s) == base
        for f in factors:
            fn = _mul(num, f)
            fd = _mul(den, f)
            assert canonical(fn, fd, s) == base


def _mul(p, q):
    out = [0] * (len(p) + len(q) - 1)
    for i, a in enumerate(p):
        for j, b in enumerate(q):
            out[i + j] += a * b
    return out


def test_canonical_rejections():
    assert canonical((1, 1), (0, 0), 1) is None  # zero denominator
    assert canonical((0, 0), (1, 1), 1) is None  # zero value
    assert canonical((3,), (6,), 1) is None  # a rational number
    assert canonical((2, 2), (4, 4), 1) is None  # rational after cancellation
    assert canonical((-1, 0, 1), (1, -2, 1), 1) == RationalFunction((1, 1), (-1, 1))
    assert canonical((1, 1), (1,), 0) is None


def test_canonical_degree_two_cancellation_stays_small():
    # (c^2 + 2c + 1)/(c^2 + 3c + 2) = (c + 1)/(c + 2)
    assert canonical((1, 2, 1), (2, 3, 1), 1) == RationalFunction((1, 1), (2, 1))
    # (c^2 - 1)/(2c + 2) = (c - 1)/2
    assert canonical((-1, 0, 1), (2, 2), 1) == RationalFunction((-1, 1), (2,))


# ---------------------------------------------------------------------------------------------
# The value type.
# ---------------------------------------------------------------------------------------------


def test_printing():
    assert str(RationalFunction((1, 1), (-2, 2))) == "(c + 1)/(2*c - 2)"
    assert str(RationalFunction((-1, 1), (1,))) == "c - 1"
    assert str(RationalFunction((1,), (-2, 1))) == "1/(c - 2)"
    assert str(RationalFunction((1, 0, 2), (1,))) == "2*c^2 + 1"
    assert str(RationalFunction((0, 1), (-1, 1))) == "c/(c - 1)"
    assert str(RationalFunction((1, 1), (2,))) == "(c + 1)/2"
    assert str(RationalFunction((0, 2), (0, 1))) == "2*c/c"
    assert str(RationalFunction((1,), (0, 2))) == "1/(2*c)"
    assert str(RationalFunction((0, -1), (0, 0, 1))) == "-c/c^2"
    assert str(RationalFunction((2, -1), (1,))) == "-c + 2"
    assert str(RationalFunction((1,), (-1,))) == "1/(-1)"
    assert RationalFunction((1, 1), (0, 1)).to_string("e") == "(e + 1)/e"


def test_latex():
    assert RationalFunction((1, 1), (-2, 2)).latex() == r"\frac{c + 1}{2 c - 2}"
    assert RationalFunction((1, 0, 2), (1,)).latex(r"\pi") == r"2 \pi^{2} + 1"
    assert RationalFunction((1,), (0, 0, 1)).latex(r"\zeta(3)") == r"\frac{1}{\left(\zeta(3)\right)^{2}}"
    assert RationalFunction((0, 1), (-1, 1))._repr_latex_() == r"$\frac{c}{c - 1}$"


def test_repr_round_trips():
    for r in list(enumerate_lhs(2, 1, SIGN_E))[:50]:
        assert eval(repr(r)) == r


def test_normalisation_and_validation():
    assert RationalFunction([1, 2, 0], (3, 0)) == RationalFunction((1, 2), (3,))
    with pytest.raises(ValueError):
        RationalFunction((1,), (0, 0))
    with pytest.raises(TypeError):
        RationalFunction((1.5,), (1,))


def test_degree_moebius():
    r = RationalFunction.from_moebius(1, 1, 2, -2)
    assert r == RationalFunction((1, 1), (-2, 2))
    assert r.degree() == 1 and r.is_moebius() and r.moebius() == (1, 1, 2, -2)
    assert RationalFunction((1,), (0, 1)).moebius() == (0, 1, 1, 0)
    q = RationalFunction((1, 0, 1), (1,))
    assert q.degree() == 2 and not q.is_moebius()
    with pytest.raises(ValueError):
        q.moebius()


def test_value_is_generic():
    import gmpy2
    import mpmath

    r = RationalFunction((1, 1), (-2, 2))
    assert r.value(3) == Fraction(1, 1)
    assert r.value(Fraction(5, 2)) == Fraction(7, 6)
    assert r.value(gmpy2.mpq(5, 2)) == gmpy2.mpq(7, 6)
    with mpmath.workdps(50):
        v = r.value(mpmath.e)
        assert isinstance(v, mpmath.mpf)
        assert abs(v - (mpmath.e + 1) / (2 * mpmath.e - 2)) < mpmath.mpf(10) ** -45
    assert abs(r.value(E) - (E + 1) / (2 * E - 2)) < 1e-15


def test_ordering_and_hash():
    a, b = RationalFunction((1,), (1, 1)), RationalFunction((1, 1), (1,))
    assert sorted([b, a]) == [a, b]
    assert len({a, b, RationalFunction((1,), (1, 1))}) == 2


@pytest.mark.parametrize("degree,limit", [(1, 1), (1, 2), (1, 5), (2, 1), (2, 3), (3, 1), (4, 1)])
def test_size_estimate_is_below_the_exact_count(degree, limit):
    """The guard refuses on the estimate before enumerating: it must never exceed the true count."""
    from search.space.lhs import estimate_lhs_count

    lower, estimate = estimate_lhs_count(degree, limit)
    exact = count_lhs(degree, limit)
    assert lower <= estimate <= exact
