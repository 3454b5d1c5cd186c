"""Database facts (``db_info``) and a consistency check (``db_check``).

>>> from db import open_db
>>> with open_db("sqlite://") as db:
...     info = db_info(db)
...     problems = db_check(db)
>>> (info["schema_version"], info["schema_revision"], info["counts"]["searches"], problems)
(6, '0006', 0, [])
"""

from __future__ import annotations

import math
from typing import Any

from sqlalchemy import and_, case, func, select, text

from db.counters import search_totals
from db.engine import Database
from db.migrations import HEAD_REVISION, SCHEMA_VERSION, read_revision, read_version
from db.models import Conjecture, Constant, Family, Search, WorkUnit


def db_info(db: Database) -> dict[str, Any]:
    """Where the database is, its dialect, schema version and Alembic revision, row counts and file size."""
    with db.session() as session:
        counts = {
            name: int(session.scalar(select(func.count()).select_from(model)) or 0)
            for name, model in (("constants", Constant), ("searches", Search), ("units", WorkUnit),
                                ("conjectures", Conjecture), ("families", Family))
        }
        version = read_version(session.connection(), db.where)
        revision = read_revision(session.connection(), db.where)
    info: dict[str, Any] = {
        "url": db.where if db.path is None else f"sqlite:///{db.path}",
        "path": str(db.path) if db.path is not None else None,
        "dialect": db.dialect,
        "schema_version": version,
        "schema_revision": revision,
        "counts": counts,
        "file_size": None,
    }
    if db.path is not None and db.path.exists():
        info["file_size"] = db.path.stat().st_size
    return info


def _sqlite_problems(db: Database) -> list[str]:
    """SQLite's own integrity and foreign key checks."""
    problems: list[str] = []
    with db.session() as session:
        rows = [r[0] for r in session.execute(text("PRAGMA integrity_check")).all()]
        if rows != ["ok"]:
            problems += [f"sqlite integrity check: {r}" for r in rows]
        for table, rowid, parent, _ in session.execute(text("PRAGMA foreign_key_check")).all():
            problems.append(f"row {rowid} of {table} refers to a missing row of {parent}")
    return problems


def _search_problems(db: Database) -> list[str]:
    """Searches whose cached counters or status disagree with their units."""
    problems: list[str] = []
    with db.session() as session:
        for search in session.scalars(select(Search).order_by(Search.id)):
            totals = search_totals(session, search.id)
            for name, expected in totals.counters().items():
                stored = getattr(search, name)
                same = (math.isclose(stored, expected, rel_tol=1e-9, abs_tol=1e-6)
                        if name == "seconds" else stored == expected)
                if not same:
                    problems.append(f"search {search.id}: {name} is {stored} but its units say {expected}")
            all_done = totals.units_done == totals.units_total
            if all_done and search.status != "done":
                problems.append(f"search {search.id}: every unit is done but its status is {search.status}")
            if search.status == "done" and not all_done:
                problems.append(f"search {search.id}: status done but {totals.units_total - totals.units_done} units are not")
    return problems


def _unit_problems(db: Database) -> list[str]:
    """Work units with inconsistent lease, status or range fields (20 per kind at most)."""
    leased = WorkUnit.status == "leased"
    checks = (
        (and_(leased, WorkUnit.lease_owner.is_(None)), "is leased with no owner"),
        (and_(leased, WorkUnit.lease_expires.is_(None)), "is leased with no expiry time"),
        (and_(~leased, WorkUnit.lease_owner.is_not(None)), "has a lease owner but is not leased"),
        (and_(WorkUnit.status == "done", WorkUnit.finished_at.is_(None)), "is done without a finish time"),
        (WorkUnit.start > WorkUnit.stop, "has start > stop"),
    )
    problems: list[str] = []
    with db.session() as session:
        for cond, what in checks:
            for uid, sid, index in session.execute(
                select(WorkUnit.id, WorkUnit.search_id, WorkUnit.index).where(cond).limit(20)
            ):
                problems.append(f"work unit {uid} (search {sid}, index {index}) {what}")
    return problems


def _family_problems(db: Database) -> list[str]:
    """Families (per constant) without exactly one best member, or whose row disagrees with their members."""
    problems: list[str] = []
    with db.session() as session:
        stats = session.execute(
            select(Conjecture.constant, Conjecture.family, func.count(Conjecture.id),
                   func.sum(case((Conjecture.best_in_family.is_(True), 1), else_=0)))
            .group_by(Conjecture.constant, Conjecture.family)
        ).all()
        families = {(f.constant, f.key): f for f in session.scalars(select(Family))}
        best_ids, best_proved = {}, {}
        for c, k, i, proof_status in session.execute(
                select(Conjecture.constant, Conjecture.family, Conjecture.id, Conjecture.proof_status)
                .where(Conjecture.best_in_family.is_(True))):
            best_ids[(c, k)], best_proved[(c, k)] = i, proof_status == "proved"
        for constant, key, size, best_count in stats:
            name = f"family {key} of {constant}"
            if int(best_count or 0) != 1:
                problems.append(f"{name}: {int(best_count or 0)} members are marked best, not exactly one")
            family = families.get((constant, key))
            if family is None:
                problems.append(f"{name}: has conjectures but no families row")
                continue
            if family.size != size:
                problems.append(f"{name}: size is {family.size} but it has {size} conjectures")
            if int(best_count or 0) == 1 and family.best_conjecture_id != best_ids.get((constant, key)):
                problems.append(f"{name}: best_conjecture_id is {family.best_conjecture_id} "
                                f"but conjecture {best_ids.get((constant, key))} is marked best")
            elif int(best_count or 0) == 1 and bool(family.proved) != best_proved[(constant, key)]:
                problems.append(f"{name}: is marked {'proved' if family.proved else 'open'} but its best member is "
                                f"{'not ' if family.proved else ''}proved")
        for constant, key in sorted(set(families) - {(row[0], row[1]) for row in stats}):
            problems.append(f"family {key} of {constant}: has a families row but no conjectures")
    return problems


def db_check(db: Database) -> list[str]:
    """Problems found in the database, one sentence each; an empty list means healthy.

    Checks: SQLite integrity and foreign keys, the schema version and revision, search counters
    against their units, lease fields, and exactly one best member per family agreeing with
    ``families`` (its id, and the family proved exactly when that member is).
    """
    problems = _sqlite_problems(db) if db.dialect == "sqlite" else []
    with db.session() as session:
        version = read_version(session.connection(), db.where)
        revision = read_revision(session.connection(), db.where)
    if version != SCHEMA_VERSION:
        problems.append(f"the schema version is {version}, expected {SCHEMA_VERSION}")
    if revision != HEAD_REVISION:
        problems.append(f"the schema revision is {revision}, expected {HEAD_REVISION}")
    return problems + _search_problems(db) + _unit_problems(db) + _family_problems(db)
