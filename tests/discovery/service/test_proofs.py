"""``esma conjectures prove``: proofs for rows stored without them (an older esma, or an upgrade).

A real search stores e and sqrt(2); every proof is then erased in the SQLite file, as an upgrade
from schema version 5 leaves it.  The command must prove every family of e again (each certificate
accepted against its row's own claim, each derived member following exactly from a proved one),
leave sqrt(2) open with the reason, keep the database consistent, and change nothing when run again.
"""

from __future__ import annotations

import json
import sqlite3

from click.testing import CliRunner

from cf.derivation import derives
from discovery.cli import main
from search.pipeline.record import pattern_of
from search.proof.claims import check_stored


def run(*args: str) -> str:
    res = CliRunner().invoke(main, list(args))
    assert res.exit_code == 0, res.output
    return res.output


def test_stored_families_are_proved_again(tmp_path):
    db = str(tmp_path / "old.sqlite")
    run("search", "run", "e", "--coeff-limit", "2", "--periods", "1-2", "-w", "1", "--db", db)
    run("search", "run", "sqrt(2)", "--coeff-limit", "1", "--periods", "1-2", "-w", "1", "--db", db)
    before = {r["id"]: r for r in json.loads(run("conjectures", "list", "--db", db, "--format", "json", "--all-members"))}
    with sqlite3.connect(db) as con:
        con.execute("UPDATE conjectures SET proof_status = 'verified', proof = NULL, proof_note = NULL")
        con.execute("UPDATE families SET proved = 0, proved_from = NULL")
    families = {(r["constant"], r["family"]) for r in before.values()}
    out = run("conjectures", "prove", "--db", db)
    e_families = {f for f in families if f[0] == "e"}
    assert out.startswith(f"{len(e_families)} of {len(families)} families proved")
    after = json.loads(run("conjectures", "list", "--db", db, "--format", "json", "--all-members"))
    assert {r["id"] for r in after} == set(before)
    by_identity = {(r["constant"], tuple(r["lhs_num"]), tuple(r["lhs_den"]), r["signs"]): r for r in after}
    for r in after:
        if r["constant"] != "e":
            assert r["proof_status"] == "verified" and "no classical continued fraction of sqrt(2)" in r["proof_note"]
            continue
        assert r["proof_status"] == "proved", r["proof_note"]
        pattern = pattern_of(r).a
        if r["proof"]["kind"] == "certificate":
            assert check_stored("e", r["lhs_num"], r["lhs_den"], r["signs"], pattern, r["proof"]["certificate"]).ok
        else:
            src = r["proof"]["from"]
            rep = by_identity[("e", tuple(src["lhs_num"]), tuple(src["lhs_den"]), src["signs"])]
            assert rep["family"] == r["family"] and rep["proof"]["kind"] == "certificate"
            assert derives(pattern_of(rep).a, rep["signs"], (rep["lhs_num"], rep["lhs_den"]),
                           pattern, r["signs"], (r["lhs_num"], r["lhs_den"]))
    assert run("db", "check", "--db", db).strip() == "ok"
    assert run("conjectures", "prove", "--db", db).startswith("0 of ")   # nothing left that it can prove
    open_families = json.loads(run("conjectures", "list", "--db", db, "--format", "json", "--open"))
    assert open_families and all(r["constant"] == "sqrt(2)" for r in open_families)
