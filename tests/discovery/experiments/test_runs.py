"""Tests of discovery.experiments.runs and of the ``esma experiment`` command table."""

from __future__ import annotations

import importlib

import click
from click.testing import CliRunner

from discovery.cli import main
from discovery.cli.experiment import EXPERIMENTS
from discovery.experiments.runs import versions


def test_every_table_entry_is_a_click_command_with_the_common_options():
    for name, (module, attribute, help_text) in EXPERIMENTS.items():
        cmd = getattr(importlib.import_module(module), attribute)
        assert isinstance(cmd, click.Command) and cmd.name == name and help_text
        assert {"fmt", "plot_path", "save", "db_url"} <= {p.name for p in cmd.params}


def test_experiment_help_lists_every_experiment():
    res = CliRunner().invoke(main, ["experiment", "--help"])
    assert res.exit_code == 0
    for name in ("primes", "erdos-kac", "prime-coding", "learnability", "complexity", "coffee"):
        assert name in res.output


def test_versions_name_the_numeric_libraries():
    assert {"python", "esma", "numpy", "numba", "mpmath", "gmpy2"} <= set(versions())
