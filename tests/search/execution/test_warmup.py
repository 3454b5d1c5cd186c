"""The parallel warm-up compiles a group into Numba's cache, where a search then finds it."""

from __future__ import annotations

import os
import subprocess
import sys

from click.testing import CliRunner

from discovery.cli import main
from search.execution.runner import kernels_cached
from search.execution.warmup import GROUPS, compile_in_parallel, needed


def test_every_search_kind_needs_known_groups():
    for degree in (1, 2, 3):
        for shared in (False, True):
            groups = needed(degree, shared)
            assert set(groups) <= set(GROUPS) and groups[-1] == "confirm"
            assert ("tails" in groups) == shared and ("screen" in groups) == (not shared)


def test_a_child_fills_an_empty_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("NUMBA_CACHE_DIR", str(tmp_path))
    assert not kernels_cached(shared_tails=False)
    env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path)}
    subprocess.run([sys.executable, "-m", "search.execution.warmup", "screen"], env=env, check=True,
                   capture_output=True, timeout=600)
    assert kernels_cached(shared_tails=False) and not kernels_cached(shared_tails=True)


def test_an_unknown_group_fails_in_the_child_and_is_reported(monkeypatch):
    monkeypatch.setitem(GROUPS, "nonsense", lambda: None)  # known here, unknown to the child
    assert compile_in_parallel(["screen", "nonsense"], workers=2) == ["nonsense"]


def test_warm_up_has_help():
    out = CliRunner().invoke(main, ["warm-up", "--help"])
    assert out.exit_code == 0 and "Numba's cache" in out.output
