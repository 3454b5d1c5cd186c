"""The repository on SQLite and PostgreSQL: searches, leases (also across processes), idempotent
results, queries, info and checks.  Every test runs once per backend (the ``db`` fixture)."""

from __future__ import annotations

import multiprocessing
import time
from datetime import datetime

import pytest

from db import DatabaseError, LeasedUnit, NotFound, open_db
from db.records import RECORD_FIELDS, lhs_key
from db.repository import (cancel_search, complete_unit, count_conjectures, db_check, db_info, get_conjecture,
                           get_or_create_search, get_search, lease_units, list_searches, query_conjectures,
                           release_units, renew_leases, resume_search, search_progress)

UNITS = [(0, 0, 10), (1, 10, 20), (2, 20, 25)]
STATS = {"seconds": 1.5, "pairs": 10, "hits": 4, "verified": 1}


def _search(db, spec_hash="h1", constant="e", units=UNITS, priority=0) -> int:
    return get_or_create_search(db, {"constant": constant, "hash": spec_hash}, spec_hash, constant,
                                list(units), priority)[0]


@pytest.fixture
def unit_rows(sql):
    """``unit_rows()``: every work unit as ``(id, search_id, index, status, lease_owner, attempts)``, read from outside."""
    return lambda: sql('SELECT id, search_id, "index", status, lease_owner, attempts FROM work_units ORDER BY id')


# --- searches -------------------------------------------------------------------------------------


def test_get_or_create_search_is_idempotent(db, unit_rows):
    sid, created = get_or_create_search(db, {"a": [1, 2]}, "h1", "e", UNITS, priority=3)
    assert created
    assert get_or_create_search(db, {"a": [1, 2]}, "h1", "e", UNITS) == (sid, False)
    assert len(unit_rows()) == 3
    search = get_search(db, sid)
    assert search["spec"] == {"a": [1, 2]}
    assert search["status"] == "queued"
    assert search["priority"] == 3
    assert (search["units_total"], search["pairs_total"], search["units_done"]) == (3, 25, 0)
    assert datetime.fromisoformat(search["created_at"]).utcoffset().total_seconds() == 0
    other, created = get_or_create_search(db, {"a": 3}, "h2", "e", [(0, 0, 1)])
    assert created and other != sid
    assert [s["id"] for s in list_searches(db)] == [sid, other]
    big = _search(db, "big", units=[(0, 0, 2**40), (1, 2**40, 2**41 + 3)])  # BIGINT pair indices
    assert get_search(db, big)["pairs_total"] == 2**41 + 3
    assert db_info(db)["counts"]["constants"] == 1


def test_search_without_units_is_done(db):
    sid = _search(db, units=[])
    assert get_search(db, sid)["status"] == "done"
    assert lease_units(db, "w", 5, 60) == []


@pytest.mark.parametrize("units, match", [
    ([(0, 5, 1)], "0 <= start <= stop"),
    ([(0, 0, 1), (0, 1, 2)], "appears twice"),
    ([(0, 0)], "index, start, stop"),
    ([(0, 0.5, 1)], "whole numbers"),
])
def test_bad_units_refused(db, units, match, one_sentence):
    with pytest.raises(DatabaseError, match=match) as info:
        get_or_create_search(db, {}, "h", "e", units)
    assert one_sentence(str(info.value))
    assert list_searches(db) == []


def test_get_search_not_found(db):
    with pytest.raises(NotFound, match="^no search with id 42$"):
        get_search(db, 42)
    with pytest.raises(NotFound):
        search_progress(db, 42)


# --- leasing --------------------------------------------------------------------------------------


def test_lease_order_priority_age_index(db):
    old = _search(db, "old", units=[(0, 0, 1), (1, 1, 2)])
    new = _search(db, "new", units=[(0, 0, 1)])
    urgent = _search(db, "urgent", units=[(1, 1, 2), (0, 0, 1)], priority=10)
    got = lease_units(db, "w", 10, 60)
    assert [(u.search_id, u.index) for u in got] == [(urgent, 0), (urgent, 1), (old, 0), (old, 1), (new, 0)]
    assert isinstance(got[0], LeasedUnit)
    assert got[0].spec == {"constant": "e", "hash": "urgent"}
    assert (got[0].start, got[0].stop) == (0, 1)
    assert lease_units(db, "w", 10, 60) == []
    assert {s["status"] for s in list_searches(db)} == {"running"}
    assert get_search(db, old)["started_at"] is not None


