"""Gosper's homographic algorithm on int64 (cf/gosper.py) against exact big-integer paths.

Three independent routes to the signed CF of z = (p1 x + p0)/(q1 x + q0):

1. the Numba int64 kernel fed with x's certified simple CF (``moebius_signed_cf``), and the
   batched kernel ``gosper_batch``;
2. the module's exact path ``moebius_signed_cf_exact`` on an enclosure of x;
3. a reference computed here: the Moebius image of a *more precise* enclosure of x, mapped with
   Fractions in the test and extracted with ``extract_signed_cf``; for x = sqrt(2) the image is a
   quadratic irrational and is expanded exactly with isqrt (no enclosure at all).

All three certify their terms, so whichever is shorter must be a prefix of the longer.
"""

from __future__ import annotations

import json
import math
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

import mpmath
import numpy as np
import pytest
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st

from cf.extract import Extraction, extract_signed_cf, simple_cf
from cf.gosper import (
    DONE,
    EXHAUSTED,
    OVERFLOW,
    GosperResult,
    gosper_batch,
    moebius_interval,
    moebius_signed_cf,
    moebius_signed_cf_exact,
    signs_array,
    terms_array,
)
from cf.signs import SignPeriodError

_REPO = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())  # the repository

ORACLE_PATH = _REPO / "tests" / "data" / "classic_sicf.json"

CONSTANTS = {
    "e": lambda: mpmath.e,
    "pi": lambda: mpmath.pi,
    "sqrt(2)": lambda: mpmath.sqrt(2),
    "-e": lambda: -mpmath.e,  # a negative x: simple CF [-3; 3, 1, 1, 4, ...]
}

X_BITS = 1500  # enclosure used for x's simple CF and the module's exact path
REF_BITS = 3000  # more precise enclosure for the reference


@lru_cache(maxsize=None)
def enclosure(name: str, bits: int) -> tuple[Fraction, Fraction]:
    with mpmath.workprec(bits + 100):
        m = int(mpmath.floor(mpmath.ldexp(CONSTANTS[name](), bits)))
    return Fraction(m - 4, 1 << bits), Fraction(m + 4, 1 << bits)


@lru_cache(maxsize=None)
def x_terms(name: str, bits: int = X_BITS) -> tuple[int, ...]:
    res = simple_cf(*enclosure(name, bits))
    assert res.exhausted
    return res.terms


def _b(signs: str, n: int) -> int:
    return 1 if signs[n % len(signs)] == "+" else -1


def floor_quad(u: Fraction, v: Fraction, D: int) -> int:
    """Exact floor of u + v sqrt(D) (D not a square, v != 0)."""
    L = u.denominator * v.denominator // math.gcd(u.denominator, v.denominator)
    U, V = int(u * L), int(v * L)
    s = math.isqrt(V * V * D)
    return (U + (s if V > 0 else -s - 1)) // L


def ref_quadratic(u: Fraction, v: Fraction, D: int, signs: str, n_terms: int) -> list[int]:
    out = []
    for n in range(n_terms):
        b = _b(signs, n)
        a = floor_quad(u, v, D) + (0 if b > 0 else 1)
        out.append(a)
        w = u - a
        den = w * w - v * v * D
        u, v = b * w / den, -b * v / den
    return out


def ref_sqrt2_image(m: tuple[int, int, int, int], signs: str, n_terms: int) -> list[int]:
    """(p1 s + p0)/(q1 s + q0) with s = sqrt(2), rationalised: u + v s."""
    p1, p0, q1, q0 = m
    N = q0 * q0 - 2 * q1 * q1  # != 0 since sqrt(2) is irrational and (q1, q0) != (0, 0)
    u = Fraction(p0 * q0 - 2 * p1 * q1, N)
    v = Fraction(p1 * q0 - p0 * q1, N)
    return ref_quadratic(u, v, 2, signs, n_terms)


def ref_image(name: str, m: tuple[int, int, int, int], signs: str, n_terms: int) -> list[int]:
    if name == "sqrt(2)":
        return ref_sqrt2_image(m, signs, n_terms)
    lo, hi = enclosure(name, REF_BITS)
    p1, p0, q1, q0 = m
    d1, d2 = q1 * lo + q0, q1 * hi + q0
    assert d1 != 0 and d2 != 0 and (d1 > 0) == (d2 > 0)
    z1, z2 = (p1 * lo + p0) / d1, (p1 * hi + p0) / d2
    z1, z2 = min(z1, z2), max(z1, z2)
    return list(extract_signed_cf(z1, z2, signs, max_terms=n_terms).terms)


def prefix_consistent(x, y) -> bool:
    n = min(len(x), len(y))
    return list(x[:n]) == list(y[:n])


# ---------------------------------------------------------------------------------------------
# Strategies
# ---------------------------------------------------------------------------------------------

