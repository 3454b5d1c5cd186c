"""The bihomographic kernel against independent exact interval extraction, and its limb arithmetic."""

from __future__ import annotations

import gmpy2
import mpmath
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from cf.bihomographic import (
    DONE, EXHAUSTED, OVERFLOW, LIMBS, bihomographic_batch, bihomographic_next, bihomographic_start,
    quadratic_coeffs, quadratic_signed_cf, state_array,
)
from cf.bm import PRIME, batch_linear_complexity
from cf.extract import extract_signed_cf, simple_cf
from cf.gosper import signs_array, terms_array
from cf.interval import rational_function_interval
from cf.screen import HIT, REJECTED
from cf.screen_quadratic import screen_quadratic_batch

BITS = 3000


def _enclosure(name: str):
    with mpmath.workprec(BITS + 20):
        v = {"e": mpmath.e, "pi": mpmath.pi, "sqrt2": mpmath.sqrt(2), "log2": mpmath.log(2)}[name]
        m = int(mpmath.floor(v * 2**BITS))
    return gmpy2.mpq(m - 1, 2**BITS), gmpy2.mpq(m + 2, 2**BITS)


ENC = {name: _enclosure(name) for name in ("e", "pi", "sqrt2", "log2")}
XS = {name: terms_array(simple_cf(*ENC[name]).terms) for name in ENC}


def _exact(name, num, den, signs, depth):
    """Independent route: interval image of the constant's enclosure, then certified extraction."""
    iv = rational_function_interval(num, den, *ENC[name])
    assert iv is not None
    return extract_signed_cf(iv[0], iv[1], signs, depth).terms


def _proportional(num, den) -> bool:
    return all(num[i] * den[j] == num[j] * den[i] for i in range(3) for j in range(3))


poly = st.lists(st.integers(-40, 40), min_size=3, max_size=3).map(tuple)
period = st.text("+-", min_size=1, max_size=4)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["e", "pi", "log2"]), poly, poly, period, st.integers(8, 80))
def test_terms_are_a_prefix_of_the_exact_expansion(name, num, den, signs, depth):
    if not any(den) or (num[2] == 0 and den[2] == 0) or _proportional(num, den):
        return  # not quadratic, or a rational value (the constants are transcendental)
    iv = rational_function_interval(num, den, *ENC[name])
    if iv is None:
        return
    res = quadratic_signed_cf(XS[name], num, den, signs, depth)
    exact = _exact(name, num, den, signs, depth)
    assert len(exact) == depth  # 3000 bits are plenty for 80 terms of these
    assert res.terms == exact[: len(res.terms)]
    if res.status == DONE:
        assert len(res.terms) == depth
    else:
        assert res.status in (EXHAUSTED, OVERFLOW)


def test_known_expansions():
    # e^2 = [7; 2, 1, 1, 3, 18, 5, 1, 1, 6, 30, 8, ...] (Euler): blocks 3k+2, 1, 1, 12k+18
    assert quadratic_signed_cf(XS["e"], (0, 0, 1), (1,), "+", 12).terms == (7, 2, 1, 1, 3, 18, 5, 1, 1, 6, 30, 8)
    # (sqrt2 + 1)^2 / 1 = 3 + 2 sqrt2 = [5; 1, 4, 1, 4, ...]
    assert quadratic_signed_cf(XS["sqrt2"], (3, 2, 0), (1,), "+", 9).terms == (5,) + (1, 4) * 4
    # pi^2 under '-' signs equals the exact path
    assert quadratic_signed_cf(XS["pi"], (0, 0, 1), (1,), "-", 40).terms == _exact("pi", (0, 0, 1), (1,), "-", 40)


def test_a_rational_value_is_never_guessed():
    # sqrt2^2 = 2 exactly: the box around (sqrt2, sqrt2) never certifies the term 2 (z takes values
    # on both sides of 2), so the kernel reads input until its limbs or the input run out and
    # hands the pair to the exact path instead of writing anything wrong
    res = quadratic_signed_cf(XS["sqrt2"], (0, 0, 1), (1,), "+", 5)
    assert res.status in (EXHAUSTED, OVERFLOW) and res.terms == ()
    res = quadratic_signed_cf(XS["sqrt2"], (1, 0, 1), (-1, 0, 1), "-", 5)   # (2 + 1)/(2 - 1) = 3
    assert res.status in (EXHAUSTED, OVERFLOW) and res.terms == ()


