"""CLI tests for the database-backed commands: idempotent runs, queries, and refusals of bad databases."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from discovery.cli import main

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())  # the repository


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_search_run_twice_stores_each_conjecture_once(tmp_path):
    db = str(tmp_path / "twice.sqlite")
    first = json.loads(run("search", "run", "e", "-L", "1", "-p", "1-2", "-w", "1", "--db", db, "--format", "json").output)
    second = json.loads(run("search", "run", "e", "-L", "1", "-p", "1-2", "-w", "1", "--db", db, "--format", "json").output)
    assert first["stats"]["new_conjectures"] == len(first["results"]) > 0
    assert second["stats"]["new_conjectures"] == 0
    assert second["stats"]["pairs"] == 0  # nothing left to run
    assert {r["id"] for r in first["results"]} == {r["id"] for r in second["results"]}
    info = json.loads(run("db", "info", "--db", db, "--format", "json").output)
    assert info["counts"]["conjectures"] == len(first["results"])
    assert run("db", "check", "--db", db).output.strip() == "ok"


def test_queries_filter_sort_and_export(tmp_path):
    db = str(tmp_path / "q.sqlite")
    run("search", "run", "e", "-L", "2", "-p", "1-2", "-w", "1", "--db", db)
    allrows = json.loads(run("conjectures", "list", "--db", db, "--format", "json").output)
    assert len(allrows) > 100
    known = json.loads(run("conjectures", "list", "--db", db, "--known", "--format", "json").output)
    new = json.loads(run("conjectures", "list", "--db", db, "--new", "--format", "json").output)
    assert known and new and len(known) + len(new) == len(allrows)
    assert all(r["known"] for r in known) and not any(r["known"] for r in new)
    fast = json.loads(run("conjectures", "list", "--db", db, "--min-rate", "2.5", "--sort", "rate",
                          "--format", "json").output)
    rates = [r["rate"] for r in fast]
    assert rates == sorted(rates, reverse=True) and min(rates) >= 2.5
    best = json.loads(run("conjectures", "list", "--db", db, "--best-per-family", "--format", "json").output)
    assert len({r["family"] for r in best}) == len(best) == len({r["family"] for r in allrows})
    limited = run("conjectures", "list", "--db", db, "--limit", "3", "--format", "csv").output.strip().splitlines()
    assert len(limited) == 4 and limited[0].startswith("id,constant,lhs")
    assert len(json.loads(run("conjectures", "list", "--db", db, "--constant", "pi", "--format", "json").output)) == 0
    export = json.loads(run("conjectures", "export", "--db", db).output)
    assert len(export) == len(allrows)
    cid = next(r["id"] for r in allrows if r["lhs"] == "c" and r["signs"] == "+")
    shown = run("conjectures", "show", str(cid), "--db", db)
    assert "transient [2]" in shown.output and "\\cfrac" in shown.output
    assert "2, 1, 2, 1, 1, 4, 1, 1, 6" in shown.output
    assert "provenance: search 1" in shown.output
    lst = run("search", "list", "--db", db, "--format", "json")
    assert json.loads(lst.output)[0]["status"] == "done"


def _refused(res, needle: str) -> None:
    assert res.exit_code != 0
    assert "Traceback" not in res.output
    assert needle.lower() in res.output.lower(), res.output
    assert len([ln for ln in res.output.splitlines() if ln.startswith("Error")]) == 1


def test_unknown_search_id(tmp_path):
    db = str(tmp_path / "u.sqlite")
    run("search", "submit", "e", "-L", "1", "-p", "1", "--db", db)
    _refused(run("search", "show", "42", "--db", db), "42")
    _refused(run("search", "cancel", "42", "--db", db), "42")
    _refused(run("conjectures", "show", "7", "--db", db), "7")


def test_directory_and_non_sqlite_and_corrupt_files_are_refused_untouched(tmp_path):
    _refused(run("conjectures", "list", "--db", str(tmp_path)), "directory")
    text = tmp_path / "notes.txt"
    text.write_text("these are my notes, not a database\n" * 20)
    before = sha(text)
    _refused(run("search", "run", "e", "-L", "1", "-p", "1", "--db", str(text)), "not an SQLite database")
    assert sha(text) == before
    corrupt = tmp_path / "corrupt.sqlite"
    corrupt.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 40)
    before = sha(corrupt)
    _refused(run("db", "info", "--db", str(corrupt)), "")
    assert sha(corrupt) == before


def test_newer_schema_is_refused_untouched(tmp_path):
    db = tmp_path / "newer.sqlite"
    run("search", "submit", "e", "-L", "1", "-p", "1", "--db", str(db))
    con = sqlite3.connect(db)
    con.execute("UPDATE schema_info SET value = '99' WHERE key = 'schema_version'")
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    before = sha(db)
    _refused(run("conjectures", "list", "--db", str(db)), "newer")
    assert sha(db) == before


def test_locked_database_is_refused_with_one_sentence(tmp_path):
    db = tmp_path / "locked.sqlite"
    run("search", "submit", "e", "-L", "1", "-p", "1", "--db", str(db))
    holder = sqlite3.connect(db, isolation_level=None, timeout=1)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        p = subprocess.run([sys.executable, "-c", "from discovery.cli import main; main()", "search", "submit", "pi",
                            "-L", "1", "-p", "1", "--db", str(db)], capture_output=True, text=True, cwd=ROOT,
                           timeout=120, env={**__import__("os").environ, "ESMA_DB_TIMEOUT": "1"})
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert p.returncode != 0
    assert "Traceback" not in p.stderr
    assert "locked" in p.stderr.lower()


def test_saved_experiment_runs_can_be_listed_and_shown(tmp_path):
    db = str(tmp_path / "runs.sqlite")
    saved = CliRunner().invoke(main, ["experiment", "primes", "--max", "1000", "--save", "--db", db, "--format", "json"])
    assert saved.exit_code == 0, saved.output
    listed = CliRunner().invoke(main, ["experiment", "runs", "--db", db, "--format", "json"])
    (row,) = json.loads(listed.output)
    assert row["name"] == "primes" and row["parameters"] == {"max": 1000}
    shown = CliRunner().invoke(main, ["experiment", "run", str(row["id"]), "--db", db])
    assert "results.pi: 168" in shown.output  # pi(1000) = 168
    missing = CliRunner().invoke(main, ["experiment", "run", "99", "--db", db])
    assert missing.exit_code != 0 and "Traceback" not in missing.output


def test_info_and_show_print_flat_lines_not_python_dicts(tmp_path):
    db = str(tmp_path / "flat.sqlite")
    assert CliRunner().invoke(main, ["search", "run", "e", "-L", "1", "-p", "1", "--db", db]).exit_code == 0
    expected = {"db": "counts.conjectures: 12", "search": "progress.units_done: 12"}
    for args in (["db", "info", "--db", db], ["search", "show", "1", "--db", db]):
        out = CliRunner().invoke(main, args).output
        assert "{" not in out, out
        assert expected[args[0]] in out, out
