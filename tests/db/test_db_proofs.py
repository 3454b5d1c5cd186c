"""Proofs in the database (schema version 6): certificates stored and read back intact, families
proved exactly when their best member is, and the upgrade of a version 5 database with rows.

Oracles: the engine's own records (their certificates, compared as JSON values), the independent
checker :func:`cf.proof.checker.check` on what comes back, and the family rule recomputed here
from the records with the engine's simplicity order.
"""

from __future__ import annotations

import json
import sqlite3

import pytest
from alembic import command
from click.testing import CliRunner
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from cf.proof.checker import check
from db import (bulk_sqlite, complete_unit, count_conjectures, db_check, family_summaries, find_conjecture,
                get_conjecture, get_or_create_search, lease_units, open_db, query_conjectures, resolve_url)
from db.families import refresh_family
from db.migrations import alembic_config
from discovery.cli import main
from search.execution.runner import run_search
from search.pipeline.annotate import record_simplicity
from search.pipeline.record import pattern_of
from search.pipeline.stages import PipelineConfig
from search.expressions.identity import value_digits
from search.proof.claims import check_stored
from search.space.units import SearchSpace


def _store(db, constant: str, records: list[dict], parts: int = 3) -> None:
    """One search of ``constant`` whose units store ``records`` in ``parts`` slices."""
    sid, _ = get_or_create_search(db, {"constant": constant}, f"h-{constant}", constant,
                                  [(i, i, i + 1) for i in range(parts)], value_text=value_digits(constant))
    for i, unit in enumerate(lease_units(db, "w", parts, 60, search_id=sid)):
        complete_unit(db, unit.unit_id, "w", records[i::parts], {"pairs": 1})


@pytest.fixture(scope="module")
def mixed() -> list[dict]:
    """Real records of e at degree 2, |coefficients| <= 1, period 1 (all proved) and of sqrt(2) at degree 1
    (open: no classical continued fraction in the registry)."""
    recs = [*run_search(SearchSpace("e", 2, 1, 1, 1), PipelineConfig(), workers=1).records,
            *run_search(SearchSpace("sqrt(2)", 1, 1, 1, 1), PipelineConfig(), workers=1).records]
    assert {r["proof_status"] for r in recs} == {"proved", "verified"}
    return recs


def _store_all(db, records: list[dict]) -> None:
    """:func:`_store` per constant."""
    for constant in sorted({r["constant"] for r in records}):
        _store(db, constant, [r for r in records if r["constant"] == constant])


def _expected_families(recs: list[dict]) -> dict[str, tuple[bool, str | None]]:
    """family -> (proved, source), from the simplest member of each family (the rule, recomputed)."""
    groups: dict[str, list[dict]] = {}
    for r in recs:
        groups.setdefault(r["family"], []).append(r)
    out = {}
    for key, members in groups.items():
        best = min(members, key=record_simplicity)
        proved = best["proof_status"] == "proved"
        out[key] = (proved, best["proof"]["source"] if proved else None)
    return out


@pytest.mark.parametrize("path", ["bulk", "orm"])
def test_proved_rows_round_trip_and_the_checker_accepts_what_comes_back(tmp_path, monkeypatch, mixed, path):
    if path == "orm":
        monkeypatch.setattr(bulk_sqlite, "applies", lambda table, row: False)
    with open_db(tmp_path / "p.sqlite") as db:
        _store_all(db, mixed)
        stored = {(r["constant"], r["lhs"], r["signs"]): r for r in query_conjectures(db)}
        certified = 0
        for rec in mixed:
            row = stored[(rec["constant"], rec["lhs"], rec["signs"])]
            assert (row["proof_status"], row["proof"], row["proof_note"]) == \
                (rec["proof_status"], rec["proof"], rec["proof_note"])
            assert json.dumps(row["proof"], sort_keys=True) == json.dumps(rec["proof"], sort_keys=True)
            assert get_conjecture(db, row["id"])["proof"] == rec["proof"]  # the ORM read gives the same
            if rec["proof"] and rec["proof"]["kind"] == "certificate":
                certified += 1
                assert check(row["proof"]["certificate"]).ok
                verdict = check_stored(row["constant"], row["lhs_num"], row["lhs_den"], row["signs"],
                                       pattern_of(row).a, row["proof"]["certificate"])
                assert verdict.ok, verdict.reason
            if rec["proof"] and rec["proof"]["kind"] == "derived":
                origin = rec["proof"]["from"]
                rep = find_conjecture(db, "e", origin["lhs_num"], origin["lhs_den"], origin["signs"])
                assert rep is not None and rep["family"] == row["family"] and rep["proof"]["kind"] == "certificate"
        assert certified >= 1
        assert find_conjecture(db, "e", [5, 5], [7], "+") is None
        assert db_check(db) == []


