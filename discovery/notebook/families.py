"""Families for notebooks: one entry per (constant, family), like the text of ``esma conjectures list``.

A family is a set of results for one constant whose continued fractions share a tail: one
discovery, however many LHS and sign periods express it.  :func:`families` groups the conjectures
that match the filters of :func:`.database.conjectures` (with :func:`discovery.cli.families.summarize`,
the command line's own grouping) into a :class:`FamilyList` of :class:`Family`: the best member
(a :class:`Conjecture`), the number of members, known/new (and which classical formula),
proved/open (a family is proved when its best member is, from which registry formula) and the
best rate of any member.

>>> rows = [{"id": 1, "constant": "e", "family": "F", "lhs": "c - 1", "lhs_num": [-1, 1], "lhs_den": [1],
...          "signs": "+", "transient": [], "channels": ["1", "1", "2*k + 2"], "pattern_size": 4, "rate": 1.8,
...          "verified_digits": 1000, "known": True, "known_as": "Euler", "proof_status": "proved",
...          "proof": {"kind": "certificate", "source": "Euler", "certificate": {}}},
...         {"id": 2, "constant": "e", "family": "F", "lhs": "c", "lhs_num": [0, 1], "lhs_den": [1],
...          "signs": "+", "transient": [2], "channels": ["1", "2*k + 2", "1"], "pattern_size": 5, "rate": 1.9,
...          "verified_digits": 1000, "known": True, "known_as": "Euler"}]
>>> fams = FamilyList.of(rows)
>>> [(f.best.id, f.members, f.best_rate, f.status, f.proved, f.proved_from) for f in fams]
[(1, 2, 1.9, 'known (Euler)', True, 'Euler')]
>>> fams[0].row()["pattern"], len(fams.known()), len(fams.new()), len(fams.proved()), len(fams.open())
('[(1, 1, 2*k + 2)]', 1, 0, 1, 0)
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .conjecture import Conjecture

__all__ = ["FAMILY_COLUMNS", "Family", "FamilyList", "families"]

#: The columns of :meth:`FamilyList.to_frame`.
FAMILY_COLUMNS = ["constant", "family", "id", "lhs", "signs", "pattern", "members", "known", "known_as",
                  "proved", "proved_from", "best_rate", "verified_digits"]


def _has_pandas() -> bool:
    import importlib.util

    return importlib.util.find_spec("pandas") is not None


@dataclass(frozen=True)
class Family:
    """One family of one constant: its best member, its size, known/new, the best rate of any member,
    and whether it is proved (its best member is; ``proved_from``: the registry formula)."""

    constant: str
    key: str
    best: Conjecture
    members: int
    known: bool
    known_as: str | None
    best_rate: float
    proved: bool = False
    proved_from: str | None = None

    @property
    def proof_status(self) -> str:
        """``proved`` or ``open``."""
        return "proved" if self.proved else "open"

    @property
    def status(self) -> str:
        """``new``, ``known`` or ``known (<the classical formula>)``."""
        if not self.known:
            return "new"
        return f"known ({self.known_as})" if self.known_as else "known"

    def row(self) -> dict[str, Any]:
        """The family as one flat row (the :data:`FAMILY_COLUMNS`)."""
        from discovery.cli.families import pattern_text

        r = self.best.record
        return {"constant": self.constant, "family": self.key, "id": r.get("id"), "lhs": r["lhs"],
                "signs": r["signs"], "pattern": pattern_text(r), "members": self.members, "known": self.known,
                "known_as": self.known_as, "proved": self.proved, "proved_from": self.proved_from,
                "best_rate": self.best_rate, "verified_digits": r["verified_digits"]}

    def _repr_html_(self) -> str:
        return (f"<p>{html.escape(self.constant)}: family of {self.members} members, {html.escape(self.status)}, "
                f"{html.escape(self.proof_status)}, "
                f"best rate {self.best_rate:.3f} digits/term; its best member:</p>" + self.best._repr_html_())


class FamilyList(list):
    """A list of :class:`Family` with a table view (``to_frame``) and known/new filters."""

    @classmethod
    def of(cls, rows: Iterable[dict[str, Any]], sort: str = "digits") -> FamilyList:
        """The families of conjecture ``rows``, one per (constant, family), in ``sort`` order (as the CLI)."""
        from discovery.cli.families import sort_families, summarize

        out = cls()
        for f in sort_families(summarize(rows), sort):
            best = {k: v for k, v in f.items() if k not in ("members", "best_rate", "proved", "proved_from")}
            out.append(Family(f["constant"], f["family"], Conjecture(best), f["members"], f["known"],
                              f["known_as"], f["best_rate"], f["proved"], f["proved_from"]))
        return out

    def to_frame(self, columns: Iterable[str] | None = None) -> Any:
        """A pandas DataFrame of ``columns`` (default :data:`FAMILY_COLUMNS`), or a list of dicts without pandas."""
        cols = list(columns) if columns is not None else list(FAMILY_COLUMNS)
        rows = [{k: f.row()[k] for k in cols} for f in self]
        if not _has_pandas():
            return rows
        import pandas as pd

        return pd.DataFrame(rows, columns=cols)

    def known(self) -> FamilyList:
        """The families of a classical formula."""
        return FamilyList(f for f in self if f.known)

    def new(self) -> FamilyList:
        """The families that match no classical formula."""
        return FamilyList(f for f in self if not f.known)

    def proved(self) -> FamilyList:
        """The proved families (their best member is a theorem)."""
        return FamilyList(f for f in self if f.proved)

    def open(self) -> FamilyList:
        """The open families (verified by digits only)."""
        return FamilyList(f for f in self if not f.proved)

    def _repr_html_(self) -> str:
        if not self:
            return "<p><i>(no families)</i></p>"
        head = ["constant", "id", "lhs", "signs", "pattern", "members", "status", "proof", "best rate", "digits"]
        th = "".join(f'<th style="text-align:left">{h}</th>' for h in head)
        body = ""
        for f in self:
            r = f.row()
            cells = [r["constant"], r["id"] if r["id"] is not None else "", r["lhs"], repr(r["signs"]), r["pattern"],
                     r["members"], f.status, f.proof_status, f"{r['best_rate']:.3f}", r["verified_digits"]]
            body += "<tr>" + "".join(f'<td style="text-align:left">{html.escape(str(c))}</td>' for c in cells) + "</tr>"
        rows = sum(f.members for f in self)
        return (f'<table class="esma-families"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'
                f"<p><small>{len(self)} families ({len(self.known())} known, {len(self.new())} new) "
                f"from {rows} verified formulas; {len(self.proved())} proved, {len(self.open())} open</small></p>")


def families(db: Any = None, *, sort: str = "digits", limit: int | None = None, **filters: Any) -> FamilyList:
    """The families of the stored conjectures matching ``filters`` (those of :func:`.database.conjectures`:
    ``constant``, ``known``, ``new``, ``min_digits``, ``min_rate``, ``search_id``), in ``sort`` order
    (``digits``, ``rate`` = best rate, ``simplicity``, ``created``), at most ``limit`` families."""
    from .database import conjectures

    if "best_per_family" in filters:
        raise ValueError("families() groups every matching conjecture; best_per_family does not apply")
    rows = conjectures(db, sort="simplicity", **filters).records()
    out = FamilyList.of(rows, sort)
    return FamilyList(out[:limit]) if limit is not None else out
