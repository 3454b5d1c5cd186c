"""The repository on a real PostgreSQL server: schema, leases (also across processes), results, checks."""

from __future__ import annotations

import multiprocessing
import time
from datetime import datetime

import pytest
from sqlalchemy import event

from db import (
    SCHEMA_VERSION,
    DatabaseError,
    cancel_search,
    complete_unit,
    count_conjectures,
    db_check,
    db_info,
    get_conjecture,
    get_or_create_search,
    get_search,
    lease_units,
    list_searches,
    open_db,
    query_conjectures,
    release_units,
    renew_leases,
    resume_search,
)

UNITS = [(0, 0, 10), (1, 10, 20), (2, 20, 25)]
STATS = {"seconds": 1.5, "pairs": 10, "hits": 4, "verified": 1}


def _one_sentence(message: str) -> bool:
    return bool(message) and "\n" not in message and ". " not in message and "Traceback" not in message


def _search(db, spec_hash="h1", constant="e", units=UNITS, priority=0) -> int:
    return get_or_create_search(db, {"constant": constant, "hash": spec_hash}, spec_hash, constant,
                                list(units), priority)[0]


@pytest.fixture
def db(pg_url):
    database = open_db(pg_url)
    yield database
    database.close()


def _units(pg_query, url) -> list[tuple]:
    return pg_query(url, 'SELECT id, search_id, "index", status, lease_owner, attempts FROM work_units ORDER BY id')


# --- schema ---------------------------------------------------------------------------------------


def test_fresh_database_gets_the_versioned_schema(pg_url, pg_query):
    with open_db(pg_url) as db:
        assert db.dialect == "postgresql" and db.schema_version == SCHEMA_VERSION
        info = db_info(db)
    assert info["dialect"] == "postgresql" and info["schema_version"] == SCHEMA_VERSION
    assert info["path"] is None and info["file_size"] is None
    assert info["url"] == pg_url
    assert info["counts"] == {"constants": 0, "searches": 0, "units": 0, "conjectures": 0, "families": 0}
    assert pg_query(pg_url, "SELECT value FROM schema_info WHERE key = 'schema_version'") == [(str(SCHEMA_VERSION),)]
    types = dict(pg_query(pg_url, "SELECT table_name || '.' || column_name, data_type FROM information_schema.columns"))
    assert types["work_units.start"] == "bigint" and types["searches.pairs_total"] == "bigint"
    assert types["conjectures.connection"] == "json"
    assert types["work_units.lease_expires"] == "timestamp without time zone"
    with open_db(pg_url) as again:  # reopening changes nothing
        assert again.schema_version == SCHEMA_VERSION
        assert db_check(again) == []


def _downgrade_to_v1(pg_query, url) -> None:
    pg_query(url, "ALTER TABLE searches DROP COLUMN priority")
    pg_query(url, "DROP TABLE search_conjectures")
    pg_query(url, "DROP TABLE experiment_runs")
    pg_query(url, "UPDATE schema_info SET value = '1' WHERE key = 'schema_version'")


def test_migrate_v1_to_current_keeps_data(pg_url, pg_query, record):
    with open_db(pg_url) as db:
        sid = _search(db, "hash-1", units=[(0, 0, 10), (1, 10, 20)])
        (unit,) = lease_units(db, "w", 1, 60)
        complete_unit(db, unit.unit_id, "w", [record()], STATS)
        search_before = get_search(db, sid)
        conjectures_before = query_conjectures(db)
    _downgrade_to_v1(pg_query, pg_url)
    with open_db(pg_url) as db:
        assert db.schema_version == SCHEMA_VERSION
        assert get_search(db, sid) == search_before
        assert query_conjectures(db) == conjectures_before
        assert query_conjectures(db, search_id=sid) == conjectures_before  # membership filled in
        assert db_check(db) == []
        sid2 = _search(db, "hash-2", "pi", units=[(0, 0, 5)], priority=5)
        assert [s["priority"] for s in list_searches(db)] == [0, 5]
        assert lease_units(db, "w", 1, 60)[0].search_id == sid2
    assert pg_query(pg_url, "SELECT value FROM schema_info") == [(str(SCHEMA_VERSION),)]