def test_lease_limit_and_search_filter(db, unit_rows):
    first = _search(db, "a")
    second = _search(db, "b")
    got = lease_units(db, "w", 2, 60, search_id=second)
    assert [(u.search_id, u.index) for u in got] == [(second, 0), (second, 1)]
    assert get_search(db, first)["status"] == "queued"
    assert lease_units(db, "w", 0, 60) == []
    rows = {r[0]: r for r in unit_rows()}
    assert rows[got[0].unit_id][3:] == ("leased", "w", 1)


def test_lease_expiry_renew_and_attempts(db, unit_rows):
    _search(db, units=[(0, 0, 1)])
    # leases of 1.5 s: long against a loaded CI machine's pauses, short enough to wait out
    (unit,) = lease_units(db, "a", 5, 1.5)
    assert lease_units(db, "b", 5, 60) == []  # still held by a
    assert renew_leases(db, "a", [unit.unit_id], 1.5) == 1
    assert renew_leases(db, "b", [unit.unit_id], 60) == 0  # not b's lease
    time.sleep(1.7)
    (again,) = lease_units(db, "b", 5, 60)  # a's lease expired
    assert again.unit_id == unit.unit_id
    assert unit_rows()[0][3:] == ("leased", "b", 2)
    assert renew_leases(db, "a", [unit.unit_id], 60) == 0  # a lost it
    assert renew_leases(db, "b", [unit.unit_id], 60) == 1


def test_renew_keeps_a_lease_alive(db):
    _search(db, units=[(0, 0, 1)])
    (unit,) = lease_units(db, "a", 1, 1.5)
    assert renew_leases(db, "a", [unit.unit_id], 60) == 1
    time.sleep(1.7)
    assert lease_units(db, "b", 1, 60) == []


def test_reclaim_from_dead_predecessor(db, unit_rows):
    _search(db)
    mine = lease_units(db, "daemon-1", 2, 3600)
    assert [u.index for u in lease_units(db, "daemon-2", 5, 60)] == [2]  # only the free unit
    assert lease_units(db, "daemon-3", 5, 60, reclaim_from=["someone-else"]) == []
    # daemon-3 restarted after daemon-1 died: it takes daemon-1's unexpired units at once
    taken = lease_units(db, "daemon-3", 5, 60, reclaim_from=["daemon-1"])
    assert [u.unit_id for u in taken] == [u.unit_id for u in mine]
    rows = {r[0]: r for r in unit_rows()}
    assert all(rows[u.unit_id][4:] == ("daemon-3", 2) for u in mine)
    assert renew_leases(db, "daemon-1", [u.unit_id for u in mine], 60) == 0


def test_lease_order_expiry_renew_and_reclaim(db, unit_rows):
    old = _search(db, "old", units=[(0, 0, 1), (1, 1, 2)])
    urgent = _search(db, "urgent", units=[(1, 1, 2), (0, 0, 1)], priority=10)
    got = lease_units(db, "a", 3, 0.3)
    assert [(u.search_id, u.index) for u in got] == [(urgent, 0), (urgent, 1), (old, 0)]
    assert got[0].spec == {"constant": "e", "hash": "urgent"}
    assert {s["status"] for s in list_searches(db)} == {"running"}
    assert renew_leases(db, "a", [got[0].unit_id], 60) == 1
    assert renew_leases(db, "b", [got[0].unit_id], 60) == 0
    time.sleep(0.4)
    free = [r[0] for r in unit_rows() if r[3] == "pending"]
    again = lease_units(db, "b", 5, 60)  # a's expired leases and the free unit
    assert sorted(u.unit_id for u in again) == sorted([got[1].unit_id, got[2].unit_id] + free)
    taken = lease_units(db, "c", 5, 60, reclaim_from=["a"])  # a's renewed unit, reclaimed at once
    assert [u.unit_id for u in taken] == [got[0].unit_id]
    rows = {r[0]: r for r in unit_rows()}
    assert rows[got[0].unit_id][4:] == ("c", 2)
    assert release_units(db, "b") == 3
    assert release_units(db, "c", [got[0].unit_id]) == 1
    assert {r[3] for r in unit_rows()} == {"pending"}


