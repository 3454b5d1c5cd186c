"""Dialect-chosen ``INSERT ... ON CONFLICT DO NOTHING`` (idempotent inserts).

SQLite and PostgreSQL use their native ``ON CONFLICT``; any other dialect falls back to an insert
inside a savepoint whose unique-constraint failure is swallowed.  Many rows at once on SQLite go
straight to the driver (:mod:`db.bulk_sqlite`: the column types' own bind processors, multi-row
statements), which is what makes storing a hit-rich unit cheap.

>>> from db import open_db
>>> from db.coltypes import utcnow
>>> from db.models import Constant
>>> with open_db("sqlite://") as db, db.session(write=True) as session:
...     row = {"name": "e", "created_at": utcnow()}
...     [insert_ignore(session, Constant.__table__, row, ["name"]) for _ in range(2)]
[True, False]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

from db import bulk_sqlite


def insert_ignore(session: Session, table: Table, values: Mapping[str, Any],
                  conflict_columns: Sequence[str]) -> bool:
    """Insert one row unless a row with the same ``conflict_columns`` exists; True if inserted."""
    dialect = session.get_bind().dialect.name
    if dialect in ("sqlite", "postgresql"):
        if dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert
        else:
            from sqlalchemy.dialects.postgresql import insert
        stmt = insert(table).values(**values).on_conflict_do_nothing(index_elements=list(conflict_columns))
        if dialect == "postgresql":
            # psycopg reports no rowcount (-1) for an insert SQLAlchemy runs with RETURNING: ask
            # for a column back instead; a skipped (conflicting) row returns nothing
            return session.execute(stmt.returning(table.c[conflict_columns[0]])).first() is not None
        return session.execute(stmt).rowcount == 1
    try:
        with session.begin_nested():
            session.execute(table.insert().values(**values))
    except sa_exc.IntegrityError:
        return False
    return True


def insert_many_ignore(session: Session, table: Table, rows: Sequence[Mapping[str, Any]],
                       conflict_columns: Sequence[str], returning: Sequence[str]) -> list[tuple[Any, ...]]:
    """Insert every row that conflicts with no existing one; the ``returning`` columns of those inserted.

    Multi-row statements on SQLite and PostgreSQL (``ON CONFLICT DO NOTHING RETURNING``); a
    row at a time elsewhere.  The rows must share their keys.  The returned tuples come in no
    particular order.

    >>> from db import open_db
    >>> from db.coltypes import utcnow
    >>> from db.models import Constant
    >>> with open_db("sqlite://") as db, db.session(write=True) as session:
    ...     rows = [{"name": n, "created_at": utcnow()} for n in ("e", "pi")]
    ...     first = insert_many_ignore(session, Constant.__table__, rows[:1], ["name"], ["name"])
    ...     (first, insert_many_ignore(session, Constant.__table__, rows, ["name"], ["name"]))
    ([('e',)], [('pi',)])
    """
    if not rows:
        return []
    dialect = session.get_bind().dialect.name
    cols = [table.c[name] for name in returning]
    if dialect == "sqlite" and bulk_sqlite.applies(table, rows[0]):
        return bulk_sqlite.insert_ignore_returning(session, table, rows, conflict_columns, returning)
    if dialect in ("sqlite", "postgresql"):
        if dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert
        else:
            from sqlalchemy.dialects.postgresql import insert
        stmt = insert(table).on_conflict_do_nothing(index_elements=list(conflict_columns)).returning(*cols)
        return [tuple(r) for r in session.execute(stmt, [dict(r) for r in rows])]
    out = []
    for row in rows:
        if insert_ignore(session, table, row, conflict_columns):
            where = [table.c[name] == row[name] for name in conflict_columns]
            out.append(tuple(session.execute(select(*cols).where(*where)).one()))
    return out
