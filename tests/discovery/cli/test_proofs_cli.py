"""Proofs through the CLI: ``conjectures list/export --proved/--open``, the proof column of the family
table, and ``conjectures show`` re-checking the stored certificate (a tampered one is rejected).

Oracles: the JSON rows of the same database (their ``proof_status`` and ``proof``), the family rule
recomputed from them (a family is proved when its best member is), the words computed here with
:func:`cf.proof.words.proof_text` from the stored certificate, and certificates edited in the
SQLite file itself.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections import defaultdict

import pytest
from click.testing import CliRunner

from cf.proof.words import proof_text
from discovery.cli import main


def run(*args: str, code: int = 0) -> str:
    res = CliRunner().invoke(main, list(args))
    assert res.exit_code == code, res.output
    return res.output


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    """e at degree 2, |coefficients| <= 1, period 1 (proved families), sqrt(2) (open: no classical
    fraction in the registry) and pi (nothing found)."""
    db = str(tmp_path_factory.mktemp("proofs") / "p.sqlite")
    run("search", "run", "e", "-d", "2", "--coeff-limit", "1", "--periods", "1-1", "-w", "1", "--db", db)
    run("search", "run", "sqrt(2)", "--coeff-limit", "1", "--periods", "1-1", "-w", "1", "--db", db)
    out = run("search", "run", "pi", "-d", "1", "--coeff-limit", "1", "--periods", "1-2", "-w", "1", "--db", db)
    assert "0 proved" in out
    return db


def rows(db: str, *filters: str) -> list[dict]:
    return json.loads(run("conjectures", "list", "--db", db, "--format", "json", *filters))


def test_proved_and_open_select_by_the_stored_status(store):
    every = rows(store)
    proved, unproved = rows(store, "--proved"), rows(store, "--open")
    assert {r["id"] for r in proved} == {r["id"] for r in every if r["proof_status"] == "proved"} != set()
    assert {r["id"] for r in unproved} == {r["id"] for r in every if r["proof_status"] != "proved"} != set()
    assert all(r["proof"]["kind"] in ("certificate", "derived") and r["proof_source"] == r["proof"]["source"]
               for r in proved)
    assert all(r["proof"] is None and r["proof_note"] for r in unproved)
    assert any(r["proof"]["kind"] == "certificate" and r["proof"]["certificate"]["version"] == 1 for r in proved)
    assert rows(store, "--constant", "pi", "--proved") == [] and rows(store, "--constant", "pi") == []
    assert "--proved and --open exclude each other" in run("conjectures", "list", "--db", store, "--proved", "--open",
                                                           code=2)


def test_csv_export_is_flat_and_agrees_with_json(store):
    by_id = {r["id"]: r for r in rows(store)}
    table = list(csv.DictReader(io.StringIO(run("conjectures", "export", "--db", store, "--format", "csv"))))
    assert len(table) == len(by_id) and {"proof_status", "proof_source", "proof_note"} <= set(table[0])
    assert "proof" not in table[0] and "certificate" not in table[0]
    for line in table:
        r = by_id[int(line["id"])]
        assert (line["proof_status"], line["proof_source"], line["proof_note"]) == \
            (r["proof_status"], r["proof_source"] or "", r["proof_note"] or "")
    opened = list(csv.DictReader(io.StringIO(run("conjectures", "export", "--db", store, "--format", "csv", "--open"))))
    assert {int(x["id"]) for x in opened} == {i for i, r in by_id.items() if r["proof_status"] == "verified"}


def test_family_table_says_proved_exactly_when_the_best_member_is(store):
    every = rows(store)
    best = {r["id"]: r for r in every if r["best_in_family"]}
    families = defaultdict(list)
    for r in every:
        families[r["family"]].append(r)
    table = run("conjectures", "list", "--db", store).splitlines()
    header = table[0].split()
    assert header[7] == "proof"
    body, summary = table[2:-1], table[-1]
    assert len(body) == len(families)
    words = {}
    for line in body:
        best_id = int(line.split()[1])
        words[best_id] = line.split()[-3]
    assert words == {i: "proved" if r["proof_status"] == "proved" else "open" for i, r in best.items()}
    n_proved = sum(w == "proved" for w in words.values())
    assert summary.endswith(f"; {n_proved} proved, {len(words) - n_proved} open") and 0 < n_proved < len(words)
    only = run("conjectures", "list", "--db", store, "--proved").splitlines()
    assert sorted(int(ln.split()[1]) for ln in only[2:-1]) == sorted(i for i, w in words.items() if w == "proved")
    # the same filter where the CLI groups the rows itself (a row filter that keeps every row)
    assert run("conjectures", "list", "--db", store, "--proved", "--min-digits", "0").splitlines() == only


def _show(db: str, cid: int) -> tuple[str, dict]:
    return run("conjectures", "show", str(cid), "--db", db), json.loads(
        run("conjectures", "show", str(cid), "--db", db, "--format", "json"))


def test_show_prints_the_rechecked_proof_in_words_and_latex(store):
    every = rows(store)
    cert_row = next(r for r in every if r["proof"] and r["proof"]["kind"] == "certificate")
    text, doc = _show(store, cert_row["id"])
    cert = cert_row["proof"]["certificate"]
    words = proof_text(cert, cert_row["proof"]["source"], cert["value"])
    assert "certificate re-checked: accepted" in text and words in text
    assert f"proof:      proved from {cert_row['proof']['source']}" in text
    assert doc["proof_check"]["check"] == {"accepted": True, "reason": "every condition holds"}
    assert doc["proof_check"]["text"] == words and doc["proof_check"]["latex"].startswith("x = ")
    assert "proof LaTeX: " + doc["proof_check"]["latex"] in text and doc["proof"] == cert_row["proof"]

    derived = next(r for r in every if r["proof"] and r["proof"]["kind"] == "derived")
    text, doc = _show(store, derived["id"])
    origin = derived["proof"]["from"]
    rep = next(r for r in every if (r["lhs_num"], r["lhs_den"], r["signs"]) ==
               (origin["lhs_num"], origin["lhs_den"], origin["signs"]))
    assert doc["proof_check"]["representative"] == {"id": rep["id"], "lhs": rep["lhs"], "signs": rep["signs"],
                                                    "family": derived["family"], "same_family": True}
    assert f"representative #{rep['id']} {rep['lhs']}" in text
    assert "representative's certificate re-checked: accepted" in text

    unproved = next(r for r in every if r["proof_status"] == "verified")
    text, doc = _show(store, unproved["id"])
    assert f"proof:      open (verified by digits only): {unproved['proof_note']}" in text
    assert doc["proof_check"]["check"] is None and doc["proof_check"]["note"] == unproved["proof_note"]


def _edit_proof(db: str, cid: int, edit) -> None:
    """Change the stored proof of conjecture ``cid`` in the SQLite file itself."""
    con = sqlite3.connect(db)
    try:
        (text,) = con.execute("SELECT proof FROM conjectures WHERE id = ?", (cid,)).fetchone()
        proof = json.loads(text)
        edit(proof)
        con.execute("UPDATE conjectures SET proof = ? WHERE id = ?", (json.dumps(proof), cid))
        con.commit()
    finally:
        con.close()


def _state_entry(proof: dict) -> None:
    entry = proof["certificate"]["block"]["states"][0][0]
    entry[0] = str(int(entry[0]) + 1)


@pytest.mark.parametrize("edit, reason", [
    (_state_entry, None),                                                    # one entry of a state matrix
    (lambda p: p["certificate"]["moebius"].__setitem__(0, p["certificate"]["moebius"][0] + 1),
     "the certificate is for another left-hand side or constant"),
    (lambda p: p["certificate"]["conjecture"].__setitem__("signs", "-"), "the certificate is for another continued fraction"),
    (lambda p: p["certificate"].pop("block"), None),
    (lambda p: p.__setitem__("certificate", "accepted"), "the stored proof holds no certificate object"),
])
def test_a_tampered_certificate_is_reported_rejected(tmp_path, store, edit, reason):
    db = str(tmp_path / "t.sqlite")
    with open(store, "rb") as src, open(db, "wb") as dst:
        dst.write(src.read())
    every = rows(db)

    def derived_from(rep: dict) -> list[dict]:
        return [r for r in every if r["proof"] and r["proof"]["kind"] == "derived" and r["proof"]["from"] ==
                {"lhs_num": rep["lhs_num"], "lhs_den": rep["lhs_den"], "signs": rep["signs"]}]

    target = max((r for r in every if r["proof"] and r["proof"]["kind"] == "certificate" and r["signs"] == "+"),
                 key=lambda r: len(derived_from(r)))
    members = derived_from(target)
    assert members
    _edit_proof(db, target["id"], edit)
    text, doc = _show(db, target["id"])
    check = doc["proof_check"]["check"]
    assert check["accepted"] is False and "certificate re-checked: REJECTED: " + check["reason"] in text
    assert reason is None or check["reason"] == reason
    assert doc["proof_check"]["text"] is None and "Follows from" not in text
    for member in members:  # members derived from it lose their support too
        text, doc = _show(db, member["id"])
        assert doc["proof_check"]["check"]["accepted"] is False and "re-checked: REJECTED" in text
