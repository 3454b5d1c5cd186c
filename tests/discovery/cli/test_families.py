"""Output shaped by families: one text line per (constant, family), every row in JSON/CSV and with --all-members.

The oracle is the JSON document of the same search: its rows, grouped by (constant, family) here
with a plain dict, give the families, their member counts, known marks and best rates; the
engine's own ``best_in_family`` flag says which row a line must show.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict

import pytest
from click.testing import CliRunner

from discovery.cli import main

SPACE = ["-d", "1", "--coeff-limit", "1", "--periods", "1-2", "-w", "1"]
LINE = re.compile(r"^(?P<lhs>.+?) = \[.*\], signs '(?P<signs>[+-]+)'   (?P<status>NEW|known(?: \(.*\))?)   "
                  r"(?P<proof>proved|open)   (?P<members>\d+) members?, best rate (?P<rate>\d+\.\d{3}) digits/term, (?P<digits>\d+) digits$")
SUMMARY = re.compile(r"^(\d+) famil(?:y|ies) \((\d+) known, (\d+) new\) from (\d+) verified formulas?; "
                     r"\d+ proved, \d+ open$")


def run(*args: str):
    res = CliRunner().invoke(main, list(args))
    assert res.exit_code == 0, res.output
    return res


def groups(rows: list[dict]) -> dict[tuple[str, str], list[dict]]:
    out: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in rows:
        out[(r["constant"], r["family"])].append(r)
    return out


def check_family_lines(lines: list[str], rows: list[dict]) -> None:
    """Each line is one family of ``rows``, every family has one line, with its true counts and best rate."""
    fams = groups(rows)
    by_formula = {(r["constant"], r["lhs"], r["signs"]): r for r in rows}
    assert len(by_formula) == len(rows)  # (constant, LHS, signs) names a row
    seen = []
    for line in lines:
        m = LINE.match(line)
        assert m, line
        (const,) = {r["constant"] for r in rows}
        row = by_formula[(const, m["lhs"], m["signs"])]
        members = fams[(const, row["family"])]
        assert row["best_in_family"], line  # the line shows the family's best member
        assert int(m["members"]) == len(members)
        assert m["rate"] == f"{max(r['rate'] for r in members):.3f}"
        assert int(m["digits"]) == row["verified_digits"]
        assert (m["status"] != "NEW") == any(r["known"] for r in members)
        assert (m["proof"] == "proved") == (row["proof_status"] == "proved")  # proved when its best member is
        seen.append((const, row["family"]))
    assert sorted(seen) == sorted(fams)  # exactly one line per family


@pytest.fixture(scope="module")
def e_search():
    """The same tiny search of e as JSON, as text, and as text with every member."""
    doc = json.loads(run("search", "run", "e", *SPACE, "--no-store", "--format", "json").stdout)
    text = run("search", "run", "e", *SPACE, "--no-store").stdout.splitlines()
    full = run("search", "run", "e", *SPACE, "--no-store", "--all-members").stdout.splitlines()
    return doc, text, full


def test_search_text_has_one_line_per_family_of_the_json_rows(e_search):
    doc, text, _ = e_search
    rows = doc["results"]
    assert len(rows) == doc["stats"]["verified"] > len(groups(rows)) > 1  # JSON keeps every row
    assert text[-1].startswith(f"{doc['stats']['pairs']:,} pairs screened")
    check_family_lines(text[:-2], rows)
    n, known, new, r = map(int, SUMMARY.match(text[-2]).groups())
    fams = groups(rows)
    assert (n, r) == (len(fams), len(rows))
    assert known == sum(1 for m in fams.values() if any(x["known"] for x in m)) and known + new == n
    assert {(f["constant"], f["family"]): f["members"] for f in doc["families"]} == \
        {k: len(m) for k, m in fams.items()}
    for f in doc["families"]:  # a family is proved when its best member is, from that member's formula
        best = next(r for r in fams[(f["constant"], f["family"])] if r["best_in_family"])
        assert f["proved"] == (best["proof_status"] == "proved")
        assert f["proved_from"] == (best["proof"]["source"] if f["proved"] else None)
    assert any(f["proved"] for f in doc["families"])


def test_all_members_prints_every_row_and_best_per_family_one_per_family(e_search):
    doc, _, full = e_search
    heads = [ln for ln in full if " = SICF signs " in ln]
    assert len(heads) == len(doc["results"])
    best = run("search", "run", "e", *SPACE, "--no-store", "--all-members", "--best-per-family").stdout
    assert len([ln for ln in best.splitlines() if " = SICF signs " in ln]) == len(groups(doc["results"]))
    js = json.loads(run("search", "run", "e", *SPACE, "--no-store", "--best-per-family", "--format", "json").stdout)
    assert sorted((r["constant"], r["family"]) for r in js["results"]) == sorted(groups(doc["results"]))


def test_conjectures_list_table_is_one_row_per_constant_and_family(tmp_path):
    db = str(tmp_path / "fam.sqlite")
    for c in ("e", "tan(1)"):
        run("search", "run", c, *SPACE, "--db", db)
    rows = json.loads(run("conjectures", "list", "--db", db, "--format", "json").stdout)
    fams = groups(rows)
    assert {r["constant"] for r in rows} == {"e", "tan(1)"}
    table = run("conjectures", "list", "--db", db).stdout.splitlines()
    header, body, summary = table[0].split(), table[2:-1], table[-1]
    assert header[:3] == ["constant", "best_id", "lhs"] and len(body) == len(fams)
    by_id = {r["id"]: r for r in rows}
    shown = []
    for line in body:
        const, best_id = line.split()[:2]
        row = by_id[int(best_id)]
        assert row["constant"] == const
        members = fams[(const, row["family"])]
        assert row["pattern_size"] == min(x["pattern_size"] for x in members)  # the simplest pattern first
        assert f"  {len(members)}  " in line
        shown.append((const, row["family"]))
    assert sorted(shown) == sorted(fams)
    n, known, new, r = map(int, SUMMARY.match(summary).groups())
    assert (n, r) == (len(fams), len(rows))
    # --sort rate orders families by their best rate; --limit counts families
    top = run("conjectures", "list", "--db", db, "--sort", "rate", "--limit", "3").stdout.splitlines()
    rates = [float(ln.split()[-2]) for ln in top[2:-1]]
    best_rates = sorted((max(x["rate"] for x in m) for m in fams.values()), reverse=True)
    assert rates == pytest.approx([float(f"{x:.4g}") for x in best_rates[:3]], rel=1e-3)
    assert top[-1].endswith("3 shown (--limit)")
    # --all-members and CSV keep every row
    every = run("conjectures", "list", "--db", db, "--all-members").stdout.splitlines()
    assert len(every) - 2 == len(rows)
    csv = run("conjectures", "list", "--db", db, "--format", "csv").stdout.splitlines()
    assert len(csv) - 1 == len(rows) and "best_in_family" in csv[0].split(",")
    # a row filter that keeps every row groups the rows in the CLI: the same table as the database's summaries
    assert run("conjectures", "list", "--db", db, "--min-digits", "0").stdout.splitlines() == table
    only_e = run("conjectures", "list", "--db", db, "--constant", "e").stdout.splitlines()
    assert len(only_e) - 3 == sum(1 for c, _ in fams if c == "e")