def test_release_units(db, unit_rows):
    _search(db)
    got = lease_units(db, "a", 3, 3600)
    assert release_units(db, "b") == 0
    assert release_units(db, "a", [got[0].unit_id]) == 1
    assert release_units(db, "a", []) == 0
    rows = {r[0]: r for r in unit_rows()}
    assert rows[got[0].unit_id][3:5] == ("pending", None)
    assert rows[got[1].unit_id][3:5] == ("leased", "a")
    assert release_units(db, "a") == 2
    assert [r[3] for r in unit_rows()] == ["pending"] * 3
    assert len(lease_units(db, "b", 5, 60)) == 3


def test_bad_lease_arguments(db, one_sentence):
    for kwargs in ({"owner": "", "limit": 1, "lease_seconds": 1},
                   {"owner": "w", "limit": -1, "lease_seconds": 1},
                   {"owner": "w", "limit": 1, "lease_seconds": -5}):
        with pytest.raises(DatabaseError) as info:
            lease_units(db, **kwargs)
        assert one_sentence(str(info.value))


def _lease_worker(url: str, owner: str, start, results) -> None:
    """Child process: its own engine; lease two units at a time until none is left; report what was leased."""
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


def test_two_processes_never_lease_the_same_unit(db_url, unit_rows):
    with open_db(db_url) as db:
        _search(db, "a", units=[(i, i * 10, i * 10 + 10) for i in range(150)])
        _search(db, "b", units=[(i, i, i + 1) for i in range(50)], priority=1)
    ctx = multiprocessing.get_context("fork")
    start = ctx.Event()
    results = ctx.Queue()
    procs = [ctx.Process(target=_lease_worker, args=(db_url, f"w{i}", start, results)) for i in range(2)]
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
    rows = unit_rows()
    assert all(r[3] == "leased" and r[5] == 1 for r in rows)
    by_owner = {owner: set(got) for owner, got, _ in reports}
    assert all(r[4] in by_owner and r[0] in by_owner[r[4]] for r in rows)


# --- cancel / resume ------------------------------------------------------------------------------


def test_cancel_and_resume(db, unit_rows):
    sid = _search(db)
    (held,) = lease_units(db, "a", 1, 0.2)
    cancelled = cancel_search(db, sid)
    assert cancelled["status"] == "cancelled"
    assert cancel_search(db, sid)["status"] == "cancelled"
    assert lease_units(db, "b", 5, 60) == []
    assert [r[3] for r in unit_rows()] == ["leased", "pending", "pending"]
    time.sleep(0.3)
    resumed = resume_search(db, sid)
    assert resumed["status"] == "queued"
    assert [r[3:5] for r in unit_rows()] == [("pending", None)] * 3  # expired lease reset
    got = lease_units(db, "b", 5, 60)
    assert [u.index for u in got] == [0, 1, 2]
    assert get_search(db, sid)["status"] == "running"
    assert held.unit_id == got[0].unit_id
    for unit in got:
        complete_unit(db, unit.unit_id, "b", [], STATS)
    assert get_search(db, sid)["status"] == "done"
    with pytest.raises(DatabaseError, match="already done"):
        cancel_search(db, sid)


def test_cancelled_search_finished_by_late_worker_becomes_done(db):
    sid = _search(db, units=[(0, 0, 1)])
    (unit,) = lease_units(db, "a", 1, 60)
    cancel_search(db, sid)
    complete_unit(db, unit.unit_id, "a", [], STATS)
    assert get_search(db, sid)["status"] == "done"
    with pytest.raises(DatabaseError, match="already done"):
        cancel_search(db, sid)
    assert resume_search(db, sid)["status"] == "done"


# --- results ---------------------------------------------------------------------------------------


