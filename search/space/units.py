"""Search spaces of the ESMA search and their deterministic split into work units.

A search space is (constant, degree d, coefficient limit L, sign-period lengths J_min..J_max).
Its pairs are (LHS, sign period); pair index ``i = lhs_index * period_count + period_index``, where
``lhs_index`` is the position in :func:`search.space.lhs.enumerate_lhs` and ``period_index`` the position in
:func:`cf.signs.sign_periods`.  Work units are contiguous ranges ``[start, stop)`` of pair
indices of a fixed size (the last may be shorter), so a unit covers a few LHS with all their
periods.  Unit ids are ``"<space hash>:<start>-<stop>"``; the space hash is the sha256 of a
canonical JSON of the specification, so ids are the same on every run and machine, and a unit can
be re-run, resumed or sent elsewhere.

>>> space = SearchSpace("e", degree=1, coeff_limit=2, j_min=1, j_max=2)
>>> space.periods, space.lhs_count(), space.pair_count()
(('+', '-', '+-', '-+'), 112, 448)
>>> units = space.work_units(unit_size=100)
>>> [(u.index, u.start, u.stop) for u in units][-1]
(4, 400, 448)
>>> list(space.pairs_in(WorkUnit(0, 5, 8)))
[(1, 1), (1, 2), (1, 3)]
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Iterator

from search.space.lhs import RationalFunction, SignOf, count_lhs, enumerate_lhs
from cf.signs import SignPeriodError, parse_period_range, sign_periods
from search.space.limits import SpaceError, check_space

__all__ = ["SearchSpace", "WorkUnit", "SPACE_FORMAT", "SPACE_FORMAT_DIVISORS"]

SPACE_FORMAT = "esma.search-space/1"
"""Version tag hashed with every specification; bump it when the enumeration order changes."""
SPACE_FORMAT_DIVISORS = "esma.search-space/2"
"""Format 2: a period range A-B with A > 1 means every sign sequence with a period length in A..B
(the primitive words of the lengths' divisors included).  In format 1 it meant only the primitive
words of length A..B; a stored format-1 search keeps that meaning (``lengths_only``) and its
hash.  Ranges from 1 mean the same in both and keep format 1."""


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True, order=True)
class WorkUnit:
    """Pair indices ``start <= i < stop`` of a search space; ``index`` is the unit's ordinal.

    >>> WorkUnit(3, 30, 40, "ab12").id
    'ab12:30-40'
    """

    index: int
    start: int
    stop: int
    space_hash: str = ""

    @property
    def id(self) -> str:
        """Stable identifier ``"<space hash>:<start>-<stop>"``."""
        return f"{self.space_hash}:{self.start}-{self.stop}"

    def __len__(self) -> int:
        return self.stop - self.start


@dataclass(frozen=True)
class SearchSpace:
    """One ESMA search space; validated on construction (one-sentence :class:`SpaceError`).

    ``constant`` is the constant's name (for example ``"e"``); it is only checked for being a
    non-empty string here.  the limits are those of :func:`search.space.limits.check_space`.
    """

    constant: str
    degree: int
    coeff_limit: int
    j_min: int
    j_max: int
    lengths_only: bool = False
    """Only the primitive words of length j_min..j_max (a format-1 search stored by an older esma)."""

    def __post_init__(self) -> None:
        if not isinstance(self.constant, str) or not self.constant.strip():
            raise SpaceError("The constant of a search space must be a non-empty name, for example e.")
        object.__setattr__(self, "constant", self.constant.strip())
        check_space(self.degree, self.coeff_limit, self.j_min, self.j_max)
        if self.j_min == 1:  # both meanings agree
            object.__setattr__(self, "lengths_only", False)

    @classmethod
    def from_text(cls, constant: str, degree: int, coeff_limit: int, periods: str) -> SearchSpace:
        """Build from a period range written as text (``"1-3"`` or ``"2"``).

        >>> SearchSpace.from_text("pi", 1, 3, "2-4").j_max
        4
        """
        try:
            j_min, j_max = parse_period_range(periods)
        except SignPeriodError as exc:
            raise SpaceError(str(exc)) from None
        return cls(constant, degree, coeff_limit, j_min, j_max)

    @property
    def periods(self) -> tuple[str, ...]:
        """The sign periods, in :func:`cf.signs.sign_periods` order."""
        words = sign_periods(self.j_min, self.j_max)
        return tuple(w for w in words if len(w) >= self.j_min) if self.lengths_only else tuple(words)

    def lhs(self, sign_of: SignOf) -> Iterator[RationalFunction]:
        """The LHS classes in canonical form (positive at the constant), in enumeration order."""
        return enumerate_lhs(self.degree, self.coeff_limit, sign_of)

    def lhs_count(self) -> int:
        """Number of LHS classes (exact for a transcendental constant; see ``enumerate_lhs``)."""
        return count_lhs(self.degree, self.coeff_limit)

    def pair_count(self, lhs_count: int | None = None, period_count: int | None = None) -> int:
        """Number of (LHS, period) pairs; counts default to those of this space."""
        lhs_n = self.lhs_count() if lhs_count is None else lhs_count
        per_n = len(self.periods) if period_count is None else period_count
        return lhs_n * per_n

    def spec(self) -> dict[str, Any]:
        """The specification as a plain dict (what :meth:`space_hash` hashes)."""
        return {
            "format": SPACE_FORMAT if self.j_min == 1 or self.lengths_only else SPACE_FORMAT_DIVISORS,
            "constant": self.constant,
            "degree": self.degree,
            "coeff_limit": self.coeff_limit,
            "j_min": self.j_min,
            "j_max": self.j_max,
        }

    def space_hash(self) -> str:
        """sha256 (hex) of the canonical JSON of :meth:`spec`; identical on every run and machine."""
        text = json.dumps(self.spec(), sort_keys=True, separators=(",", ":"), ensure_ascii=True)
        return hashlib.sha256(text.encode("ascii")).hexdigest()

    def work_units(
        self, lhs_count: int | None = None, period_count: int | None = None, unit_size: int = 4096
    ) -> list[WorkUnit]:
        """Split ``range(lhs_count * period_count)`` into consecutive units of ``unit_size`` pairs.

        Units partition the pair index space exactly (no gap, no overlap); only the last unit can
        be shorter.  Counts default to those of this space.
        """
        lhs_n = self.lhs_count() if lhs_count is None else lhs_count
        per_n = len(self.periods) if period_count is None else period_count
        for name, value in (("LHS count", lhs_n), ("period count", per_n)):
            if not _is_int(value) or value < 0:
                raise SpaceError(f"The {name} must be a whole number of at least 0, not {value!r}.")
        if not _is_int(unit_size) or unit_size < 1:
            raise SpaceError(f"The work-unit size must be a whole number of at least 1, not {unit_size!r}.")
        total = lhs_n * per_n
        digest = self.space_hash()
        return [
            WorkUnit(index, start, min(start + unit_size, total), digest)
            for index, start in enumerate(range(0, total, unit_size))
        ]

    def pairs_in(self, unit: WorkUnit, period_count: int | None = None) -> Iterator[tuple[int, int]]:
        """``(lhs_index, period_index)`` for each pair index of ``unit``, in order."""
        if unit.space_hash and unit.space_hash != self.space_hash():
            raise SpaceError(f"The work unit {unit.id} belongs to another search space.")
        per_n = len(self.periods) if period_count is None else period_count
        if per_n < 1:
            raise SpaceError("A search space without sign periods has no pairs.")
        for i in range(unit.start, unit.stop):
            yield divmod(i, per_n)

