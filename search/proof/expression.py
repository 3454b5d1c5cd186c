"""``esma cf prove``: prove or refute that an expression has a stated (or found) signed continued fraction.

The expression must be an integer Moebius image of a registry value (:func:`search.proof.source.
classical_source`, read off its syntax tree); the pattern is the one given, or the one
:func:`search.expansion.analyze` decodes from the certified expansion.

>>> from cf.polynomial import Polynomial as P
>>> res = prove_expression("(e + 1)/(2*e - 2)", "+", InterlacedSequence((), (P((1, 4)), P((12, 16)))))
>>> res.result.status, res.found_by
('proved', 'given')
>>> prove_expression("pi", "+", InterlacedSequence((3,), (P((7,)),))).result.reason
'term 2 of the certified expansion of pi is 15, the pattern says 7'
>>> prove_expression("pi", "+", InterlacedSequence((3, 7, 15, 1, 292), (P((0,)),))).result.status   # 0: decides nothing
'open'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cf.pattern import InterlacedSequence
from cf.proof.certificate import OPEN, REFUTED
from search.proof.claims import ProofResult, prove_image
from search.proof.source import classical_source

ANALYSIS_TERMS = 200
ANALYSIS_CHECK_DIGITS = 300


@dataclass(frozen=True)
class ExpressionProof:
    """The expression, its sign period, the pattern examined (None if none was found) and where it
    came from (``"given"`` or ``"analysis"``), the registry entry, and the prover's result."""

    expression: str
    signs: str
    pattern: InterlacedSequence | None
    found_by: str
    entry: Any
    result: ProofResult


def prove_expression(expression: str, signs: str, pattern: InterlacedSequence | None = None,
                     budget: Any = None) -> ExpressionProof:
    """Prove ``expression = `` the signed continued fraction (sign period ``signs``, terms ``pattern``).

    Without a pattern, the engine's analysis of the expression's certified expansion supplies one.
    Bad expressions raise the grammar's one-sentence :class:`search.expressions.ExpressionError`.
    """
    found = classical_source(expression)
    found_by = "given"
    if pattern is None:
        from search.expansion import analyze

        res = analyze(expression, signs, ANALYSIS_TERMS, None, check_digits=ANALYSIS_CHECK_DIGITS, budget=budget)
        pattern, found_by = (res.pattern.a if res.pattern is not None else None), "analysis"
        if pattern is None:
            why = f"no interlaced polynomial pattern in {ANALYSIS_TERMS} certified terms; state one with --pattern"
            return ExpressionProof(expression, signs, None, found_by, None, ProofResult(OPEN, why))
    if found is None:
        refuted = _refuted_by_expansion(expression, signs, pattern, budget)
        if refuted is not None:
            return ExpressionProof(expression, signs, pattern, found_by, None, ProofResult(REFUTED, refuted))
        why = (f"no classical continued fraction of {expression} in the registry "
               f"({expression} is not a Moebius image of one of its values)")
        return ExpressionProof(expression, signs, pattern, found_by, None, ProofResult(OPEN, why))
    entry, x = found
    return ExpressionProof(expression, signs, pattern, found_by, entry, prove_image(entry, x, signs, pattern))


def _refuted_by_expansion(expression: str, signs: str, pattern: InterlacedSequence, budget: Any) -> str | None:
    """The sentence refuting the pattern from the expression's certified expansion, or None.

    A semi-regular continued fraction (terms >= 1 after the first, >= 2 before a minus sign) is
    the signed expansion of its value, so a certified term that differs from an admissible claimed
    one refutes the claim; an inadmissible claimed term decides nothing.
    """
    from search.expansion import expand

    terms = expand(expression, signs, ANALYSIS_TERMS, None, budget=budget).terms
    claimed = pattern.terms(len(terms))
    for m, (got, want) in enumerate(zip(terms, claimed)):
        if got != want:
            sign = 1 if signs[m % len(signs)] == "+" else -1
            if m > 0 and want < (2 if sign < 0 else 1):
                return None
            return f"term {m} of the certified expansion of {expression} is {got}, the pattern says {want}"
    return None
