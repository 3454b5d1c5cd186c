"""Proof outcomes and the plain-data form of patterns inside certificates.

A certificate is a JSON-shaped dict (``version``, ``moebius``, ``classical``, ``conjecture``,
``head``, ``block``; :mod:`cf.proof.checker` says what each holds and what is verified).  Patterns
travel as ``{"transient": [ints], "channels": [[coefficient texts, lowest degree first], ...]}``,
the shape ``esma cf prove --pattern`` accepts.

>>> from cf.polynomial import Polynomial as P
>>> doc = pattern_doc(InterlacedSequence((2,), (P((1,)), P((2, 2)), P((1,)))))
>>> doc
{'transient': [2], 'channels': [['1'], ['2', '2'], ['1']]}
>>> pattern_from_doc(doc).terms(6)
[2, 1, 2, 1, 1, 4]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from cf.pattern import InterlacedSequence
from cf.polynomial import Polynomial

PROVED = "proved"
REFUTED = "refuted"
OPEN = "open"


def _text(c: int | Fraction) -> str:
    c = Fraction(c)
    return str(c.numerator) if c.denominator == 1 else f"{c.numerator}/{c.denominator}"


def pattern_doc(a: InterlacedSequence) -> dict[str, Any]:
    """The plain-data form of an interlaced sequence (see the module docstring)."""
    return {"transient": [int(t) for t in a.transient],
            "channels": [[_text(c) for c in p.coeffs] for p in a.channels]}


class PatternDocError(ValueError):
    """A pattern document that is not of the accepted shape; the message is one sentence."""


def pattern_from_doc(doc: Any) -> InterlacedSequence:
    """Parse the plain-data form; a malformed document raises :class:`PatternDocError`.

    >>> pattern_from_doc({"transient": [], "channels": [["1/2", "x"]]})
    Traceback (most recent call last):
    ...
    cf.proof.certificate.PatternDocError: channel 1 has the coefficient 'x', which is not an integer or a fraction like 3/2
    """
    if not isinstance(doc, dict) or set(doc) - {"transient", "channels"} or "channels" not in doc:
        raise PatternDocError('a pattern is an object {"transient": [...], "channels": [[...], ...]} and nothing else')
    transient, channels = doc.get("transient", []), doc["channels"]
    if not isinstance(transient, list) or not all(isinstance(t, int) and not isinstance(t, bool) for t in transient):
        raise PatternDocError("the transient must be a list of integers")
    if not isinstance(channels, list) or not channels or len(channels) > 64:
        raise PatternDocError("the channels must be a list of 1 to 64 coefficient lists")
    polys = []
    for r, cs in enumerate(channels, start=1):
        if not isinstance(cs, list) or not 1 <= len(cs) <= 13:
            raise PatternDocError(f"channel {r} must be a list of 1 to 13 coefficients, lowest degree first")
        coeffs = []
        for c in cs:
            try:
                if isinstance(c, bool) or not isinstance(c, (int, str)) or (isinstance(c, str) and len(c) > 200):
                    raise ValueError
                coeffs.append(Fraction(c))
            except (ValueError, ZeroDivisionError):
                raise PatternDocError(f"channel {r} has the coefficient {c!r}, which is not an integer "
                                      "or a fraction like 3/2") from None
        polys.append(Polynomial(tuple(coeffs)))
    seq = InterlacedSequence(tuple(transient), tuple(polys))
    if not seq.is_integer_valued(8):
        raise PatternDocError("the pattern's terms must be integers")
    return seq


@dataclass(frozen=True)
class Outcome:
    """What the prover concluded about one claim.

    ``status`` is :data:`PROVED` (with ``certificate``), :data:`REFUTED` (the certified expansion
    differs from the pattern at term ``position``) or :data:`OPEN` (the method stopped; ``reason``
    says where).
    """

    status: str
    reason: str
    certificate: dict[str, Any] | None = None
    position: int | None = None
    details: dict[str, Any] = field(default_factory=dict)