small = st.integers(-50, 50)
huge = st.one_of(
    st.integers(-(2**61), 2**61),
    st.builds(lambda s, e, o: s * (2**e + o), st.sampled_from([1, -1]), st.integers(40, 61), small),
)
sign_periods = st.text(alphabet="+-", min_size=1, max_size=6)
names = st.sampled_from(sorted(CONSTANTS))


@st.composite
def moebius(draw, coeff=small):
    m = tuple(draw(coeff) for _ in range(4))
    p1, p0, q1, q0 = m
    assume(p1 * q0 - p0 * q1 != 0)
    return m


DEPTH = 40


def _check_against_exact(name, m, signs, res: GosperResult):
    lo, hi = enclosure(name, X_BITS)
    exact = moebius_signed_cf_exact(lo, hi, m, signs, DEPTH)
    ref = ref_image(name, m, signs, DEPTH)
    assert prefix_consistent(res.terms, exact.terms), (res, exact)
    assert prefix_consistent(res.terms, ref), (res, ref)
    assert prefix_consistent(exact.terms, ref)
    return exact, ref


# ---------------------------------------------------------------------------------------------
# Single calls
# ---------------------------------------------------------------------------------------------


def test_doc_example_and_identity():
    e_terms = [2, 1, 2, 1, 1, 4, 1, 1, 6, 1, 1, 8, 1, 1, 10, 1, 1, 12, 1, 1, 14]
    assert moebius_signed_cf(e_terms, (1, 0, 1, -1), "+-", 6) == GosperResult((1, 2, 3, 2, 5, 2), DONE)
    # the identity map reproduces the simple CF (the last input terms cannot be certified)
    res = moebius_signed_cf(e_terms, (1, 0, 0, 1), "+", 30)
    assert res.status == EXHAUSTED
    assert 15 <= len(res.terms) < len(e_terms)
    assert list(res.terms) == e_terms[: len(res.terms)]
    # numpy input is used as is
    res2 = moebius_signed_cf(np.asarray(e_terms, dtype=np.int64), (1, 0, 0, 1), "+", 30)
    assert res2 == res


@settings(max_examples=150, deadline=None)
@given(name=names, m=moebius(), signs=sign_periods)
def test_small_moebius_matches_exact_paths(name, m, signs):
    res = moebius_signed_cf(x_terms(name), m, signs, DEPTH)
    # small coefficients never overflow and 1500 bits of x are plenty for 40 terms
    assert res.status == DONE
    assert len(res.terms) == DEPTH
    exact, ref = _check_against_exact(name, m, signs, res)
    assert list(res.terms) == ref  # the reference always has DEPTH terms here
    assert len(exact.terms) == DEPTH
    assert res.terms == exact.terms
    for n in range(1, DEPTH):  # r_n > 1: a_n >= 1 for '+', >= 2 for '-'
        assert res.terms[n] >= (1 if _b(signs, n) > 0 else 2)


@settings(max_examples=150, deadline=None)
@given(name=names, m=moebius(huge), signs=sign_periods)
def test_huge_moebius_prefix_consistent_and_overflow(name, m, signs):
    res = moebius_signed_cf(x_terms(name), m, signs, DEPTH)
    event(f"status {res.status}, {'some' if res.terms else 'no'} terms")
    assert res.status in (DONE, EXHAUSTED, OVERFLOW)
    assert len(res.terms) <= DEPTH
    if res.status == DONE:
        assert len(res.terms) == DEPTH
    # whatever the status, every term produced (also before an OVERFLOW) is correct
    _check_against_exact(name, m, signs, res)
    p1, p0, q1, q0 = m
    if max(abs(p1), abs(q1)) >= 2**61 and name in ("e", "pi"):
        # ingesting t0 >= 2 multiplies a coefficient >= 2^61 by t0: beyond the int64 guard
        assert res.status == OVERFLOW and res.terms == ()


@pytest.mark.parametrize("name", sorted(CONSTANTS))
@pytest.mark.parametrize("signs", ["+", "-", "+-", "--+"])
def test_overflow_after_some_terms_keeps_terms_correct(name, signs):
    m = (7, 2**59, 2**58, 3)
    res = moebius_signed_cf(x_terms(name), m, signs, DEPTH)
    assert res.status == OVERFLOW
    assert len(res.terms) >= 1
    ref = ref_image(name, m, signs, DEPTH)
    assert list(res.terms) == ref[: len(res.terms)]
    # the exact fallback goes on where the kernel stopped
    exact = moebius_signed_cf_exact(*enclosure(name, X_BITS), m, signs, DEPTH)
    assert list(exact.terms) == ref


