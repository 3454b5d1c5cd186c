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
from cf.bm_lanes import LANES, M31
from cf.gosper import DONE
from cf.screen import HIT, REJECTED
from cf.tail_lanes import MAX_SHIFT, generic_verdicts, geometric_start, pending_lane, residue
from cf.tail_table import (
    TAIL_OPEN,
    TAIL_REJECTED,
    find,
    insert,
    key_hash,
    kind_of,
    length_of,
    verdict,
)

__all__ = ["ENTRY_QUADRATIC", "HIT", "REJECTED", "screen_quadratic_batch", "screen_quadratic_tails_batch"]


@njit(cache=True)
def _screen_from(xs, nx, signs, j, start, depth, p, bound, out, sr, C, B, T, S, F, pos, npre):
    """Terms ``start .. depth - 1`` from the state ``(S, pos)``, screened by a Berlekamp–Massey
    started afresh at term ``start``; the first ``npre`` are already in ``out`` (the state is the
    one after them).  Returns (terms produced in all, status, complexity so far)."""
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
            val, status = bihomographic_next(xs, nx, S, F, pos, signs[n % j])
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


@njit(cache=True)
def _screen_one(xs, nx, coeffs, signs, j, depth, p, bound, out, sr, C, B, T, S, F, pos):
    """One pair; returns (terms produced, status, linear complexity so far)."""
    status = bihomographic_start(xs, nx, coeffs, S, pos)
    if status != DONE:
        return 0, status, 0
    return _screen_from(xs, nx, signs, j, np.int64(0), depth, p, bound, out, sr, C, B, T, S, F, pos, np.int64(0))


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


ENTRY_QUADRATIC = 8 * LIMBS + 4 + 2
"""Words per slot of the degree-2 tail table: the state (8 rows of LIMBS limbs), the two input
positions, the period code and the salt, then the verdict and the hash (:mod:`cf.tail_table`)."""


@njit(cache=True)
def _settle(k, v, n0, xs, nx, coeffs, signs, sign_lengths, depth, p, bound, out, counts, status, lengths,
            sr, C, B, T, S, F, pos):
    """Pair ``k`` once its tail's verdict ``v`` is known: REJECTED through the tail, or screened in full."""
    if kind_of(v) == TAIL_REJECTED:
        counts[k] = n0
        status[k] = REJECTED
        lengths[k] = length_of(v)
        return
    mm, s = divmod(k, signs.shape[0])
    bihomographic_start(xs, nx, coeffs[mm], S, pos)
    counts[k], status[k], lengths[k] = _screen_from(xs, nx, signs[s], sign_lengths[s], np.int64(0), depth, p, bound,
                                                    out[k], sr, C, B, T, S, F, pos, np.int64(0))


@njit(cache=True)
def _fill_lane(xs, nx, S, F, pos, sg, j, n0, steps, p, ls, q, nl, terms):
    """Terms ``n0, n0 + 1, ...`` from the state into ``terms``, and as lane ``q`` of ``ls`` the
    residues of ``steps`` of them from ``terms[delta]`` on, where ``delta <= MAX_SHIFT`` skips a
    start with a short recurrence (:func:`cf.tail_lanes.geometric_start`).  Returns (1 if the
    extraction stopped first -- overflow or no input left -- else 0, ``delta``); ``delta + steps``
    terms were extracted when it did not stop.
    """
    delta = np.int64(0)
    t = np.int64(0)
    while t < delta + steps:
        val, code = bihomographic_next(xs, nx, S, F, pos, sg[(n0 + t) % j])
        if code != DONE:
            return np.uint8(1), delta
        terms[t] = val
        t += 1
        if t == delta + 3 and delta < MAX_SHIFT and geometric_start(terms, delta, p):
            delta += 1
    for u in range(steps):
        ls[u * nl + q] = residue(terms[delta + u], p)
    return np.uint8(0), delta


