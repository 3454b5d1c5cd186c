"""Storing the results of a finished work unit, idempotently and in one transaction.

Completing a unit inserts its conjectures (an existing ``(constant, lhs_key, signs)`` row is left
alone), refreshes the families they belong to, marks the unit done with its statistics and
refreshes its search's counters.  Completing the same unit again inserts nothing and changes
nothing, so a worker that crashed after writing (or a reclaimed unit finished twice) is harmless.

>>> from db import open_db, get_or_create_search, get_search, lease_units
>>> db = open_db("sqlite://")
>>> search_id, _ = get_or_create_search(db, {}, "spec-hash", "e", [(0, 0, 10)])
>>> (unit,) = lease_units(db, "worker-1", 1, 60)
>>> [complete_unit(db, unit.unit_id, "worker-1", [], {"pairs": 10, "hits": 2}) for _ in range(2)]
[0, 0]
>>> search = get_search(db, search_id)
>>> (search["status"], search["pairs_done"], search["hits"])          # counted once
('done', 10, 2)
>>> db.close()
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select

from db.coltypes import utcnow
from db.counters import refresh_search
from db.engine import Database
from db.errors import DatabaseError, NotFound
from db.families import refresh_family
from db.models import Conjecture, Search, SearchConjecture, WorkUnit
from db.records import check_record, lhs_key, record_to_row
from db.upsert import insert_ignore

IDENTITY = ("constant", "lhs_key", "signs")
STAT_KEYS = ("seconds", "pairs", "hits", "verified")


def _check_stats(stats: Mapping[str, Any]) -> dict[str, float | int]:
    """The unit statistics used (missing keys count as 0)."""
    if not isinstance(stats, Mapping):
        raise DatabaseError(f"the unit statistics must be a dict, not {type(stats).__name__}")
    out: dict[str, float | int] = {}
    for key in STAT_KEYS:
        value = stats.get(key, 0) or 0
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise DatabaseError(f"the unit statistic {key!r} must be a number >= 0, not {value!r}")
        out[key] = float(value) if key == "seconds" else int(value)
    return out


def complete_unit(db: Database, unit_id: int, owner: str, records: Sequence[Mapping[str, Any]],
                  stats: Mapping[str, Any]) -> int:
    """Store a finished unit's records and statistics; return the number of new conjectures.

    ``stats`` keys ``seconds``, ``pairs``, ``hits``, ``verified`` are recorded on the unit unless
    it is already done (no double counting).  The unit is accepted from any ``owner`` (results
    are deterministic, so a late finisher of a reclaimed unit loses nothing and duplicates
    nothing).  When every unit of the search is done, the search becomes done.
    """
    if not isinstance(owner, str) or not owner.strip():
        raise DatabaseError("a lease owner must be a non-empty string")
    values = _check_stats(stats)
    for rec in records:
        check_record(rec)
    # a fixed insertion order: concurrent writers (PostgreSQL row locks on the unique index) take
    # conjecture identities in the same order and cannot deadlock
    records = sorted(records, key=lambda rec: (rec["constant"], lhs_key(rec["lhs_num"], rec["lhs_den"]),
                                               rec["signs"]))
    now = utcnow()
    with db.session(write=True) as session:
        unit = session.scalars(select(WorkUnit).where(WorkUnit.id == unit_id).with_for_update()).first()
        if unit is None:
            raise NotFound(f"no work unit with id {unit_id}")
        search = session.scalars(select(Search).where(Search.id == unit.search_id).with_for_update()).one()
        inserted = 0
        families: dict[str, str] = {}
        for rec in records:
            row = record_to_row(rec, unit.search_id)
            row["created_at"] = now
            if row["unit"] is None:
                row["unit"] = f"{search.spec_hash}:{unit.start}-{unit.stop}"
            inserted += int(insert_ignore(session, Conjecture.__table__, row, IDENTITY))
            cid = session.scalar(select(Conjecture.id).where(*(getattr(Conjecture, c) == row[c] for c in IDENTITY)))
            insert_ignore(session, SearchConjecture.__table__, {"search_id": unit.search_id, "conjecture_id": cid},
                          ("search_id", "conjecture_id"))
            families.setdefault(row["family"], row["constant"])
        for key in sorted(families):
            refresh_family(session, key, families[key])
        if unit.status != "done":
            unit.status = "done"
            unit.finished_at = now
            unit.lease_owner = None
            unit.lease_expires = None
            unit.seconds = float(values["seconds"])
            unit.pairs = int(values["pairs"])
            unit.hits = int(values["hits"])
            unit.verified = int(values["verified"])
            session.flush()
        refresh_search(session, search, now)
        return inserted
