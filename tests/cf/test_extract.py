"""Certified signed continued-fraction extraction (cf/extract.py).

Everything is checked against slow reference implementations written here, following the
definition in DESIGN.md section 1 literally:

    r_0 = x;  a_n = floor(r_n) if b_n = +1 else ceil(r_n);  r_{n+1} = b_n / (r_n - a_n).

* rationals: exact ``Fraction`` arithmetic;
* quadratic irrationals ``u + v*sqrt(D)``: every complete quotient is kept in that form with
  Fractions u, v and its floor is decided exactly with ``math.isqrt`` on integers;
* the classical constants of tests/data/classic_sicf.json (a copy of the shared oracle): mpmath enclosures at 3000 bits.
"""

from __future__ import annotations

import json
import math
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

import gmpy2
import mpmath
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cf.extract import Extraction, extract_signed_cf, simple_cf
from cf.signs import (
    MAX_PERIOD_LENGTH,
    SignPeriodError,
    is_primitive,
    sign_at,
    sign_values,
    validate_signs,
)

_REPO = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())  # the repository
ORACLE_PATH = _REPO / "tests" / "data" / "classic_sicf.json"


# ---------------------------------------------------------------------------------------------
# Reference implementations
# ---------------------------------------------------------------------------------------------


def _b(signs: str, n: int) -> int:
    return 1 if signs[n % len(signs)] == "+" else -1


def ref_rational(x: Fraction, signs: str, max_terms: int = 1_000_000, complete: bool = True) -> list[int]:
    """Literal signed expansion of an exact rational (stops when r_n - a_n = 0).

    With ``complete=False`` the first ``max_terms`` terms are enough: an all-'-' expansion of a
    rational with large denominator can run through astronomically long runs of 2s.
    """
    r = Fraction(x)
    out: list[int] = []
    for n in range(max_terms):
        b = _b(signs, n)
        a = math.floor(r) if b > 0 else math.ceil(r)
        out.append(a)
        if r == a:
            return out
        r = Fraction(b) / (r - a)
    if not complete:
        return out
    raise AssertionError("rational expansion did not terminate")  # pragma: no cover


def floor_quad(u: Fraction, v: Fraction, D: int) -> int:
    """Exact floor of ``u + v*sqrt(D)`` (D > 0 not a square, v != 0)."""
    L = u.denominator * v.denominator // math.gcd(u.denominator, v.denominator)
    U = int(u * L)
    V = int(v * L)
    assert V != 0
    s = math.isqrt(V * V * D)  # floor(|V| sqrt(D)); never exact since D is not a square
    f = s if V > 0 else -s - 1  # floor(V sqrt(D))
    return (U + f) // L


def ref_quadratic(u: Fraction, v: Fraction, D: int, signs: str, n_terms: int) -> list[int]:
    """First ``n_terms`` signed partial quotients of the quadratic irrational ``u + v sqrt(D)``."""
    u, v = Fraction(u), Fraction(v)
    out: list[int] = []
    for n in range(n_terms):
        b = _b(signs, n)
        fl = floor_quad(u, v, D)
        a = fl if b > 0 else fl + 1  # irrational: ceil = floor + 1
        out.append(a)
        w = u - a
        den = w * w - v * v * D  # (w + v sqrtD)(w - v sqrtD), never 0
        u, v = b * w / den, -b * v / den
    return out


def quad_enclosure(P: int, Q: int, D: int, k: int) -> tuple[Fraction, Fraction]:
    """Rational [lo, hi] containing (P + sqrt(D))/Q, of width 2^-k / |Q|."""
    s = math.isqrt(D << (2 * k))  # s/2^k < sqrt(D) < (s+1)/2^k
    e1 = (P + Fraction(s, 1 << k)) / Q
    e2 = (P + Fraction(s + 1, 1 << k)) / Q
    return (e1, e2) if e1 <= e2 else (e2, e1)


def common_prefix(x: list[int], y: list[int]) -> list[int]:
    out = []
    for s, t in zip(x, y):
        if s != t:
            break
        out.append(s)
    return out


