"""Berlekamp–Massey on many sequences in lockstep: the rejection of generic tails, vectorised.

Mathematics
-----------
Run the Berlekamp–Massey algorithm of :mod:`cf.bm` on ``s_0, s_1, ...`` over GF(p).  Its control
flow depends only on whether each discrepancy ``d_k`` is zero and on ``2 L <= k``.  The complexity
profile of a sequence with no structure -- almost every screened tail -- is the *generic* one:
after ``k + 1`` terms ``L = floor(k / 2) + 1``, growing at every even ``k``.  It is generic exactly
when no discrepancy at an even step is zero.  (A zero at an odd step changes nothing that matters:
the one-sequence kernel then leaves ``C`` alone, the update here multiplies it by the nonzero
``bb``, and every later connection polynomial and discrepancy differs from the kernel's by a
nonzero factor.)  With an approval bound ``b`` the first complexity of the generic profile above
``b`` is ``b + 1``, at term ``2 b``: ``2 b + 1`` terms with nonzero discrepancies at every even step
*prove* that the sequence is rejected with complexity ``b + 1``, as the one-sequence kernel
rejects it.

Because that flow is shared, one pass can run it on ``nl`` sequences at once, the sequences
side by side in memory (``s[k * nl + l]`` is term ``k`` of lane ``l``): every loop bound is common
and the innermost loop, over lanes, is a plain vector loop.  A lane with a zero discrepancy at an
even step has left the shared flow; it is only *flagged* (its later values mean nothing) and its caller
screens that sequence with the one-sequence kernel, which then decides it (a hit, or a later
rejection).  Nothing is decided here but "rejected with complexity ``b + 1``".

Arithmetic: p = 2^31 - 1 only.  Residues are uint32, products of two uint32 are exact in uint64,
and ``x mod p`` is folded with shifts (``2^31 = 1 mod p``).  The update
``C <- bb C - d x^m B`` keeps coefficients below ``2^31 + 8`` (two folds, no final subtraction),
the discrepancy of the next step is accumulated in the same pass (each product folded once, so a
sum of at most 2^31 terms fits), and only discrepancies are reduced fully, to test them for zero.
``bench/bench_bm_lanes.py`` (bound 24, 64 lanes): 0.45 us per sequence against 3.5 us for the
one-sequence kernel on random residues (7.7x), 0.64 against 3.7 on real pi tails (5.8x), same run.

>>> import numpy as np
>>> bound, nl = 3, 4
>>> steps = 2 * bound + 1
>>> s = np.zeros(steps * nl, dtype=np.uint32)
>>> fib, rnd = [1, 1, 2, 3, 5, 8, 13], [5, 1, 7, 7, 2, 9, 4]
>>> s[0::nl], s[1::nl] = fib, rnd          # lane 0 has complexity 2, lane 1 none of note
>>> work = lane_work(bound, nl)
>>> generic_lanes(s, steps, nl, *work)
>>> work[-1].tolist()                      # flagged: lane 0 (a recurrence), lanes 2 and 3 (all zero)
[1, 0, 1, 1]
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["LANES", "M31", "generic_lanes", "lane_work"]

LANES = 64
"""Lanes per pass: 64 ran fastest in a prototype on random residues (0.37 us per sequence; 16 lanes
0.86, 128 0.38, one run each); ``bench/bench_bm_lanes.py`` measures the kept kernel."""
M31 = 2147483647

_M = np.uint64(M31)
_M32 = np.uint32(M31)
_S31 = np.uint64(31)
_U = np.uint64


@njit(cache=True, inline="always")
def _reduce(x):
    """``x mod (2^31 - 1)`` in ``[0, 2^31 - 1)`` for any uint64 ``x``."""
    r = (x & _M) + (x >> _S31)
    r = (r & _M) + (r >> _S31)
    return r - _M if r >= _M else r


@njit(cache=True, inline="always")
def _fold(x):
    """A residue of ``x`` below ``2^31 + 8`` (any uint64 ``x``): two folds."""
    r = (x & _M) + (x >> _S31)
    return (r & _M) + (r >> _S31)


def lane_work(bound: int, nl: int = LANES) -> tuple[np.ndarray, ...]:
    """The work arrays of :func:`generic_lanes` for approval bound ``bound``:
    ``C, B, T`` (uint32, ``(bound + 3) * nl``), ``bb, d`` (uint32), ``acc`` (uint64), ``dev`` (uint8)."""
    size = (bound + 3) * nl
    return (np.zeros(size, np.uint32), np.zeros(size, np.uint32), np.zeros(size, np.uint32),
            np.zeros(nl, np.uint32), np.zeros(nl, np.uint32), np.zeros(nl, np.uint64), np.zeros(nl, np.uint8))


@njit(cache=True)
def generic_lanes(s, steps, nl, C, B, T, bb, d, acc, dev):
    """Lockstep Berlekamp–Massey mod 2^31 - 1 on the ``nl`` lanes of ``s`` (uint32 residues,
    ``s[k * nl + l]``), ``steps`` terms each; ``dev[l]`` is set to 1 for every lane with a zero
    discrepancy at an even step among its first ``steps`` (the others have the generic profile).

    Work arrays from :func:`lane_work` (``C, B, T`` hold ``steps // 2 + 2`` rows of ``nl``).
    """
    if C.shape[0] < (steps // 2 + 2) * nl or s.shape[0] < steps * nl:
        raise ValueError("work arrays too small for this many steps and lanes")
    for i in range(C.shape[0]):
        C[i] = 0
        B[i] = 0
    for l in range(nl):
        C[l] = 1
        B[l] = 1
        bb[l] = 1
        dl = _reduce(_U(s[l]))
        d[l] = dl
        dev[l] = dl == 0
    L = 0
    m = 1
    for k in range(steps - 1):
        # C <- bb C - d x^m B on rows 0..top (T <- the old C), and the discrepancy of term k + 1
        change = 2 * L <= k
        top = k + 1 - L if change else L
        for l in range(nl):
            acc[l] = 0
        for i in range(m):
            cr = C[i * nl:(i + 1) * nl]
            tr = T[i * nl:(i + 1) * nl]
            sr = s[(k + 1 - i) * nl:(k + 2 - i) * nl]
            for l in range(nl):
                c = cr[l]
                tr[l] = c
                cn = _fold(_U(bb[l]) * _U(c))
                cr[l] = cn
                x = cn * _U(sr[l])
                acc[l] += (x & _M) + (x >> _S31)
        for i in range(m, top + 1):
            cr = C[i * nl:(i + 1) * nl]
            tr = T[i * nl:(i + 1) * nl]
            br = B[(i - m) * nl:(i - m + 1) * nl]
            sr = s[(k + 1 - i) * nl:(k + 2 - i) * nl]
            for l in range(nl):
                c = cr[l]
                tr[l] = c
                cn = _fold(_U(bb[l]) * _U(c) + _U(_M32 - d[l]) * _U(br[l]))
                cr[l] = cn
                x = cn * _U(sr[l])
                acc[l] += (x & _M) + (x >> _S31)
        if change:
            B, T = T, B
            L = top
            m = 1
            for l in range(nl):
                bb[l] = d[l]
        else:
            m += 1
        even = (k + 1) % 2 == 0  # term k + 1 is a length change in the generic flow
        for l in range(nl):
            dl = _reduce(acc[l])
            d[l] = dl
            dev[l] |= even and dl == 0
