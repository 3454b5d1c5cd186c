"""Rebuild value types from stored conjecture records (plain dicts)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from cf.pattern import CFPattern, InterlacedSequence
from cf.polynomial import Polynomial


def pattern_of(rec: dict[str, Any]) -> CFPattern:
    """The :class:`CFPattern` of a conjecture record (transient, channel coefficients, signs)."""
    chans = tuple(Polynomial(tuple(Fraction(c) for c in cs)) for cs in rec["channel_coefficients"])
    return CFPattern.signed(rec["signs"], InterlacedSequence(tuple(rec["transient"]), chans))