def test_newer_schema_refused_untouched(pg_url, pg_query):
    with open_db(pg_url) as db:
        _search(db)
    pg_query(pg_url, "UPDATE schema_info SET value = '99'")
    with pytest.raises(DatabaseError) as info:
        open_db(pg_url)
    assert str(info.value) == (f"the database {pg_url} has schema version 99, newer than this esma "
                               f"({SCHEMA_VERSION}); upgrade esma")
    assert pg_query(pg_url, "SELECT value FROM schema_info") == [("99",)]
    assert len(pg_query(pg_url, "SELECT id FROM work_units")) == 3


def test_foreign_database_refused(pg_url, pg_query):
    pg_query(pg_url, "CREATE TABLE other (x int)")
    with pytest.raises(DatabaseError, match="not an esma database"):
        open_db(pg_url)


def test_concurrent_opens_of_a_fresh_database(pg_url):
    ctx = multiprocessing.get_context("fork")
    results = ctx.Queue()
    procs = [ctx.Process(target=_open_worker, args=(pg_url, results)) for _ in range(3)]
    for p in procs:
        p.start()
    reports = [results.get(timeout=60) for _ in procs]
    for p in procs:
        p.join(30)
    assert reports == [None] * 3
    with open_db(pg_url) as db:
        assert db_check(db) == []


def _open_worker(url, results) -> None:
    try:
        open_db(url).close()
        results.put(None)
    except BaseException as exc:  # reported to the parent
        results.put(repr(exc))


@pytest.mark.parametrize("make_url, expected", [
    (lambda s: f"postgresql+psycopg://{s.user}@127.0.0.1:1/x", "cannot connect to the database server"),
    (lambda s: f"postgresql+psycopg://nobody@{s.host}:{s.port}/postgres", "cannot connect to the database server"),
    (lambda s: f"postgresql+psycopg://{s.user}@{s.host}:{s.port}/missing_db", "cannot connect to the database server"),
    (lambda s: f"postgresql+pg8000nope://{s.user}@{s.host}:{s.port}/x", "no SQLAlchemy dialect"),
])
def test_connection_errors_are_one_sentence(pg_server, make_url, expected):
    url = make_url(pg_server)
    with pytest.raises(DatabaseError) as info:
        open_db(url, timeout=5)
    message = str(info.value)
    assert message.startswith(expected), message
    assert _one_sentence(message), message


