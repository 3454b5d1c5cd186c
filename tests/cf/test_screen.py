"""The fused screening kernel agrees with separate Gosper extraction plus batched Berlekamp–Massey."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from cf.bm import PRIME, batch_linear_complexity
from cf.extract import simple_cf
from cf.gosper import DONE, EXHAUSTED, OVERFLOW, gosper_batch, signs_array, terms_array
from cf.screen import HIT, REJECTED, screen_batch


def _x_terms(name: str) -> np.ndarray:
    import mpmath

    with mpmath.workprec(3000):
        v = {"e": mpmath.e, "pi": mpmath.pi, "sqrt2": mpmath.sqrt(2)}[name]
        m = int(mpmath.floor(v * 2**2990))
    import gmpy2

    lo, hi = gmpy2.mpq(m - 1, 2**2990), gmpy2.mpq(m + 2, 2**2990)
    return terms_array(simple_cf(lo, hi).terms)


XS = {name: _x_terms(name) for name in ("e", "pi", "sqrt2")}

moebius = st.tuples(*[st.integers(-40, 40)] * 4).filter(lambda t: t[0] * t[3] - t[1] * t[2] != 0)
periods = st.lists(st.text("+-", min_size=1, max_size=4), min_size=1, max_size=4, unique=True)


def _both(xs, coeffs, pers, depth, bound):
    sarr, slens = signs_array(pers)
    M, S = len(coeffs), len(pers)
    c = np.array(coeffs, dtype=np.int64)
    g_out = np.zeros((M * S, depth), dtype=np.int64)
    g_cnt = np.zeros(M * S, dtype=np.int64)
    g_st = np.zeros(M * S, dtype=np.int64)
    gosper_batch(xs, len(xs), c, sarr, slens, depth, g_out, g_cnt, g_st)
    f_out = np.zeros((M * S, depth), dtype=np.int64)
    f_cnt = np.zeros(M * S, dtype=np.int64)
    f_st = np.zeros(M * S, dtype=np.int64)
    f_len = np.zeros(M * S, dtype=np.int64)
    mask = np.ones(M * S, dtype=bool)
    screen_batch(xs, len(xs), c, sarr, slens, depth, PRIME, bound, mask, f_out, f_cnt, f_st, f_len)
    g_L = batch_linear_complexity(np.mod(g_out, PRIME), g_cnt, PRIME, bound)
    return (g_out, g_cnt, g_st, g_L), (f_out, f_cnt, f_st, f_len)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(XS)), st.lists(moebius, min_size=1, max_size=6), periods,
       st.integers(20, 120), st.integers(2, 30))
def test_fused_kernel_matches_gosper_then_bm(name, coeffs, pers, depth, bound):
    (g_out, g_cnt, g_st, g_L), (f_out, f_cnt, f_st, f_len) = _both(XS[name], coeffs, pers, depth, bound)
    for k in range(len(g_cnt)):
        n = f_cnt[k]
        # every term the fused kernel produced is the Gosper term
        assert list(f_out[k, :n]) == list(g_out[k, :n])
        if f_st[k] == HIT:
            assert g_st[k] == DONE and n == depth
            assert f_len[k] == g_L[k] <= bound
        elif f_st[k] == REJECTED:
            assert f_len[k] > bound
            # complexity never decreases: the full sequence is rejected too (or never completes)
            assert g_L[k] > bound or g_st[k] != DONE
        else:
            assert f_st[k] in (EXHAUSTED, OVERFLOW)
            assert g_st[k] == f_st[k] and g_cnt[k] == n


def test_e_images_are_hits_and_pi_mostly_rejected():
    coeffs = [(1, 0, 1, -1), (1, -1, 0, 1), (1, 1, 1, -1)]
    (_, _, _, _), (f_out, f_cnt, f_st, f_len) = _both(XS["e"], coeffs, ["+-", "-+", "+"], 100, 24)
    # e/(e-1) with +-, e-1 with -+, (e+1)/(e-1) with +: the oracle's structured cases
    assert f_st[0] == HIT and list(f_out[0, :6]) == [1, 2, 3, 2, 5, 2]
    assert f_st[4] == HIT and list(f_out[4, :6]) == [2, 3, 2, 5, 2, 7]
    assert f_st[8] == HIT and list(f_out[8, :4]) == [2, 6, 10, 14]
    (_, _, _, _), (_, f_cnt, f_st, _) = _both(XS["pi"], coeffs, ["+", "+-"], 100, 24)
    assert all(st_ == REJECTED for st_ in f_st)
    assert max(f_cnt) < 70  # rejected early: no pair paid for all 100 terms


def test_masked_pairs_are_skipped():
    xs = XS["e"]
    sarr, slens = signs_array(["+"])
    c = np.array([(1, 0, 0, 1), (1, 1, 0, 1)], dtype=np.int64)
    out = np.zeros((2, 50), dtype=np.int64)
    cnt = np.zeros(2, dtype=np.int64)
    stt = np.zeros(2, dtype=np.int64)
    ln = np.zeros(2, dtype=np.int64)
    screen_batch(xs, len(xs), c, sarr, slens, 50, PRIME, 12, np.array([False, True]), out, cnt, stt, ln)
    assert cnt[0] == 0 and stt[0] == REJECTED
    assert stt[1] == HIT and list(out[1, :4]) == [3, 1, 2, 1]
