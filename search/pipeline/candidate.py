"""Stages 3-6 of the pipeline for one hit: decode, confirm, cascade, validate -- or derive.

A hit (a pair whose Berlekamp–Massey complexity is low) is decoded into a transient and
interlaced channel polynomials, confirmed over the integers, made to predict far more certified
terms (the cascade), and validated against the LHS evaluated at ``check_digits`` digits.  A hit
whose family already has a representative validated in this worker skips the cascade and the
evaluation: it is derived exactly from that representative (:mod:`search.pipeline.derive`).
"""

from __future__ import annotations

import math
import time
from typing import Any

from cf.bm import PRIME, berlekamp_massey
from cf.classical import classical_match
from cf.family import family_key
from cf.pattern import (
    CFPattern,
    InterlacedSequence,
    converges_to_irrational,
    decode_interlaced,
    terms_for_digits,
)
from cf.proof.certificate import OPEN, PROVED
from cf.rate import pattern_digits, simple_rate
from cf.recurrence import confirm_recurrence
from search.expressions import PrecisionError
from search.pipeline.config import Candidate, PipelineConfig, UnitStats
from search.pipeline.context import ConstantContext
from search.pipeline.derive import Representative, Representatives
from search.pipeline.record import ConjectureRecord, engine_version
from search.pipeline.terms import certified_terms
from search.proof.claims import prove_claim
from search.space.lhs import RationalFunction


def simple_cf_rate(ctx: ConstantContext, rf: RationalFunction, terms: int) -> float | None:
    """Digits per term of the simple CF of rf(c) over its first ``terms`` terms (cached per LHS).

    Measured at the same number of terms as the pattern it is compared with, since the rate of
    a continued fraction with growing terms grows with the number of terms.
    """
    key = (rf.num, rf.den, terms)
    if key not in ctx.simple_rates:
        ctx.simple_rates[key] = simple_rate(certified_terms(ctx, rf, "+", terms))
    return ctx.simple_rates[key]


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


def _lhs_texts(ctx: ConstantContext, rf: RationalFunction) -> tuple[str, str, str]:
    """The LHS as text, as LaTeX, and its value to 50 digits (evaluated at 60; cached per LHS).

    One LHS is reported with many sign periods, so each is computed once.  The value text
    depends on the LHS alone, whichever path (evaluated or derived) reports it first.
    """
    key = (rf.num, rf.den)
    texts = ctx.lhs_texts.get(key)
    if texts is None:
        import mpmath

        with mpmath.workdps(60):
            value = mpmath.nstr(rf.value(mpmath.mpf(ctx.value(60))), 50, strip_zeros=False)
        texts = ctx.lhs_texts[key] = (str(rf), rf.latex(), value)
    return texts


def representatives_for(ctx: ConstantContext, config: PipelineConfig) -> Representatives:
    """This worker's representatives for the constant, per validation setting."""
    key = (config.check_digits, config.validation_terms, config.min_digits)
    return ctx.representatives.setdefault(key, Representatives())


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
    fam = family_key(inter, cand.signs)
    book = representatives_for(ctx, config)
    rep = book.derive(fam, inter, cand.signs, (cand.lhs.num, cand.lhs.den))
    if rep is not None:
        record = _derived(ctx, cand, inter, bm.length, rec.coefficients, fam, rep, config)
        stats.seconds["derive"] += time.perf_counter() - t1
        if record is not None:
            stats.derived += 1
            stats.verified += 1
            return record
        t1 = time.perf_counter()  # converges too slowly at the representative's terms: the full path decides
    # Two tiers, cheapest first: cascade_factor * depth terms, then 5x that many (runs of
    # equal terms, as in the '-' expansions of pi, often outlast the first tier).
    for n_more in (config.cascade_factor * config.depth, 5 * config.cascade_factor * config.depth):
        more = certified_terms(ctx, cand.lhs, cand.signs, n_more)
        try:
            predicted = inter.terms(len(more))
        except ValueError:
            predicted = None
        if predicted is None or len(more) < n_more or list(more) != predicted:
            stats.seconds["cascade"] += time.perf_counter() - t1
            return None
    stats.seconds["cascade"] += time.perf_counter() - t1
    stats.cascade_passed += 1
    t2 = time.perf_counter()
    pattern = CFPattern.signed(cand.signs, inter)
    digits = config.check_digits
    value, value_digits = lhs_value(ctx, cand.lhs, digits)
    checked, rate, n = pattern.check(value, digits, config.validation_terms)
    verified = min(checked, int(math.floor(value_digits)))
    if verified < config.min_digits:
        stats.seconds["validate"] += time.perf_counter() - t2
        stats.rejected_digits += 1
        return None
    stats.verified += 1
    stats.seconds["validate"] += time.perf_counter() - t2
    t3 = time.perf_counter()
    proof = prove_claim(ctx.expression, cand.lhs.num, cand.lhs.den, cand.signs, inter)
    source = proof.source if proof.status == PROVED else None
    note = None if proof.status == PROVED else (proof.reason if proof.status == OPEN else f"the prover refuted it: {proof.reason}")
    book.add(fam, Representative(inter, cand.signs, (cand.lhs.num, cand.lhs.den), str(cand.lhs), verified, source, note))
    stats.seconds["prove"] += time.perf_counter() - t3
    t2 = time.perf_counter()
    record = _record(ctx, cand, inter, bm.length, rec.coefficients, fam, config,
                     cascade_terms=n_more, verified=verified, n=n,
                     digits=digits, rate=rate, validation="evaluated", derived_from=None)
    if proof.status == PROVED:
        record.update(proof_status=PROVED, proof={"kind": "certificate", "source": source, "certificate": proof.certificate})
    else:  # refuted cannot happen for a validated formula unless a part is wrong: say so, never hide it
        record["proof_note"] = note
    stats.seconds["validate"] += time.perf_counter() - t2  # the record's own figures (simple-CF rate, LaTeX) too
    return record