@pytest.mark.parametrize(
    "m",
    [(2**62, 0, 0, 1), (1, 0, 0, -(2**62)), (2**70, 1, 1, 0), (2**61, 0, 0, 1), (1, 0, 2**61, 1)],
)
def test_overflow_for_huge_coefficients(m):
    res = moebius_signed_cf(x_terms("pi"), m, "+", 10)
    assert res == GosperResult((), OVERFLOW)


def test_large_quotients_are_egested_correctly_or_flagged():
    """Images with quotients near 2^50..2^62: either right or stopped by OVERFLOW, never wrong."""
    for m in [(1, 2**61, 0, 1), (2**60, 1, 0, 1), (1, 2**50, 0, 1), (2**45, 1, 3, 2**44 + 5)]:
        for signs in ("+", "-", "+-"):
            res = moebius_signed_cf(x_terms("pi"), m, signs, DEPTH)
            ref = ref_image("pi", m, signs, DEPTH)
            assert list(res.terms) == ref[: len(res.terms)]
            if res.status == DONE:
                assert list(res.terms) == ref


@settings(max_examples=60, deadline=None)
@given(name=names, m=moebius(), signs=sign_periods, cut=st.integers(0, 12))
def test_exhausted_with_few_input_terms(name, m, signs, cut):
    """With only ``cut`` terms of x the kernel stops with EXHAUSTED and its terms are right."""
    xs = x_terms(name)[:cut]
    res = moebius_signed_cf(xs, m, signs, DEPTH)
    event(f"status {res.status}")
    # DONE is legitimate too: with '-' signs a long run of 2s (z close to a rational from one
    # side) is certified by few input terms, e.g. (3e + 11)/(34e + 3) with '-' and 5 terms of e
    assert res.status in (EXHAUSTED, DONE)
    assert len(res.terms) < DEPTH if res.status == EXHAUSTED else len(res.terms) == DEPTH
    full = moebius_signed_cf(x_terms(name), m, signs, DEPTH)
    assert prefix_consistent(res.terms, full.terms) and len(res.terms) <= len(full.terms)
    ref = ref_image(name, m, signs, DEPTH)
    assert list(res.terms) == ref[: len(res.terms)]
    if cut == 0:
        assert res == GosperResult((), EXHAUSTED)


def test_few_input_terms_can_certify_a_long_run():
    xs = x_terms("e")[:5]
    res = moebius_signed_cf(xs, (3, 11, 34, 3), "-", DEPTH)
    assert res.status == DONE
    assert list(res.terms) == ref_image("e", (3, 11, 34, 3), "-", DEPTH)
    assert res.terms[:5] == (1, 2, 2, 2, 3) and set(res.terms[5:]) == {2}
    # with '+' the same input certifies only a few terms
    res_plus = moebius_signed_cf(xs, (3, 11, 34, 3), "+", DEPTH)
    assert res_plus.status == EXHAUSTED and len(res_plus.terms) < 6
    assert list(res_plus.terms) == ref_image("e", (3, 11, 34, 3), "+", len(res_plus.terms))


def test_negative_x():
    assert x_terms("-e")[:8] == (-3, 3, 1, 1, 4, 1, 1, 6)
    # -(-e) = e and 1 - (-e) = e + 1 from the terms of -e
    assert moebius_signed_cf(x_terms("-e"), (-1, 0, 0, 1), "+", 10).terms == (2, 1, 2, 1, 1, 4, 1, 1, 6, 1)
    assert moebius_signed_cf(x_terms("-e"), (-1, 1, 0, 1), "+", 7).terms == (3, 1, 2, 1, 1, 4, 1)
    res = moebius_signed_cf(x_terms("-e"), (1, 0, 0, 1), "+-", 30)
    assert list(res.terms) == ref_image("-e", (1, 0, 0, 1), "+-", 30)


def test_sqrt2_exact_terms_input():
    """x = sqrt(2) given exactly as [1; 2, 2, ...] (no enclosure anywhere)."""
    xs = [1] + [2] * 300
    for m in [(1, 0, 0, 1), (1, 1, 0, 1), (3, -1, 2, 5), (0, 1, 1, 0), (-7, 3, 4, 11)]:
        for signs in ("+", "-", "+-", "-++", "+--+-"):
            res = moebius_signed_cf(xs, m, signs, 50)
            assert res.status == DONE
            assert list(res.terms) == ref_sqrt2_image(m, signs, 50)


def test_degenerate_moebius_raises():
    for m in [(1, 2, 2, 4), (0, 0, 1, 1), (0, 0, 0, 0), (3, 0, 5, 0), (-2, 6, 1, -3)]:
        with pytest.raises(ValueError):
            moebius_signed_cf(x_terms("e"), m, "+", 10)


def test_bad_sign_period_raises():
    with pytest.raises(SignPeriodError):
        moebius_signed_cf(x_terms("e"), (1, 0, 0, 1), "", 10)
    with pytest.raises(SignPeriodError):
        moebius_signed_cf(x_terms("e"), (1, 0, 0, 1), "+*", 10)


