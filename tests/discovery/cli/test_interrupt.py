"""Ctrl-C on a running `esma search run` (a real subprocess): clean stop, partial results kept."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

_REPO = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())  # the repository

ESMA = [sys.executable, "-c", "from discovery.cli import main; main()"]


def _drain(stream, into: list[str]) -> threading.Thread:
    """Read ``stream`` to its end in a thread (a full stdout pipe must never block the child)."""
    thread = threading.Thread(target=lambda: into.extend(iter(stream.readline, "")), daemon=True)
    thread.start()
    return thread


def test_sigint_stops_cleanly_and_keeps_verified_results():
    env = dict(os.environ)
    # e with L = 5 and periods 1-5 (over 100,000 pairs, so the size and estimate line is printed) runs far
    # longer than the 4 s after that line
    p = subprocess.Popen(ESMA + ["search", "run", "e", "-L", "5", "-p", "1-5", "-w", "2", "--format", "json"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                         cwd=_REPO)
    out_lines: list[str] = []
    err_lines: list[str] = []
    readers = [_drain(p.stdout, out_lines), _drain(p.stderr, err_lines)]
    deadline = time.monotonic() + 180  # a first Numba compilation included
    while not any(line.startswith("search space:") for line in err_lines) and p.poll() is None:
        assert time.monotonic() < deadline, err_lines
        time.sleep(0.1)
    assert any(line.startswith("search space:") for line in err_lines), err_lines
    time.sleep(4)
    p.send_signal(signal.SIGINT)
    p.wait(timeout=120)
    for reader in readers:
        reader.join(30)
    out, err = "".join(out_lines), "".join(err_lines)
    assert "Traceback" not in err
    doc = json.loads(out)
    stats = doc["stats"]
    assert stats["units_done"] < stats["units_total"], "the interrupt must land mid-search"
    assert p.returncode == 130
    assert stats["interrupted"] is True
    assert stats["verified"] == len(doc["results"])
    assert all(r["verified_digits"] >= 100 for r in doc["results"])
