"""Tests of discovery.experiments.coffee.commands: `esma experiment coffee` (and its report and plot)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from discovery.cli import main
from discovery.experiments.coffee.parameters import MODELS


def run_cli(*args: str):
    return CliRunner().invoke(main, ["experiment", "coffee", *args])


def test_cli_json():
    res = run_cli("--size", "40", "--seeds", "2", "--format", "json")
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["experiment"] == "coffee"
    assert doc["parameters"]["size"] == 40
    r = doc["results"]
    assert [x["model"] for x in r["runs"]] == list(MODELS)
    assert '"likely explainable" by border-pixel artifacts' in r["erratum"] and "1405.6903" in r["erratum"]
    assert r["seeds"] == [0, 1] and len(r["seed_summaries"]["interacting"]) == 2
    for x in r["runs"]:
        assert x["cream_start"] == x["cream_end"] == 800
        assert len(x["t"]) == len(x["entropy"]) == len(x["complexity"]["3-bucket"])


def test_cli_text_plot_and_scaling(tmp_path):
    png = tmp_path / "coffee.png"
    res = run_cli("--size", "20", "--model", "interacting", "--snapshots", "20", "--scaling", "--sizes", "12,16,20",
                  "--plot", str(png))
    assert res.exit_code == 0, res.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    assert "What the authors say" in res.output and "scaling, interacting model" in res.output
    assert "fit 3-bucket_peak_t" in res.output and "95% CI" in res.output and "What the data show" in res.output


@pytest.mark.parametrize("args, needle", [
    (["--size", "41"], "even"),
    (["--size", "500"], "between 4 and 400"),
    (["--size", "40", "--grain", "6"], "odd"),
    (["--size", "40", "--snapshots", "1"], "snapshots"),
    (["--size", "40", "--scaling", "--sizes", "20,x"], "comma-separated"),
    (["--size", "40", "--seeds", "0"], "number of seeds"),
])
def test_cli_refuses_bad_parameters(args, needle):
    res = run_cli(*args)
    assert res.exit_code != 0
    assert needle in res.output
    assert "Traceback" not in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)


def test_cli_module_imports_stay_light(heavy_imports):
    light = (".commands", ".runs", ".coffee", ".parameters")
    assert heavy_imports("discovery.experiments.coffee.commands", light) == []