# ---------------------------------------------------------------------------------------------
# Strategies
# ---------------------------------------------------------------------------------------------

sign_periods = st.text(alphabet="+-", min_size=1, max_size=5)

# Signed expansions with many '-' can be long (1/q with all '-' has q terms: 1, 2, 2, ..., 2), so
# mixed sign periods use denominators <= 3000; the simple CF (all '+') gets huge ones.
rationals = st.builds(
    Fraction,
    st.integers(-(10**9), 10**9),
    st.integers(1, 3000),
)
big_rationals = st.builds(
    Fraction,
    st.integers(-(10**40), 10**40),
    st.integers(1, 10**30),
)


@st.composite
def quadratics(draw, max_d: int = 10_000):
    D = draw(st.integers(2, max_d))
    assume(math.isqrt(D) ** 2 != D)
    P = draw(st.integers(-60, 60))
    Q = draw(st.integers(-60, 60).filter(lambda q: q != 0))
    return P, Q, D


# ---------------------------------------------------------------------------------------------
# The references themselves agree with known expansions (test the test)
# ---------------------------------------------------------------------------------------------


def test_reference_implementations_on_known_values():
    assert ref_rational(Fraction(355, 113), "+") == [3, 7, 16]
    assert ref_rational(Fraction(8, 3), "-") == [3, 3]  # 3 - 1/3
    assert ref_rational(Fraction(-7, 2), "+") == [-4, 2]  # -4 + 1/2
    assert ref_quadratic(Fraction(0), Fraction(1), 2, "+", 6) == [1, 2, 2, 2, 2, 2]
    assert ref_quadratic(Fraction(0), Fraction(1), 3, "+", 7) == [1, 1, 2, 1, 2, 1, 2]
    assert ref_quadratic(Fraction(1, 2), Fraction(1, 2), 5, "+", 8) == [1] * 8
    # sqrt(2) = 2 - 1/(2 - 1/(4 - 1/(2 - ...)))
    assert ref_quadratic(Fraction(0), Fraction(1), 2, "-", 7) == [2, 2, 4, 2, 4, 2, 4]
    # the references agree with mpmath on a negative quadratic irrational
    with mpmath.workdps(60):
        x = (mpmath.mpf(-7) + mpmath.sqrt(19)) / 3
        terms = []
        r = x
        for _ in range(10):
            a = int(mpmath.floor(r))
            terms.append(a)
            r = 1 / (r - a)
    assert ref_quadratic(Fraction(-7, 3), Fraction(1, 3), 19, "+", 10) == terms
    assert floor_quad(Fraction(0), Fraction(-1), 2) == -2
    assert floor_quad(Fraction(1, 3), Fraction(-1, 7), 50) == math.floor(1 / 3 - math.sqrt(50) / 7)


# ---------------------------------------------------------------------------------------------
# Exact rationals
# ---------------------------------------------------------------------------------------------


def test_doc_examples():
    assert extract_signed_cf(Fraction(355, 113), Fraction(355, 113), "+").terms == (3, 7, 16)
    assert extract_signed_cf(Fraction(8, 3), Fraction(8, 3), "-").terms == (3, 3)
    res = extract_signed_cf(Fraction(355, 113), Fraction(355, 113), "+")
    assert res == Extraction((3, 7, 16), "+", True, False)


def test_integers_and_input_types():
    assert extract_signed_cf(5, 5, "+") == Extraction((5,), "+", True, False)
    assert extract_signed_cf(-5, -5, "-") == Extraction((-5,), "-", True, False)
    q = gmpy2.mpq(22, 7)
    assert extract_signed_cf(q, q, "+").terms == (3, 7)
    assert extract_signed_cf(Fraction(22, 7), Fraction(22, 7), "-").terms == (4, 2, 2, 2, 2, 2, 2)
    assert simple_cf(Fraction(22, 7), Fraction(22, 7)).terms == (3, 7)
    assert all(type(t) is int for t in extract_signed_cf(q, q, "+-").terms)


