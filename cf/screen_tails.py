"""The degree-1 screen with shared tails: one Berlekamp–Massey run per class of pairs.

Each pair first egests ``n0`` signed terms with Gosper's machine (:mod:`cf.gosper`).  Its state
then names its *tail* (terms ``n0 .. depth - 1``), which many pairs of a coefficient box share
(:mod:`cf.tail_table` says why and how often).  The tail is screened once -- Berlekamp–Massey
with early abort, started afresh at term ``n0`` -- and its verdict stored:

* tail complexity above ``bound``: the whole sequence's complexity is at least the tail's, so the
  pair and every later pair with that tail are REJECTED without another term;
* otherwise (a possible hit, or a tail that left machine integers): the pair is screened in full
  from its first term by :func:`cf.screen.screen_from`, exactly as :func:`cf.screen.screen_batch`
  does, so hits, their terms and the exact fallbacks are the same as there.

New tails are screened 64 at a time by the lockstep Berlekamp–Massey of :mod:`cf.bm_lanes`,
which rejects every tail whose window of ``2 bound + 1`` terms (from term ``n0``, or up to three
terms later past a start like 1, 1, 1) has the generic complexity profile, and leaves the others
to :func:`cf.screen.screen_from` from term ``n0``, fed the terms the lane already has
(:mod:`cf.tail_lanes`): the statuses, and for hits and fallbacks the terms and complexities, are
those of the one-by-one screen.  On pi, L = 6, periods 1-6 (one call over all 652,960 pairs,
214,885 tails) the kernel went from 2.19 to 1.26-1.42 us/pair; 7,705 tails (3.6%) were left to
the one-by-one screen (18,966 without the skipped starts).

Outputs as in :func:`cf.screen.screen_batch`, except that a pair rejected through its tail reports
``n0`` terms and the tail's complexity in ``lengths`` (still ``> bound``).

>>> import numpy as np
>>> from cf.bm import PRIME
>>> from cf.gosper import signs_array, terms_array
>>> from cf.screen import REJECTED, screen_batch
>>> xs = terms_array([3, 7, 15, 1, 292, 1, 1, 1, 2, 1, 3, 1, 14, 2, 1, 1, 2, 2, 2, 2] * 20)
>>> coeffs = np.array([[1, 0, 0, 1], [1, 1, 0, 1], [1, -2, 0, 1]])   # x, x + 1, x - 2: one tail
>>> sarr, slens = signs_array(["+"])
>>> table = np.zeros((1, 64, ENTRY), dtype=np.int64)
>>> out = np.zeros((3, 60), dtype=np.int64)
>>> counts, status, lengths = (np.zeros(3, dtype=np.int64) for _ in range(3))
>>> screen_tails_batch(xs, len(xs), coeffs, sarr, slens, period_codes(["+"]), 60, PRIME, 14,
...                    np.ones(3, bool), out, counts, status, lengths, table, 0, 7, 1)
1
>>> status.tolist() == [REJECTED] * 3, counts.tolist()
(True, [1, 1, 1])
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numba import njit

from cf.bm_lanes import LANES, M31
from cf.gosper import DONE, gosper_next
from cf.screen import REJECTED, screen_from, start_state
from cf.tail_lanes import MAX_SHIFT, generic_verdicts, geometric_start, pending_lane, residue
from cf.tail_table import (
    ENTRY,
    TAIL_OPEN,
    TAIL_REJECTED,
    find,
    insert,
    key_hash,
    kind_of,
    length_of,
    verdict,
)

__all__ = ["ENTRY", "period_codes", "screen_tails_batch"]

_MAX_CODED_PERIOD = 60


def period_codes(periods: Sequence[str]) -> np.ndarray:
    """Each sign period as the integer ``2^j + sum_{t: sign t is '-'} 2^t`` (``-1`` for periods
    too long to code: their pairs skip the table).

    >>> period_codes(["+", "-", "+-"]).tolist()
    [2, 3, 6]
    """
    codes = []
    for p in periods:
        if len(p) > _MAX_CODED_PERIOD:
            codes.append(-1)
            continue
        codes.append((1 << len(p)) | sum(1 << t for t, ch in enumerate(p) if ch == "-"))
    return np.asarray(codes, dtype=np.int64)


@njit(cache=True)
def _settle(k, v, n0, xs, nx, coeffs, signs, sign_lengths, depth, p, bound, out, counts, status, lengths,
            sr, C, B, T, st):
    """Pair ``k`` once its tail's verdict ``v`` is known: REJECTED through the tail, or screened in full."""
    if kind_of(v) == TAIL_REJECTED:
        counts[k] = n0
        status[k] = REJECTED
        lengths[k] = length_of(v)
        return
    mm, s = divmod(k, signs.shape[0])
    start_state(st, coeffs[mm, 0], coeffs[mm, 1], coeffs[mm, 2], coeffs[mm, 3])
    counts[k], status[k], lengths[k] = screen_from(xs, nx, st, signs[s], sign_lengths[s], np.int64(0), depth, p,
                                                   bound, out[k], sr, C, B, T, np.int64(0))