def test_exhausted_and_overflow_keep_a_true_prefix():
    short = XS["pi"][:12]
    res = quadratic_signed_cf(short, (1, 1, 1), (0, 2, -1), "+-", 60)
    assert res.status == EXHAUSTED and 0 < len(res.terms) < 60
    assert res.terms == _exact("pi", (1, 1, 1), (0, 2, -1), "+-", len(res.terms))
    # e^2 has growing terms: 124-bit states are left long before 300 terms
    res = quadratic_signed_cf(XS["e"], (0, 0, 1), (1,), "+", 300)
    assert res.status == OVERFLOW and 30 < len(res.terms) < 300
    assert res.terms == _exact("e", (0, 0, 1), (1,), "+", len(res.terms))


def _to_int(row) -> int:
    return sum(int(v) << (31 * k) for k, v in enumerate(row))


def test_state_is_the_exact_tail_map_beyond_64_bits():
    """After every egest, the decoded limb state maps the input tails to the output's tail.

    The n-th complete quotient r_n of z (from the exact terms) must equal
    (a x'y' + b x' + c y' + d)/(e x'y' + f x' + g y' + h) at the tails x', y' of the constant
    after the terms read into x and y; an error in any limb would be far above 1e-100.
    """
    num, den, signs, depth = (2, -1, 2), (1, 2, 1), "+-", 45
    terms = _exact("pi", num, den, signs, 400)
    xs = XS["pi"]
    S, F, pos = state_array()
    assert bihomographic_start(xs, len(xs), np.array(quadratic_coeffs(num, den), dtype=np.int64), S, pos) == DONE
    sv = [1 if ch == "+" else -1 for ch in signs]
    widest = 0
    with mpmath.workdps(400):
        pi = mpmath.pi
        r = (2 * pi**2 - pi + 2) / (pi**2 + 2 * pi + 1)

        def tail(i):
            v = pi
            for t in xs[:i]:
                v = 1 / (v - int(t))
            return v

        for n in range(depth):
            q, code = bihomographic_next(xs, len(xs), S, F, pos, sv[n % len(sv)])
            assert code == DONE and q == terms[n]
            r = sv[n % len(sv)] / (r - q)
            ent = [_to_int(S[i]) for i in range(8)]
            widest = max(widest, max(abs(v) for v in ent).bit_length())
            x, y = tail(int(pos[0])), tail(int(pos[1]))
            a, b, c, d, e, f, g, h = ent
            val = (a * x * y + b * x + c * y + d) / (e * x * y + f * x + g * y + h)
            assert abs(val - r) < mpmath.mpf(10) ** -100
    assert widest > 64 and S.shape == (8, LIMBS)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["e", "pi"]), st.lists(st.tuples(poly, poly), min_size=1, max_size=5),
       st.lists(period, min_size=1, max_size=3, unique=True), st.integers(20, 100), st.integers(2, 24))
def test_fused_screen_matches_extraction_then_bm(name, pairs, pers, depth, bound):
    rows = [quadratic_coeffs(n, d) for n, d in pairs if any(d) and (n[2] or d[2]) and not _proportional(n, d)]
    if not rows:
        return
    coeffs = np.array(rows, dtype=np.int64)
    sarr, slens = signs_array(pers)
    n = len(rows) * len(pers)
    xs = XS[name]
    g_out, g_cnt, g_st = np.zeros((n, depth), dtype=np.int64), np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
    bihomographic_batch(xs, len(xs), coeffs, sarr, slens, depth, g_out, g_cnt, g_st)
    f_out = np.zeros((n, depth), dtype=np.int64)
    f_cnt, f_st, f_len = (np.zeros(n, dtype=np.int64) for _ in range(3))
    screen_quadratic_batch(xs, len(xs), coeffs, sarr, slens, depth, PRIME, bound, np.ones(n, bool),
                           f_out, f_cnt, f_st, f_len)
    g_L = batch_linear_complexity(np.mod(g_out, PRIME), g_cnt, PRIME, bound)
    for k in range(n):
        assert list(f_out[k, : f_cnt[k]]) == list(g_out[k, : f_cnt[k]])
        if f_st[k] == HIT:
            assert g_st[k] == DONE and f_cnt[k] == depth and f_len[k] == g_L[k] <= bound
        elif f_st[k] == REJECTED:
            assert f_len[k] > bound and f_cnt[k] <= g_cnt[k]
            if g_st[k] == DONE:
                assert g_L[k] > bound
        else:
            assert f_st[k] == g_st[k] and f_cnt[k] == g_cnt[k]
