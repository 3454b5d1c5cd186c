"""Storing the results of a finished work unit, idempotently and in one transaction.

Completing a unit inserts its conjectures under the search's canonical constant (an existing
``(constant, lhs_key, signs)`` row is left alone), updates the families of the new ones, marks the unit done with its statistics and
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

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from db.coltypes import utcnow
from db.counters import refresh_search
from db.engine import Database
from db.errors import DatabaseError, NotFound
from db.families import add_members
from db.models import Conjecture, Constant, Search, SearchConjecture, WorkUnit
from db.records import record_to_row
from db.upsert import insert_many_ignore

IDENTITY = ("constant", "lhs_key", "signs")
_BY_KEY = select(Conjecture.id, Conjecture.lhs_key, Conjecture.signs).where(
    Conjecture.constant == bindparam("constant"), Conjecture.lhs_key.in_(bindparam("keys", expanding=True)))
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

    The conjectures are stored under the search's canonical constant name, whatever the
    records' ``constant`` says (a search of ``sqrt(e)`` after one of ``exp(1/2)`` stores nothing
    twice).  ``stats`` keys ``seconds``, ``pairs``, ``hits``, ``verified`` are recorded on the
    unit unless it is already done (no double counting).  The unit is accepted from any ``owner``
    (results are deterministic, so a late finisher of a reclaimed unit loses nothing and
    duplicates nothing).  When every unit of the search is done, the search becomes done.
    Rows are written with a few multi-row statements and each touched family is updated once.
    """
    if not isinstance(owner, str) or not owner.strip():
        raise DatabaseError("a lease owner must be a non-empty string")
    values = _check_stats(stats)
    checked = [record_to_row(rec, None, copy=False) for rec in records]  # every record checked before any write
    now = utcnow()
    with db.session(write=True) as session:
        unit = session.scalars(select(WorkUnit).where(WorkUnit.id == unit_id).with_for_update()).first()
        if unit is None:
            raise NotFound(f"no work unit with id {unit_id}")
        search = session.scalars(select(Search).where(Search.id == unit.search_id).with_for_update()).one()
        constant = session.scalar(select(Constant.name).where(Constant.id == search.constant_id))
        rows = _rows(checked, constant, unit.search_id, f"{search.spec_hash}:{unit.start}-{unit.stop}", now)
        new = insert_many_ignore(session, Conjecture.__table__, rows, IDENTITY, ("id", "lhs_key", "signs"))
        new_ids = {(key, signs): cid for cid, key, signs in new}
        links = [{"search_id": unit.search_id, "conjecture_id": cid} for cid in _ids(session, constant, rows, new_ids)]
        insert_many_ignore(session, SearchConjecture.__table__, links, ("search_id", "conjecture_id"),
                           ("conjecture_id",))
        members = []
        for row in rows:
            cid = new_ids.get((row["lhs_key"], row["signs"]))
            if cid is not None:
                row["id"] = cid
                members.append(row)
        add_members(session, members)
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
        return len(new)


def _rows(checked: list[dict[str, Any]], constant: str, search_id: int, unit_name: str,
          now: Any) -> list[dict[str, Any]]:
    """The unit's rows under ``constant``, once per identity, in identity order.

    A fixed insertion order: concurrent writers (PostgreSQL row locks on the unique index) take
    conjecture identities in the same order and cannot deadlock.
    """
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for row in checked:
        row["constant"], row["created_at"], row["search_id"] = constant, now, search_id
        if row["unit"] is None:
            row["unit"] = unit_name
        rows.setdefault((row["lhs_key"], row["signs"]), row)
    return [rows[ident] for ident in sorted(rows)]


def _ids(session: Session, constant: str, rows: list[dict[str, Any]], known: Mapping[tuple[str, str], int]) -> list[int]:
    """The ids of the stored conjectures of ``rows`` (all for ``constant``), sorted.

    ``known`` maps identities ``(lhs_key, signs)`` to ids already known (those just inserted);
    only the others are looked up.
    """
    out = [known[ident] for ident in ((row["lhs_key"], row["signs"]) for row in rows) if ident in known]
    wanted = {(row["lhs_key"], row["signs"]) for row in rows} - set(known)
    keys = sorted({key for key, _ in wanted})
    for i in range(0, len(keys), 500):
        found = session.execute(_BY_KEY, {"constant": constant, "keys": keys[i:i + 500]})
        out += [cid for cid, key, signs in found if (key, signs) in wanted]
    return sorted(out)
