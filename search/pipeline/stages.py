"""The ESMA pipeline for one work unit: screen -> approve -> confirm -> decode -> cascade -> validate.

For every (LHS, sign period) pair of the unit:

1. **screen**: the first ``depth`` certified signed partial quotients of the LHS -- Moebius LHS
   through the batched int64 Gosper kernel (a tail shared by several pairs is screened once:
   :mod:`search.pipeline.tails`), degree-2 LHS through the batched bihomographic kernel
   on machine-integer limbs (both falling back to exact big integers on overflow or exhaustion),
   higher-degree LHS through exact interval arithmetic;
2. **approve**: Berlekamp–Massey over GF(p) with early abort; a pair is a *hit* when the linear
   complexity is below ``approve_ratio * depth``;
3. **decode**: transient + period + channel polynomials (exact rationals); a periodic tail
   that cannot converge to an irrational number (e.g. a run of 2s under '-') is dropped here;
4. **confirm**: the recurrence is reconstructed over the integers and must regenerate every
   term (and give the same complexity modulo a second prime);
5. **cascade**: the pattern must predict ``cascade_factor * depth`` certified terms, then five
   times as many (a run of equal terms dies here, for microseconds);
6. **validate**: the pattern, extended to >= ``validation_terms`` terms, is evaluated with exact
   integer convergents and compared with the LHS evaluated by mpmath at ``check_digits``
   digits (itself checked at two precisions); results below ``min_digits`` are rejected.
   Once per family: a later member of a family whose representative this worker validated
   skips 5 and 6 and is derived exactly from it (:mod:`search.pipeline.derive`).

Stages 1-2 live here, 3-6 in :mod:`search.pipeline.candidate`.

The pipeline knows nothing about storage: it returns plain records, the dicts of
:class:`search.pipeline.record.ConjectureRecord`.
"""

from __future__ import annotations

import time
from functools import lru_cache
from typing import Any, Sequence

import numpy as np

from cf import jit
from cf.bm import PRIME, batch_linear_complexity
from cf.gosper import EXHAUSTED, OVERFLOW, signs_array
from cf.screen import HIT, screen_batch
from cf.screen_tails import period_codes, screen_tails_batch
from cf.bihomographic import quadratic_coeffs
from cf.screen_quadratic import screen_quadratic_batch, screen_quadratic_tails_batch
from search.pipeline.candidate import process_candidate
from search.pipeline.config import STAGES, Candidate, PipelineConfig, UnitStats
from search.pipeline.context import ConstantContext
from search.pipeline import tails
from search.pipeline.terms import SCREEN_BITS, exact_terms
from search.space.lhs import RationalFunction

__all__ = ["STAGES", "Candidate", "PipelineConfig", "UnitStats", "process_candidate", "run_pairs", "screen"]

QUADRATIC_KERNEL = True
"""Screen degree-2 LHS with the bihomographic kernel (False: the exact path, as a reference)."""
_COEFF_LIMIT = 2**31  # larger coefficients go to the exact path
TAILS_MIN_PAIRS = 4096
"""Units of fewer pairs are screened pair by pair (:func:`cf.screen.screen_batch`), not through
shared tails: the verdicts are the same, such a unit screens in milliseconds either way, and a
small first search after installing then compiles the plain kernels only (4-5 s against 11 s for
the tail kernels and theirs)."""


def _signed(rf: RationalFunction, sign: int) -> RationalFunction:
    return rf if sign > 0 else RationalFunction(tuple(-c for c in rf.num), rf.den)


