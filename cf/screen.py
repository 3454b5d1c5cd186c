"""Fused screening kernel: Gosper extraction and Berlekamp–Massey in one pass, with early abort.

For each (Moebius, sign period) pair the kernel egests signed terms with the int64 Gosper
machine of :mod:`cf.gosper` and feeds each term, reduced mod p, to an incremental
Berlekamp–Massey (the inversion-free update of :mod:`cf.bm`).  As soon as the linear complexity
exceeds ``bound`` the pair is rejected and extraction stops -- a random sequence is rejected
after about ``2 * bound`` terms, so most pairs never pay for the rest of the ``depth`` terms.
Pairs that reach ``depth`` terms with complexity <= bound are *hits* (their terms are kept in
``out``); pairs whose extraction overflows int64 or runs out of input terms are reported for the
exact fallback, exactly as :func:`cf.gosper.gosper_batch` would.

Status codes: ``HIT`` (0), :data:`cf.gosper.EXHAUSTED`, :data:`cf.gosper.OVERFLOW`, ``REJECTED``.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from cf.bm import bm_push
from cf.gosper import DONE, gosper_next

HIT = 0
REJECTED = 3


@njit(cache=True)
def screen_from(xs, nx, st, signs, j, start, depth, p, bound, out, sr, C, B, T, npre):
    """Terms ``start, ..., depth - 1`` of one pair from the Gosper state ``st``, screened by a
    Berlekamp–Massey that starts afresh at term ``start`` (term ``n`` uses sign ``signs[n % j]``).

    The first ``npre`` of those terms are already in ``out[start:start + npre]`` (``st`` is then
    the state after them) and are not extracted again.  Returns (terms produced in all, status,
    linear complexity so far) -- the complexity of the terms ``out[start:]`` only.
    """
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
    n = start
    while n < depth:
        if n - start < npre:
            val = out[n]
        else:
            val, status = gosper_next(xs, nx, st, signs[n % j])
            if status != DONE:
                return n, status, L
            out[n] = val
        # --- one Berlekamp-Massey step on the new term out[n] ---
        k = n - start
        sr[k] = val % p if (val < 0 or val >= p) else val
        B, T, L, LB, m, bb, small, rejected = bm_push(C, B, T, sr, k, L, LB, m, bb, small, p, pinv, bound)
        n += 1
        if rejected:
            return n, REJECTED, rejected
    return n, HIT, L


@njit(cache=True, inline="always")
def start_state(st, p1, p0, q1, q0):
    """The Gosper state of ``(p1 x + p0)/(q1 x + q0)`` before any input term is read."""
    st[0] = p1
    st[1] = p0
    st[2] = q1
    st[3] = q0
    st[4] = 0


@njit(cache=True)
def _screen_one(xs, nx, p1, p0, q1, q0, signs, j, depth, p, bound, out, sr, C, B, T, st):
    """One pair; returns (terms produced, status, linear complexity so far)."""
    start_state(st, p1, p0, q1, q0)
    return screen_from(xs, nx, st, signs, j, np.int64(0), depth, p, bound, out, sr, C, B, T, np.int64(0))


@njit(cache=True)
def screen_batch(xs, nx, coeffs, signs, sign_lengths, depth, p, bound, pair_mask, out, counts, status, lengths):
    """All (Moebius, period) pairs with ``pair_mask`` set; layout as in :func:`cf.gosper.gosper_batch`.

    ``lengths[k]`` receives the linear complexity mod p of the terms produced (``> bound``
    exactly when ``status[k] == REJECTED``).
    """
    m_count = coeffs.shape[0]
    s_count = signs.shape[0]
    if bound >= 4000:
        raise ValueError("the approval bound must be below 4000 (accumulator headroom)")
    size = bound + 3
    C = np.zeros(size, dtype=np.int64)
    B = np.zeros(size, dtype=np.int64)
    T = np.zeros(size, dtype=np.int64)
    sr = np.zeros(depth, dtype=np.int64)
    state = np.zeros(5, dtype=np.int64)
    for mm in range(m_count):
        for s in range(s_count):
            k = mm * s_count + s
            if not pair_mask[k]:
                counts[k] = 0
                status[k] = REJECTED
                lengths[k] = bound + 1
                continue
            cnt, code, L = _screen_one(
                xs, nx, coeffs[mm, 0], coeffs[mm, 1], coeffs[mm, 2], coeffs[mm, 3],
                signs[s], sign_lengths[s], depth, p, bound, out[k], sr, C, B, T, state,
            )
            counts[k] = cnt
            status[k] = code
            lengths[k] = L