def _derived(ctx: ConstantContext, cand: Candidate, inter: InterlacedSequence, length: int, connection,
             fam: str, rep: Representative, config: PipelineConfig) -> dict[str, Any] | None:
    """The record of a member derived from ``rep``, or None when its own fraction converges too slowly.

    The identity is exact, so the member holds as surely as the representative; the digits it
    claims are what its own truncated fraction supports, found by the evaluated path's rule
    (:func:`cf.pattern.terms_for_digits`) and capped at ``check_digits``.  They depend on the
    member alone, not on which member of the family happened to be validated first.  Below
    ``min_digits`` the member takes the full path.
    """
    own, n = terms_for_digits(lambda terms: pattern_digits(inter, cand.signs, terms),  # floats, same figure
                              config.validation_terms, config.check_digits)
    verified = min(config.check_digits, int(math.floor(own)))
    if verified < config.min_digits:
        return None
    record = _record(ctx, cand, inter, length, connection, fam, config, cascade_terms=None, verified=verified, n=n,
                     digits=config.check_digits, rate=own / (n - 1), validation="derived", derived_from=rep.label)
    if rep.proof_source is not None:  # the exact identity carries the representative's proof over
        record.update(proof_status=PROVED, proof={"kind": "derived", "source": rep.proof_source,
                                                  "from": {"lhs_num": list(rep.lhs[0]), "lhs_den": list(rep.lhs[1]),
                                                           "signs": rep.signs}})
    else:
        record["proof_note"] = f"derived from {rep.label}, which is not proved: {rep.proof_note or 'no proof was tried'}"
    return record


def _record(ctx: ConstantContext, cand: Candidate, inter: InterlacedSequence, length: int, connection,
            fam: str, config: PipelineConfig, *, cascade_terms: int | None, verified: int,
            n: int, digits: int, rate: float, validation: str, derived_from: str | None) -> dict[str, Any]:
    known_as = classical_match(inter, cand.signs, key=fam)
    lhs_text, lhs_latex, value_text = _lhs_texts(ctx, cand.lhs)
    return ConjectureRecord(
        constant=ctx.expression,
        lhs=lhs_text,
        lhs_latex=lhs_latex,
        lhs_num=list(cand.lhs.num),
        lhs_den=list(cand.lhs.den),
        lhs_value=value_text,
        signs=cand.signs,
        transient=list(inter.transient),
        period=inter.period,
        channels=[p.format("k") for p in inter.channels],
        channel_coefficients=[[str(c) for c in p.coeffs] for p in inter.channels],
        pattern_size=inter.size,
        pattern_latex=CFPattern.signed(cand.signs, inter).latex(),
        recurrence_length=length,
        connection=[int(c) for c in connection],
        primes=[PRIME],
        depth=config.depth,
        cascade_terms=cascade_terms,
        verified_digits=verified,
        validation_terms=n,
        validation_digits=digits,
        rate=rate,
        simple_rate=simple_cf_rate(ctx, cand.lhs, n),
        family=fam,
        known=known_as is not None,
        known_as=known_as,
        validation=validation,
        derived_from=derived_from,
        lhs_index=cand.lhs_index,
        period_index=cand.period_index,
        engine_version=engine_version(),
    ).as_dict(copy=False)