@njit(cache=True)
def _fill_lane(xs, nx, st, sg, j, n0, steps, p, ls, q, nl, terms):
    """Terms ``n0, n0 + 1, ...`` from the state into ``terms``, and as lane ``q`` of ``ls`` the
    residues of ``steps`` of them from ``terms[delta]`` on, where ``delta <= MAX_SHIFT`` skips a
    start with a short recurrence (:func:`cf.tail_lanes.geometric_start`).  Returns (1 if the
    extraction stopped first -- overflow or no input left -- else 0, ``delta``); ``delta + steps``
    terms were extracted when it did not stop.
    """
    delta = np.int64(0)
    t = np.int64(0)
    while t < delta + steps:
        val, code = gosper_next(xs, nx, st, sg[(n0 + t) % j])
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
def screen_tails_batch(xs, nx, coeffs, signs, sign_lengths, codes, depth, p, bound, pair_mask,
                       out, counts, status, lengths, table, region, salt, n0):
    """All (Moebius, period) pairs with ``pair_mask`` set, tails shared through ``table``.

    Layout as in :func:`cf.screen.screen_batch`; ``codes`` from :func:`period_codes`; this process
    writes region ``region`` of ``table``; ``salt`` names everything a tail depends on besides its
    key (constant, depth, bound, prime, ``n0``).  Returns the number of tails stored.

    New tails are screened :data:`cf.bm_lanes.LANES` at a time in lockstep (:mod:`cf.tail_lanes`)
    when ``p`` is 2^31 - 1 and ``n0 + 2 bound + 1 <= depth``, one by one otherwise.
    """
    if bound >= 4000:
        raise ValueError("the approval bound must be below 4000 (accumulator headroom)")
    m_count = coeffs.shape[0]
    s_count = signs.shape[0]
    size = bound + 3
    C = np.zeros(size, dtype=np.int64)
    B = np.zeros(size, dtype=np.int64)
    T = np.zeros(size, dtype=np.int64)
    sr = np.zeros(depth, dtype=np.int64)
    st = np.zeros(5, dtype=np.int64)
    key = np.zeros(ENTRY - 2, dtype=np.int64)
    FIRST = np.int64(0)  # not the literal 0: one compiled screen_from serves every call
    # lanes: new tails waiting for one lockstep pass, and the pairs waiting on them
    steps = 2 * bound + 1
    use_lanes = p == M31 and n0 > 0 and n0 + steps + MAX_SHIFT <= depth
    nl = np.int64(LANES)  # np.int64, not the literal: one compiled callee serves every call
    ls = np.zeros(steps * nl, dtype=np.uint32)
    lkey = np.zeros((nl, ENTRY - 2), dtype=np.int64)
    lhash = np.zeros(nl, dtype=np.int64)
    lstate = np.zeros((nl, 5), dtype=np.int64)  # at term n0, and after the lane's terms
    lend = np.zeros((nl, 5), dtype=np.int64)
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
                        for w in range(5):
                            st[w] = lstate[q, w] if lfail[q] else lend[q, w]
                        for t in range(npre):
                            scratch[n0 + t] = lterms[q, t]
                        _, tail_code, L = screen_from(xs, nx, st, signs[lper[q]], sign_lengths[lper[q]], n0, depth, p,
                                                      bound, scratch, sr, C, B, T, npre)
                        lverdict[q] = verdict(TAIL_REJECTED if tail_code == REJECTED else TAIL_OPEN, L)
                    if insert(table, region, lhash[q], lkey[q], lverdict[q]):
                        stored += 1
                for w in range(nwait):
                    _settle(wait_k[w], lverdict[wait_q[w]], n0, xs, nx, coeffs, signs, sign_lengths, depth, p, bound,
                            out, counts, status, lengths, sr, C, B, T, st)
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
        start_state(st, coeffs[mm, 0], coeffs[mm, 1], coeffs[mm, 2], coeffs[mm, 3])
        if n0 <= 0 or n0 >= depth or codes[s] < 0:
            counts[k], status[k], lengths[k] = screen_from(xs, nx, st, sg, j, FIRST, depth, p, bound, row, sr, C, B, T,
                                                           FIRST)
            continue
        n = 0
        code = DONE
        while n < n0:
            val, code = gosper_next(xs, nx, st, sg[n % j])
            if code != DONE:
                break
            row[n] = val
            n += 1
        if code != DONE:
            counts[k] = n
            status[k] = code
            lengths[k] = 0
            continue
        for w in range(5):
            key[w] = st[w]
        key[5] = codes[s]
        key[6] = salt
        h = key_hash(key)
        v = find(table, h, key)
        if v == 0 and use_lanes:
            q = pending_lane(lkey, lhash, nfill, h, key)
            if q < 0:
                q = nfill
                nfill += 1
                for w in range(ENTRY - 2):  # loops, not slice assignments (a third of the compile time)
                    lkey[q, w] = key[w]
                for w in range(5):
                    lstate[q, w] = st[w]
                lhash[q] = h
                lper[q] = s
                lfail[q], ldelta[q] = _fill_lane(xs, nx, st, sg, j, n0, steps, p, ls, q, nl, lterms[q])
                for w in range(5):
                    lend[q, w] = st[w]
            wait_k[nwait] = k
            wait_q[nwait] = q
            nwait += 1
            continue
        if v == 0:
            _, tail_code, L = screen_from(xs, nx, st, sg, j, n0, depth, p, bound, row, sr, C, B, T, FIRST)
            v = verdict(TAIL_REJECTED if tail_code == REJECTED else TAIL_OPEN, L)
            if insert(table, region, h, key, v):
                stored += 1
        _settle(k, v, n0, xs, nx, coeffs, signs, sign_lengths, depth, p, bound, out, counts, status, lengths,
                sr, C, B, T, st)
    return stored
