"""Interrupt a stored search at random instants (SIGINT and SIGKILL), rerun it at once each time:
the final conjectures equal those of a clean run, every time (nothing lost, nothing duplicated)."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

SEARCH = ["e", "-L", "2", "-p", "1-3", "--workers", "2"]


def _cmd(db: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "discovery", "search", "run", *SEARCH, "--db", str(db), "--format", "json", *extra]


def _run(db: Path) -> dict:
    p = subprocess.run(_cmd(db), capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    assert "Traceback" not in p.stderr
    return json.loads(p.stdout)


def _formulas(doc: dict) -> set[tuple]:
    return {(r["lhs"], r["signs"], r["verified_digits"]) for r in doc["results"]}


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> set[tuple]:
    doc = _run(tmp_path_factory.mktemp("clean") / "clean.sqlite")
    assert doc["stats"]["units_done"] == doc["stats"]["units_total"]
    return _formulas(doc)


# 6 trials in the suite; ESMA_INTERRUPT_TRIALS=20 for the longer soak (the acceptance run)
@pytest.mark.parametrize("trial", range(int(os.environ.get("ESMA_INTERRUPT_TRIALS", "6"))))
def test_interrupt_at_a_random_instant_then_rerun(tmp_path, clean, trial):
    rng = random.Random(1000 + trial)
    sig = signal.SIGINT if trial % 2 == 0 else signal.SIGKILL
    db = tmp_path / "interrupted.sqlite"
    p = subprocess.Popen(_cmd(db), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         start_new_session=True)
    time.sleep(rng.uniform(0.5, 4.0))
    if sig == signal.SIGKILL:
        os.killpg(p.pid, signal.SIGKILL)  # the whole run, like a crash or a closed terminal
    else:
        p.send_signal(signal.SIGINT)
    _out, err = p.communicate(timeout=120)
    assert "Traceback" not in err
    doc = _run(db)  # the immediate rerun takes back what the interrupted run held
    assert doc["stats"]["units_done"] == doc["stats"]["units_total"]
    assert doc["stats"]["units_leased_elsewhere"] == 0
    assert _formulas(doc) == clean
