"""Leasing work units to workers (daemons), renewing and releasing leases.

An *owner* is any string naming one running worker process, unique among the processes that
share the database (the daemon uses ``host:pid:random``).  A lease lasts
``lease_seconds`` from the time it is taken or renewed.  A unit can be taken when it is pending,
when its lease has expired, or when its owner is listed in ``reclaim_from`` (a restarted daemon
names its dead predecessor to take its units back at once).

Correctness with several processes: the select and the updates run in one write transaction
(``BEGIN IMMEDIATE`` on SQLite, ``FOR UPDATE SKIP LOCKED`` on PostgreSQL), and each update is a
compare-and-set that re-checks that the unit is still takeable, so a unit is never leased twice.

>>> from db import open_db, get_or_create_search
>>> db = open_db("sqlite://")
>>> search_id, _ = get_or_create_search(db, {}, "spec-hash", "e", [(0, 0, 10), (1, 10, 20)])
>>> [(u.index, u.start, u.stop) for u in lease_units(db, "host:1:ab", limit=1, lease_seconds=60)]
[(0, 0, 10)]
>>> lease_owners(db), release_units(db, "host:1:ab")
(['host:1:ab'], 1)
>>> db.close()
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select, update

from db.coltypes import in_seconds, utcnow
from db.engine import Database
from db.errors import DatabaseError
from db.models import Search, WorkUnit

LEASABLE_SEARCH_STATUSES = ("queued", "running")


@dataclass(frozen=True)
class LeasedUnit:
    """A work unit leased to a worker: pair indices ``start <= i < stop`` of search ``search_id``."""

    unit_id: int
    search_id: int
    index: int
    start: int
    stop: int
    spec: dict[str, Any]


def _check_owner(owner: str) -> None:
    """Refuse an owner that is not a non-empty string."""
    if not isinstance(owner, str) or not owner.strip():
        raise DatabaseError("a lease owner must be a non-empty string")


def _check_seconds(lease_seconds: float) -> None:
    """Refuse a lease duration that is not a number of seconds >= 0."""
    if isinstance(lease_seconds, bool) or not isinstance(lease_seconds, (int, float)) or not lease_seconds >= 0:
        raise DatabaseError(f"the lease duration must be a number of seconds >= 0, not {lease_seconds!r}")


def takeable(now: datetime, reclaim_from: Collection[str] = ()) -> ColumnElement[bool]:
    """SQL condition: the unit is pending, or leased with an expired lease or a reclaimed owner."""
    free = [WorkUnit.lease_expires.is_(None), WorkUnit.lease_expires < now]
    if reclaim_from:
        free.append(WorkUnit.lease_owner.in_(sorted(set(reclaim_from))))
    return or_(WorkUnit.status == "pending", and_(WorkUnit.status == "leased", or_(*free)))


def lease_units(db: Database, owner: str, limit: int, lease_seconds: float,
                search_id: int | None = None, reclaim_from: Collection[str] = ()) -> list[LeasedUnit]:
    """Lease up to ``limit`` takeable units to ``owner`` for ``lease_seconds``.

    Only units of queued or running searches (of ``search_id`` if given) are taken: highest
    priority first, then the oldest search, then the unit index.  Each lease increments the
    unit's ``attempts``; a queued search becomes running (``started_at`` set once).
    """
    _check_owner(owner)
    _check_seconds(lease_seconds)
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise DatabaseError(f"the lease limit must be a whole number >= 0, not {limit!r}")
    if isinstance(reclaim_from, str):
        reclaim_from = (reclaim_from,)
    if limit == 0:
        return []
    now = utcnow()
    expires = in_seconds(float(lease_seconds), now)
    condition = takeable(now, reclaim_from)
    with db.session(write=True) as session:
        stmt = (
            select(WorkUnit.id, WorkUnit.search_id, WorkUnit.index, WorkUnit.start, WorkUnit.stop)
            .join(Search, Search.id == WorkUnit.search_id)
            .where(Search.status.in_(LEASABLE_SEARCH_STATUSES), condition)
            .order_by(Search.priority.desc(), Search.created_at, Search.id, WorkUnit.index)
            .limit(limit)
        )
        if search_id is not None:
            stmt = stmt.where(WorkUnit.search_id == search_id)
        if db.dialect == "postgresql":
            stmt = stmt.with_for_update(of=WorkUnit, skip_locked=True)
        leased = []
        for row in session.execute(stmt).all():
            result = session.execute(
                update(WorkUnit)
                .where(WorkUnit.id == row.id, condition)
                .values(status="leased", lease_owner=owner, lease_expires=expires,
                        attempts=WorkUnit.attempts + 1, started_at=now)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount == 1:
                leased.append(row)
        if not leased:
            return []
        specs: dict[int, dict[str, Any]] = {}
        for search in session.scalars(select(Search).where(Search.id.in_({r.search_id for r in leased}))):
            if search.status == "queued":
                search.status = "running"
            if search.started_at is None:
                search.started_at = now
            specs[search.id] = search.spec
        return [LeasedUnit(r.id, r.search_id, r.index, r.start, r.stop, specs[r.search_id]) for r in leased]


def renew_leases(db: Database, owner: str, unit_ids: Collection[int], lease_seconds: float) -> int:
    """Extend ``owner``'s leases on ``unit_ids`` to ``lease_seconds`` from now; return how many.

    Units that were reclaimed by another owner (or completed) are not renewed.
    """
    _check_owner(owner)
    _check_seconds(lease_seconds)
    ids = sorted(set(unit_ids))
    if not ids:
        return 0
    with db.session(write=True) as session:
        result = session.execute(
            update(WorkUnit)
            .where(WorkUnit.id.in_(ids), WorkUnit.lease_owner == owner, WorkUnit.status == "leased")
            .values(lease_expires=in_seconds(float(lease_seconds)))
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)


def release_units(db: Database, owner: str, unit_ids: Collection[int] | None = None) -> int:
    """Put ``owner``'s leased units (all, or those in ``unit_ids``) back to pending; return how many."""
    _check_owner(owner)
    conditions = [WorkUnit.lease_owner == owner, WorkUnit.status == "leased"]
    if unit_ids is not None:
        ids = sorted(set(unit_ids))
        if not ids:
            return 0
        conditions.append(WorkUnit.id.in_(ids))
    with db.session(write=True) as session:
        result = session.execute(
            update(WorkUnit).where(*conditions)
            .values(status="pending", lease_owner=None, lease_expires=None)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount)


def lease_owners(db: Database) -> list[str]:
    """The distinct owners of units currently leased (a restarted daemon looks for its predecessors)."""
    with db.session() as session:
        rows = session.scalars(
            select(WorkUnit.lease_owner).where(WorkUnit.status == "leased", WorkUnit.lease_owner.is_not(None)).distinct()
        )
        return sorted(r for r in rows if r)
