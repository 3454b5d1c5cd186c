"""Fused screening of quadratic LHS: bihomographic extraction and Berlekamp–Massey in one pass.

The degree-2 twin of :mod:`cf.screen`.  For each (``P/Q``, sign period) pair the signed terms of
``P(x)/Q(x)`` come from the bihomographic machine of :mod:`cf.bihomographic` (certified, exact
multi-limb state) and each term, reduced mod p, drives the inversion-free Berlekamp–Massey update
of :mod:`cf.bm`.  The linear complexity never decreases, so as soon as it exceeds ``bound`` the
pair is REJECTED and extraction stops.  Pairs reaching ``depth`` terms are HITs (terms kept in
``out``); OVERFLOW or EXHAUSTED pairs are left to the caller's exact path.

>>> import numpy as np
>>> from cf.bm import PRIME
>>> from cf.gosper import signs_array, terms_array
>>> xs = terms_array([1] * 60)                       # the golden ratio phi = (1 + sqrt 5)/2
>>> sarr, slens = signs_array(["+"])
>>> coeffs = np.array([[1, 0, 0, 0, 0, 1]])          # phi^2 = phi + 1 = [2; 1, 1, 1, ...]
>>> out = np.zeros((1, 20), dtype=np.int64)
>>> counts, status, lengths = (np.zeros(1, dtype=np.int64) for _ in range(3))
>>> screen_quadratic_batch(xs, len(xs), coeffs, sarr, slens, 20, PRIME, 4, np.ones(1, bool), out, counts, status, lengths)
>>> int(status[0]) == HIT, out[0, :5].tolist(), int(lengths[0])
(True, [2, 1, 1, 1, 1], 2)
"""

from __future__ import annotations

import numpy as np
from numba import njit

from cf.bihomographic import LIMBS, bihomographic_next, bihomographic_start
from cf.bm import bm_push
from cf.gosper import DONE
from cf.screen import HIT, REJECTED

__all__ = ["HIT", "REJECTED", "screen_quadratic_batch"]


@njit(cache=True)
def _screen_one(xs, nx, coeffs, signs, j, depth, p, bound, out, sr, C, B, T, S, F, pos):
    """One pair; returns (terms produced, status, linear complexity so far)."""
    pinv = 1.0 / p
    for i in range(C.shape[0]):
        C[i] = 0
        B[i] = 0
    C[0] = 1
    B[0] = 1
    L = 0
    LB = 0
    m = 1
    bb = np.int64(1)
    small = True
    status = bihomographic_start(xs, nx, coeffs, S, pos)
    if status != DONE:
        return 0, status, L
    n = 0
    while n < depth:
        val, status = bihomographic_next(xs, nx, S, F, pos, signs[n % j])
        if status != DONE:
            return n, status, L
        out[n] = val
        # --- one Berlekamp-Massey step on the new term out[n] ---
        sr[n] = val % p if (val < 0 or val >= p) else val
        B, T, L, LB, m, bb, small, rejected = bm_push(C, B, T, sr, n, L, LB, m, bb, small, p, pinv, bound)
        n += 1
        if rejected:
            return n, REJECTED, rejected
    return n, HIT, L


@njit(cache=True)
def screen_quadratic_batch(xs, nx, coeffs, signs, sign_lengths, depth, p, bound, pair_mask, out, counts, status,
                           lengths):
    """All (quadratic LHS, period) pairs with ``pair_mask`` set; ``coeffs`` (M, 6) rows
    ``(p2, p1, p0, q2, q1, q0)``; layout and outputs as in :func:`cf.screen.screen_batch`."""
    m_count = coeffs.shape[0]
    s_count = signs.shape[0]
    if bound >= 4000:
        raise ValueError("the approval bound must be below 4000 (accumulator headroom)")
    size = bound + 3
    C = np.zeros(size, dtype=np.int64)
    B = np.zeros(size, dtype=np.int64)
    T = np.zeros(size, dtype=np.int64)
    sr = np.zeros(depth, dtype=np.int64)
    S = np.zeros((8, LIMBS), dtype=np.int64)
    F = np.zeros(8)
    pos = np.zeros(2, dtype=np.int64)
    for mm in range(m_count):
        for s in range(s_count):
            k = mm * s_count + s
            if not pair_mask[k]:
                counts[k] = 0
                status[k] = REJECTED
                lengths[k] = bound + 1
                continue
            cnt, code, L = _screen_one(
                xs, nx, coeffs[mm], signs[s], sign_lengths[s], depth, p, bound, out[k], sr, C, B, T, S, F, pos,
            )
            counts[k] = cnt
            status[k] = code
            lengths[k] = L