def test_proved_and_open_filters_partition_the_rows_and_the_families(tmp_path, mixed):
    with open_db(tmp_path / "f.sqlite") as db:
        _store_all(db, mixed)
        proved = {r["id"] for r in query_conjectures(db, proved=True)}
        unproved = {r["id"] for r in query_conjectures(db, proved=False)}
        every = {r["id"]: r for r in query_conjectures(db)}
        assert proved | unproved == set(every) and not proved & unproved
        assert proved == {i for i, r in every.items() if r["proof_status"] == "proved"} and proved and unproved
        assert count_conjectures(db, proved=True) == len(proved) and count_conjectures(db, proved=False) == len(unproved)
        want = _expected_families(mixed)
        fams = {f["family"]: f for f in family_summaries(db)}
        assert {k: (f["proved"], f["proved_from"]) for k, f in fams.items()} == want
        assert {f["family"] for f in family_summaries(db, proved=True)} == {k for k, v in want.items() if v[0]}
        assert {f["family"] for f in family_summaries(db, proved=False)} == {k for k, v in want.items() if not v[0]}
        assert any(v[0] for v in want.values()) and not all(v[0] for v in want.values())


def test_a_family_follows_its_best_member_and_db_check_sees_a_wrong_mark(db_path, record):
    proof = {"kind": "certificate", "source": "Euler", "certificate": {"version": 1}}
    with open_db(db_path) as db:
        sid_unit = _units(db, 3)
        _complete(db, sid_unit[0], [record((1, 2), (3,), pattern_size=9, family="F")])
        assert [f["proved"] for f in family_summaries(db)] == [False]
        _complete(db, sid_unit[1], [record((1, 3), (3,), pattern_size=7, family="F", proof_status="proved", proof=proof)])
        assert [(f["proved"], f["proved_from"], f["lhs"]) for f in family_summaries(db)] == [(True, "Euler", "(1,3)/(3)")]
        _complete(db, sid_unit[2], [record((1, 4), (3,), pattern_size=5, family="F", proof_note="degree 2")])
        assert [(f["proved"], f["proved_from"]) for f in family_summaries(db)] == [(False, None)]  # a simpler open best
        assert db_check(db) == []
        with db.session(write=True) as session:
            session.execute(text("UPDATE families SET proved = 1"))
        assert db_check(db) == ["family F of e: is marked proved but its best member is not proved"]
        with db.session(write=True) as session:
            refresh_family(session, "e", "F")
        assert db_check(db) == [] and [f["proved"] for f in family_summaries(db)] == [False]


def _units(db, n: int) -> list[int]:
    sid, _ = get_or_create_search(db, {"n": n}, f"h{n}", "e", [(i, i, i + 1) for i in range(n)])
    return [u.unit_id for u in lease_units(db, "w", n, 60, search_id=sid)]


def _complete(db, unit_id: int, recs: list[dict]) -> None:
    complete_unit(db, unit_id, "w", recs, {"pairs": 1})


def _rows(path, table: str, columns: str) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return sorted(con.execute(f"SELECT {columns} FROM {table}").fetchall(), key=repr)
    finally:
        con.close()


def test_esma_db_upgrade_takes_a_version_5_database_with_rows_to_version_6(tmp_path, mixed):
    path = tmp_path / "v5.sqlite"
    with open_db(path) as db:
        _store_all(db, mixed)
    engine = create_engine(resolve_url(str(path)), poolclass=NullPool)
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0005")
    engine.dispose()
    columns = {r[1] for r in sqlite3.connect(path).execute("PRAGMA table_info(conjectures)")}
    assert not {"proof_status", "proof", "proof_note"} & columns
    keep = "id, constant, lhs_key, signs, family, best_in_family, verified_digits, validation, derived_from"
    before = (_rows(path, "conjectures", keep), _rows(path, "families", "constant, key, best_conjecture_id, size"))

    result = CliRunner().invoke(main, ["db", "upgrade", "--db", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert (report["from_revision"], report["to_revision"], report["to_version"]) == ("0005", "0006", 6)
    assert (_rows(path, "conjectures", keep), _rows(path, "families", "constant, key, best_conjecture_id, size")) == before
    assert set(_rows(path, "conjectures", "proof_status, proof, proof_note")) == {("verified", None, None)}
    assert set(_rows(path, "families", "proved, proved_from")) == {(0, None)}
    with open_db(path, create=False) as db:
        assert db_check(db) == []
        assert count_conjectures(db, proved=True) == 0 and count_conjectures(db, proved=False) == len(mixed)
        # the upgraded database stores proofs: a new search of another constant
        exp2 = run_search(SearchSpace("exp(2)", 1, 1, 1, 1), PipelineConfig(), workers=1).records
        _store(db, "exp(2)", exp2)
        assert count_conjectures(db, constant="exp(2)", proved=True) == sum(r["proof_status"] == "proved" for r in exp2) > 0
        assert db_check(db) == []
