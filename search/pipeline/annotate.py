"""Post-processing of verified conjectures: family best members.

Within a family (same tail, see :mod:`cf.family`) the *best* member has the simplest
pattern (fewest transient terms and channel coefficients), then the simplest LHS (smallest
coefficients), then the fastest convergence: the order of :func:`cf.family.simplicity_key`,
which the database uses too.  (Known/new marks are set by the pipeline, from
:mod:`cf.classical`, the registry of classical continued fractions.)
"""

from __future__ import annotations

from typing import Any

from cf.family import simplicity_key


def record_simplicity(rec: dict[str, Any]) -> tuple:
    """:func:`cf.family.simplicity_key` of a plain conjecture record."""
    height = max(abs(c) for c in rec["lhs_num"] + rec["lhs_den"])
    return simplicity_key(rec["pattern_size"], len(rec["transient"]), height, rec["rate"], rec["lhs"], rec["signs"])


def annotate(records: list[dict[str, Any]]) -> None:
    """Set ``best_in_family`` on every record (in place)."""
    best: dict[str, dict[str, Any]] = {}
    for rec in records:
        fam = rec["family"]
        cur = best.get(fam)
        if cur is None or record_simplicity(rec) < record_simplicity(cur):
            best[fam] = rec
    for rec in records:
        rec["best_in_family"] = best[rec["family"]] is rec
