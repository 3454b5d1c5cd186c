"""The fast storage paths give exactly what the general ones give.

SQLite's many-row inserts bypass SQLAlchemy's parameter processing (:mod:`db.bulk_sqlite`), and
:func:`db.records.record_to_row` checks plain records on exact types first.  Oracles: the same
writes through SQLAlchemy's own insert (the bulk path switched off), compared byte for byte with
SQLite's ``quote()`` of every stored value; and :func:`db.records.check_record`'s verdict.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from enum import IntEnum
from types import MappingProxyType

import pytest

from db import DatabaseError, complete_unit, get_or_create_search, lease_units, open_db
from db import bulk_sqlite, results
from db.models import Constant, ExperimentRun
from db.records import check_record, record_to_row
from db.upsert import insert_many_ignore
from search.execution.runner import run_search
from search.pipeline.stages import PipelineConfig
from search.space.units import SearchSpace

NOW = datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=timezone.utc)
TABLES = ("conjectures", "families", "search_conjectures")


@pytest.fixture(scope="module")
def engine_records() -> list[dict]:
    """Real records of a small search: exp(2), degree 1, |coefficients| <= 1, periods 1-2."""
    recs = run_search(SearchSpace("exp(2)", 1, 1, 1, 2), PipelineConfig(), workers=1).records
    assert recs
    return [{**r, "constant": "e"} for r in recs]  # stored under the test search's constant either way


def _edge_records(make_record) -> list[dict]:
    """Synthetic records with the values a fast path could get wrong."""
    return [
        make_record((2, -1), (0, 3), "+-", family="fam-a", transient=(7, 2**80), connection=(1, -2**70, 3),
                    channel_coefficients=[("0", "2"), ["1"]], lhs_latex="\\frac{\u00e9}{\u03c0}"),
        make_record((1, 1), (1,), "-", family="fam-a", lhs_latex=None, pattern_latex=None, cascade_terms=None,
                    simple_rate=None, known_as="Euler (1744)", known=True, rate=3),
        make_record((1, 0), (0, 1), "+", family="fam-b", validation="derived", derived_from="(0,1)/(1,0) | +",
                    lhs_index=None, period_index=None, engine_version=None, unit=None, rate=float("inf")),
        make_record((1, 0), (0, 1), "+", family="fam-b", lhs="duplicate identity in one unit: the first is kept"),
        make_record((3,), (-1, 2), "++-", family="fam-c", known=None, validation=None, channels=("1", "2k"),
                    primes=[101, 2147483647]),
        make_record((1, 2), (3,), "+", family="fam-c", proof_status="proved",
                    proof={"kind": "certificate", "source": "Euler (\u00e9)", "certificate": {"moebius": [1, 2**70, 0, 1],
                           "block": {"states": [[["1", "-2/3"]]]}, "nested": {"none": None, "flag": True}}}),
        make_record((1, 3), (3,), "-", family="fam-c", proof_status="proved",
                    proof={"kind": "derived", "source": "Euler", "from": {"lhs_num": [1, 2], "lhs_den": [3], "signs": "+"}}),
        make_record((1, 4), (3,), "-", family="fam-c", proof_status=None, proof_note="no classical CF of x"),
    ]


def _dump(path) -> dict[str, list[tuple]]:
    """Every row of the result tables, each value as SQLite's ``quote()`` text (type and bytes)."""
    out = {}
    with sqlite3.connect(path) as conn:
        for table in TABLES:
            cols = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
            quoted = ", ".join(f"quote({c})" for c in cols)
            out[table] = conn.execute(f"SELECT {quoted} FROM {table} ORDER BY {cols[0]}, {cols[1]}").fetchall()
    return out


def _store_twice(path, units: list[list[dict]]) -> list[int]:
    """Two searches storing ``units`` (the second also the first's rows again): new rows per completion."""
    new = []
    with open_db(path) as db:
        for name in ("first", "second"):
            sid, _ = get_or_create_search(db, {"name": name}, f"hash-{name}", "e",
                                          [(i, i, i + 1) for i in range(len(units))])
            leased = lease_units(db, "w", len(units), 60, search_id=sid)
            for unit, recs in zip(leased, units):
                new.append(complete_unit(db, unit.unit_id, "w", recs, {"pairs": 1, "hits": len(recs)}))
            new.append(complete_unit(db, leased[0].unit_id, "w", units[0], {"pairs": 1}))  # again: nothing new
    return new


