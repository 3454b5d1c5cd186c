"""Searches: creation with their work units, listing, progress, cancel and resume.

A search is identified by its ``spec_hash``; creating it again returns the existing row.
Statuses: ``queued`` (nothing leased yet) -> ``running`` (first lease) -> ``done`` (every unit
done); ``cancelled`` searches are skipped by leasing until resumed (back to ``queued``).

>>> from db import open_db
>>> db = open_db("sqlite://")
>>> get_or_create_search(db, {"constant": "e"}, "spec-hash", "e", [(0, 0, 10)], priority=2)
(1, True)
>>> get_or_create_search(db, {"constant": "e"}, "spec-hash", "e", [(0, 0, 10)])   # known: untouched
(1, False)
>>> [(s["id"], s["status"], s["priority"]) for s in list_searches(db)]
[(1, 'queued', 2)]
>>> cancel_search(db, 1)["status"], resume_search(db, 1)["status"]
('cancelled', 'queued')
>>> db.close()
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import exc as sa_exc
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from db.coltypes import iso, utcnow
from db.counters import search_totals
from db.engine import Database
from db.errors import DatabaseError, NotFound
from db.constants import register_in
from db.models import Constant, Search, WorkUnit


def _check_units(units: Sequence[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Validate ``(index, start, stop)`` triples: whole numbers, ``0 <= start <= stop``, unique index."""
    out: list[tuple[int, int, int]] = []
    seen: set[int] = set()
    for unit in units:
        try:
            index, start, stop = unit
        except (TypeError, ValueError):
            raise DatabaseError(f"a work unit must be (index, start, stop), not {unit!r}") from None
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (index, start, stop)):
            raise DatabaseError(f"the work unit {unit!r} must hold whole numbers")
        if not 0 <= start <= stop:
            raise DatabaseError(f"the work unit {unit!r} must have 0 <= start <= stop")
        if index in seen:
            raise DatabaseError(f"the work unit index {index} appears twice")
        seen.add(index)
        out.append((index, start, stop))
    return out


def constant_id(session: Session, name: str, now: datetime | None = None, value_text: str | None = None) -> int:
    """The id of the constant called ``name`` (or of value ``value_text``), registered if new."""
    return int(register_in(session, name, value_text, now).id)


def get_or_create_search(db: Database, spec: Mapping[str, Any], spec_hash: str, constant: str,
                         units: Sequence[tuple[int, int, int]], priority: int = 0,
                         value_text: str | None = None) -> tuple[int, bool]:
    """Return ``(search id, created?)``; a known ``spec_hash`` returns the existing search untouched.

    ``units`` are ``(index, start, stop)`` pair ranges.  A search without units is done at once.
    Higher ``priority`` searches are leased first.  The search refers to the constant
    ``constant`` names, identified by ``value_text`` when given (:func:`db.constants.register_constant`:
    a new name of a known value becomes an alias); the constant is registered even when the
    search exists, so an old constant without a value gets one.
    """
    if not isinstance(spec_hash, str) or not spec_hash:
        raise DatabaseError("a search needs a non-empty specification hash")
    if not isinstance(constant, str) or not constant.strip():
        raise DatabaseError("a search needs a constant name")
    if not isinstance(priority, int) or isinstance(priority, bool):
        raise DatabaseError(f"the search priority must be a whole number, not {priority!r}")
    try:
        spec_copy = json.loads(json.dumps(dict(spec)))
    except (TypeError, ValueError):
        raise DatabaseError("the search specification must be a JSON-serializable dict") from None
    rows = _check_units(units)
    try:
        return _create(db, spec_copy, spec_hash, constant.strip(), rows, priority, value_text)
    except DatabaseError as exc:
        # another process inserted the same hash between our check and our insert
        if not isinstance(exc.__cause__, sa_exc.IntegrityError):
            raise
        with db.session() as session:
            found = session.scalar(select(Search.id).where(Search.spec_hash == spec_hash))
        if found is None:
            raise
        return int(found), False


def _create(db: Database, spec: dict[str, Any], spec_hash: str, constant: str,
            rows: list[tuple[int, int, int]], priority: int, value_text: str | None) -> tuple[int, bool]:
    """Insert the search and its units unless its hash is known; ``(id, created?)``."""
    with db.session(write=True) as session:
        now = utcnow()
        cid = constant_id(session, constant, now, value_text)
        found = session.scalar(select(Search.id).where(Search.spec_hash == spec_hash))
        if found is not None:
            return int(found), False
        search = Search(
            constant_id=cid, spec=spec, spec_hash=spec_hash,
            status="queued" if rows else "done", priority=priority, created_at=now, updated_at=now,
            finished_at=None if rows else now, units_total=len(rows), units_done=0,
            pairs_total=sum(stop - start for _, start, stop in rows), pairs_done=0, hits=0,
            verified=0, seconds=0.0,
        )
        session.add(search)
        session.flush()
        if rows:
            session.execute(insert(WorkUnit), [
                {"search_id": search.id, "index": index, "start": start, "stop": stop,
                 "status": "pending", "attempts": 0, "seconds": 0.0, "pairs": 0, "hits": 0,
                 "verified": 0}
                for index, start, stop in rows
            ])
        return int(search.id), True