def test_bad_input():
    with pytest.raises(ValueError):
        extract_signed_cf(Fraction(2), Fraction(1), "+")
    with pytest.raises(SignPeriodError):
        extract_signed_cf(1, 1, "")
    with pytest.raises(SignPeriodError):
        extract_signed_cf(1, 1, "+x")


def test_sign_periods():
    assert sign_values("+-") == (1, -1)
    assert sign_values("--+") == (-1, -1, 1)
    assert [sign_at("+-", n) for n in range(5)] == [1, -1, 1, -1, 1]
    assert [sign_at("--+", n) for n in range(6)] == [-1, -1, 1, -1, -1, 1]
    assert validate_signs("+" * MAX_PERIOD_LENGTH) == "+" * MAX_PERIOD_LENGTH
    for bad in ["", "+ -", "+-0", "+" * (MAX_PERIOD_LENGTH + 1), None, 3]:
        with pytest.raises(SignPeriodError):
            validate_signs(bad)
    assert issubclass(SignPeriodError, ValueError)
    assert not is_primitive("+-+-") and not is_primitive("++")
    assert is_primitive("+-+") and not is_primitive("--+--+")
    # a period and its repetition give the same expansion
    x = Fraction(1234567, 89)
    assert extract_signed_cf(x, x, "+-").terms == extract_signed_cf(x, x, "+-+-+-").terms


@settings(max_examples=200, deadline=None)
@given(x=rationals, signs=sign_periods)
def test_rational_point_matches_reference(x, signs):
    res = extract_signed_cf(x, x, signs)
    assert res.terms == tuple(ref_rational(x, signs))
    assert res.finished and not res.exhausted
    assert res.signs == signs


