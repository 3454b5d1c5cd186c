"""The ESMA pipeline for one work unit: screen -> approve -> confirm -> decode -> cascade -> validate.

For every (LHS, sign period) pair of the unit:

1. **screen**: the first ``depth`` certified signed partial quotients of the LHS -- Moebius LHS
   through the batched int64 Gosper kernel (falling back to exact big integers on overflow or
   exhaustion), higher-degree LHS through exact interval arithmetic;
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

The pipeline knows nothing about storage: it returns plain records, the dicts of
:class:`search.pipeline.record.ConjectureRecord`.
"""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass, field
from typing import Any, Sequence

import numpy as np

from cf.bm import PRIME, batch_linear_complexity, berlekamp_massey
from cf.convergents import convergence_rate
from cf.extract import extract_signed_cf
from cf.gosper import DONE, EXHAUSTED, OVERFLOW, moebius_signed_cf, signs_array
from cf.interval import rational_function_interval
from cf.pattern import CFPattern, converges_to_irrational, decode_interlaced
from cf.recurrence import confirm_recurrence
from cf.screen import HIT, screen_batch
from search.expressions import PrecisionError
from search.pipeline.context import ConstantContext
from cf.family import family_key
from search.space.lhs import RationalFunction
from search.pipeline.record import ConjectureRecord, engine_version

SCREEN_BITS = 4096  # precision of the constant's simple CF used for screening
MAX_SIMPLE_BITS = 65536
STAGES = ("screen", "bm", "confirm", "cascade", "validate")


@dataclass(frozen=True)
class PipelineConfig:
    """Tunable parameters of the pipeline (defaults follow the published reference where it has one)."""

    depth: int = 100
    """Certified signed partial quotients extracted per pair for Berlekamp-Massey."""
    approve_ratio: float = 0.25
    """A pair is a hit when its linear complexity L < approve_ratio * depth (the reference's 1/4)."""
    cascade_factor: int = 4
    """The pattern must predict cascade_factor * depth further certified terms (then 5x that)."""
    check_digits: int = 1000
    """Working precision (digits) of the final validation against the LHS value."""
    validation_terms: int = 1000
    """At least this many terms of the extended pattern are evaluated in the validation."""
    min_digits: int = 100
    """Results verified to fewer digits are rejected."""
    max_degree_channel: int = 6
    """Largest degree of a decoded channel polynomial."""

    def __post_init__(self) -> None:
        if self.depth < 8:
            raise ValueError(f"the depth must be at least 8 terms, not {self.depth}")
        if not 0 < self.approve_ratio <= 0.5:
            raise ValueError(f"the approve ratio must be in (0, 0.5], not {self.approve_ratio}")
        if self.check_digits < self.min_digits:
            raise ValueError("the validation precision must be at least the digit floor")

    @property
    def bm_bound(self) -> int:
        """Largest approved linear complexity: L < approve_ratio * depth."""
        return max(1, math.ceil(self.approve_ratio * self.depth) - 1)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class UnitStats:
    """What the stages did to a unit's pairs: a funnel of counts, and seconds per stage."""

    pairs: int = 0  # screened
    fallbacks: int = 0  # Moebius pairs sent to the exact path (int64 overflow or input exhausted)
    hits: int = 0  # linear complexity below the approval bound
    confirmed: int = 0  # recurrence regenerated over the integers
    decoded: int = 0  # decoded to transient + interlaced polynomials with an irrational limit
    cascade_passed: int = 0  # predicted every further certified term
    verified: int = 0  # validated to at least min_digits digits
    rejected_digits: int = 0  # validated to fewer digits
    skipped_lhs: int = 0  # LHS whose sign at the constant cannot be decided (zero or pole)
    unvalidated: int = 0  # hits whose certification exceeded the evaluation budget
    seconds: dict[str, float] = field(default_factory=lambda: {s: 0.0 for s in STAGES})

    def add(self, other: "UnitStats") -> None:
        for k, v in asdict(other).items():
            if k == "seconds":
                for s, t in v.items():
                    self.seconds[s] = self.seconds.get(s, 0.0) + t
            else:
                setattr(self, k, getattr(self, k) + v)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _exact_terms(ctx: ConstantContext, rf: RationalFunction, signs: str, count: int, bits: int) -> tuple[int, ...]:
    """Certified terms of rf(c) by exact interval arithmetic, raising precision as needed."""
    for _ in range(8):
        lo, hi = ctx.enclosure(bits)
        iv = rational_function_interval(rf.num, rf.den, lo, hi)
        if iv is not None:
            ext = extract_signed_cf(iv[0], iv[1], signs, count)
            if len(ext.terms) >= count or ext.finished:
                return ext.terms
        bits *= 2
    return ext.terms if iv is not None else ()


