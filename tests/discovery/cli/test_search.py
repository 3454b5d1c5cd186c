"""CLI tests for `esma search run`: JSON output, filters, and refusals before any work starts."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from discovery.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_search_run_json_document_has_results_and_stats(tmp_path):
    out = tmp_path / "res.json"
    res = run("search", "run", "e", "--coeff-limit", "1", "--periods", "1-2", "--workers", "1",
              "--format", "json", "--out", str(out))
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert json.loads(out.read_text()) == doc
    stats = doc["stats"]
    for key in ("pairs", "hits", "verified", "seconds", "stage_seconds"):
        assert key in stats
    assert stats["pairs"] == 12 * 4
    assert stats["verified"] == len(doc["results"]) > 0
    required = {"lhs", "lhs_value", "signs", "transient", "period", "channels", "recurrence_length",
                "verified_digits", "rate", "family", "known"}
    for r in doc["results"]:
        assert required <= set(r)
        assert len(r["lhs_value"].replace(".", "").lstrip("0")) >= 40
        assert r["verified_digits"] >= 100
    # e itself, with its transient, is among them
    assert any(r["lhs"] == "c" and r["signs"] == "+" and r["transient"] == [2] for r in doc["results"])


def test_best_per_family_narrows_to_one_per_family():
    res = run("search", "run", "e", "-L", "1", "-p", "1-2", "-w", "1", "--format", "json", "--best-per-family")
    doc = json.loads(res.output)
    fams = [r["family"] for r in doc["results"]]
    assert len(fams) == len(set(fams)) > 0
    full = json.loads(run("search", "run", "e", "-L", "1", "-p", "1-2", "-w", "1", "--format", "json").output)
    assert set(fams) == {r["family"] for r in full["results"]}
    assert len(full["results"]) > len(fams)


def test_all_members_text_shows_every_formula_in_full():
    res = run("search", "run", "e", "-L", "1", "-p", "1", "-w", "1", "--no-store", "--all-members")
    assert res.exit_code == 0
    assert "\\cfrac" in res.output
    assert "pairs screened" in res.output


@pytest.mark.parametrize(
    "args, needle",
    [
        (["nosuchconstant"], "unknown name"),
        (["e", "--coeff-limit", "0"], "coefficient limit"),
        (["e", "--periods", "5-2"], "5-2"),
        (["e", "--depth", "3"], "depth"),
        (["3/7"], "rational"),
        (["e", "--coeff-limit", "20", "--periods", "1-6"], "--max-pairs"),
        (["e", "--approve-ratio", "2"], "approve ratio"),
    ],
)
def test_bad_search_requests_are_refused_before_work(args, needle):
    res = run("search", "run", *args)
    assert res.exit_code != 0
    assert "Traceback" not in res.output
    assert needle.lower() in res.output.lower()
    assert "pairs screened" not in res.output
    assert len([ln for ln in res.output.splitlines() if ln.startswith("Error")]) == 1


def test_large_space_with_yes_prints_its_size_and_a_measured_estimate_first(monkeypatch):
    # run nothing: stop right after the estimate by replacing the runner
    import search.execution.runner as runner

    monkeypatch.setattr(runner, "run_search", lambda *a, **k: (_ for _ in ()).throw(SystemExit(3)))
    res = CliRunner().invoke(main, ["search", "run", "e", "-L", "6", "-p", "1-4", "--max-pairs", "1000", "--yes",
                                       "--no-store", "-w", "2"])
    assert res.exit_code == 3
    # 6,160 LHS classes (L = 6) x 22 sign periods, and a time measured on a sample
    assert re.search(r"search space: 135,520 pairs in \d+ units; about \d+ (s|min) on 2 workers with free cores "
                     r"\(estimated from a sample: [\d,]+ pairs", res.stderr), res.stderr
    assert "roughly" not in res.output


def test_files_that_cannot_be_written_are_refused_before_work(tmp_path, monkeypatch):
    """--out and --plot into a folder that does not exist, ESMA_HOME that is a file: one sentence each."""
    cases = [
        ["search", "run", "e", "-L", "1", "-p", "1", "--no-store", "--out", str(tmp_path / "none" / "x.json")],
        ["experiment", "primes", "--max", "1000", "--plot", str(tmp_path / "none" / "x.png")],
    ]
    for args in cases:
        res = CliRunner().invoke(main, args)
        assert res.exit_code != 0 and "does not exist" in res.output, res.output
        assert "Traceback" not in res.output and "pairs screened" not in res.output
    afile = tmp_path / "a-file"
    afile.write_text("")
    monkeypatch.setenv("ESMA_HOME", str(afile))
    res = CliRunner().invoke(main, ["daemon", "status"])
    assert res.exit_code != 0 and "set ESMA_HOME to a writable folder" in res.output


def test_estimate_is_a_number_of_seconds_within_a_sane_factor_of_the_run():
    """pi, L = 6, periods 1-4: 135,520 hit-free pairs, a few seconds on one worker (in this process)."""
    res = CliRunner().invoke(main, ["search", "run", "pi", "-L", "6", "-p", "1-4", "-w", "1", "--no-store",
                                    "--format", "json"])
    assert res.exit_code == 0, res.output
    m = re.search(r"; about (\d+) (s|min) on 1 worker ", res.stderr)
    assert m, res.stderr
    estimated = int(m[1]) * (60 if m[2] == "min" else 1)
    measured = json.loads(res.stdout)["stats"]["seconds"]
    assert measured / 5 <= estimated <= 5 * max(measured, 1.0)  # generous: CI machines are shared
