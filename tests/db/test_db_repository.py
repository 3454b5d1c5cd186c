"""The repository: searches, leases (also across processes), idempotent results, queries, checks."""

from __future__ import annotations

import multiprocessing
import sqlite3
import time
from datetime import datetime

import pytest

from db import (
    DatabaseError,
    LeasedUnit,
    NotFound,
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
    search_progress,
)
from db.records import RECORD_FIELDS, lhs_key

UNITS = [(0, 0, 10), (1, 10, 20), (2, 20, 25)]
STATS = {"seconds": 1.5, "pairs": 10, "hits": 4, "verified": 1}


def _search(db, spec_hash="h1", constant="e", units=UNITS, priority=0) -> int:
    return get_or_create_search(db, {"constant": constant, "hash": spec_hash}, spec_hash, constant,
                                list(units), priority)[0]


def _units(path) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute('SELECT id, search_id, "index", status, lease_owner, attempts '
                           "FROM work_units ORDER BY id").fetchall()
    finally:
        con.close()


# --- searches -------------------------------------------------------------------------------------


def test_get_or_create_search_is_idempotent(db, db_path):
    sid, created = get_or_create_search(db, {"a": [1, 2]}, "h1", "e", UNITS, priority=3)
    assert created
    assert get_or_create_search(db, {"a": [1, 2]}, "h1", "e", UNITS) == (sid, False)
    assert len(_units(db_path)) == 3
    search = get_search(db, sid)
    assert search["spec"] == {"a": [1, 2]}
    assert search["status"] == "queued"
    assert search["priority"] == 3
    assert (search["units_total"], search["pairs_total"], search["units_done"]) == (3, 25, 0)
    assert datetime.fromisoformat(search["created_at"]).utcoffset().total_seconds() == 0
    other, created = get_or_create_search(db, {"a": 3}, "h2", "e", [(0, 0, 1)])
    assert created and other != sid
    assert [s["id"] for s in list_searches(db)] == [sid, other]
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


def test_lease_limit_and_search_filter(db, db_path):
    first = _search(db, "a")
    second = _search(db, "b")
    got = lease_units(db, "w", 2, 60, search_id=second)
    assert [(u.search_id, u.index) for u in got] == [(second, 0), (second, 1)]
    assert get_search(db, first)["status"] == "queued"
    assert lease_units(db, "w", 0, 60) == []
    rows = {r[0]: r for r in _units(db_path)}
    assert rows[got[0].unit_id][3:] == ("leased", "w", 1)


def test_lease_expiry_renew_and_attempts(db, db_path):
    _search(db, units=[(0, 0, 1)])
    (unit,) = lease_units(db, "a", 5, 0.2)
    assert lease_units(db, "b", 5, 60) == []  # still held by a
    assert renew_leases(db, "a", [unit.unit_id], 0.2) == 1
    assert renew_leases(db, "b", [unit.unit_id], 60) == 0  # not b's lease
    time.sleep(0.3)
    (again,) = lease_units(db, "b", 5, 60)  # a's lease expired
    assert again.unit_id == unit.unit_id
    assert _units(db_path)[0][3:] == ("leased", "b", 2)
    assert renew_leases(db, "a", [unit.unit_id], 60) == 0  # a lost it
    assert renew_leases(db, "b", [unit.unit_id], 60) == 1


def test_renew_keeps_a_lease_alive(db):
    _search(db, units=[(0, 0, 1)])
    (unit,) = lease_units(db, "a", 1, 0.2)
    assert renew_leases(db, "a", [unit.unit_id], 60) == 1
    time.sleep(0.3)
    assert lease_units(db, "b", 1, 60) == []


def test_reclaim_from_dead_predecessor(db, db_path):
    _search(db)
    mine = lease_units(db, "daemon-1", 2, 3600)
    assert [u.index for u in lease_units(db, "daemon-2", 5, 60)] == [2]  # only the free unit
    assert lease_units(db, "daemon-3", 5, 60, reclaim_from=["someone-else"]) == []
    # daemon-3 restarted after daemon-1 died: it takes daemon-1's unexpired units at once
    taken = lease_units(db, "daemon-3", 5, 60, reclaim_from=["daemon-1"])
    assert [u.unit_id for u in taken] == [u.unit_id for u in mine]
    rows = {r[0]: r for r in _units(db_path)}
    assert all(rows[u.unit_id][4:] == ("daemon-3", 2) for u in mine)
    assert renew_leases(db, "daemon-1", [u.unit_id for u in mine], 60) == 0


def test_release_units(db, db_path):
    _search(db)
    got = lease_units(db, "a", 3, 3600)
    assert release_units(db, "b") == 0
    assert release_units(db, "a", [got[0].unit_id]) == 1
    assert release_units(db, "a", []) == 0
    rows = {r[0]: r for r in _units(db_path)}
    assert rows[got[0].unit_id][3:5] == ("pending", None)
    assert rows[got[1].unit_id][3:5] == ("leased", "a")
    assert release_units(db, "a") == 2
    assert [r[3] for r in _units(db_path)] == ["pending"] * 3
    assert len(lease_units(db, "b", 5, 60)) == 3


