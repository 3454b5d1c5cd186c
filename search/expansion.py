"""Certified expansion and analysis of one expression (the engine behind ``esma cf``).

:func:`expand` returns the first N certified signed partial quotients of an expression, raising
the working precision until N terms are certified; :func:`analyze` adds the Berlekamp–Massey
recurrence, the decoded interlaced pattern, an independent high-precision check of the pattern,
and convergence rates.

>>> expand("e", "+", 7).terms
(2, 1, 2, 1, 1, 4, 1)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cf.extract import extract_signed_cf
from cf.signs import validate_signs

if TYPE_CHECKING:  # pragma: no cover - typing only
    from search.expressions import Budget

LOG2_10 = math.log2(10)
DEFAULT_MAX_DIGITS = 100_000


class ExpansionError(ValueError):
    """The requested terms could not be certified (precision cap reached, or no progress)."""


@dataclass(frozen=True)
class Expansion:
    """Certified partial quotients of ``expression`` for the sign period ``signs``.

    ``digits`` is the decimal working precision that certified them; ``finished`` is True when
    the value is an exact rational whose (finite) expansion ended.
    """

    expression: str
    signs: str
    terms: tuple[int, ...]
    digits: int
    finished: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "expression": self.expression,
            "signs": self.signs,
            "terms": list(self.terms),
            "digits": self.digits,
            "finished": self.finished,
        }


def _bits_to_digits(bits: int) -> int:
    return math.ceil(bits / LOG2_10)


def expand(expression: str, signs: str, terms: int, max_digits: int | None = None,
           budget: Budget | None = None) -> Expansion:
    """First ``terms`` certified partial quotients of ``expression`` with sign period ``signs``.

    The working precision starts near 4 bits per term and grows geometrically (guided by the
    number of terms each attempt certified) until enough terms are certified; ``max_digits``
    caps the absolute accuracy (digits after the point: a large value such as ``exp(100)`` gets
    its 44 digits before the point on top).  Raises :class:`ExpansionError` when ``max_digits``
    is reached first, or when a four-fold increase of precision certifies no new term (a
    rational value in disguise, e.g. ``sqrt(4)``).  All the evaluations share one ``budget``
    (:class:`search.expressions.Budget`, started here unless it already was), whose refusal is
    a :class:`search.expressions.CostError`.
    """
    from search.expressions import ExpressionError, parse_expression

    validate_signs(signs)
    if terms < 1:
        raise ExpansionError(f"the number of terms must be at least 1, not {terms}")
    node = parse_expression(expression)
    try:
        return _expand_node(node, signs, terms, max_digits, budget)
    except ExpressionError as exc:
        raise exc.with_text(expression) from None


def _expand_node(node: Any, signs: str, terms: int, max_digits: int | None, budget: Budget | None) -> Expansion:
    """:func:`expand` of a parsed expression (its errors do not quote the text yet)."""
    from search.expressions import MAX_BITS, Budget, enclose, exact_value

    text = str(node)
    exact = exact_value(node)
    if exact is not None:
        ext = extract_signed_cf(exact, exact, signs, terms)
        return Expansion(text, signs, ext.terms, 0, ext.finished)
    budget = (budget or Budget()).started()
    cap_digits = DEFAULT_MAX_DIGITS if max_digits is None else max_digits
    cap_bits = min(math.ceil(cap_digits * LOG2_10), MAX_BITS)
    bits = min(max(64, 4 * terms + 64), cap_bits)
    history: list[tuple[int, int]] = []
    while True:
        lo, hi = enclose(node, bits, budget=budget)
        ext = extract_signed_cf(lo, hi, signs, terms)
        got = len(ext.terms)
        if got >= terms or ext.finished:
            return Expansion(text, signs, ext.terms, _bits_to_digits(bits), ext.finished)
        history.append((bits, got))
        if bits >= cap_bits:
            raise ExpansionError(
                f"only {got} of {terms} terms of {text} could be certified with {_bits_to_digits(bits)} "
                f"digits; raise --digits"
            )
        stalled = [g for b, g in history if b * 4 <= bits]
        if bits >= 4096 and stalled and stalled[-1] == got:
            raise ExpansionError(
                f"the expansion of {text} stops after {got} terms however high the precision: "
                f"the value is probably an exact rational in disguise"
            )
        # aim for the needed terms, using the observed bits per term, and at least double
        per_term = bits / max(got, 1)
        bits = min(cap_bits, max(2 * bits, int(per_term * terms * 1.25) + 64))


@dataclass(frozen=True)
class Analysis:
    """What ``esma cf analyze`` reports for one expression and sign period."""

    expansion: Expansion
    linear_complexity: int
    connection: tuple[int, ...] | None
    recurrence_confirmed: bool
    pattern: Any | None  # cf.pattern.CFPattern
    pattern_rate: float | None
    verified_digits: float | None
    simple_cf_rate: float
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out = self.expansion.as_dict()
        out["linear_complexity"] = self.linear_complexity
        out["connection_polynomial"] = list(self.connection) if self.connection else None
        out["recurrence_confirmed"] = self.recurrence_confirmed
        if self.pattern is not None:
            a = self.pattern.a
            out["pattern"] = {
                "transient": list(a.transient),
                "period": a.period,
                "channels": [p.format("k") for p in a.channels],
                "general_term": a.general_term(),
                "latex": self.pattern.latex(),
            }
        else:
            out["pattern"] = None
        out["pattern_rate"] = self.pattern_rate
        out["verified_digits"] = self.verified_digits
        out["simple_cf_rate"] = self.simple_cf_rate
        out["notes"] = list(self.notes)
        return out


def simple_cf_rate(expression: str, terms: int = 1000, budget: Budget | None = None) -> float:
    """Digits per term of the simple continued fraction of the expression over ``terms`` terms.

    The same yardstick as a pattern's rate (measured at its validation length), since the rate
    of a continued fraction with growing terms grows with the number of terms.
    """
    from cf.convergents import convergence_rate

    t = expand(expression, "+", terms, budget=budget).terms
    if len(t) < 3:
        return float("inf")
    return convergence_rate(t, [1] * len(t))


def validate_pattern(expression: str, pattern: Any, digits: int = 1000, min_terms: int = 1000,
                     budget: Budget | None = None) -> tuple[int, float, int]:
    """Independent check of a pattern: ``(agreeing digits, digits per term, terms used)``.

    The pattern is extended to at least ``min_terms`` terms (more while the convergents still
    agree with each other on fewer than ``digits`` digits, up to 16x), evaluated exactly with
    integer convergents, and compared with the expression evaluated by mpmath at ``digits``
    digits.  The agreement is capped by the pattern's own convergence digits, so a claim never
    exceeds what the truncated continued fraction can support.
    """
    from search.expressions import evaluate

    return pattern.check(evaluate(expression, digits + 20, budget=budget), digits, min_terms)


def analyze(expression: str, signs: str, terms: int = 100, max_digits: int | None = None,
            approve_ratio: float = 0.25, check_digits: int = 1000, budget: Budget | None = None) -> Analysis:
    """Expand, run Berlekamp–Massey, decode a pattern, and check it independently.

    Every evaluation shares one ``budget`` (see :func:`expand`).
    """
    from cf.bm import berlekamp_massey
    from cf.pattern import CFPattern, decode_interlaced
    from cf.recurrence import confirm_recurrence
    from search.expressions import Budget

    budget = (budget or Budget()).started()
    exp = expand(expression, signs, terms, max_digits, budget)
    notes: list[str] = []
    seq = list(exp.terms)
    bm = berlekamp_massey(seq)
    rec = confirm_recurrence(seq, bm) if len(seq) >= 2 * bm.length else None
    pattern = None
    rate = verified = None
    n_terms = 1000
    if exp.finished:
        notes.append("the value is rational: its expansion is finite")
    elif rec is not None and bm.length < approve_ratio * len(seq):
        inter = decode_interlaced(seq, max_period=max(1, bm.length))
        if inter is None:
            notes.append("a short recurrence exists but it is not interlaced polynomial")
        else:
            pattern = CFPattern.signed(signs, inter)
            verified, rate, n_terms = validate_pattern(exp.expression, pattern, check_digits, budget=budget)
    else:
        notes.append(
            f"no short recurrence: linear complexity {bm.length} of {len(seq)} terms "
            f"(approval needs < {approve_ratio:g} * terms)"
        )
    conn = tuple(rec.coefficients) if rec is not None else None
    return Analysis(exp, bm.length, conn, rec is not None, pattern, rate, verified,
                    simple_cf_rate(exp.expression, n_terms, budget), notes)