def test_complete_unit_twice_changes_nothing(db, record):
    sid = _search(db)
    units = lease_units(db, "w", 3, 60)
    recs = [record(), record(lhs_num=(1, 1), family="fam-2")]
    assert complete_unit(db, units[0].unit_id, "w", recs, STATS) == 2
    assert complete_unit(db, units[0].unit_id, "w", recs[::-1], STATS) == 0  # any order: still nothing new
    search_once = get_search(db, sid)
    conj_once = query_conjectures(db)
    assert complete_unit(db, units[0].unit_id, "w", recs, {"seconds": 99, "pairs": 99, "hits": 99}) == 0
    assert get_search(db, sid) == search_once
    assert query_conjectures(db) == conj_once
    assert (search_once["units_done"], search_once["pairs_done"], search_once["hits"]) == (1, 10, 4)
    assert (search_once["verified"], search_once["seconds"], search_once["status"]) == (2, 1.5, "running")
    assert db_check(db) == []
    # one of them again from another unit: stored once
    assert complete_unit(db, units[1].unit_id, "w", [record(unit="u1", rate=9.0)], STATS) == 0
    complete_unit(db, units[2].unit_id, "w", [], STATS)
    assert count_conjectures(db) == 2
    assert get_search(db, sid)["status"] == "done"
    assert db_check(db) == []


def test_same_conjecture_from_two_units_stored_once(db, record):
    sid = _search(db)
    units = lease_units(db, "w", 3, 60)
    assert complete_unit(db, units[0].unit_id, "w", [record(unit="u0")], STATS) == 1
    assert complete_unit(db, units[1].unit_id, "w", [record(unit="u1", rate=9.0)], STATS) == 0
    (stored,) = query_conjectures(db)
    assert (stored["unit"], stored["rate"]) == ("u0", 1.25)  # the first write wins
    assert complete_unit(db, units[2].unit_id, "w", [], {"seconds": 0.25, "pairs": 5}) == 0
    search = get_search(db, sid)
    assert search["status"] == "done" and search["finished_at"] is not None
    assert (search["units_done"], search["pairs_done"], search["verified"]) == (3, 25, 1)
    assert (search["hits"], search["seconds"]) == (8, 3.25)
    assert db_check(db) == []


def test_record_round_trip(db, record):
    _search(db)
    (unit,) = lease_units(db, "w", 1, 60)
    rec = record(known=True, known_as="Euler 1737", simple_rate=None, connection=[-(2**100), 2**80 + 1])
    complete_unit(db, unit.unit_id, "w", [rec], STATS)
    (stored,) = query_conjectures(db)
    for name in RECORD_FIELDS:
        assert stored[name] == rec[name], name
    assert stored["connection"] == [-(2**100), 2**80 + 1]
    assert stored["lhs_key"] == "0,1|1,0" == lhs_key([0, 1], [1, 0])
    assert stored["best_in_family"] is True
    assert stored["search_id"] == unit.search_id
    created = datetime.fromisoformat(stored["created_at"])
    assert created.utcoffset().total_seconds() == 0
    assert abs((datetime.now(created.tzinfo) - created).total_seconds()) < 60  # stored as UTC, not local
    assert get_conjecture(db, stored["id"]) == stored
    with pytest.raises(NotFound, match="^no conjecture with id 999$"):
        get_conjecture(db, 999)


def test_record_without_unit_gets_one(db, record):
    sid = _search(db, "hash9")
    (unit,) = lease_units(db, "w", 1, 60)
    complete_unit(db, unit.unit_id, "w", [record(unit=None)], STATS)
    assert query_conjectures(db, search_id=sid)[0]["unit"] == "hash9:0-10"


def test_bad_record_writes_nothing(db, record, one_sentence):
    _search(db)
    (unit,) = lease_units(db, "w", 1, 60)
    bad = record(lhs_num=(1, 2))
    del bad["rate"]
    with pytest.raises(DatabaseError, match="'rate'") as info:
        complete_unit(db, unit.unit_id, "w", [record(), bad], STATS)
    assert one_sentence(str(info.value))
    with pytest.raises(DatabaseError, match="'period'"):
        complete_unit(db, unit.unit_id, "w", [record(period="3")], STATS)
    assert count_conjectures(db) == 0
    assert get_search(db, unit.search_id)["units_done"] == 0
    with pytest.raises(NotFound, match="no work unit with id 77"):
        complete_unit(db, 77, "w", [], STATS)


