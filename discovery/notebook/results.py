"""Lists of conjectures: table views (``to_frame``, ``records``, an HTML table) and family helpers.

>>> rows = ConjectureList(Conjecture(r) for r in [
...     {"id": 1, "lhs": "c - 1", "family": "F1", "best_in_family": True, "known": True},
...     {"id": 2, "lhs": "2*c - 2", "family": "F1", "best_in_family": False, "known": False}])
>>> type(rows[:1]).__name__, [r["lhs"] for r in rows.records()]
('ConjectureList', ['c - 1', '2*c - 2'])
>>> [c.id for c in rows.best()], list(rows.families()), [c.id for c in rows.new()]
([1], ['F1'], [2])
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

from .conjecture import Conjecture

__all__ = ["COLUMNS", "ConjectureList"]

#: The columns of :meth:`ConjectureList.to_frame` (the ``esma conjectures list`` columns and a few more).
COLUMNS = ["id", "constant", "lhs", "signs", "transient", "period", "channels", "verified_digits", "rate",
           "simple_rate", "family", "best_in_family", "known", "known_as"]

_HEAD = ["id", "constant", "lhs", "signs", "pattern", "digits", "rate", "family", "status"]


def _row_html(c: Conjecture) -> str:
    """One conjecture as a row of the HTML table (every cell escaped)."""
    r = c.record
    pattern = "; ".join(c.general_term())
    if r.get("transient"):
        pattern = f"[{', '.join(map(str, r['transient']))}] then " + pattern
    cells = [r.get("id", ""), r["constant"], r["lhs"], repr(r["signs"]), pattern, r["verified_digits"],
             f"{r['rate']:.3f}", str(r.get("family", "")) + ("" if r.get("best_in_family") else " *"), c._status()]
    return "<tr>" + "".join(f'<td style="text-align:left">{html.escape(str(x))}</td>' for x in cells) + "</tr>"


class ConjectureList(list):
    """A list of :class:`Conjecture` with table views (``to_frame``, ``records``) and family helpers."""

    def __getitem__(self, i: Any) -> Any:
        out = super().__getitem__(i)
        return ConjectureList(out) if isinstance(i, slice) else out

    def records(self) -> list[dict[str, Any]]:
        """The full record dicts (copies)."""
        return [dict(c.record) for c in self]

    def to_frame(self, columns: Iterable[str] | None = None) -> Any:
        """A pandas DataFrame of ``columns`` (default :data:`COLUMNS`) when pandas is installed,
        otherwise a list of dicts with those keys (same rows, same order)."""
        cols = list(columns) if columns is not None else list(COLUMNS)
        rows = [{k: c.record.get(k) for k in cols} for c in self]
        try:
            import pandas as pd
        except ImportError:
            return rows
        return pd.DataFrame(rows, columns=cols)

    def best(self) -> ConjectureList:
        """The best member of each family, in the current order."""
        return ConjectureList(c for c in self if c.record.get("best_in_family"))

    def families(self) -> dict[str, ConjectureList]:
        """Family key -> its members (best member first, then in the current order)."""
        out: dict[str, ConjectureList] = {}
        for c in self:
            out.setdefault(c.record.get("family"), ConjectureList()).append(c)
        for members in out.values():
            members.sort(key=lambda c: not c.record.get("best_in_family"))
        return out

    def known(self) -> ConjectureList:
        """The conjectures that match a classical formula, in the current order."""
        return ConjectureList(c for c in self if c.record.get("known"))

    def new(self) -> ConjectureList:
        """The conjectures that match no classical formula, in the current order."""
        return ConjectureList(c for c in self if not c.record.get("known"))

    def _repr_html_(self) -> str:
        if not self:
            return "<p><i>(no conjectures)</i></p>"
        th = "".join(f'<th style="text-align:left">{h}</th>' for h in _HEAD)
        rows = "".join(_row_html(c) for c in self)
        return (f'<table class="esma-conjectures"><thead><tr>{th}</tr></thead><tbody>{rows}</tbody></table>'
                f"<p><small>{len(self)} conjectures; * = not the best member of its family</small></p>")

    def __repr__(self) -> str:
        return "ConjectureList([" + ",\n ".join(repr(c) for c in self) + "])"