@lru_cache(maxsize=16)
def _period_arrays(periods: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The kernels' sign rows, their lengths and the periods' codes (built once per period list:
    every chunk of a search has the same)."""
    sarr, slens = signs_array(periods)
    return sarr, slens, period_codes(periods)


def _pair_mask(block_rows: Sequence[tuple[int, RationalFunction]], S: int, pair_range: tuple[int, int]) -> np.ndarray:
    """Which rows ``m * S + s`` of a block fall inside the unit's pair range."""
    idx = np.array([i for i, _ in block_rows], dtype=np.int64)
    pairs = (idx[:, None] * S + np.arange(S, dtype=np.int64)[None, :]).ravel()
    return (pairs >= pair_range[0]) & (pairs < pair_range[1])


def screen(
    ctx: ConstantContext,
    lhs_rows: Sequence[tuple[int, RationalFunction]],
    periods: Sequence[str],
    pair_range: tuple[int, int],
    config: PipelineConfig,
    stats: UnitStats,
    shared_tails: bool = True,
) -> list[Candidate]:
    """Stages 1-2 for the pairs with index in ``pair_range`` (index = lhs_index * S + period_index).

    Moebius LHS go through the fused Gosper + Berlekamp–Massey kernel (:mod:`cf.screen`) and
    degree-2 LHS through the fused bihomographic one (:mod:`cf.screen_quadratic`); both stop
    extracting a pair as soon as its complexity exceeds the approval bound; their time is counted
    as "screen".  Higher-degree LHS, and pairs whose machine-integer path overflowed or ran out of
    input, are extracted exactly and then screened by the batched BM ("bm").
    """
    S = len(periods)
    depth = config.depth
    bound = config.bm_bound
    jit.ready()  # Numba's start-up without its SciPy import, before the first kernel loads
    t0 = time.perf_counter()
    rows: list[tuple[int, RationalFunction]] = []
    for idx, rf in lhs_rows:
        sgn = ctx.sign_of(rf.num, rf.den)
        if sgn == 0:
            stats.skipped_lhs += 1
            continue
        rows.append((idx, _signed(rf, sgn)))
    sarr, slens, codes = _period_arrays(tuple(periods))
    moeb = [(i, rf) for i, rf in rows if rf.is_moebius()]
    quad = [(i, rf) for i, rf in rows if not rf.is_moebius() and rf.degree() == 2 and rf.height() < _COEFF_LIMIT]
    if not QUADRATIC_KERNEL:
        quad = []
    in_quad = {i for i, _ in quad}
    other = [(i, rf) for i, rf in rows if not rf.is_moebius() and i not in in_quad]
    # candidates in the order of the all-exact screen (Moebius hits, Moebius fallbacks, then the
    # other LHS by pair), so that which family member is validated first does not change
    keyed: list[tuple[tuple, Candidate]] = []
    exact_jobs: list[tuple[int, RationalFunction, int]] = []  # (lhs index, rf, period index)
    for block, coeff_of in ((moeb, RationalFunction.moebius), (quad, lambda rf: quadratic_coeffs(rf.num, rf.den))):
        if not block:
            continue
        xs = ctx.simple_terms(SCREEN_BITS)
        coeffs = np.array([coeff_of(rf) for _, rf in block], dtype=np.int64)
        mask = _pair_mask(block, S, pair_range)
        n = len(block) * S
        out = np.empty((n, depth), dtype=np.int64)  # a HIT row is written in full, no other row is read
        counts = np.zeros(n, dtype=np.int64)
        status = np.zeros(n, dtype=np.int64)
        lengths = np.zeros(n, dtype=np.int64)
        if shared_tails:
            width, kernel = (tails.DEGREE1, screen_tails_batch) if block is moeb else (tails.DEGREE2, screen_quadratic_tails_batch)
            table, region = tails.current(width)
            n0 = tails.N0[width]
            stored = kernel(xs, len(xs), coeffs, sarr, slens, codes, depth, PRIME, bound, mask,
                            out, counts, status, lengths, table, region, tails.salt(xs, depth, bound, PRIME, n0), n0)
            tails.note_stored(stored, width)
        else:
            plain = screen_batch if block is moeb else screen_quadratic_batch
            plain(xs, len(xs), coeffs, sarr, slens, depth, PRIME, bound, mask, out, counts, status, lengths)
        stats.pairs += int(mask.sum())
        for k in np.nonzero(mask & (status == HIT))[0]:
            m, s = divmod(int(k), S)
            idx, rf = block[m]
            key = (0, int(k)) if block is moeb else (2, idx, s)
            keyed.append((key, Candidate(idx, s, rf, periods[s], tuple(out[k].tolist()), int(lengths[k]))))
        fallen = np.nonzero(mask & ((status == EXHAUSTED) | (status == OVERFLOW)))[0]
        for k in fallen:
            m, s = divmod(int(k), S)
            exact_jobs.append((block[m][0], block[m][1], s))
        stats.fallbacks += len(fallen)
    if other:
        mask = _pair_mask(other, S, pair_range)
        stats.pairs += int(mask.sum())
        for k in np.nonzero(mask)[0]:
            m, s = divmod(int(k), S)
            exact_jobs.append((other[m][0], other[m][1], s))
    t1 = time.perf_counter()
    stats.seconds["screen"] += t1 - t0
    if exact_jobs:
        out = np.zeros((len(exact_jobs), depth), dtype=np.int64)
        counts = np.zeros(len(exact_jobs), dtype=np.int64)
        intervals: dict = {}  # per LHS and precision, shared by its sign periods
        for row, (idx, rf, s) in enumerate(exact_jobs):
            terms = exact_terms(ctx, rf, periods[s], depth, 8 * depth + 512, intervals)[:depth]
            if any(abs(t) >= 2**62 for t in terms):
                continue  # huge terms: no short recurrence with int64 rows anyway
            out[row, : len(terms)] = terms
            counts[row] = len(terms)
        t2 = time.perf_counter()
        stats.seconds["screen"] += t2 - t1
        L = batch_linear_complexity(np.mod(out, PRIME), counts, PRIME, bound)
        for row in np.nonzero((L <= bound) & (counts >= depth))[0]:
            idx, rf, s = exact_jobs[row]
            key = (1, int(row)) if rf.is_moebius() else (2, idx, s)
            keyed.append((key, Candidate(idx, s, rf, periods[s], tuple(int(v) for v in out[row]), int(L[row]))))
        stats.seconds["bm"] += time.perf_counter() - t2
    keyed.sort(key=lambda kc: kc[0])
    cands = [c for _, c in keyed]
    stats.hits += len(cands)
    return cands


def run_pairs(
    ctx: ConstantContext,
    lhs_rows: Sequence[tuple[int, RationalFunction]],
    periods: Sequence[str],
    pair_range: tuple[int, int],
    config: PipelineConfig,
    chunk_pairs: int = 8192,
) -> tuple[list[dict[str, Any]], UnitStats]:
    """Run the whole pipeline on the pairs of ``pair_range``; LHS rows are processed in chunks."""
    stats = UnitStats()
    records: list[dict[str, Any]] = []
    S = len(periods)
    step = max(1, chunk_pairs // S)
    shared_tails = pair_range[1] - pair_range[0] >= TAILS_MIN_PAIRS
    for i in range(0, len(lhs_rows), step):
        for cand in screen(ctx, lhs_rows[i : i + step], periods, pair_range, config, stats, shared_tails):
            rec = process_candidate(ctx, cand, config, stats)
            if rec is not None:
                records.append(rec)
    return records, stats