def test_family_best_member(db, record):
    _search(db)
    units = lease_units(db, "w", 3, 60)
    fam = "tail-1"
    members = [
        record(lhs_num=(2, 1), family=fam, pattern_size=5, rate=1.0),            # height 2
        record(lhs_num=(1, 1), family=fam, pattern_size=5, rate=1.0),            # height 1: best
        record(lhs_num=(1, 0), lhs_den=(0, 1), family=fam, pattern_size=5, rate=0.5, known=True,
               known_as="Euler"),                                                  # height 1, slower
        record(lhs_num=(0, 1), family=fam, pattern_size=7, rate=5.0),            # bigger pattern
    ]
    complete_unit(db, units[0].unit_id, "w", members, STATS)
    best = query_conjectures(db, best_per_family=True)
    assert [c["lhs_num"] for c in best] == [[1, 1]]
    from db.models import Family

    def family_row():
        with db.session() as session:
            f = session.get(Family, ("e", fam))
            return f.best_conjecture_id, f.size, f.known, f.known_as, f.constant

    assert family_row() == (best[0]["id"], 4, True, "Euler", "e")
    # a simpler member arrives from another unit: the best moves
    simpler = record(lhs_num=(1, 1), lhs_den=(1, -1), signs="+-", family=fam, pattern_size=4, transient=[])
    complete_unit(db, units[1].unit_id, "w", [simpler], STATS)
    best = query_conjectures(db, best_per_family=True)
    assert [(c["lhs_num"], c["lhs_den"], c["signs"]) for c in best] == [([1, 1], [1, -1], "+-")]
    assert family_row()[:2] == (best[0]["id"], 5)
    assert sum(c["best_in_family"] for c in query_conjectures(db)) == 1
    assert db_check(db) == []


def test_query_filters_and_sorts(db, record):
    sid_e = _search(db, "e", "e")
    sid_pi = _search(db, "pi", "pi", units=[(0, 0, 10)])
    recs_e = [
        record(lhs_num=(1, 0), family="A", verified_digits=1200, rate=1.0, pattern_size=6, known=True,
               known_as="classic"),
        record(lhs_num=(2, 0), family="A", verified_digits=800, rate=3.0, pattern_size=5),
        record(lhs_num=(3, 0), family="B", verified_digits=1500, rate=2.0, pattern_size=6, transient=[]),
    ]
    recs_pi = [record(constant="pi", lhs_num=(4, 0), family="C", verified_digits=1000, rate=0.5,
                      pattern_size=9)]
    (ue,) = lease_units(db, "w", 1, 60, search_id=sid_e)
    (upi,) = lease_units(db, "w", 1, 60, search_id=sid_pi)
    complete_unit(db, ue.unit_id, "w", recs_e, STATS)
    time.sleep(0.01)
    complete_unit(db, upi.unit_id, "w", recs_pi, STATS)

    def first(rows):
        return [r["lhs_num"][0] for r in rows]

    assert first(query_conjectures(db)) == [3, 1, 4, 2]                      # digits, descending
    assert first(query_conjectures(db, sort="rate")) == [2, 3, 1, 4]         # rate, descending
    assert first(query_conjectures(db, sort="simplicity")) == [2, 3, 1, 4]   # pattern, transient, ...
    assert first(query_conjectures(db, sort="created")) == [4, 3, 2, 1]      # newest first, then id desc
    assert first(query_conjectures(db, constant="e")) == [3, 1, 2]
    assert first(query_conjectures(db, constant="pi")) == [4]
    assert first(query_conjectures(db, known=True)) == [1]
    assert first(query_conjectures(db, known=False)) == [3, 4, 2]
    assert first(query_conjectures(db, min_digits=1000)) == [3, 1, 4]
    assert first(query_conjectures(db, min_rate=2.0)) == [3, 2]
    assert first(query_conjectures(db, best_per_family=True)) == [3, 4, 2]
    assert first(query_conjectures(db, search_id=sid_pi)) == [4]
    assert first(query_conjectures(db, limit=2)) == [3, 1]
    assert first(query_conjectures(db, constant="e", min_digits=900, sort="rate")) == [3, 1]
    assert count_conjectures(db) == 4
    assert count_conjectures(db, constant="e", best_per_family=True) == 2
    assert count_conjectures(db, known=True) == 1
    with pytest.raises(DatabaseError, match="unknown sort 'size'"):
        query_conjectures(db, sort="size")
    assert db_check(db) == []


