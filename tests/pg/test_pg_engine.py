"""What only PostgreSQL has: its column types, row locks skipped by leasing, and connection failures.

The repository and the migrations run on PostgreSQL too, in the suites of ``tests/db``.
"""

from __future__ import annotations

import sys
import time

import pytest
from sqlalchemy import event
from sqlalchemy.engine import make_url

from db import DatabaseError, get_or_create_search, lease_units, open_db


def _one_line_sentence(message: str) -> bool:
    return bool(message) and "\n" not in message and ". " not in message and "Traceback" not in message


def test_column_types(pg_url, pg_query):
    open_db(pg_url).close()
    types = dict(pg_query(pg_url, "SELECT table_name || '.' || column_name, data_type FROM information_schema.columns"))
    assert types["work_units.start"] == "bigint" and types["searches.pairs_total"] == "bigint"
    assert types["conjectures.connection"] == "json"
    assert types["work_units.lease_expires"] == "timestamp without time zone"
    assert types["alembic_version.version_num"] == "character varying"


def test_lease_uses_for_update_skip_locked(pg_url, pg_server):
    with open_db(pg_url) as db:
        get_or_create_search(db, {}, "h1", "e", [(0, 0, 10), (1, 10, 20), (2, 20, 25)])
        statements: list[str] = []
        event.listen(db.engine, "before_cursor_execute",
                     lambda conn, cursor, statement, *args: statements.append(statement))
        # another transaction holds unit 0's row lock: leasing skips it instead of waiting
        with pg_server.connect(make_url(pg_url).database) as other:
            other.autocommit = False
            other.execute("SELECT id FROM work_units WHERE \"index\" = 0 FOR UPDATE")
            start = time.monotonic()
            got = lease_units(db, "w", 5, 60)
            assert time.monotonic() - start < 5
            assert [u.index for u in got] == [1, 2]
            other.rollback()
        assert any("FOR UPDATE OF work_units SKIP LOCKED" in s for s in statements), statements
        assert [u.index for u in lease_units(db, "w2", 5, 60)] == [0]


@pytest.mark.parametrize("make_url_of, expected", [
    (lambda s: f"postgresql+psycopg://{s.user}@127.0.0.1:1/x", "cannot connect to the database server"),
    (lambda s: f"postgresql+psycopg://nobody@{s.host}:{s.port}/postgres", "cannot connect to the database server"),
    (lambda s: f"postgresql+psycopg://{s.user}@{s.host}:{s.port}/missing_db", "cannot connect to the database server"),
    (lambda s: f"postgresql+pg8000nope://{s.user}@{s.host}:{s.port}/x", "no SQLAlchemy dialect"),
])
def test_connection_errors_are_one_sentence(pg_server, make_url_of, expected):
    with pytest.raises(DatabaseError) as info:
        open_db(make_url_of(pg_server), timeout=5)
    message = str(info.value)
    assert message.startswith(expected), message
    assert _one_line_sentence(message), message


def test_missing_driver_is_one_sentence(pg_server, monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg now raises ImportError
    with pytest.raises(DatabaseError) as info:
        open_db(pg_server.url("postgres"))
    assert str(info.value).startswith("the database driver for postgresql+psycopg://")
    assert _one_line_sentence(str(info.value))
