"""Tests of discovery.experiments.primes.commands: `esma experiment primes | erdos-kac | prime-coding | learnability`.

Through the CLI these also exercise the report and plot modules.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from discovery.cli import main
from discovery.experiments.primes.commands import INT_EXPR


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_cli_primes_json():
    res = run("experiment", "primes", "--max", "100000", "--format", "json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert doc["experiment"] == "primes" and doc["parameters"] == {"max": 100000}
    assert doc["results"]["pi"] == 9592


def test_cli_primes_text_accepts_powers():
    res = run("experiment", "primes", "--max", "10^4")
    assert res.exit_code == 0, res.output
    assert "pi(10000) = 1229" in res.output
    assert "Verdicts:" in res.output


def test_cli_erdos_kac_plot_and_save(tmp_path):
    from db.engine import open_db
    from db.repository import list_experiment_runs

    png = tmp_path / "ek.png"
    res = run("experiment", "erdos-kac", "--max", "2^17", "--plot", str(png), "--save", "--format", "json")
    assert res.exit_code == 0, res.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    doc = json.loads(res.output)
    db = open_db()
    try:
        runs = list_experiment_runs(db, "erdos-kac")
    finally:
        db.close()
    assert len(runs) == 1 and runs[0]["id"] == doc["saved_run"]
    assert runs[0]["parameters"]["max"] == 2**17
    assert runs[0]["results"]["mean"] == pytest.approx(doc["results"]["mean"])


def test_cli_primes_plot(tmp_path):
    png = tmp_path / "p.png"
    res = run("experiment", "primes", "--max", "1e5", "--plot", str(png))
    assert res.exit_code == 0, res.output
    assert png.stat().st_size > 10_000


@pytest.mark.parametrize("args", [
    ["experiment", "primes", "--max", "1"],
    ["experiment", "primes", "--max", "0"],
    ["experiment", "primes", "--max", str(2**27 + 1)],
    ["experiment", "erdos-kac", "--max", "10"],
    ["experiment", "erdos-kac", "--max", "2^30"],
    ["experiment", "primes", "--max", "1.5"],
])
def test_cli_bad_primes_parameters_refused(args):
    res = run(*args)
    assert res.exit_code != 0
    assert "Traceback" not in res.output
    errors = [line for line in res.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, res.output


def test_cli_prime_coding_json_plot_and_save(tmp_path):
    from db.engine import open_db
    from db.repository import list_experiment_runs

    png = tmp_path / "pc.png"
    res = run("experiment", "prime-coding", "--max", "10^5", "--compressor", "zlib", "--compressor", "lzma",
              "--draws", "5", "--plot", str(png), "--save", "--format", "json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert list(doc["results"]["compressors"]) == ["zlib", "lzma"]
    assert doc["results"]["pi"] == 9592
    assert doc["parameters"]["draws"] == 5
    assert len(doc["results"]["at_N"]["surrogate_draws"]["cramer"]["lzma"]) == 5
    assert png.read_bytes()[:4] == b"\x89PNG"
    db = open_db()
    try:
        runs = list_experiment_runs(db, "prime-coding")
    finally:
        db.close()
    assert [r["id"] for r in runs] == [doc["saved_run"]]


def test_cli_prime_coding_text_states_the_verdict():
    res = run("experiment", "prime-coding", "--max", "50000", "--compressor", "bz2")
    assert res.exit_code == 0, res.output
    assert "packed bits" in res.output and "Verdicts:" in res.output
    assert "kt_residue_mod_2310" in res.output and "+-" in res.output


@pytest.mark.parametrize("args", [
    ["--max", "1"],
    ["--max", "10^9"],
    ["--max", str(2**25 + 1)],
    ["--max", "2000000", "--serialisation", "ascii"],
    ["--compressor", "gzip"],
    ["--draws", "0"],
])
def test_cli_bad_prime_coding_parameters_refused(args):
    res = run("experiment", "prime-coding", *args)
    assert res.exit_code != 0
    assert "Traceback" not in res.output
    assert len([x for x in res.output.splitlines() if x.startswith("Error:")]) == 1, res.output


def test_cli_learnability_json_plot_save(tmp_path):
    from db.engine import open_db
    from db.repository import list_experiment_runs

    png = tmp_path / "l.png"
    res = run("experiment", "learnability", "--bits", "14", "--window", "16", "--resamples", "30", "--plot", str(png),
              "--save", "--format", "json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert doc["parameters"]["bits"] == 14
    assert set(doc["results"]["models"]) >= {"one_feature_n", "per_bit", "wheel_30", "next_bit_window"}
    assert png.read_bytes()[:4] == b"\x89PNG"
    db = open_db()
    try:
        assert [r["id"] for r in list_experiment_runs(db, "learnability")] == [doc["saved_run"]]
    finally:
        db.close()


def test_cli_learnability_text_mentions_parity():
    res = run("experiment", "learnability", "--bits", "12", "--window", "8", "--resamples", "30")
    assert res.exit_code == 0, res.output
    assert "primes are odd" in res.output and "not a true-positive rate" in res.output


@pytest.mark.parametrize("args", [["--bits", "4"], ["--bits", "40"], ["--window", "100"], ["--bits", "x"],
                                  ["--resamples", "5"]])
def test_cli_bad_learnability_parameters_refused(args):
    res = run("experiment", "learnability", *args)
    assert res.exit_code != 0
    assert "Traceback" not in res.output
    assert len([x for x in res.output.splitlines() if x.startswith("Error:")]) == 1, res.output


def test_integer_expressions():
    assert [INT_EXPR.convert(v, None, None) for v in ("1_000", "10^6", "2**24", "1e6", "-3", 7)] == [
        1000, 10**6, 2**24, 10**6, -3, 7]


def test_cli_module_imports_no_heavy_modules(heavy_imports):
    assert heavy_imports("discovery.experiments.primes.commands", (".commands", ".runs", ".primes")) == []


def test_cli_help_lists_the_experiments():
    res = run("experiment", "--help")
    assert res.exit_code == 0
    for name in ("primes", "erdos-kac", "prime-coding", "learnability"):
        assert name in res.output
    for name in ("primes", "erdos-kac", "prime-coding", "learnability"):
        sub = run("experiment", name, "--help")
        assert sub.exit_code == 0 and "--format" in sub.output and "--plot" in sub.output