def search_to_dict(search: Search, constant: str) -> dict[str, Any]:
    """A search row as plain values (timestamps as ISO text)."""
    return {
        "id": search.id,
        "constant": constant,
        "spec": search.spec,
        "spec_hash": search.spec_hash,
        "status": search.status,
        "priority": search.priority,
        "created_at": iso(search.created_at),
        "updated_at": iso(search.updated_at),
        "started_at": iso(search.started_at),
        "finished_at": iso(search.finished_at),
        "units_total": search.units_total,
        "units_done": search.units_done,
        "pairs_total": search.pairs_total,
        "pairs_done": search.pairs_done,
        "hits": search.hits,
        "verified": search.verified,
        "seconds": search.seconds,
    }


def _load(session: Session, search_id: int, lock: bool = False) -> tuple[Search, str]:
    """A search row and its constant's name (row-locked if ``lock``); :class:`NotFound` if missing."""
    stmt = (select(Search, Constant.name).join(Constant, Constant.id == Search.constant_id)
            .where(Search.id == search_id))
    if lock:
        stmt = stmt.with_for_update(of=Search)
    row = session.execute(stmt).first()
    if row is None:
        raise NotFound(f"no search with id {search_id}")
    return row[0], row[1]


def list_searches(db: Database) -> list[dict[str, Any]]:
    """Every search, oldest first."""
    with db.session() as session:
        rows = session.execute(
            select(Search, Constant.name).join(Constant, Constant.id == Search.constant_id).order_by(Search.id)
        ).all()
        return [search_to_dict(search, name) for search, name in rows]


def get_search(db: Database, search_id: int) -> dict[str, Any]:
    """One search; :class:`NotFound` ("no search with id 42") if missing."""
    with db.session() as session:
        return search_to_dict(*_load(session, search_id))


def cancel_search(db: Database, search_id: int) -> dict[str, Any]:
    """queued/running -> cancelled (a no-op when already cancelled); returns the search.

    Pending units stay pending and leased units keep their lease (a daemon may still complete
    them); leasing skips cancelled searches.  A done search cannot be cancelled.
    """
    with db.session(write=True) as session:
        search, name = _load(session, search_id, lock=True)
        if search.status == "done":
            raise DatabaseError(f"search {search_id} is already done and cannot be cancelled")
        if search.status != "cancelled":
            search.status = "cancelled"
        session.flush()
        return search_to_dict(search, name)


def resume_search(db: Database, search_id: int) -> dict[str, Any]:
    """cancelled -> queued, and this search's expired leases back to pending; returns the search."""
    now = utcnow()
    with db.session(write=True) as session:
        search, name = _load(session, search_id, lock=True)
        if search.status == "cancelled":
            search.status = "queued"
        session.execute(
            update(WorkUnit)
            .where(WorkUnit.search_id == search_id, WorkUnit.status == "leased",
                   WorkUnit.lease_expires < now)
            .values(status="pending", lease_owner=None, lease_expires=None)
        )
        session.flush()
        return search_to_dict(search, name)


def search_progress(db: Database, search_id: int) -> dict[str, Any]:
    """Progress of a search from its units: counts, pairs, timing and rates.

    ``elapsed_seconds`` is wall time since the first lease (to ``finished_at`` or now);
    ``pairs_per_second`` is ``pairs_done / elapsed_seconds``; ``unit_pairs_per_second`` is
    ``pairs_done`` over the summed unit compute time (one worker's speed); ``eta_seconds`` is an
    estimate from the wall rate, None when it cannot be estimated.
    """
    now = utcnow()
    with db.session() as session:
        search, name = _load(session, search_id)
        totals = search_totals(session, search_id)
    elapsed = None
    if search.started_at is not None:
        elapsed = max(0.0, ((search.finished_at or now) - search.started_at).total_seconds())
    wall_rate = totals.pairs_done / elapsed if elapsed and totals.pairs_done else None
    remaining = totals.pairs_total - totals.pairs_done
    eta = None
    if search.status == "done":
        eta = 0.0
    elif search.status == "running" and wall_rate:
        eta = remaining / wall_rate
    return {
        "id": search.id,
        "constant": name,
        "status": search.status,
        "priority": search.priority,
        "units_total": totals.units_total,
        "units_done": totals.units_done,
        "units_leased": totals.units_leased,
        "units_pending": totals.units_pending,
        "pairs_total": totals.pairs_total,
        "pairs_done": totals.pairs_done,
        "fraction_done": totals.pairs_done / totals.pairs_total if totals.pairs_total else 1.0,
        "hits": totals.hits,
        "verified": totals.verified,
        "seconds": totals.seconds,
        "created_at": iso(search.created_at),
        "started_at": iso(search.started_at),
        "finished_at": iso(search.finished_at),
        "elapsed_seconds": elapsed,
        "pairs_per_second": wall_rate,
        "unit_pairs_per_second": totals.pairs_done / totals.seconds if totals.seconds > 0 else None,
        "eta_seconds": eta,
    }
