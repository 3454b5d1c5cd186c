"""Work units on a real Dask cluster (LocalCluster, 2 worker processes) give the local pool's results.

(a) `esma search run --executor dask --scheduler local` stores exactly the local pool's conjectures;
(b) a worker SIGKILLed mid-search: Dask runs its units again, nothing is lost or duplicated;
(c) bad executor options are refused in one sentence; (d) the daemon accepts the options.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from discovery.cli import main

distributed = pytest.importorskip("distributed")

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())  # the repository


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


def result_set(doc: dict) -> set[tuple]:
    return {(r["lhs"], r["signs"], r["verified_digits"]) for r in doc["results"]}


def stored_set(db) -> list[tuple]:
    from db import repository as repo

    return [(r["lhs"], r["signs"], r["verified_digits"]) for r in repo.query_conjectures(db)]


def test_dask_local_cluster_stores_exactly_the_local_pool_conjectures(tmp_path):
    common = ["search", "run", "e", "-L", "2", "-p", "1-2", "--workers", "2", "--format", "json"]
    a = cli(*common, "--executor", "dask", "--scheduler", "local", "--db", str(tmp_path / "a.sqlite"))
    assert a.exit_code == 0, a.output
    b = cli(*common, "--db", str(tmp_path / "b.sqlite"))
    assert b.exit_code == 0, b.output
    da, dbb = json.loads(a.output), json.loads(b.output)
    assert result_set(da) == result_set(dbb)
    assert len(result_set(da)) == len(da["results"]) > 0
    assert da["stats"]["units_done"] == da["stats"]["units_total"] == dbb["stats"]["units_total"]
    assert da["stats"]["interrupted"] is False


def _register(db, constant, L, periods):
    from db import repository as repo
    from search.execution.runner import default_unit_size, plan
    from search.space.spec import build_search, search_document

    space, config = build_search(constant, 1, L, periods, 100, 0.25, 100, 1000)
    pairs, units = plan(space)
    doc, h = search_document(space, config, default_unit_size(pairs, len(space.periods)))
    sid, _ = repo.get_or_create_search(db, doc, h, space.constant, [(u.index, u.start, u.stop) for u in units])
    return sid, len(units)


def test_worker_killed_mid_search_loses_and_duplicates_nothing(tmp_path):
    from db import repository as repo
    from db.engine import open_db
    from search.execution.executors import DaskExecutor
    from discovery.service.worker import drive, owner_id

    # the local-pool reference
    ref_db = open_db(str(tmp_path / "ref.sqlite"))
    try:
        sid, total = _register(ref_db, "e", 3, "1-3")
        assert total >= 10  # enough units for the kill to land mid-search
        drive(ref_db, owner_id("ref"), 2, search_id=sid)
        reference = stored_set(ref_db)
    finally:
        ref_db.close()
    assert len(reference) == len(set(reference)) > 0

    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=40)
    ex = None
    db = open_db(str(tmp_path / "dask.sqlite"))
    try:
        ex = DaskExecutor(cluster.scheduler_address, workers=2)
        pids = ex.worker_pids()
        assert len(pids) == 2
        sid, total = _register(db, "e", 3, "1-3")
        killed: dict = {}

        def on_progress(rep):
            if rep.units_done >= 3 and not killed:
                busy = {addr for addr, keys in ex.client.processing().items() if keys}
                addr = next(iter(busy), next(iter(pids)))  # a worker with a unit in flight
                os.kill(pids[addr], signal.SIGKILL)
                killed.update(addr=addr, pid=pids[addr], at=rep.units_done)

        report = drive(db, owner_id("dask"), 2, search_id=sid, executor=ex, on_progress=on_progress)
        assert killed and killed["at"] < total, "the kill must land mid-search"
        assert report.units_done == total and not report.interrupted
        prog = repo.search_progress(db, sid)
        assert prog["units_done"] == prog["units_total"] == total
        got = stored_set(db)
        assert len(got) == len(set(got)), "a conjecture was stored twice"
        assert sorted(got) == sorted(reference)
        assert repo.db_check(db) == []
        # the nanny replaced the killed worker process
        assert killed["pid"] not in ex.worker_pids().values()
    finally:
        db.close()
        if ex is not None:
            ex.shutdown()
        cluster.close()


@pytest.mark.parametrize(
    "args, needle",
    [
        (["--scheduler", "tcp://127.0.0.1:1"], "--scheduler needs --executor dask"),
        (["--executor", "dask", "--scheduler", "foo://nowhere"], "must look like tcp://HOST:PORT"),
        (["--executor", "nosuch"], "'nosuch' is not one of"),
    ],
)
def test_bad_executor_options_are_refused_before_any_work(tmp_path, args, needle):
    res = cli("search", "run", "e", "-L", "1", "-p", "1", "--db", str(tmp_path / "x.sqlite"), *args)
    assert res.exit_code == 2
    assert needle in res.output
    assert "Traceback" not in res.output
    assert not (tmp_path / "x.sqlite").exists()


def test_unreachable_scheduler_is_one_sentence_and_nonzero(tmp_path):
    t0 = time.monotonic()
    p = subprocess.run([sys.executable, "-c", "from discovery.cli import main; main()",
                        "search", "run", "e", "-L", "1", "-p", "1", "--db", str(tmp_path / "x.sqlite"),
                        "--executor", "dask", "--scheduler", "tcp://127.0.0.1:1"],
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert p.returncode == 1
    assert "Could not connect to the Dask scheduler at tcp://127.0.0.1:1:" in p.stderr
    assert "Traceback" not in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1
    assert time.monotonic() - t0 < 30

    res = cli("daemon", "start", "--executor", "dask", "--scheduler", "tcp://127.0.0.1:1",
              "--db", str(tmp_path / "y.sqlite"))
    assert res.exit_code == 1
    assert "Could not connect to the Dask scheduler at tcp://127.0.0.1:1:" in res.output


def test_daemon_runs_a_queued_search_on_a_dask_local_cluster(tmp_path):
    def esma(*args: str) -> subprocess.CompletedProcess:
        p = subprocess.run([sys.executable, "-c", "from discovery.cli import main; main()", *args],
                           capture_output=True, text=True, cwd=ROOT, timeout=120)
        assert p.returncode == 0, f"esma {' '.join(args)}: {p.stdout} {p.stderr}"
        return p

    db = tmp_path / "d.sqlite"
    esma("search", "submit", "e", "-L", "1", "-p", "1-2", "--db", str(db))
    esma("daemon", "start", "--workers", "2", "--db", str(db), "--executor", "dask", "--scheduler", "local")
    try:
        st = json.loads(esma("daemon", "status", "--format", "json").stdout)
        assert st["running"]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            info = json.loads(esma("search", "show", "1", "--db", str(db), "--format", "json").stdout)
            if info["status"] == "done":
                break
            time.sleep(0.3)
        assert info["status"] == "done"
    finally:
        esma("daemon", "stop")
    ref = cli("search", "run", "e", "-L", "1", "-p", "1-2", "-w", "1", "--format", "json", "--no-store")
    rows = json.loads(esma("conjectures", "export", "--db", str(db), "--format", "json").stdout)
    assert {(r["lhs"], r["signs"], r["verified_digits"]) for r in rows} == result_set(json.loads(ref.output))
