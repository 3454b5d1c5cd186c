"""Tests of discovery.experiments.complexity.commands: `esma experiment complexity` (and its report and plot)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from discovery.cli import main


ARGS = ["experiment", "complexity", "--terms", "300", "--bits", "10000", "--surrogates", "119"]


def test_cli_json():
    res = CliRunner().invoke(main, ARGS + ["--format", "json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert doc["experiment"] == "complexity" and doc["parameters"]["terms"] == 300
    src = doc["results"]["sources"]
    assert list(src) == ["e", "tan(1)", "pi", "random real", "primes", "random bits"]
    for name, rec in src.items():
        assert rec["verdict"].startswith(name)
        for ser in rec["compression"].values():
            assert ser["serialisation"]
            for comp, e in ser["compressors"].items():
                assert comp in ("zlib", "bz2", "lzma", "zstd")
                assert {"bits_per_symbol", "null", "deciding", "shuffled", "iid"} <= set(e)
                assert e["deciding"] == (comp != "zstd") and ("p_holm" in e["null"]) == e["deciding"]
        assert {"normalized", "shuffled", "iid", "warning"} <= set(rec["lz76"])
        assert rec["order_test"]["deciding_compressors"] == ["zlib", "bz2", "lzma"]
        assert rec["order_test"]["draws"] == 119 and "12-bit blocks" in rec["bdm"]["limits"]
    # the verdicts of issue 13 at this size: e, tan(1) and the primes have order, pi and the random sources not
    assert {nm: rec["order_test"]["order"] for nm, rec in src.items()} == {
        "e": True, "tan(1)": True, "pi": False, "random real": False, "primes": True, "random bits": False}
    assert "order, more compressible than a typical real" in src["e"]["verdict"]
    assert "no order shown" in src["pi"]["verdict"]
    # LZ76 on e's 300 terms: 101 distinct values, every phrase but one forced by a first occurrence
    assert src["e"]["lz76"]["alphabet_size"] == 101 and "uninformative" in src["e"]["lz76"]["warning"]
    assert src["pi"]["lz76"]["warning"] is None and src["primes"]["lz76"]["warning"] is None
    assert src["e"]["linear_complexity"]["final_L"] == 7
    assert abs(src["pi"]["linear_complexity"]["final_L_over_n"] - 0.5) < 0.05
    assert src["e"]["pattern"]["found"] and src["e"]["pattern"]["description_bits"] == 41
    lz = src["e"]["compression"]["decimal text"]["compressors"]["lzma"]
    assert lz["bits_per_symbol"] < lz["shuffled"]["mean"] and lz["bits_per_symbol"] < lz["null"]["mean"]
    rb = src["random bits"]["compression"]["packed bits"]["compressors"]["lzma"]
    assert 0.95 < rb["bits_per_symbol"] < 1.1


def test_cli_plot_and_text(tmp_path):
    out = tmp_path / "cx.png"
    res = CliRunner().invoke(main, ARGS[:-2] + ["--surrogates", "19", "--plot", str(out), "--save"])
    assert res.exit_code == 0, res.output
    assert out.stat().st_size > 1000 and out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "verdict: e:" in res.output and "plot written to" in res.output
    assert "saved as experiment run" in res.output
    assert "undecided: with 19 draws the test cannot reject (it needs at least 119)" in res.output
    assert "Limits of BDM" in res.output


@pytest.mark.parametrize("bad", [["--terms", "5"], ["--bits", str(10**8)], ["--surrogates", "18"],
                                 ["--seed", "-1"]])
def test_cli_bad_parameters(bad):
    res = CliRunner().invoke(main, ["experiment", "complexity", *bad])
    assert res.exit_code != 0
    assert "Error:" in res.output and "Traceback" not in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)


def test_cli_module_imports_no_heavy_modules(heavy_imports):
    assert heavy_imports("discovery.experiments.complexity.commands", (".commands", ".runs", ".complexity")) == []