def test_bulk_inserts_store_the_bytes_sqlalchemy_stores(tmp_path, monkeypatch, engine_records, record):
    recs = engine_records + _edge_records(record)
    units = [recs[i::3] for i in range(3)]
    monkeypatch.setattr(results, "utcnow", lambda: NOW)
    fast = _store_twice(tmp_path / "fast.sqlite", units)
    with monkeypatch.context() as m:
        m.setattr(bulk_sqlite, "applies", lambda table, row: False)
        general = _store_twice(tmp_path / "general.sqlite", units)
    distinct = len({(tuple(r["lhs_num"]), tuple(r["lhs_den"]), r["signs"]) for r in recs})
    assert fast == general
    assert sum(fast) == distinct and fast[3] == 0 and fast[4:] == [0] * 4  # the second search finds nothing new
    a, b = _dump(tmp_path / "fast.sqlite"), _dump(tmp_path / "general.sqlite")
    assert len(a["conjectures"]) == distinct and len(a["search_conjectures"]) == 2 * distinct
    for table in TABLES:
        assert a[table] == b[table], table
    stamps = {row[-1] for row in a["conjectures"]}
    assert stamps == {"'2024-05-06 07:08:09.123456'"}


def test_many_row_inserts_split_at_the_parameter_limit(monkeypatch):
    monkeypatch.setattr(bulk_sqlite, "_parameter_limit", lambda session: 7)  # 3 rows of 2 columns a statement
    names = [f"c{i}" for i in range(11)]
    with open_db("sqlite://") as db, db.session(write=True) as session:
        table = Constant.__table__
        first = insert_many_ignore(session, table, [{"name": n, "created_at": NOW} for n in names[:4]],
                                   ["name"], ["name", "created_at"])
        rows = [{"name": n, "created_at": NOW} for n in names[2:] + names[5:7]]  # 2 stored, 2 twice
        second = insert_many_ignore(session, table, rows, ["name"], ["id", "name"])
        stored = session.execute(table.select().order_by(table.c.id)).all()
    assert sorted(first) == [(n, NOW) for n in names[:4]]  # the result processor gives aware datetimes back
    assert sorted(name for _, name in second) == sorted(names[4:]) and len(second) == 7
    assert [r.name for r in stored] == names
    assert {cid for cid, _ in second} == {r.id for r in stored if r.name in names[4:]}


def test_many_rows_past_one_statement_are_all_inserted():
    rows = [{"name": f"x{i}", "created_at": NOW} for i in range(1234)]  # three statements of at most 500
    with open_db("sqlite://") as db, db.session(write=True) as session:
        got = insert_many_ignore(session, Constant.__table__, rows, ["name"], ["name"])
        again = insert_many_ignore(session, Constant.__table__, rows[::-1], ["name"], ["name"])
    assert sorted(got) == sorted((r["name"],) for r in rows) and again == []


def test_json_values_other_than_lists_are_stored_as_sqlalchemy_stores_them(tmp_path, monkeypatch):
    rows = [{"id": i, "name": "run", "parameters": value, "results": {"x": [1.5, None, "\u00e9"]},
             "versions": {}, "created_at": NOW}
            for i, value in enumerate([None, {"a": [1, 2**90]}, [["x"], ("y",)], "text", 2.5, True], start=1)]

    def dump(path, bulk: bool) -> list[tuple]:
        with monkeypatch.context() as m:
            if not bulk:
                m.setattr(bulk_sqlite, "applies", lambda table, row: False)
            with open_db(path) as db, db.session(write=True) as session:
                inserted = insert_many_ignore(session, ExperimentRun.__table__, rows, ["id"], ["id"])
        assert sorted(inserted) == [(r["id"],) for r in rows]
        with sqlite3.connect(path) as conn:
            return conn.execute("SELECT quote(parameters), quote(results), quote(created_at) FROM experiment_runs"
                                " ORDER BY id").fetchall()

    fast, general = dump(tmp_path / "a.sqlite", True), dump(tmp_path / "b.sqlite", False)
    assert fast == general
    assert fast[0][0] == "'null'"  # a JSON column stores Python None as JSON null, not SQL NULL


