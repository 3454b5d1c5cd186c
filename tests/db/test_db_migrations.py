"""Schema versions: fresh creation, migrating a version 1 database, refusing newer ones."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import create_engine

from db import (
    SCHEMA_VERSION,
    DatabaseError,
    complete_unit,
    db_check,
    get_or_create_search,
    get_search,
    lease_units,
    list_searches,
    open_db,
    query_conjectures,
)
from db.migrations import upgrade


def _columns(path, table: str) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return [row[1] for row in con.execute(f"PRAGMA table_info({table})")]
    finally:
        con.close()


def _version(path) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT value FROM schema_info WHERE key = 'schema_version'").fetchone()[0]
    finally:
        con.close()


def _downgrade_to_v1(path) -> None:
    """Turn a current database into the version 1 layout by hand."""
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("ALTER TABLE searches DROP COLUMN priority")
        con.execute("DROP TABLE search_conjectures")
        con.execute("DROP TABLE experiment_runs")
        con.execute("UPDATE schema_info SET value = '1' WHERE key = 'schema_version'")
    finally:
        con.close()


def _set_version(path, version: str) -> None:
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("UPDATE schema_info SET value = ? WHERE key = 'schema_version'", (version,))
    finally:
        con.close()


def test_fresh_database_is_current(db_path):
    assert SCHEMA_VERSION == 4
    with open_db(db_path) as db:
        assert db.schema_version == SCHEMA_VERSION
    assert _version(db_path) == str(SCHEMA_VERSION)
    assert "priority" in _columns(db_path, "searches")


def test_migrate_v1_to_current_keeps_data(db_path, record):
    with open_db(db_path) as db:
        sid, _ = get_or_create_search(db, {"constant": "e"}, "hash-1", "e", [(0, 0, 10), (1, 10, 20)])
        unit = lease_units(db, "w", 1, 60)[0]
        complete_unit(db, unit.unit_id, "w", [record()], {"seconds": 2.0, "pairs": 10, "hits": 3, "verified": 1})
        search_before = get_search(db, sid)
        conjectures_before = query_conjectures(db)
    _downgrade_to_v1(db_path)
    assert "priority" not in _columns(db_path, "searches")
    assert _version(db_path) == "1"

    with open_db(db_path) as db:
        assert db.schema_version == SCHEMA_VERSION
        search_after = get_search(db, sid)
        assert search_after == search_before
        assert search_after["priority"] == 0
        assert query_conjectures(db) == conjectures_before
        # 2 -> 3 filled the membership table from provenance
        assert query_conjectures(db, search_id=sid) == conjectures_before
        assert conjectures_before[0]["connection"] == record()["connection"]
        assert db_check(db) == []
        # the migrated column is usable
        sid2, _ = get_or_create_search(db, {"constant": "pi"}, "hash-2", "pi", [(0, 0, 5)], priority=5)
        assert [s["priority"] for s in list_searches(db)] == [0, 5]
        assert lease_units(db, "w", 1, 60)[0].search_id == sid2
    assert _version(db_path) == str(SCHEMA_VERSION)
    assert "priority" in _columns(db_path, "searches")


def test_newer_schema_refused_untouched(db_path, sha256, one_sentence):
    with open_db(db_path) as db:
        get_or_create_search(db, {}, "h", "e", [(0, 0, 1)])
    _set_version(db_path, "99")
    before = sha256(db_path)
    with pytest.raises(DatabaseError) as info:
        open_db(db_path)
    message = str(info.value)
    assert message == (f"the database {db_path} has schema version 99, newer than this esma (4); "
                       "upgrade esma")
    assert one_sentence(message)
    assert sha256(db_path) == before
    assert _version(db_path) == "99"


@pytest.mark.parametrize("value", ["two", None])
def test_unusable_version_refused(db_path, sha256, value):
    with open_db(db_path):
        pass
    con = sqlite3.connect(db_path, isolation_level=None)
    if value is None:
        con.execute("DELETE FROM schema_info")
    else:
        con.execute("UPDATE schema_info SET value = ?", (value,))
    con.close()
    before = sha256(db_path)
    with pytest.raises(DatabaseError, match="schema version"):
        open_db(db_path)
    assert sha256(db_path) == before


def test_upgrade_on_a_plain_engine(db_path):
    with open_db(db_path):
        pass
    _downgrade_to_v1(db_path)
    engine = create_engine(f"sqlite:///{db_path}")
    try:
        assert upgrade(engine) == SCHEMA_VERSION
        assert upgrade(engine) == SCHEMA_VERSION  # nothing left to do
    finally:
        engine.dispose()
    assert "priority" in _columns(db_path, "searches")
    assert _version(db_path) == str(SCHEMA_VERSION)


def test_failed_migration_rolls_back(db_path, monkeypatch):
    import db.migrations as migrations

    with open_db(db_path):
        pass
    _downgrade_to_v1(db_path)

    def broken(conn):
        conn.exec_driver_sql("ALTER TABLE searches ADD COLUMN priority INTEGER NOT NULL DEFAULT 0")
        raise DatabaseError("migration failed halfway")

    monkeypatch.setitem(migrations.MIGRATIONS, 1, broken)
    with pytest.raises(DatabaseError, match="halfway"):
        open_db(db_path)
    assert "priority" not in _columns(db_path, "searches")
    assert _version(db_path) == "1"
