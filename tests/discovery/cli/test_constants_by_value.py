"""Per-constant families in a shared database, constants found by value, and the reference configuration.

The oracle for a shared database is a fresh one: ``--best-per-family --constant X`` must list the
same families (same best members) whatever else the database holds, under any spelling of X.
"""

from __future__ import annotations

import json

from click.testing import CliRunner

from discovery.cli import main

SPACE = ["-d", "1", "--coeff-limit", "1", "--periods", "1-2", "-w", "1"]


def run(*args: str) -> str:
    res = CliRunner().invoke(main, list(args))
    assert res.exit_code == 0, res.output
    return res.stdout  # without the progress and notes on stderr


def best(db: str, constant: str) -> list[tuple]:
    rows = json.loads(run("conjectures", "list", "--db", db, "--constant", constant, "--best-per-family", "--format", "json"))
    return sorted((r["constant"], r["family"], r["lhs"], r["signs"]) for r in rows)


def test_families_per_constant_are_the_same_in_a_shared_database_as_in_a_fresh_one(tmp_path):
    shared, fresh_a, fresh_b = (str(tmp_path / f"{n}.sqlite") for n in ("shared", "a", "b"))
    for constant in ("exp(1/2)", "exp(2)", "e"):
        run("search", "run", constant, *SPACE, "--db", shared)
    run("search", "run", "exp(1/2)", *SPACE, "--db", fresh_a)
    run("search", "run", "exp(2)", *SPACE, "--db", fresh_b)
    assert best(shared, "exp(1/2)") == best(fresh_a, "exp(1/2)") != []
    assert best(shared, "exp(2)") == best(fresh_b, "exp(2)") != []
    # one constant, several names: a spelling never stored finds it by value
    assert best(shared, "sqrt(e)") == best(shared, "e^(1/2)") == best(fresh_a, "exp(1/2)")


def test_a_second_name_of_a_constant_stores_nothing_twice(tmp_path):
    db = str(tmp_path / "t.sqlite")
    run("search", "run", "exp(1/2)", *SPACE, "--db", db)
    count = len(json.loads(run("conjectures", "list", "--db", db, "--format", "json")))
    run("search", "run", "sqrt(e)", *SPACE, "--db", db)
    rows = json.loads(run("conjectures", "list", "--db", db, "--format", "json"))
    assert len(rows) == count > 0
    assert {r["constant"] for r in rows} == {"exp(1/2)"}


def test_the_published_reference_configuration_gives_all_13_results(e_reference):
    cfg = e_reference.config
    out = run("search", "run", "e", "--periods", f"{cfg['periods'][0]}-{cfg['periods'][1]}", "--depth", str(cfg["depth"]),
              "--coeff-limit", str(cfg["coeff_limit"]), "-d", str(cfg["degree"]), "--no-store", "--format", "json", "-w", "1")
    doc = json.loads(out)
    assert e_reference.missing(doc["results"]) == []
    assert {r["signs"] for r in doc["results"]} <= {"+", "-", "+-", "-+"}