@njit(cache=True)
def screen_quadratic_tails_batch(xs, nx, coeffs, signs, sign_lengths, codes, depth, p, bound, pair_mask,
                                 out, counts, status, lengths, table, region, salt, n0):
    """:func:`screen_quadratic_batch` with tails shared through ``table``, as
    :func:`cf.screen_tails.screen_tails_batch` does for degree 1 (new tails screened in lockstep
    lanes, :mod:`cf.tail_lanes`); returns the tails stored."""
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
    key = np.zeros(ENTRY_QUADRATIC - 2, dtype=np.int64)
    FIRST = np.int64(0)  # not the literal 0: one compiled _screen_from serves every call
    steps = 2 * bound + 1
    use_lanes = p == M31 and n0 > 0 and n0 + steps + MAX_SHIFT <= depth
    nl = np.int64(LANES)  # np.int64, not the literal: one compiled callee serves every call
    ls = np.zeros(steps * nl, dtype=np.uint32)
    lkey = np.zeros((nl, ENTRY_QUADRATIC - 2), dtype=np.int64)
    lhash = np.zeros(nl, dtype=np.int64)
    lS = np.zeros((nl, 8, LIMBS), dtype=np.int64)
    lpos = np.zeros((nl, 2), dtype=np.int64)
    lS_end = np.zeros((nl, 8, LIMBS), dtype=np.int64)  # the state after the lane's terms
    lpos_end = np.zeros((nl, 2), dtype=np.int64)
    lterms = np.zeros((nl, steps + MAX_SHIFT), dtype=np.int64)
    ldelta = np.zeros(nl, dtype=np.int64)
    lper = np.zeros(nl, dtype=np.int64)
    lfail = np.zeros(nl, dtype=np.uint8)
    lverdict = np.zeros(nl, dtype=np.int64)
    LC, LB, LT, lbb, ld, lacc, ldev = (np.zeros((bound + 3) * nl, dtype=np.uint32), np.zeros((bound + 3) * nl, dtype=np.uint32),
                                      np.zeros((bound + 3) * nl, dtype=np.uint32), np.zeros(nl, dtype=np.uint32),
                                      np.zeros(nl, dtype=np.uint32), np.zeros(nl, dtype=np.uint64), np.zeros(nl, dtype=np.uint8))
    wait_k = np.zeros(m_count * s_count if use_lanes else 0, dtype=np.int64)
    wait_q = np.zeros(m_count * s_count if use_lanes else 0, dtype=np.int64)
    scratch = np.zeros(depth, dtype=np.int64)
    nfill = np.int64(0)
    nwait = np.int64(0)
    stored = 0
    total = m_count * s_count
    for k in range(total + 1):
        if k == total or nfill == nl:
            if nfill > 0:  # decide the lanes' tails, then the pairs waiting on them
                generic_verdicts(ls, steps, nl, nfill, lfail, LC, LB, LT, lbb, ld, lacc, ldev, bound, lverdict)
                for q in range(nfill):
                    if lverdict[q] == 0:  # one by one, from the lane's terms when it has them all
                        npre = FIRST if lfail[q] else steps + ldelta[q]
                        for r in range(8):
                            for limb in range(LIMBS):
                                S[r, limb] = lS[q, r, limb] if lfail[q] else lS_end[q, r, limb]
                        pos[0] = lpos[q, 0] if lfail[q] else lpos_end[q, 0]
                        pos[1] = lpos[q, 1] if lfail[q] else lpos_end[q, 1]
                        for t in range(npre):
                            scratch[n0 + t] = lterms[q, t]
                        _, tail_code, L = _screen_from(xs, nx, signs[lper[q]], sign_lengths[lper[q]], n0, depth, p,
                                                       bound, scratch, sr, C, B, T, S, F, pos, npre)
                        lverdict[q] = verdict(TAIL_REJECTED if tail_code == REJECTED else TAIL_OPEN, L)
                    if insert(table, region, lhash[q], lkey[q], lverdict[q]):
                        stored += 1
                for w in range(nwait):
                    _settle(wait_k[w], lverdict[wait_q[w]], n0, xs, nx, coeffs, signs, sign_lengths, depth, p, bound,
                            out, counts, status, lengths, sr, C, B, T, S, F, pos)
                nfill = np.int64(0)
                nwait = np.int64(0)
            if k == total:
                break
        mm, s = divmod(k, s_count)
        if not pair_mask[k]:
            counts[k] = 0
            status[k] = REJECTED
            lengths[k] = bound + 1
            continue
        row = out[k]
        sg = signs[s]
        j = sign_lengths[s]
        code = bihomographic_start(xs, nx, coeffs[mm], S, pos)
        if code != DONE:
            counts[k] = 0
            status[k] = code
            lengths[k] = 0
            continue
        if n0 <= 0 or n0 >= depth or codes[s] < 0:
            counts[k], status[k], lengths[k] = _screen_from(xs, nx, sg, j, FIRST, depth, p, bound, row, sr, C, B, T,
                                                            S, F, pos, FIRST)
            continue
        n = 0
        while n < n0:
            val, code = bihomographic_next(xs, nx, S, F, pos, sg[n % j])
            if code != DONE:
                break
            row[n] = val
            n += 1
        if code != DONE:
            counts[k] = n
            status[k] = code
            lengths[k] = 0
            continue
        w = 0
        for r in range(8):
            for limb in range(LIMBS):
                key[w] = S[r, limb]
                w += 1
        key[w] = pos[0]
        key[w + 1] = pos[1]
        key[w + 2] = codes[s]
        key[w + 3] = salt
        h = key_hash(key)
        v = find(table, h, key)
        if v == 0 and use_lanes:
            q = pending_lane(lkey, lhash, nfill, h, key)
            if q < 0:
                q = nfill
                nfill += 1
                for w in range(ENTRY_QUADRATIC - 2):  # loops, not slice assignments (a third of the compile time)
                    lkey[q, w] = key[w]
                for r in range(8):
                    for limb in range(LIMBS):
                        lS[q, r, limb] = S[r, limb]
                lpos[q, 0] = pos[0]
                lpos[q, 1] = pos[1]
                lhash[q] = h
                lper[q] = s
                lfail[q], ldelta[q] = _fill_lane(xs, nx, S, F, pos, sg, j, n0, steps, p, ls, q, nl, lterms[q])
                for r in range(8):
                    for limb in range(LIMBS):
                        lS_end[q, r, limb] = S[r, limb]
                lpos_end[q, 0] = pos[0]
                lpos_end[q, 1] = pos[1]
            wait_k[nwait] = k
            wait_q[nwait] = q
            nwait += 1
            continue
        if v == 0:
            _, tail_code, L = _screen_from(xs, nx, sg, j, n0, depth, p, bound, row, sr, C, B, T, S, F, pos, FIRST)
            v = verdict(TAIL_REJECTED if tail_code == REJECTED else TAIL_OPEN, L)
            if insert(table, region, h, key, v):
                stored += 1
        _settle(k, v, n0, xs, nx, coeffs, signs, sign_lengths, depth, p, bound, out, counts, status, lengths,
                sr, C, B, T, S, F, pos)
    return stored
