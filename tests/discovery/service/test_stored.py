"""Stored runs: a rerun takes back every unit its dead predecessor held, not only a first batch."""

from __future__ import annotations

import socket
import subprocess
import sys

from db import lease_units, open_db
from discovery.service.stored import register_search, run_stored
from search.pipeline.stages import PipelineConfig
from search.space.units import SearchSpace


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_rerun_takes_back_all_units_of_a_killed_run(tmp_path):
    space, config = SearchSpace("e", 1, 1, 1, 2), PipelineConfig()
    db = open_db(tmp_path / "killed.sqlite")
    try:
        sid, _ = register_search(db, space, config, unit_size=4)
        dead = f"run@{socket.gethostname()}:{_dead_pid()}"
        held = lease_units(db, dead, 8, 3600.0, search_id=sid)  # a killed 4-worker run held 8 units
        assert len(held) == 8
        run = run_stored(db, space, config, workers=1, unit_size=4)
    finally:
        db.close()
    assert run.stats["units_done"] == run.stats["units_total"] == 12
    assert run.stats["units_leased_elsewhere"] == 0
