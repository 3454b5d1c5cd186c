"""Dialect-chosen ``INSERT ... ON CONFLICT DO NOTHING`` (idempotent inserts).

SQLite and PostgreSQL use their native ``ON CONFLICT``; any other dialect falls back to an insert
inside a savepoint whose unique-constraint failure is swallowed.

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

from sqlalchemy import Table
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session


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