def test_bad_lease_arguments(db, one_sentence):
    for kwargs in ({"owner": "", "limit": 1, "lease_seconds": 1},
                   {"owner": "w", "limit": -1, "lease_seconds": 1},
                   {"owner": "w", "limit": 1, "lease_seconds": -5}):
        with pytest.raises(DatabaseError) as info:
            lease_units(db, **kwargs)
        assert one_sentence(str(info.value))


def _lease_worker(path: str, owner: str, start, results) -> None:
    """Child process: lease two units at a time until none is left; report what was leased."""
    try:
        db = open_db(path)
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


def test_two_processes_never_lease_the_same_unit(db_path):
    with open_db(db_path) as db:
        _search(db, "a", units=[(i, i * 10, i * 10 + 10) for i in range(150)])
        _search(db, "b", units=[(i, i, i + 1) for i in range(50)], priority=1)
    ctx = multiprocessing.get_context("fork")
    start = ctx.Event()
    results = ctx.Queue()
    procs = [ctx.Process(target=_lease_worker, args=(str(db_path), f"w{i}", start, results)) for i in range(2)]
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
    rows = _units(db_path)
    assert all(r[3] == "leased" and r[5] == 1 for r in rows)
    by_owner = {owner: set(got) for owner, got, _ in reports}
    assert all(r[4] in by_owner and r[0] in by_owner[r[4]] for r in rows)


# --- cancel / resume ------------------------------------------------------------------------------


def test_cancel_and_resume(db, db_path):
    sid = _search(db)
    (held,) = lease_units(db, "a", 1, 0.2)
    cancelled = cancel_search(db, sid)
    assert cancelled["status"] == "cancelled"
    assert cancel_search(db, sid)["status"] == "cancelled"
    assert lease_units(db, "b", 5, 60) == []
    assert [r[3] for r in _units(db_path)] == ["leased", "pending", "pending"]
    time.sleep(0.3)
    resumed = resume_search(db, sid)
    assert resumed["status"] == "queued"
    assert [r[3:5] for r in _units(db_path)] == [("pending", None)] * 3  # expired lease reset
    got = lease_units(db, "b", 5, 60)
    assert [u.index for u in got] == [0, 1, 2]
    assert get_search(db, sid)["status"] == "running"
    assert held.unit_id == got[0].unit_id


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


def test_complete_unit_twice_changes_nothing(db, db_path, record):
    sid = _search(db)
    units = lease_units(db, "w", 3, 60)
    recs = [record(), record(lhs_num=(1, 1), family="fam-2")]
    assert complete_unit(db, units[0].unit_id, "w", recs, STATS) == 2
    search_once = get_search(db, sid)
    conj_once = query_conjectures(db)
    assert complete_unit(db, units[0].unit_id, "w", recs, {"seconds": 99, "pairs": 99, "hits": 99}) == 0
    assert get_search(db, sid) == search_once
    assert query_conjectures(db) == conj_once
    assert (search_once["units_done"], search_once["pairs_done"], search_once["hits"]) == (1, 10, 4)
    assert (search_once["verified"], search_once["seconds"], search_once["status"]) == (2, 1.5, "running")
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
    rec = record(known=True, known_as="Euler 1737", simple_rate=None)
    complete_unit(db, unit.unit_id, "w", [rec], STATS)
    (stored,) = query_conjectures(db)
    for name in RECORD_FIELDS:
        assert stored[name] == rec[name], name
    assert stored["connection"][-1] == 2**80 + 1
    assert stored["lhs_key"] == "0,1|1,0" == lhs_key([0, 1], [1, 0])
    assert stored["best_in_family"] is True
    assert stored["search_id"] == unit.search_id
    assert datetime.fromisoformat(stored["created_at"]).tzinfo is not None
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
            f = session.get(Family, fam)
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


def test_db_info(db, db_path, record):
    _search(db)
    (unit,) = lease_units(db, "w", 1, 60)
    complete_unit(db, unit.unit_id, "w", [record()], STATS)
    info = db_info(db)
    assert info["path"] == str(db_path)
    assert info["dialect"] == "sqlite" and info["schema_version"] == 4
    assert info["counts"] == {"constants": 1, "searches": 1, "units": 3, "conjectures": 1, "families": 1}
    assert info["file_size"] > 0


def test_db_check_healthy_and_tampered(db, db_path, record):
    sid = _search(db)
    units = lease_units(db, "w", 3, 60)
    complete_unit(db, units[0].unit_id, "w",
                  [record(), record(lhs_num=(1, 1)), record(lhs_num=(2, 1), family="other")], STATS)
    assert db_check(db) == []

    con = sqlite3.connect(db_path, isolation_level=None)
    con.execute("UPDATE searches SET units_done = 99, hits = 1 WHERE id = ?", (sid,))
    con.execute("UPDATE conjectures SET best_in_family = 1 WHERE family = 'fam-e'")
    con.execute("UPDATE conjectures SET best_in_family = 0 WHERE family = 'other'")
    con.execute("UPDATE work_units SET lease_owner = NULL WHERE id = ?", (units[1].unit_id,))
    con.close()
    problems = db_check(db)
    text = "\n".join(problems)
    assert f"search {sid}: units_done is 99 but its units say 1" in problems
    assert f"search {sid}: hits is 1 but its units say 4" in problems
    assert "family fam-e: 2 members are marked best, not exactly one" in problems
    assert "family other: 0 members are marked best, not exactly one" in problems
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
