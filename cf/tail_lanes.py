"""New tails waiting for a lockstep Berlekamp–Massey pass (:mod:`cf.bm_lanes`), shared by the
degree-1 and degree-2 screens with shared tails.

A batch kernel that meets a tail the table does not know puts it in a *lane*: its key, hash and
the residues of ``2 bound + 1`` of its terms (its first ones, or from the second, third or fourth
on when it starts with a short recurrence: :func:`geometric_start`).  Later pairs with the same tail wait on that lane
instead of opening another.  When every lane is taken (or the block ends) one pass of
:func:`cf.bm_lanes.generic_lanes` rejects every generic tail with complexity ``bound + 1``; the
kernel itself decides the other lanes (a zero discrepancy, or terms that left machine integers)
with its one-sequence screen, and then every waiting pair.

>>> import numpy as np
>>> lkey, lhash = np.zeros((4, 3), dtype=np.int64), np.zeros(4, dtype=np.int64)
>>> lkey[1], lhash[1] = [7, 8, 9], 42
>>> pending_lane(lkey, lhash, 2, 42, np.array([7, 8, 9])), pending_lane(lkey, lhash, 2, 42, np.array([7, 8, 0]))
(1, -1)
"""

from __future__ import annotations

import numpy as np
from numba import njit

from cf.bm_lanes import generic_lanes
from cf.tail_table import TAIL_REJECTED, verdict

__all__ = ["MAX_SHIFT", "generic_verdicts", "geometric_start", "pending_lane", "residue"]

MAX_SHIFT = 3
"""How many leading terms a lane may skip (see :func:`geometric_start`)."""


@njit(cache=True)
def pending_lane(lkey, lhash, nfill, h, key):
    """The lane among the first ``nfill`` that holds ``key`` (hash ``h``), or -1."""
    K = key.shape[0]
    for q in range(nfill):
        if lhash[q] != h:
            continue
        same = True
        for w in range(K):
            if lkey[q, w] != key[w]:
                same = False
                break
        if same:
            return q
    return -1


@njit(cache=True, inline="always")
def residue(val, p):
    """``val mod p`` as the uint32 a lane holds."""
    return np.uint32(val % p if (val < 0 or val >= p) else val)


@njit(cache=True, inline="always")
def geometric_start(terms, start, p):
    """Whether ``terms[start], terms[start + 1], terms[start + 2]`` begin with a recurrence of
    order at most 1 mod p (the first is 0, or ``t0 t2 = t1^2``): the profile of a sequence that
    starts so is not the generic one (its complexity after three terms is below 2), as for 1, 1, 1.

    Most tails the lockstep pass flags start that way (62% of the flagged ones in a sample of pi's
    tails; 1, 1, 1 alone is frequent among partial quotients), so a lane skips such a start: the
    complexity of any suffix of the tail bounds the tail's from below, and a suffix rejected with
    complexity ``bound + 1`` still rejects every pair with that tail.
    """
    r0 = residue(terms[start], p)
    r1 = residue(terms[start + 1], p)
    r2 = residue(terms[start + 2], p)
    return r0 == 0 or (np.int64(r0) * np.int64(r2)) % p == (np.int64(r1) * np.int64(r1)) % p


@njit(cache=True)
def generic_verdicts(ls, steps, nl, nfill, lfail, C, B, T, bb, d, acc, dev, bound, lverdict):
    """One lockstep pass over the lanes: ``lverdict[q]`` becomes the REJECTED verdict (complexity
    ``bound + 1``) for every filled lane ``q < nfill`` that extracted all its terms (``lfail[q]``
    0) and kept every discrepancy nonzero, and 0 for the lanes the caller must screen itself."""
    generic_lanes(ls, steps, nl, C, B, T, bb, d, acc, dev)
    rejected = verdict(TAIL_REJECTED, bound + 1)
    for q in range(nfill):
        lverdict[q] = rejected if (lfail[q] == 0 and dev[q] == 0) else 0
