"""Validation once per family: members derived exactly from their family's representative.

The first member of a family that a worker validates (high-precision evaluation of its LHS
against its continued fraction, :mod:`search.pipeline.candidate`) becomes the family's
*representative* for this constant and this validation setting.  A later hit of the same family
needs neither the cascade nor a high-precision evaluation: both fractions share a tail, so the
member's LHS equals its continued fraction exactly when an identity of integer polynomials
holds (:func:`cf.derivation.derives`).  The member is exactly as well established as the
representative; the digits it claims are those its own fraction supports (found as in the
evaluated path, at most ``check_digits``), and it says how it was validated: ``validation`` is
``"derived"`` and ``derived_from`` names the representative.  Its own certified screening terms
already matched the decoded pattern: that is the independent spot check.  When the identity
fails, the member takes the full path (for a transcendental constant it is false, for an
algebraic one only the evaluation can tell).

>>> from cf.pattern import InterlacedSequence
>>> from cf.polynomial import Polynomial as P
>>> book = Representatives()
>>> e = InterlacedSequence((2,), (P((1,)), P((2, 2)), P((1,))))
>>> book.add("F1", Representative(e, "+", ((0, 1), (1,)), "c", 1000))
>>> tail = InterlacedSequence((1,), (P((1,)), P((4, 2)), P((1,))))   # e's tail from index 3
>>> book.derive("F1", tail, "+", ((-3, 1), (8, -3))).lhs_text          # (c - 3)/(8 - 3c)
'c'
>>> book.derive("F1", tail, "+", ((-3, 1), (8, -2))) is None
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from cf.derivation import derives
from cf.pattern import InterlacedSequence


@dataclass(frozen=True)
class Representative:
    """A validated member: its pattern, sign period, LHS, and the digits it was validated to."""

    pattern: InterlacedSequence
    signs: str
    lhs: tuple[Sequence[int], Sequence[int]]   # (numerator, denominator), lowest degree first
    lhs_text: str
    verified_digits: int
    proof_source: str | None = None            # the registry formula it is proved from, None if it is not proved
    proof_note: str | None = None              # why it is not proved

    @property
    def label(self) -> str:
        """How a derived member names it: ``"<lhs> | <signs>"``."""
        return f"{self.lhs_text} | {self.signs}"


class Representatives:
    """The representatives one worker validated, per family key (for one constant and setting)."""

    def __init__(self) -> None:
        self._by_family: dict[str, Representative] = {}

    def __len__(self) -> int:
        return len(self._by_family)

    def add(self, family: str, rep: Representative) -> None:
        """Make ``rep`` the representative of ``family`` unless one validated to as many digits exists."""
        current = self._by_family.get(family)
        if current is None or rep.verified_digits > current.verified_digits:
            self._by_family[family] = rep

    def items(self) -> list[tuple[str, Representative]]:
        """``(family, representative)`` pairs, to hand to another worker's book."""
        return list(self._by_family.items())

    def derive(self, family: str, pattern: InterlacedSequence, signs: str,
               lhs: tuple[Sequence[int], Sequence[int]]) -> Representative | None:
        """The representative from which ``lhs(c) = SICF(signs, pattern)`` follows exactly, or None."""
        rep = self._by_family.get(family)
        if rep is None or (rep.signs == signs and _same_lhs(rep.lhs, lhs)):
            return None  # nothing to derive from, or the member is the representative (a unit run again)
        if not derives(rep.pattern, rep.signs, rep.lhs, pattern, signs, lhs):
            return None
        return rep


def _same_lhs(a: tuple[Sequence[int], Sequence[int]], b: tuple[Sequence[int], Sequence[int]]) -> bool:
    return tuple(a[0]) == tuple(b[0]) and tuple(a[1]) == tuple(b[1])


class SharedRepresentatives:
    """The parent's collection of representatives validated by any worker of one search.

    Each worker keeps its own :class:`Representatives`; without this, every worker validates
    its own member of each family.  The parent collects the evaluated records of finished
    units and hands the snapshot to the units it submits next, which add it to their book.

    >>> from search.pipeline.record import ConjectureRecord
    >>> shared = SharedRepresentatives()
    >>> shared.collect([ConjectureRecord.example().as_dict()])
    >>> [(family, rep.label, rep.verified_digits) for family, rep in shared.snapshot()]
    [('example', 'c | +', 1000)]
    """

    def __init__(self) -> None:
        self._book = Representatives()

    def collect(self, records: Sequence[dict]) -> None:
        """Take the evaluated records' members as representatives (derived ones add nothing)."""
        from search.pipeline.record import pattern_of

        for rec in records:
            if rec.get("validation") == "evaluated" and rec.get("family"):
                proof = rec.get("proof") if rec.get("proof_status") == "proved" else None
                rep = Representative(pattern_of(rec).a, rec["signs"], (tuple(rec["lhs_num"]), tuple(rec["lhs_den"])),
                                     rec["lhs"], int(rec["verified_digits"]), proof["source"] if proof else None,
                                     rec.get("proof_note"))
                self._book.add(rec["family"], rep)

    def snapshot(self) -> tuple[tuple[str, Representative], ...]:
        return tuple(self._book.items())