def test_moebius_interval_and_pole():
    assert moebius_interval(Fraction(1), Fraction(2), (1, 0, 2, -3)) is None  # pole at 3/2
    assert moebius_interval(Fraction(1), Fraction(2), (1, 0, 1, -1)) is None  # pole at 1 (an end)
    lo, hi = moebius_interval(Fraction(2), Fraction(3), (1, 0, 1, -1))  # x/(x-1) is decreasing
    assert (lo, hi) == (Fraction(3, 2), Fraction(2))
    assert moebius_signed_cf_exact(Fraction(1), Fraction(2), (1, 0, 2, -3), "+", 5) == Extraction(
        (), "+", False, True
    )


# ---------------------------------------------------------------------------------------------
# Helpers and the batched kernel
# ---------------------------------------------------------------------------------------------


def test_signs_array_and_terms_array():
    arr, lens = signs_array(["+", "+-", "--+"])
    assert arr.dtype == np.int64 and lens.dtype == np.int64
    assert arr.tolist() == [[1, 1, 1], [1, -1, 1], [-1, -1, 1]]
    assert lens.tolist() == [1, 2, 3]
    t = terms_array([3, 7, 15, 2**62 - 1, 2**62, 5])
    assert t.dtype == np.int64
    assert t.tolist() == [3, 7, 15, 2**62 - 1]
    assert terms_array([]).tolist() == []


@settings(max_examples=25, deadline=None)
@given(
    name=names,
    ms=st.lists(st.one_of(moebius(), moebius(huge)), min_size=1, max_size=8),
    periods=st.lists(sign_periods, min_size=1, max_size=6),
    depth=st.integers(1, 50),
)
def test_batch_agrees_with_single_calls(name, ms, periods, depth):
    xs = terms_array(x_terms(name))
    coeffs = np.asarray(ms, dtype=np.int64)
    sarr, slen = signs_array(periods)
    k = len(ms) * len(periods)
    out = np.zeros((k, depth), dtype=np.int64)
    counts = np.zeros(k, dtype=np.int64)
    status = np.full(k, -1, dtype=np.int64)
    gosper_batch(xs, len(xs), coeffs, sarr, slen, depth, out, counts, status)
    for i, m in enumerate(ms):
        for j, signs in enumerate(periods):
            row = i * len(periods) + j
            single = moebius_signed_cf(x_terms(name), m, signs, depth)
            assert int(status[row]) == single.status
            assert int(counts[row]) == len(single.terms)
            assert tuple(int(v) for v in out[row, : counts[row]]) == single.terms


# ---------------------------------------------------------------------------------------------
# Oracle: Moebius images of e
# ---------------------------------------------------------------------------------------------

E_IMAGES = [
    ("e/(e-1)", "+-", (1, 0, 1, -1)),
    ("e-1", "-+", (1, -1, 0, 1)),
    ("(e+1)/(e-1)", "+", (1, 1, 1, -1)),
    ("e", "+", (1, 0, 0, 1)),
    ("e", "-", (1, 0, 0, 1)),
]


def _oracle_terms(expression: str, signs: str) -> list[int]:
    for case in json.loads(ORACLE_PATH.read_text())["cases"]:
        if case["expression"] == expression and case["signs"] == signs:
            return case["terms"]
    raise KeyError((expression, signs))  # pragma: no cover


@pytest.mark.parametrize("expression,signs,m", E_IMAGES, ids=[f"{e} {s}" for e, s, _ in E_IMAGES])
def test_oracle_moebius_images_of_e(expression, signs, m):
    expect = _oracle_terms(expression, signs)
    res = moebius_signed_cf(x_terms("e", REF_BITS), m, signs, 60)
    assert res.status == DONE
    assert list(res.terms) == expect
    # the same through the batched kernel
    xs = terms_array(x_terms("e", REF_BITS))
    sarr, slen = signs_array([signs])
    out = np.zeros((1, 60), dtype=np.int64)
    counts = np.zeros(1, dtype=np.int64)
    status = np.zeros(1, dtype=np.int64)
    gosper_batch(xs, len(xs), np.asarray([m], dtype=np.int64), sarr, slen, 60, out, counts, status)
    assert status[0] == DONE and counts[0] == 60 and out[0].tolist() == expect


def test_oracle_e_from_closed_form_terms():
    """e's simple CF from its closed form [2; 1, 2k, 1, ...] gives the same oracle terms."""
    xs = [2]
    for k in range(1, 200):
        xs += [1, 2 * k, 1]
    assert list(x_terms("e", REF_BITS)[:100]) == xs[:100]
    for expression, signs, m in E_IMAGES:
        assert list(moebius_signed_cf(xs, m, signs, 60).terms) == _oracle_terms(expression, signs)