def test_missing_driver_is_one_sentence(pg_server, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg now raises ImportError
    with pytest.raises(DatabaseError) as info:
        open_db(pg_server.url("postgres"))
    assert str(info.value).startswith("the database driver for postgresql+psycopg://")
    assert _one_sentence(str(info.value))


# --- searches and leases --------------------------------------------------------------------------


def test_get_or_create_search_is_idempotent(db, pg_url, pg_query):
    sid, created = get_or_create_search(db, {"a": [1, 2]}, "h1", "e", UNITS, priority=3)
    assert created
    assert get_or_create_search(db, {"a": [1, 2]}, "h1", "e", UNITS) == (sid, False)
    assert len(_units(pg_query, pg_url)) == 3
    search = get_search(db, sid)
    assert search["spec"] == {"a": [1, 2]} and search["status"] == "queued" and search["priority"] == 3
    assert (search["units_total"], search["pairs_total"]) == (3, 25)
    assert datetime.fromisoformat(search["created_at"]).utcoffset().total_seconds() == 0
    big = _search(db, "big", units=[(0, 0, 2**40), (1, 2**40, 2**41 + 3)])
    assert get_search(db, big)["pairs_total"] == 2**41 + 3
    assert db_info(db)["counts"]["constants"] == 1


def test_lease_uses_for_update_skip_locked(db, pg_url, pg_server):
    _search(db)
    statements: list[str] = []
    event.listen(db.engine, "before_cursor_execute",
                 lambda conn, cursor, statement, *args: statements.append(statement))
    # another transaction holds unit 0's row lock: leasing skips it instead of waiting
    from sqlalchemy.engine import make_url

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


def test_lease_order_expiry_renew_and_reclaim(db, pg_url, pg_query):
    old = _search(db, "old", units=[(0, 0, 1), (1, 1, 2)])
    urgent = _search(db, "urgent", units=[(1, 1, 2), (0, 0, 1)], priority=10)
    got = lease_units(db, "a", 3, 0.3)
    assert [(u.search_id, u.index) for u in got] == [(urgent, 0), (urgent, 1), (old, 0)]
    assert got[0].spec == {"constant": "e", "hash": "urgent"}
    assert {s["status"] for s in list_searches(db)} == {"running"}
    assert renew_leases(db, "a", [got[0].unit_id], 60) == 1
    assert renew_leases(db, "b", [got[0].unit_id], 60) == 0
    time.sleep(0.4)
    free = [r[0] for r in _units(pg_query, pg_url) if r[3] == "pending"]
    again = lease_units(db, "b", 5, 60)  # a's expired leases and the free unit
    assert sorted(u.unit_id for u in again) == sorted([got[1].unit_id, got[2].unit_id] + free)
    taken = lease_units(db, "c", 5, 60, reclaim_from=["a"])  # a's renewed unit, reclaimed at once
    assert [u.unit_id for u in taken] == [got[0].unit_id]
    rows = {r[0]: r for r in _units(pg_query, pg_url)}
    assert rows[got[0].unit_id][4:] == ("c", 2)
    assert release_units(db, "b") == 3
    assert release_units(db, "c", [got[0].unit_id]) == 1
    assert {r[3] for r in _units(pg_query, pg_url)} == {"pending"}


def _lease_worker(url: str, owner: str, start, results) -> None:
    """Child process: its own engine; lease two units at a time until none is left."""
    try:
        db = open_db(url)
        start.wait(10)
        got: list[int] = []
        while True:
            units = lease_units(db, owner, 2, 3600)
            if not units:
                break
            got += [u.unit_id for u in units]
        db.close()
        results.put((owner, got, None))
    except BaseException as exc:  # reported to the parent
        results.put((owner, [], repr(exc)))


def test_two_processes_never_lease_the_same_unit(pg_url, pg_query):
    with open_db(pg_url) as db:
        _search(db, "a", units=[(i, i * 10, i * 10 + 10) for i in range(150)])
        _search(db, "b", units=[(i, i, i + 1) for i in range(50)], priority=1)
    ctx = multiprocessing.get_context("fork")
    start = ctx.Event()
    results = ctx.Queue()
    procs = [ctx.Process(target=_lease_worker, args=(pg_url, f"w{i}", start, results)) for i in range(2)]
    for p in procs:
        p.start()
    start.set()
    reports = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(30)
        assert p.exitcode == 0
    assert [r[2] for r in reports] == [None, None]
    leased = [uid for _, got, _ in reports for uid in got]
    assert len(leased) == 200
    assert len(set(leased)) == 200  # no unit leased twice
    rows = _units(pg_query, pg_url)
    assert all(r[3] == "leased" and r[5] == 1 for r in rows)
    by_owner = {owner: set(got) for owner, got, _ in reports}
    assert all(r[4] in by_owner and r[0] in by_owner[r[4]] for r in rows)


def test_cancel_and_resume(db, pg_url, pg_query):
    sid = _search(db)
    (held,) = lease_units(db, "a", 1, 0.2)
    assert cancel_search(db, sid)["status"] == "cancelled"
    assert cancel_search(db, sid)["status"] == "cancelled"
    assert lease_units(db, "b", 5, 60) == []
    assert [r[3] for r in _units(pg_query, pg_url)] == ["leased", "pending", "pending"]
    time.sleep(0.3)
    assert resume_search(db, sid)["status"] == "queued"
    assert [r[3:5] for r in _units(pg_query, pg_url)] == [("pending", None)] * 3
    got = lease_units(db, "b", 5, 60)
    assert [u.index for u in got] == [0, 1, 2] and held.unit_id == got[0].unit_id
    for unit in got:
        complete_unit(db, unit.unit_id, "b", [], STATS)
    assert get_search(db, sid)["status"] == "done"
    with pytest.raises(DatabaseError, match="already done"):
        cancel_search(db, sid)


# --- results and queries --------------------------------------------------------------------------


def test_complete_unit_twice_changes_nothing(db, record):
    sid = _search(db)
    units = lease_units(db, "w", 3, 60)
    recs = [record(lhs_num=(1, 1), family="fam-2"), record()]
    assert complete_unit(db, units[0].unit_id, "w", recs, STATS) == 2
    search_once = get_search(db, sid)
    conj_once = query_conjectures(db)
    assert complete_unit(db, units[0].unit_id, "w", recs, {"seconds": 99, "pairs": 99, "hits": 99}) == 0
    assert get_search(db, sid) == search_once
    assert query_conjectures(db) == conj_once
    assert (search_once["units_done"], search_once["pairs_done"], search_once["hits"]) == (1, 10, 4)
    assert (search_once["verified"], search_once["seconds"], search_once["status"]) == (2, 1.5, "running")
    # the same conjecture from another unit is stored once
    assert complete_unit(db, units[1].unit_id, "w", [record(unit="u1", rate=9.0)], STATS) == 0
    complete_unit(db, units[2].unit_id, "w", [], STATS)
    assert count_conjectures(db) == 2
    assert get_search(db, sid)["status"] == "done"
    assert db_check(db) == []


def test_record_round_trip(db, record):
    _search(db)
    (unit,) = lease_units(db, "w", 1, 60)
    rec = record(known=True, known_as="Euler 1737", simple_rate=None, connection=[-(2**100), 2**80 + 1])
    complete_unit(db, unit.unit_id, "w", [rec], STATS)
    (stored,) = query_conjectures(db)
    for name in ("lhs_num", "lhs_den", "connection", "primes", "channel_coefficients", "known", "known_as",
                 "simple_rate", "rate", "signs", "transient"):
        assert stored[name] == rec[name], name
    assert stored["connection"] == [-(2**100), 2**80 + 1]
    assert stored["best_in_family"] is True
    created = datetime.fromisoformat(stored["created_at"])
    assert created.utcoffset().total_seconds() == 0
    assert abs((datetime.now(created.tzinfo) - created).total_seconds()) < 60  # stored as UTC, not local
    assert get_conjecture(db, stored["id"]) == stored


def test_query_filters_and_sorts(db, record):
    sid_e = _search(db, "e", "e")
    sid_pi = _search(db, "pi", "pi", units=[(0, 0, 10)])
    recs_e = [
        record(lhs_num=(1, 0), family="A", verified_digits=1200, rate=1.0, pattern_size=6, known=True,
               known_as="classic"),
        record(lhs_num=(2, 0), family="A", verified_digits=800, rate=3.0, pattern_size=5),
        record(lhs_num=(3, 0), family="B", verified_digits=1500, rate=2.0, pattern_size=6, transient=[]),
    ]
    recs_pi = [record(constant="pi", lhs_num=(4, 0), family="C", verified_digits=1000, rate=0.5, pattern_size=9)]
    (ue,) = lease_units(db, "w", 1, 60, search_id=sid_e)
    (upi,) = lease_units(db, "w", 1, 60, search_id=sid_pi)
    complete_unit(db, ue.unit_id, "w", recs_e, STATS)
    time.sleep(0.01)
    complete_unit(db, upi.unit_id, "w", recs_pi, STATS)

    def first(rows):
        return [r["lhs_num"][0] for r in rows]

    assert first(query_conjectures(db)) == [3, 1, 4, 2]
    assert first(query_conjectures(db, sort="rate")) == [2, 3, 1, 4]
    assert first(query_conjectures(db, sort="simplicity")) == [2, 3, 1, 4]
    assert first(query_conjectures(db, sort="created")) == [4, 3, 2, 1]
    assert first(query_conjectures(db, constant="pi")) == [4]
    assert first(query_conjectures(db, known=True)) == [1]
    assert first(query_conjectures(db, known=False)) == [3, 4, 2]
    assert first(query_conjectures(db, min_digits=1000)) == [3, 1, 4]
    assert first(query_conjectures(db, min_rate=2.0)) == [3, 2]
    assert first(query_conjectures(db, best_per_family=True)) == [3, 4, 2]
    assert first(query_conjectures(db, search_id=sid_pi)) == [4]
    assert first(query_conjectures(db, limit=2)) == [3, 1]
    assert count_conjectures(db, constant="e", best_per_family=True) == 2
    assert db_check(db) == []


def test_db_check_healthy_and_tampered(db, pg_url, pg_query, record):
    sid = _search(db)
    units = lease_units(db, "w", 3, 60)
    complete_unit(db, units[0].unit_id, "w", [record(), record(lhs_num=(1, 1))], STATS)
    assert db_check(db) == []
    pg_query(pg_url, "UPDATE searches SET units_done = 99 WHERE id = %s", sid)
    pg_query(pg_url, "UPDATE work_units SET lease_owner = NULL WHERE id = %s", units[1].unit_id)
    problems = db_check(db)
    assert f"search {sid}: units_done is 99 but its units say 1" in problems
    assert f"work unit {units[1].unit_id} (search {sid}, index 1) is leased with no owner" in problems
    assert len(problems) == 2
