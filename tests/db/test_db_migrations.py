"""Schema versions as Alembic revisions: fresh creation, upgrading older and pre-Alembic databases
(``esma db upgrade`` too), refusing newer or inconsistent ones; on SQLite and PostgreSQL."""

from __future__ import annotations

import importlib
import json
import multiprocessing
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from click.testing import CliRunner
from sqlalchemy import create_engine, inspect
from sqlalchemy.pool import NullPool

import db as esma
from db.migrations import HEAD_REVISION, REVISIONS, SCHEMA_VERSION, alembic_config, upgrade, version_of
from db.models import Base
from discovery.cli import main

V4_TABLES = ("schema_info", "constants", "searches", "work_units", "conjectures", "families",
             "search_conjectures", "experiment_runs")
V4_COUNTS = dict(zip(V4_TABLES, (1, 2, 2, 24, 12, 2, 12, 1)))
V1_DROPPED = ("search_conjectures", "experiment_runs")
V5_TABLES = (*V4_TABLES, "constant_aliases")
CONJECTURE_V4 = " ".join(word.partition(":")[0] for word in
                         importlib.import_module("db.migrations.versions.0001_initial").CONJECTURE_COLUMNS.split())


def _engine(url: str):
    return create_engine(esma.resolve_url(url), poolclass=NullPool)


def _alembic(url: str, name: str, revision: str) -> None:
    """Run the Alembic command ``name`` (upgrade, downgrade, stamp) to ``revision`` on ``url``."""
    engine = _engine(url)
    try:
        with engine.begin() as conn:
            getattr(command, name)(alembic_config(conn), revision)
    finally:
        engine.dispose()


def _schema(url: str) -> dict[str, dict]:
    """Every table's columns, keys, indexes and checks as reflected (column order ignored)."""
    engine = _engine(url)
    try:
        insp = inspect(engine)
        out = {}
        for table in sorted(set(insp.get_table_names()) - {"alembic_version"}):
            out[table] = {
                "columns": {c["name"]: (str(c["type"]), c["nullable"]) for c in insp.get_columns(table)},
                "pk": (insp.get_pk_constraint(table)["name"], insp.get_pk_constraint(table)["constrained_columns"]),
                "fks": sorted((f["name"], f["constrained_columns"], f["referred_table"]) for f in insp.get_foreign_keys(table)),
                "indexes": sorted((i["name"], i["column_names"], bool(i["unique"])) for i in insp.get_indexes(table)),
                "uniques": sorted((u["name"], u["column_names"]) for u in insp.get_unique_constraints(table)),
                "checks": sorted(c["name"] for c in insp.get_check_constraints(table)),
            }
        return out
    finally:
        engine.dispose()


def _columns(url: str, table: str) -> list[str]:
    engine = _engine(url)
    try:
        return [c["name"] for c in inspect(engine).get_columns(table)]
    finally:
        engine.dispose()