def certified_terms(ctx: ConstantContext, rf: RationalFunction, signs: str, count: int) -> tuple[int, ...]:
    """``count`` certified signed terms of the (sign-normalised) LHS ``rf`` at the constant.

    Moebius LHS go through the int64 Gosper kernel, asking the context for more simple-CF terms
    of the constant while the kernel runs out of them; overflow (or a non-Moebius LHS) takes
    the exact big-integer path.
    """
    if rf.is_moebius():
        bits = SCREEN_BITS
        while bits <= MAX_SIMPLE_BITS:
            res = moebius_signed_cf(ctx.simple_terms(bits), rf.moebius(), signs, count)
            if res.status == DONE:
                return res.terms
            if res.status != EXHAUSTED:
                break
            bits *= 2
    return _exact_terms(ctx, rf, signs, count, 8 * count + 512)


@dataclass
class Candidate:
    lhs_index: int
    period_index: int
    lhs: RationalFunction
    signs: str
    terms: tuple[int, ...]
    bm_length: int


def _signed(rf: RationalFunction, sign: int) -> RationalFunction:
    return rf if sign > 0 else RationalFunction(tuple(-c for c in rf.num), rf.den)


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
) -> list[Candidate]:
    """Stages 1-2 for the pairs with index in ``pair_range`` (index = lhs_index * S + period_index).

    Moebius LHS go through the fused Gosper + Berlekamp–Massey kernel (:mod:`cf.screen`), which
    stops extracting a pair as soon as its complexity exceeds the approval bound; its time is
    counted as "screen".  Higher-degree LHS, and Moebius pairs whose int64 path overflowed or
    ran out of input, are extracted exactly and then screened by the batched BM ("bm").
    """
    S = len(periods)
    depth = config.depth
    bound = config.bm_bound
    t0 = time.perf_counter()
    rows: list[tuple[int, RationalFunction]] = []
    for idx, rf in lhs_rows:
        sgn = ctx.sign_of(rf.num, rf.den)
        if sgn == 0:
            stats.skipped_lhs += 1
            continue
        rows.append((idx, _signed(rf, sgn)))
    sarr, slens = signs_array(periods)
    moeb = [(i, rf) for i, rf in rows if rf.is_moebius()]
    other = [(i, rf) for i, rf in rows if not rf.is_moebius()]
    cands: list[Candidate] = []
    exact_jobs: list[tuple[int, RationalFunction, int]] = []  # (lhs index, rf, period index)
    if moeb:
        xs = ctx.simple_terms(SCREEN_BITS)
        coeffs = np.array([rf.moebius() for _, rf in moeb], dtype=np.int64)
        mask = _pair_mask(moeb, S, pair_range)
        n = len(moeb) * S
        out = np.zeros((n, depth), dtype=np.int64)
        counts = np.zeros(n, dtype=np.int64)
        status = np.zeros(n, dtype=np.int64)
        lengths = np.zeros(n, dtype=np.int64)
        screen_batch(xs, len(xs), coeffs, sarr, slens, depth, PRIME, bound, mask, out, counts, status, lengths)
        stats.pairs += int(mask.sum())
        for k in np.nonzero(mask & (status == HIT))[0]:
            m, s = divmod(int(k), S)
            idx, rf = moeb[m]
            cands.append(Candidate(idx, s, rf, periods[s], tuple(int(v) for v in out[k]), int(lengths[k])))
        for k in np.nonzero(mask & ((status == EXHAUSTED) | (status == OVERFLOW)))[0]:
            m, s = divmod(int(k), S)
            exact_jobs.append((moeb[m][0], moeb[m][1], s))
        stats.fallbacks += len(exact_jobs)
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
        for row, (idx, rf, s) in enumerate(exact_jobs):
            terms = _exact_terms(ctx, rf, periods[s], depth, 8 * depth + 512)[:depth]
            if any(abs(t) >= 2**62 for t in terms):
                continue  # huge terms: no short recurrence with int64 rows anyway
            out[row, : len(terms)] = terms
            counts[row] = len(terms)
        t2 = time.perf_counter()
        stats.seconds["screen"] += t2 - t1
        L = batch_linear_complexity(np.mod(out, PRIME), counts, PRIME, bound)
        for row in np.nonzero((L <= bound) & (counts >= depth))[0]:
            idx, rf, s = exact_jobs[row]
            cands.append(Candidate(idx, s, rf, periods[s], tuple(int(v) for v in out[row]), int(L[row])))
        stats.seconds["bm"] += time.perf_counter() - t2
    stats.hits += len(cands)
    return cands


def simple_cf_rate(ctx: ConstantContext, rf: RationalFunction, terms: int) -> float | None:
    """Digits per term of the simple CF of rf(c) over its first ``terms`` terms.

    Measured at the same number of terms as the pattern it is compared with, since the rate of
    a continued fraction with growing terms grows with the number of terms.
    """
    t = certified_terms(ctx, rf, "+", terms)
    return convergence_rate(t, [1] * len(t)) if len(t) > 2 else None