def test_search_progress(db, record):
    sid = _search(db)
    progress = search_progress(db, sid)
    assert (progress["status"], progress["units_pending"], progress["eta_seconds"]) == ("queued", 3, None)
    assert progress["elapsed_seconds"] is None
    units = lease_units(db, "w", 2, 60)
    complete_unit(db, units[0].unit_id, "w", [record()], {"seconds": 2.0, "pairs": 10, "hits": 1})
    progress = search_progress(db, sid)
    assert (progress["units_done"], progress["units_leased"], progress["units_pending"]) == (1, 1, 1)
    assert (progress["pairs_done"], progress["pairs_total"]) == (10, 25)
    assert progress["fraction_done"] == pytest.approx(0.4)
    assert (progress["verified"], progress["hits"], progress["seconds"]) == (1, 1, 2.0)
    assert progress["unit_pairs_per_second"] == pytest.approx(5.0)
    assert progress["pairs_per_second"] > 0 and progress["eta_seconds"] > 0


# --- info and check -------------------------------------------------------------------------------


def test_db_info(db, db_url, record):
    assert db_info(db)["counts"] == {"constants": 0, "searches": 0, "units": 0, "conjectures": 0, "families": 0}
    _search(db)
    (unit,) = lease_units(db, "w", 1, 60)
    complete_unit(db, unit.unit_id, "w", [record()], STATS)
    info = db_info(db)
    assert info["dialect"] == db.dialect and info["schema_version"] == 6 and info["schema_revision"] == "0006"
    assert info["counts"] == {"constants": 1, "searches": 1, "units": 3, "conjectures": 1, "families": 1}
    if db.dialect == "sqlite":
        assert info["path"] == db_url and info["url"] == f"sqlite:///{db_url}"
        assert info["file_size"] > 0
    else:
        assert db.dialect == "postgresql"
        assert info["path"] is None and info["file_size"] is None
        assert info["url"] == db_url


def test_db_check_healthy_and_tampered(db, sql, record):
    sid = _search(db)
    units = lease_units(db, "w", 3, 60)
    complete_unit(db, units[0].unit_id, "w",
                  [record(), record(lhs_num=(1, 1)), record(lhs_num=(2, 1), family="other")], STATS)
    assert db_check(db) == []

    sql("UPDATE searches SET units_done = 99, hits = 1 WHERE id = :sid", sid=sid)
    sql("UPDATE conjectures SET best_in_family = :best WHERE family = 'fam-e'", best=True)
    sql("UPDATE conjectures SET best_in_family = :best WHERE family = 'other'", best=False)
    sql("UPDATE work_units SET lease_owner = NULL WHERE id = :uid", uid=units[1].unit_id)
    problems = db_check(db)
    text = "\n".join(problems)
    assert f"search {sid}: units_done is 99 but its units say 1" in problems
    assert f"search {sid}: hits is 1 but its units say 4" in problems
    assert "family fam-e of e: 2 members are marked best, not exactly one" in problems
    assert "family other of e: 0 members are marked best, not exactly one" in problems
    assert f"work unit {units[1].unit_id} (search {sid}, index 1) is leased with no owner" in text
    assert len(problems) == 5


def test_a_conjecture_found_by_two_searches_is_stored_once_and_listed_for_both(db, record):
    from db.repository import lease_owners

    first = _search(db, "first")
    second = _search(db, "second")
    (u1,) = lease_units(db, "w1", 1, 60, search_id=first)
    assert lease_owners(db) == ["w1"]
    complete_unit(db, u1.unit_id, "w1", [record()], STATS)
    (u2,) = lease_units(db, "w2", 1, 60, search_id=second)
    assert complete_unit(db, u2.unit_id, "w2", [record()], STATS) == 0
    assert count_conjectures(db) == 1
    assert len(query_conjectures(db, search_id=first)) == 1
    assert len(query_conjectures(db, search_id=second)) == 1
    assert get_search(db, second)["verified"] == 1
    assert db_check(db) == []


def test_experiment_runs_are_saved_and_listed(db):
    from db.repository import get_experiment_run, list_experiment_runs, save_experiment_run

    a = save_experiment_run(db, "primes", {"max": 1000}, {"pi": 168}, {"esma": "0.1.0"})
    b = save_experiment_run(db, "coffee", {"size": 10}, {"peak": [1, 2.5]}, {"esma": "0.1.0"})
    assert [r["id"] for r in list_experiment_runs(db)] == [b, a]
    assert [r["id"] for r in list_experiment_runs(db, "primes")] == [a]
    run = get_experiment_run(db, a)
    assert run["results"] == {"pi": 168} and run["parameters"] == {"max": 1000}
    with pytest.raises(NotFound):
        get_experiment_run(db, 999)