def _tables(url: str) -> list[str]:
    engine = _engine(url)
    try:
        return sorted(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _versions(url: str, sql) -> tuple[list, list | None]:
    """(schema_info rows, alembic_version rows or None without that table)."""
    alembic = sql("SELECT version_num FROM alembic_version") if "alembic_version" in _tables(url) else None
    return sql("SELECT key, value FROM schema_info"), alembic


def _make_pre_alembic_v1(url: str, sql) -> None:
    """Turn a current database into what esma's version 1 made (no Alembic): every downgrade to
    revision 0001 (the later ones' changes undone), then the search priority and Alembic's table dropped."""
    _alembic(url, "downgrade", "0001")
    sql("DROP TABLE alembic_version")
    assert "priority" not in _columns(url, "searches") and not set(V1_DROPPED) & set(_tables(url))
    assert sql("SELECT value FROM schema_info") == [("1",)]


def _untouched_state(url: str, sql, sha256):
    """What a refused open must leave as it was: the SQLite file's bytes, or PostgreSQL's rows."""
    if "://" not in url:
        return sha256(Path(url))
    return _versions(url, sql), _tables(url), sql("SELECT id, status FROM work_units")


# --- revisions ------------------------------------------------------------------------------------


def test_revisions_are_one_chain_ending_at_the_head():
    script = ScriptDirectory.from_config(alembic_config())
    chain = [rev.revision for rev in reversed(list(script.walk_revisions("base", "heads")))]
    assert tuple(chain) == REVISIONS and script.get_heads() == [HEAD_REVISION]
    assert SCHEMA_VERSION == len(REVISIONS) == 6
    for number, revision in enumerate(REVISIONS, start=1):
        assert script.get_revision(revision).doc.startswith(f"Schema version {number}:")
        assert version_of(revision) == number


def test_migrations_from_nothing_build_what_the_models_describe(db_url, sql):
    _alembic(db_url, "upgrade", "head")
    assert _versions(db_url, sql) == ([("schema_version", "6")], [(HEAD_REVISION,)])
    engine = _engine(db_url)
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    engine.dispose()
    migrated = _schema(db_url)
    _alembic(db_url, "downgrade", "base")  # every downgrade runs too, down to nothing
    assert _schema(db_url) == {}
    with esma.open_db(db_url) as db:  # fresh: create_all, stamped at the head
        assert db.schema.created and db.schema.to_revision == HEAD_REVISION
    assert _schema(db_url) == migrated
    assert set(migrated) == set(V5_TABLES)
    assert migrated["families"]["pk"] == ("pk_families", ["constant", "key"])


# --- opening --------------------------------------------------------------------------------------


def test_fresh_database_is_current(db_url, sql):
    with esma.open_db(db_url) as db:
        assert db.schema_version == SCHEMA_VERSION
        assert (db.schema.created, db.schema.from_version, db.schema.to_revision) == (True, None, HEAD_REVISION)
    assert _versions(db_url, sql) == ([("schema_version", str(SCHEMA_VERSION))], [(HEAD_REVISION,)])
    assert "priority" in _columns(db_url, "searches")
    with esma.open_db(db_url) as again:  # reopening changes nothing
        assert again.schema_version == SCHEMA_VERSION
        assert not again.schema.changed and again.schema.from_revision == HEAD_REVISION
        assert esma.db_check(again) == []


def test_a_new_database_s_version_table_is_alembic_s_own(tmp_path):
    """A new database is stamped without importing Alembic; its version table must be the one
    ``alembic stamp`` writes (same DDL, same row), so that Alembic upgrades it later."""
    ours, theirs = tmp_path / "ours.sqlite", tmp_path / "theirs.sqlite"
    with esma.open_db(ours):
        pass
    engine = create_engine(f"sqlite:///{theirs}", poolclass=NullPool)
    with engine.begin() as conn:
        Base.metadata.create_all(conn)
        command.stamp(alembic_config(conn), "head")
    engine.dispose()

    def version_table(path):
        with sqlite3.connect(path) as con:
            ddl = con.execute("SELECT sql FROM sqlite_master WHERE name = 'alembic_version'").fetchone()
            return ddl, con.execute("SELECT version_num FROM alembic_version").fetchall()

    assert version_table(ours) == version_table(theirs)
    assert version_table(ours)[1] == [(HEAD_REVISION,)]
    engine = create_engine(f"sqlite:///{ours}", poolclass=NullPool)
    with engine.begin() as conn:  # Alembic reads it as its own
        assert MigrationContext.configure(conn).get_current_revision() == HEAD_REVISION
    engine.dispose()


def test_migrate_v1_to_current_keeps_data(db_url, sql, record):
    with esma.open_db(db_url) as db:
        sid, _ = esma.get_or_create_search(db, {"constant": "e"}, "hash-1", "e", [(0, 0, 10), (1, 10, 20)])
        unit = esma.lease_units(db, "w", 1, 60)[0]
        esma.complete_unit(db, unit.unit_id, "w", [record()], {"seconds": 2.0, "pairs": 10, "hits": 3, "verified": 1})
        search_before = esma.get_search(db, sid)
        conjectures_before = esma.query_conjectures(db)
    _make_pre_alembic_v1(db_url, sql)
    assert "priority" not in _columns(db_url, "searches")
    assert _versions(db_url, sql)[0] == [("schema_version", "1")]

    with esma.open_db(db_url) as db:
        assert db.schema_version == SCHEMA_VERSION
        assert (db.schema.from_version, db.schema.from_revision, db.schema.stamped) == (1, None, True)
        search_after = esma.get_search(db, sid)
        assert search_after == search_before
        assert search_after["priority"] == 0
        assert esma.query_conjectures(db) == conjectures_before
        # 0003 filled the membership table from provenance
        assert esma.query_conjectures(db, search_id=sid) == conjectures_before
        assert conjectures_before[0]["connection"] == record()["connection"]
        assert esma.db_check(db) == []
        # the migrated column is usable
        sid2, _ = esma.get_or_create_search(db, {"constant": "pi"}, "hash-2", "pi", [(0, 0, 5)], priority=5)
        assert [s["priority"] for s in esma.list_searches(db)] == [0, 5]
        assert esma.lease_units(db, "w", 1, 60)[0].search_id == sid2
    assert _versions(db_url, sql) == ([("schema_version", str(SCHEMA_VERSION))], [(HEAD_REVISION,)])
    assert "priority" in _columns(db_url, "searches")


@pytest.mark.parametrize("version", [1, 2, 3, 4, 5])
def test_upgrade_from_each_revision(db_url, sql, version):
    with esma.open_db(db_url) as db:
        esma.get_or_create_search(db, {}, "h", "e", [(0, 0, 3)])
    _alembic(db_url, "downgrade", REVISIONS[version - 1])
    assert _versions(db_url, sql) == ([("schema_version", str(version))], [(REVISIONS[version - 1],)])
    with esma.open_db(db_url) as db:
        assert db.schema.as_dict() == {"from_version": version, "from_revision": REVISIONS[version - 1],
                                       "to_version": 6, "to_revision": HEAD_REVISION, "created": False,
                                       "stamped": False, "changed": True}
        assert [s["spec_hash"] for s in esma.list_searches(db)] == ["h"]
        assert esma.db_check(db) == []


def test_upgrade_on_a_plain_engine(db_url, sql):
    with esma.open_db(db_url):
        pass
    _make_pre_alembic_v1(db_url, sql)
    engine = _engine(db_url)
    try:
        first = upgrade(engine)
        assert (first.from_version, first.stamped, first.to_version) == (1, True, SCHEMA_VERSION)
        again = upgrade(engine)  # nothing left to do
        assert not again.changed and again.to_version == SCHEMA_VERSION
    finally:
        engine.dispose()
    assert "priority" in _columns(db_url, "searches")
    assert _versions(db_url, sql) == ([("schema_version", str(SCHEMA_VERSION))], [(HEAD_REVISION,)])


def test_failed_migration_rolls_back(db_url, sql):
    with esma.open_db(db_url):
        pass
    _make_pre_alembic_v1(db_url, sql)
    sql("CREATE TABLE search_conjectures (x INTEGER)")  # revision 0003 will fail after 0002 ran
    with pytest.raises(esma.DatabaseError, match="search_conjectures"):
        esma.open_db(db_url)
    assert "priority" not in _columns(db_url, "searches")  # 0002's column rolled back too
    assert sql("SELECT value FROM schema_info") == [("1",)]
    assert "alembic_version" not in _tables(db_url)  # not even stamped


# --- refusals ---------------------------------------------------------------------------------------


def test_newer_schema_refused_untouched(db_url, sql, sha256, one_sentence):
    with esma.open_db(db_url) as db:
        esma.get_or_create_search(db, {}, "h", "e", [(0, 0, 1), (1, 1, 2), (2, 2, 3)])
    sql("UPDATE schema_info SET value = '99' WHERE key = 'schema_version'")
    before = _untouched_state(db_url, sql, sha256)
    with pytest.raises(esma.DatabaseError) as info:
        esma.open_db(db_url)
    message = str(info.value)
    where = db_url if "://" in db_url else str(Path(db_url))
    assert message == f"the database {where} has schema version 99, newer than this esma (6); upgrade esma"
    assert one_sentence(message)
    assert _untouched_state(db_url, sql, sha256) == before
    assert sql("SELECT value FROM schema_info") == [("99",)]
    assert len(sql("SELECT id FROM work_units")) == 3


@pytest.mark.parametrize("revision, match", ids=["unknown", "inconsistent"], argvalues=[
    ("0007", "has schema revision '0007', unknown to this esma (its newest is '0006', schema version 6); "
             "upgrade esma"),
    ("0003", "has schema version 6 but Alembic revision '0003' (schema version 3); it was altered by hand"),
])
def test_unknown_or_inconsistent_revision_refused_untouched(db_url, sql, sha256, one_sentence, revision, match):
    with esma.open_db(db_url):
        pass
    sql("UPDATE alembic_version SET version_num = :rev", rev=revision)
    before = _untouched_state(db_url, sql, sha256)
    with pytest.raises(esma.DatabaseError) as info:
        esma.open_db(db_url)
    assert str(info.value).endswith(match) and one_sentence(str(info.value))
    assert _untouched_state(db_url, sql, sha256) == before


@pytest.mark.parametrize("value", ["two", None])
def test_unusable_version_refused(db_path, sha256, value):
    with esma.open_db(db_path):
        pass
    con = sqlite3.connect(db_path, isolation_level=None)
    if value is None:
        con.execute("DELETE FROM schema_info")
    else:
        con.execute("UPDATE schema_info SET value = ?", (value,))
    con.close()
    before = sha256(db_path)
    with pytest.raises(esma.DatabaseError, match="schema version"):
        esma.open_db(db_path)
    assert sha256(db_path) == before


def test_foreign_database_refused(db_url, sql):
    sql("CREATE TABLE other (x INTEGER)")
    with pytest.raises(esma.DatabaseError, match="not an esma database"):
        esma.open_db(db_url)


def test_concurrent_opens_of_a_fresh_database(db_url):
    ctx = multiprocessing.get_context("fork")
    results = ctx.Queue()
    procs = [ctx.Process(target=_open_worker, args=(db_url, results)) for _ in range(3)]
    for p in procs:
        p.start()
    reports = [results.get(timeout=60) for _ in procs]
    for p in procs:
        p.join(30)
    assert reports == [None] * 3
    with esma.open_db(db_url) as db:
        assert esma.db_check(db) == []


def _open_worker(url, results) -> None:
    try:
        esma.open_db(url).close()
        results.put(None)
    except BaseException as exc:  # reported to the parent
        results.put(repr(exc))


# --- a database made by esma before Alembic, and ``esma db upgrade`` --------------------------------


def _rows(path: Path, table: str, columns: str = "*") -> list[tuple]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return sorted(con.execute(f"SELECT {columns} FROM {table}").fetchall(), key=repr)
    finally:
        con.close()


def _cli(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _v4_rows(path: Path) -> dict[str, list[tuple]]:
    """Every row of the version 4 tables, on the version 4 columns only (a v5 file has more)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        out = {}
        for table in V4_TABLES:
            cols = V4_COLUMNS.get(table, "*")
            out[table] = sorted(con.execute(f"SELECT {cols} FROM {table}").fetchall(), key=repr)
        return out
    finally:
        con.close()


V4_COLUMNS = {
    "constants": "id, name, created_at",
    "families": "key, constant, best_conjecture_id, size, known, known_as",
    "conjectures": ", ".join(c for c in CONJECTURE_V4.split()),
}


def test_esma_db_upgrade_takes_a_version_4_database_made_before_alembic_to_version_6(schema_v4):
    assert {t: len(_rows(schema_v4, t)) for t in V4_TABLES} == V4_COUNTS
    assert "alembic_version" not in {r[0] for r in _rows(schema_v4, "sqlite_master", "name, type")}
    before = {t: rows for t, rows in _v4_rows(schema_v4).items() if t != "schema_info"}

    report = json.loads(_cli("db", "upgrade", "--db", str(schema_v4), "--format", "json"))
    # the two families' marks are re-read from the registry of classical continued fractions
    assert report == {"database": str(schema_v4), "from_version": 4, "from_revision": None, "to_version": 6,
                      "to_revision": "0006", "created": False, "stamped": True, "changed": True,
                      "families_remarked": 2}
    after = _v4_rows(schema_v4)
    names = {r[-1] for r in after["families"]}
    assert len(names) == 2 and all("(L. Euler, 1744)" in n or "(J. H. Lambert, 1768)" in n for n in names), names
    for t in set(before) - {"families", "conjectures"}:  # every row and value kept (families: one constant)
        assert after[t] == before[t], t
    assert sorted(r[:-1] for r in after["families"]) == sorted(r[:-1] for r in before["families"])
    old_names = {r[-1] for r in before["families"]}  # conjectures: all but the known_as texts
    assert sorted(tuple(v for v in r if v not in names) for r in after["conjectures"]) == \
        sorted(tuple(v for v in r if v not in old_names) for r in before["conjectures"])
    assert _rows(schema_v4, "alembic_version") == [("0006",)]
    assert _rows(schema_v4, "schema_info") == [("schema_version", "6")]
    assert _rows(schema_v4, "constant_aliases") == [("e", 1), ("pi", 2)]
    assert _rows(schema_v4, "constants", "name, value_text, value_prefix") == [("e", None, None), ("pi", None, None)]
    assert set(_rows(schema_v4, "conjectures", "validation, derived_from")) == {("evaluated", None)}
    assert _cli("db", "upgrade", "--db", str(schema_v4)).strip() == \
        f"{schema_v4} is already at revision 0006 (schema version 6); nothing to do"
    _works_with_the_repository(schema_v4)


def test_esma_db_upgrade_migrates_a_version_1_database_made_before_alembic(schema_v4):
    original = _v4_rows(schema_v4)
    columns = ", ".join(c for c in _columns(str(schema_v4), "searches") if c != "priority")
    searches = _rows(schema_v4, "searches", columns)
    con = sqlite3.connect(schema_v4, isolation_level=None)
    con.execute("ALTER TABLE searches DROP COLUMN priority")
    for table in V1_DROPPED:
        con.execute(f"DROP TABLE {table}")
    con.execute("UPDATE schema_info SET value = '1'")
    con.close()

    assert _cli("db", "upgrade", "--db", str(schema_v4)).strip() == \
        (f"upgraded {schema_v4} from schema version 1 (made before Alembic) to revision 0006 (schema version 6); "
         "2 families re-marked known/new from the registry of classical continued fractions")
    assert _rows(schema_v4, "searches", columns) == searches
    assert [r[-1] for r in _rows(schema_v4, "searches", "id, priority")] == [0, 0]
    after = _v4_rows(schema_v4)
    for table in ("constants", "work_units", "search_conjectures"):
        assert after[table] == original[table], table  # membership rebuilt from provenance
    old_names = {r[-1] for r in original["families"]}
    new_names = {r[-1] for r in after["families"]}
    assert sorted(r[:-1] for r in after["families"]) == sorted(r[:-1] for r in original["families"])
    assert sorted(tuple(v for v in r if v not in new_names) for r in after["conjectures"]) == \
        sorted(tuple(v for v in r if v not in old_names) for r in original["conjectures"])  # but the known_as texts
    assert _rows(schema_v4, "experiment_runs") == []
    assert _rows(schema_v4, "alembic_version") == [("0006",)]
    with esma.open_db(schema_v4, create=False) as db:
        assert esma.db_check(db) == []


def _works_with_the_repository(path: Path) -> None:
    """The upgraded database of ``tests/data/db/schema_v4.sqlite`` in ordinary use."""
    with esma.open_db(path, create=False) as db:
        assert esma.db_check(db) == []
        info = esma.db_info(db)
        assert (info["schema_version"], info["schema_revision"]) == (6, "0006")
        assert info["counts"] == {"constants": 2, "searches": 2, "units": 24, "conjectures": 12, "families": 2}
        first, second = esma.list_searches(db)
        assert (first["constant"], first["status"], first["verified"], first["pairs_done"]) == ("e", "done", 12, 24)
        assert (second["constant"], second["status"], second["units_done"]) == ("pi", "running", 0)
        assert len(esma.query_conjectures(db, search_id=first["id"])) == 12
        best = esma.query_conjectures(db, best_per_family=True, sort="simplicity")
        assert [(c["id"], c["lhs"]) for c in best] == [(11, "(c + 1)/(c - 1)"), (4, "c - 1")]
        assert esma.get_conjecture(db, 1)["known_as"].startswith("Euler")
        assert esma.get_experiment_run(db, 1)["parameters"] == {"max": 1000}
        progress = esma.search_progress(db, second["id"])
        assert (progress["units_leased"], progress["units_pending"]) == (2, 10)
        assert esma.lease_owners(db) == ["host:123:abcd"]
        taken = esma.lease_units(db, "new-daemon", 20, 60, reclaim_from=["host:123:abcd"])
        assert len(taken) == 12 and {u.search_id for u in taken} == {second["id"]}
        for unit in taken:
            esma.complete_unit(db, unit.unit_id, "new-daemon", [], {"seconds": 0.1, "pairs": unit.stop - unit.start})
        assert esma.get_search(db, second["id"])["status"] == "done"
        assert esma.save_experiment_run(db, "coffee", {}, {}, {}) == 2
        assert esma.db_check(db) == []


def test_esma_db_upgrade_needs_an_existing_database(tmp_path):
    missing = tmp_path / "missing.sqlite"
    result = CliRunner().invoke(main, ["db", "upgrade", "--db", str(missing)])
    assert result.exit_code != 0 and "does not exist" in result.output
    assert not missing.exists()