class Text(str):
    pass


class Count(IntEnum):
    FIVE = 5


def _variants(rec: dict) -> list:
    """Records equal to ``rec`` (whose pattern size is 5) with subclass values, tuples, or as a read-only mapping."""
    return [
        {**rec, "lhs": Text(rec["lhs"]), "family": Text(rec["family"])},
        {**rec, "pattern_size": Count.FIVE},
        {**rec, "lhs_num": tuple(rec["lhs_num"]), "channel_coefficients": tuple(map(tuple, rec["channel_coefficients"]))},
        MappingProxyType(rec),
    ]


def test_records_checked_on_exact_types_give_the_rows_of_the_full_check(record):
    rec = record(pattern_size=5)
    plain = record_to_row(rec, 7)
    assert (plain["lhs_key"], plain["lhs_height"], plain["transient_length"], plain["search_id"]) == (
        "0,1|1,0", 1, len(rec["transient"]), 7)
    for variant in _variants(rec):
        assert record_to_row(variant, 7) == plain
    shared = record_to_row(rec, 7, copy=False)
    assert shared == plain and shared["connection"] is rec["connection"]
    assert plain["connection"] is not rec["connection"] and plain["connection"] == rec["connection"]


@pytest.mark.parametrize("over", [
    {"period": True}, {"period": 3.0}, {"rate": True}, {"rate": "1.5"}, {"lhs": None}, {"lhs": b"c"},
    {"lhs_num": [1, True]}, {"transient": [1.0]}, {"primes": ["101"]}, {"lhs_den": []}, {"known": 1},
    {"validation": "guessed"}, {"validation": "derived"}, {"derived_from": "no separator", "validation": "derived"},
    {"derived_from": "c | +"}, {"channels": "1, 2k"},
    {"proof_status": "conjectured"}, {"proof_status": "proved"}, {"proof_status": "proved", "proof": "Euler"},
    {"proof": {"kind": "certificate", "source": "Euler", "certificate": {}}},  # only verified, yet a proof
    {"proof_status": "proved", "proof": {"kind": "guess", "source": "Euler"}},
    {"proof_status": "proved", "proof": {"kind": "certificate", "certificate": {}}},
    {"proof_status": "proved", "proof": {"kind": "certificate", "source": "Euler", "certificate": [1]}},
    {"proof_status": "proved", "proof": {"kind": "derived", "source": "Euler", "from": {"signs": "+"}}},
    {"proof_status": "proved", "proof": [("kind", "certificate")]},
])
def test_bad_records_get_the_full_checks_sentence(record, over):
    rec = record(**over)
    with pytest.raises(DatabaseError) as expected:
        check_record(rec)
    with pytest.raises(DatabaseError) as got:
        record_to_row(rec, None)
    assert str(got.value) == str(expected.value)


def test_query_results_are_the_orm_rows(tmp_path, engine_records, record):
    """Reading conjectures back (Core rows, JSON columns decoded a column at a time) gives every
    field with the value and type the ORM gives."""
    from sqlalchemy import select

    from db.models import Conjecture
    from db.queries import query_conjectures
    from db.records import row_to_dict

    recs = engine_records + _edge_records(record)
    _store_twice(tmp_path / "q.sqlite", [recs[i::3] for i in range(3)])
    with open_db(tmp_path / "q.sqlite") as db:
        got = {row["id"]: row for row in query_conjectures(db)}
        with db.session() as session:
            want = {c.id: row_to_dict(c) for c in session.scalars(select(Conjecture))}
    assert set(got) == set(want) and len(got) >= len(engine_records)
    for cid, row in want.items():
        mine = {k: v for k, v in got[cid].items() if k != "derived_from_id"}
        assert mine == row and [type(v) for v in mine.values()] == [type(v) for v in row.values()]
