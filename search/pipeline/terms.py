"""Certified signed partial quotients of an LHS at the constant, by the cheapest exact route.

Moebius LHS ``(p1 c + p0)/(q1 c + q0)`` run through the int64 Gosper kernel fed with the
constant's certified simple continued fraction (:mod:`cf.gosper`); on overflow, on a non-Moebius
LHS, or when the constant's terms run out, exact interval arithmetic on an enclosure of the
constant takes over (:mod:`cf.interval`, :mod:`cf.extract`), at doubling precision until every
asked-for term is certified.
"""

from __future__ import annotations

from cf.extract import extract_signed_cf
from cf.gosper import DONE, EXHAUSTED, moebius_signed_cf
from cf.interval import rational_function_interval
from search.pipeline.context import ConstantContext
from search.space.lhs import RationalFunction

SCREEN_BITS = 4096  # precision of the constant's simple CF used for screening
MAX_SIMPLE_BITS = 65536


def exact_terms(ctx: ConstantContext, rf: RationalFunction, signs: str, count: int, bits: int,
                intervals: dict | None = None) -> tuple[int, ...]:
    """Certified terms of rf(c) by exact interval arithmetic, raising precision as needed.

    ``intervals`` (a dict the caller keeps, e.g. for the sign periods of one LHS) remembers the
    enclosure of rf(c) at each precision: it is the same for every sign period.
    """
    for _ in range(8):
        key = (rf.num, rf.den, bits)
        if intervals is not None and key in intervals:
            iv = intervals[key]
        else:
            lo, hi = ctx.enclosure(bits)
            iv = rational_function_interval(rf.num, rf.den, lo, hi)
            if intervals is not None:
                intervals[key] = iv
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
    return exact_terms(ctx, rf, signs, count, 8 * count + 512)
