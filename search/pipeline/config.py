"""The pipeline's settings, its per-unit statistics, and the hits passed between its stages.

>>> PipelineConfig(depth=100).bm_bound     # approve linear complexity L < 0.25 * 100
24
>>> stats = UnitStats(pairs=10, hits=2); stats.add(UnitStats(pairs=5, derived=1)); (stats.pairs, stats.derived)
(15, 1)
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

from search.space.lhs import RationalFunction

STAGES = ("screen", "bm", "confirm", "cascade", "validate", "derive", "prove")


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
    derived: int = 0  # verified exactly from their family's validated representative (no evaluation)
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


@dataclass
class Candidate:
    lhs_index: int
    period_index: int
    lhs: RationalFunction
    signs: str
    terms: tuple[int, ...]
    bm_length: int
