"""Post-processing of verified conjectures: family best members.

Within a family (same tail, see :mod:`search.family`) the *best* member has the simplest
pattern (fewest transient terms and channel coefficients), then the simplest LHS (smallest
coefficients), then the fastest convergence.  (Known/new marks are set by the pipeline, from
:mod:`search.classics`.)
"""

from __future__ import annotations

from typing import Any


def simplicity_key(rec: dict[str, Any]) -> tuple:
    height = max(abs(c) for c in rec["lhs_num"] + rec["lhs_den"])
    return (rec["pattern_size"], len(rec["transient"]), height, -(rec["rate"] or 0.0), rec["lhs"], rec["signs"])


def annotate(records: list[dict[str, Any]]) -> None:
    """Set ``best_in_family`` on every record (in place)."""
    best: dict[str, dict[str, Any]] = {}
    for rec in records:
        fam = rec["family"]
        cur = best.get(fam)
        if cur is None or simplicity_key(rec) < simplicity_key(cur):
            best[fam] = rec
    for rec in records:
        rec["best_in_family"] = best[rec["family"]] is rec
