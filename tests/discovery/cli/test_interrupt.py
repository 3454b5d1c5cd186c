"""Ctrl-C on a running `esma search run` (a real subprocess): clean stop, partial results kept."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

_REPO = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())  # the repository

ESMA = [sys.executable, "-c", "from discovery.cli import main; main()"]


def test_sigint_stops_cleanly_and_keeps_verified_results():
    env = dict(os.environ)
    # e with L = 4 and periods 1-4 (30,096 pairs) takes far longer than the estimate and the 4 s after it
    p = subprocess.Popen(ESMA + ["search", "run", "e", "-L", "4", "-p", "1-4", "-w", "2", "--format", "json"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                         cwd=_REPO)
    lines = [p.stderr.readline()]  # the time estimate, measured on a sample before the search starts
    while lines[-1] and not lines[-1].startswith("search space:") and len(lines) < 5:
        lines.append(p.stderr.readline())  # (after the notice of a first Numba compilation, if any)
    assert lines[-1].startswith("search space: 30,096 pairs"), lines
    time.sleep(4)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=120)
    assert "Traceback" not in err
    doc = json.loads(out)
    stats = doc["stats"]
    assert stats["units_done"] < stats["units_total"], "the interrupt must land mid-search"
    assert p.returncode == 130
    assert stats["interrupted"] is True
    assert stats["verified"] == len(doc["results"])
    assert all(r["verified_digits"] >= 100 for r in doc["results"])