def lhs_value(ctx: ConstantContext, rf: RationalFunction, digits: int):
    """rf(c) with mpmath at ``digits`` digits, checked against a second evaluation with 40 more.

    Returns ``(value, good_digits)`` where good_digits is how many digits the two agree on
    (a shortfall from cancellation is detected rather than guessed).
    """
    import mpmath

    vals = []
    for extra in (20, 60):
        with mpmath.workdps(digits + extra):
            c = ctx.value(digits + extra)
            vals.append(rf.value(mpmath.mpf(c)))
    with mpmath.workdps(digits + 60):
        a, b = vals
        if b == 0:
            return a, 0.0
        rel = abs(a - b) / abs(b)
        good = float(digits) if rel == 0 else min(float(digits), float(-mpmath.log10(rel)))
    return vals[1], good


def process_candidate(
    ctx: ConstantContext, cand: Candidate, config: PipelineConfig, stats: UnitStats
) -> dict[str, Any] | None:
    """Stages 3-6 for one hit, or None; a hit whose certification runs out of its cost budget
    (:class:`search.expressions.PrecisionError`) is counted as ``unvalidated``, never reported."""
    try:
        return _process_candidate(ctx, cand, config, stats)
    except PrecisionError:
        stats.unvalidated += 1
        return None


def _process_candidate(
    ctx: ConstantContext, cand: Candidate, config: PipelineConfig, stats: UnitStats
) -> dict[str, Any] | None:
    """Stages 3-6 for one hit; returns a conjecture record or None.

    Cheapest rejections first: decoding (with the transient read off the GF(p) connection
    polynomial) and the periodic-tail test kill runs of equal terms before the exact
    confirmation over the integers is paid for.
    """
    t0 = time.perf_counter()
    seq = list(cand.terms)
    bm = berlekamp_massey(seq)
    degree = max(i for i, c in enumerate(bm.connection) if c)
    inter = decode_interlaced(seq, max_period=max(1, min(2 * bm.length + 2, len(seq) // 4)),
                              max_degree=config.max_degree_channel, transients=(bm.length - degree,))
    if inter is None or not converges_to_irrational(inter, cand.signs):
        stats.seconds["confirm"] += time.perf_counter() - t0
        return None
    stats.decoded += 1
    rec = confirm_recurrence(seq, bm)
    stats.seconds["confirm"] += time.perf_counter() - t0
    if rec is None:
        return None
    stats.confirmed += 1
    t1 = time.perf_counter()
    # Two tiers, cheapest first: cascade_factor * depth terms, then 5x that many (runs of
    # equal terms, as in the '-' expansions of pi, often outlast the first tier).
    ok = True
    for n_more in (config.cascade_factor * config.depth, 5 * config.cascade_factor * config.depth):
        more = certified_terms(ctx, cand.lhs, cand.signs, n_more)
        try:
            predicted = inter.terms(len(more))
        except ValueError:
            predicted = None
        if predicted is None or len(more) < n_more or list(more) != predicted:
            ok = False
            break
    stats.seconds["cascade"] += time.perf_counter() - t1
    if not ok:
        return None
    stats.cascade_passed += 1
    t2 = time.perf_counter()
    pattern = CFPattern.signed(cand.signs, inter)
    digits = config.check_digits
    value, value_digits = lhs_value(ctx, cand.lhs, digits)
    checked, rate, n = pattern.check(value, digits, config.validation_terms)
    verified = min(checked, int(math.floor(value_digits)))
    stats.seconds["validate"] += time.perf_counter() - t2
    if verified < config.min_digits:
        stats.rejected_digits += 1
        return None
    stats.verified += 1
    simple_rate = simple_cf_rate(ctx, cand.lhs, n)
    import mpmath

    with mpmath.workdps(60):
        value_text = mpmath.nstr(value, 50, strip_zeros=False)
    from search.pipeline.classics import classical_families

    classics = classical_families()
    fam = family_key(inter, cand.signs)
    return ConjectureRecord(
        constant=ctx.expression,
        lhs=str(cand.lhs),
        lhs_latex=cand.lhs.latex(),
        lhs_num=list(cand.lhs.num),
        lhs_den=list(cand.lhs.den),
        lhs_value=value_text,
        signs=cand.signs,
        transient=list(inter.transient),
        period=inter.period,
        channels=[p.format("k") for p in inter.channels],
        channel_coefficients=[[str(c) for c in p.coeffs] for p in inter.channels],
        pattern_size=inter.size,
        pattern_latex=pattern.latex(),
        recurrence_length=bm.length,
        connection=[int(c) for c in rec.coefficients],
        primes=[PRIME],
        depth=config.depth,
        cascade_terms=n_more,
        verified_digits=verified,
        validation_terms=n,
        validation_digits=digits,
        rate=rate,
        simple_rate=simple_rate,
        family=fam,
        known=fam in classics,
        known_as=classics.get(fam),
        lhs_index=cand.lhs_index,
        period_index=cand.period_index,
        engine_version=engine_version(),
    ).as_dict()


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
    for i in range(0, len(lhs_rows), step):
        for cand in screen(ctx, lhs_rows[i : i + step], periods, pair_range, config, stats):
            rec = process_candidate(ctx, cand, config, stats)
            if rec is not None:
                records.append(rec)
    return records, stats