@settings(max_examples=100, deadline=None)
@given(x=big_rationals)
def test_big_rational_simple_cf_matches_reference(x):
    res = simple_cf(x, x)
    assert res.terms == tuple(ref_rational(x, "+"))
    assert res.finished and not res.exhausted
    # the simple CF is the Euclidean algorithm on (numerator, denominator)
    n, d, euclid = x.numerator, x.denominator, []
    while d:
        euclid.append(n // d)
        n, d = d, n - (n // d) * d
    assert list(res.terms) == euclid


def test_long_negative_expansion():
    # 1/q with all '-' signs: 1 - 1/(2 - 1/(2 - ... - 1/2)) with q - 1 twos
    res = extract_signed_cf(Fraction(1, 1000), Fraction(1, 1000), "-")
    assert res.terms == (1,) + (2,) * 999
    assert res.finished


@settings(max_examples=100, deadline=None)
@given(x=rationals, signs=sign_periods, m=st.integers(0, 12))
def test_rational_max_terms_truncates(x, signs, m):
    full = ref_rational(x, signs)
    res = extract_signed_cf(x, x, signs, max_terms=m)
    assert res.terms == tuple(full[:m])
    assert res.finished == (m >= len(full))
    assert not res.exhausted


@settings(max_examples=200, deadline=None)
@given(x=rationals, y=rationals, signs=sign_periods)
def test_rational_interval_is_common_prefix_of_endpoints(x, y, signs):
    """The set of reals with a given prefix is an interval, so the certified terms of [lo, hi]
    are exactly the longest common prefix of the expansions of its two ends."""
    lo, hi = min(x, y), max(x, y)
    res = extract_signed_cf(lo, hi, signs)
    expect = common_prefix(ref_rational(lo, signs), ref_rational(hi, signs))
    if lo == hi:
        assert res.finished and res.terms == tuple(expect)
    else:
        assert res.exhausted and not res.finished
        assert res.terms == tuple(expect)


# ---------------------------------------------------------------------------------------------
# Quadratic irrationals
# ---------------------------------------------------------------------------------------------


def _check_terms_after_signs(terms, signs):
    """r_n > 1 for n >= 1, so a_n = floor(r_n) >= 1 when b_n = +1 and a_n = ceil(r_n) >= 2 when
    b_n = -1 (the bound goes with the sign that chooses floor/ceil for a_n itself)."""
    for n in range(1, len(terms)):
        if _b(signs, n) > 0:
            assert terms[n] >= 1, (n, terms)
        else:
            assert terms[n] >= 2, (n, terms)


@settings(max_examples=150, deadline=None)
@given(q=quadratics(), signs=sign_periods, k=st.integers(200, 600))
def test_quadratic_irrational_prefix_of_exact_expansion(q, signs, k):
    P, Q, D = q
    lo, hi = quad_enclosure(P, Q, D, k)
    res = extract_signed_cf(lo, hi, signs)
    assert res.exhausted and not res.finished
    n = len(res.terms)
    ref = ref_quadratic(Fraction(P, Q), Fraction(1, Q), D, signs, n + 5)
    assert list(res.terms) == ref[:n]
    # maximal: the next term is not certified because the two ends genuinely disagree there
    assert list(res.terms) == common_prefix(ref_rational(lo, signs, n + 1, complete=False),
                                            ref_rational(hi, signs, n + 1, complete=False))
    # enough terms for the precision: every quotient costs at most ~2 log2(a) + O(1) bits;
    # with D <= 10^4 and |Q| <= 60 this is far more than k/20 terms
    assert n >= k // 20, (n, k)
    if k >= 400:
        assert n >= 20
    _check_terms_after_signs(ref[: n + 5], signs)


@settings(max_examples=100, deadline=None)
@given(q=quadratics(max_d=10**9), signs=sign_periods)
def test_terms_after_sign_bounds_for_irrationals(q, signs):
    """DESIGN.md: every r_n (n >= 1) is > 1, so a_n >= 1 after '+' and >= 2 after '-'."""
    P, Q, D = q
    lo, hi = quad_enclosure(P, Q, D, 300)
    terms = extract_signed_cf(lo, hi, signs).terms
    assert len(terms) >= 5
    _check_terms_after_signs(terms, signs)
    if "-" in signs:
        # a '-' is followed by a term >= 2 somewhere in the certified range (not vacuous)
        assert any(_b(signs, n) < 0 for n in range(1, len(terms)))


@settings(max_examples=100, deadline=None)
@given(q=quadratics(), signs=sign_periods, k=st.integers(1, 40))
def test_precision_exhaustion_reported_never_wrong(q, signs, k):
    """A wide enclosure yields few terms and flags exhaustion; the terms are still correct."""
    P, Q, D = q
    lo, hi = quad_enclosure(P, Q, D, k)
    wide = extract_signed_cf(lo, hi, signs)
    narrow = extract_signed_cf(*quad_enclosure(P, Q, D, 400), signs)
    assert wide.exhausted and not wide.finished
    assert len(wide.terms) < len(narrow.terms)
    ref = ref_quadratic(Fraction(P, Q), Fraction(1, Q), D, signs, len(narrow.terms))
    assert list(wide.terms) == ref[: len(wide.terms)]
    assert list(narrow.terms) == ref


def test_wide_interval_examples():
    # [1, 2] for '+': floor differs at once (1 vs 2): nothing certified
    assert extract_signed_cf(Fraction(1), Fraction(2), "+") == Extraction((), "+", False, True)
    # [3/2, 7/4]: floor 1 certain, then 1/(x-1) in [4/3, 2]: floor 1 vs 2 -> stop
    assert extract_signed_cf(Fraction(3, 2), Fraction(7, 4), "+") == Extraction((1,), "+", False, True)
    # an end that is the integer itself: the next complete quotient is unbounded
    assert extract_signed_cf(Fraction(3), Fraction(13, 4), "+") == Extraction((3,), "+", False, True)
    assert extract_signed_cf(Fraction(11, 4), Fraction(3), "-") == Extraction((3,), "-", False, True)
    # sqrt(2) at 10 bits gives a few correct terms only
    lo, hi = quad_enclosure(0, 1, 2, 10)
    res = extract_signed_cf(lo, hi, "+")
    assert res.exhausted and 2 <= len(res.terms) <= 8
    assert res.terms == (1,) + (2,) * (len(res.terms) - 1)


# ---------------------------------------------------------------------------------------------
# The oracle: classical constants, 60 certified terms each
# ---------------------------------------------------------------------------------------------

ORACLE_PREC_BITS = 3000

EXPRESSIONS = {
    "e": lambda: mpmath.e,
    "e/(e-1)": lambda: mpmath.e / (mpmath.e - 1),
    "e-1": lambda: mpmath.e - 1,
    "(e+1)/(e-1)": lambda: (mpmath.e + 1) / (mpmath.e - 1),
    "e^2": lambda: mpmath.exp(2),
    "tan(1)": lambda: mpmath.tan(1),
    "1/tan(1)": lambda: 1 / mpmath.tan(1),
    "tanh(1)": lambda: mpmath.tanh(1),
    "sqrt(2)": lambda: mpmath.sqrt(2),
    "(1+sqrt(5))/2": lambda: (1 + mpmath.sqrt(5)) / 2,
    "pi": lambda: mpmath.pi,
    "besseli(0,2)/besseli(1,2)": lambda: mpmath.besseli(0, 2) / mpmath.besseli(1, 2),
    "exp(1/2)": lambda: mpmath.exp(mpmath.mpf(1) / 2),
}


def load_oracle() -> list[dict]:
    return json.loads(ORACLE_PATH.read_text())["cases"]


@lru_cache(maxsize=None)
def oracle_enclosure(expression: str) -> tuple[Fraction, Fraction]:
    """[m - 4, m + 4] / 2^b around the value, computed by mpmath with 100 guard bits."""
    b = ORACLE_PREC_BITS
    with mpmath.workprec(b + 100):
        v = EXPRESSIONS[expression]()
        m = int(mpmath.floor(mpmath.ldexp(v, b)))
    return Fraction(m - 4, 1 << b), Fraction(m + 4, 1 << b)


def test_oracle_file_is_fully_covered():
    cases = load_oracle()
    assert len(cases) >= 14
    missing = {c["expression"] for c in cases} - set(EXPRESSIONS)
    assert not missing, f"add mpmath lambdas for {missing}"
    assert all(len(c["terms"]) == 60 for c in cases)


@pytest.mark.parametrize(
    "case", load_oracle(), ids=lambda c: f"{c['expression']} {c['signs']}"
)
def test_oracle_first_60_terms(case):
    lo, hi = oracle_enclosure(case["expression"])
    res = extract_signed_cf(lo, hi, case["signs"], max_terms=60)
    assert list(res.terms) == case["terms"]
    assert not res.finished
    # without a limit the 3000-bit enclosure certifies far more than 60 terms and then stops
    full = extract_signed_cf(lo, hi, case["signs"])
    assert full.exhausted and len(full.terms) > 100
    assert list(full.terms[:60]) == case["terms"]
    _check_terms_after_signs(full.terms, case["signs"])


def test_oracle_quadratic_cases_match_exact_reference():
    """The two quadratic irrationals of the oracle agree with the exact isqrt reference too."""
    by_expr = {(c["expression"], c["signs"]): c["terms"] for c in load_oracle()}
    assert by_expr[("sqrt(2)", "+")] == ref_quadratic(Fraction(0), Fraction(1), 2, "+", 60)
    assert by_expr[("(1+sqrt(5))/2", "+")] == ref_quadratic(
        Fraction(1, 2), Fraction(1, 2), 5, "+", 60
    )


def test_quadratic_case_with_endless_runs_of_twos():
    """Regression (found by hypothesis in CI): (17 + sqrt 275)/35 with '-' at 275 bits; the
    reference expansions of the enclosure's rational ends run for astronomically many terms."""
    lo, hi = quad_enclosure(17, 35, 275, 275)
    res = extract_signed_cf(lo, hi, "-")
    n = len(res.terms)
    assert res.exhausted and n >= 275 // 20
    assert list(res.terms) == ref_quadratic(Fraction(17, 35), Fraction(1, 35), 275, "-", n + 5)[:n]
    assert list(res.terms) == common_prefix(ref_rational(lo, "-", n + 1, complete=False),
                                            ref_rational(hi, "-", n + 1, complete=False))
