"""The daemon as a real detached process: SIGKILL and restart, two daemons, queries while it writes."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())  # the repository
SEARCH = ["e", "-L", "3", "-p", "1-4"]  # 11,088 pairs in 17 units, about 3900 conjectures: seconds of work even now
# that family members are derived instead of evaluated (the daemons must still be writing while we query)
UNITS = 17


def esma(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    p = subprocess.run([sys.executable, "-c", "from discovery.cli import main; main()", *args],
                       capture_output=True, text=True, cwd=ROOT, timeout=300)
    if check and p.returncode != 0:
        raise AssertionError(f"esma {' '.join(args)} failed: {p.stdout} {p.stderr}")
    return p


def status(name: str = "default") -> dict:
    return json.loads(esma("daemon", "status", "--name", name, "--format", "json").stdout)


def wait_done(db: Path, search_id: int = 1, timeout: float = 240) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        info = json.loads(esma("search", "show", str(search_id), "--db", str(db), "--format", "json").stdout)
        if info["status"] == "done":
            return info
        time.sleep(0.5)
    raise AssertionError("the search did not finish")


def conjecture_set(db: Path) -> set[tuple]:
    rows = json.loads(esma("conjectures", "export", "--db", str(db), "--format", "json").stdout)
    return {(r["constant"], r["lhs"], r["signs"], r["verified_digits"]) for r in rows}


def units(db: Path) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute('SELECT "index", status, attempts FROM work_units ORDER BY "index"').fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> set[tuple]:
    """The conjecture set of an uninterrupted foreground run of the same search."""
    db = tmp_path_factory.mktemp("ref") / "ref.sqlite"
    esma("search", "run", *SEARCH, "--db", str(db), "--format", "json")
    return conjecture_set(db)


def test_sigkill_mid_search_then_restart_loses_and_duplicates_nothing(tmp_path, reference):
    db = tmp_path / "d.sqlite"
    esma("search", "submit", *SEARCH, "--db", str(db))
    esma("daemon", "start", "--workers", "2", "--db", str(db), "--lease-seconds", "600")
    pid = status()["pid"]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        done = sum(1 for _, st, _ in units(db) if st == "done")
        if done >= 3:
            break
        time.sleep(0.05)
    assert 0 < done < UNITS, "the kill must land mid-search"
    os.killpg(pid, signal.SIGKILL)  # the daemon and its pool workers, like a crash
    time.sleep(0.5)
    assert status()["running"] is False
    leased = [u for u in units(db) if u[1] == "leased"]
    assert leased, "a crash leaves leased units behind"
    # the lease is 600 s: only the restarted daemon's reclaim of its predecessor's units finishes in time
    esma("daemon", "start", "--workers", "2", "--db", str(db), "--lease-seconds", "600")
    info = wait_done(db)
    esma("daemon", "stop")
    assert conjecture_set(db) == reference
    assert info["verified"] == len(reference)
    assert all(st == "done" for _, st, _ in units(db))
    assert esma("db", "check", "--db", str(db)).stdout.strip() == "ok"


def test_two_daemons_share_one_search_without_overlap(tmp_path, reference):
    db = tmp_path / "two.sqlite"
    esma("search", "submit", *SEARCH, "--db", str(db))
    esma("daemon", "start", "--name", "a", "--workers", "1", "--db", str(db))
    esma("daemon", "start", "--name", "b", "--workers", "1", "--db", str(db))
    queries = 0
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        # queries while both daemons write
        listing = esma("conjectures", "list", "--db", str(db), "--format", "json")
        assert isinstance(json.loads(listing.stdout), list)
        queries += 1
        info = json.loads(esma("search", "show", "1", "--db", str(db), "--format", "json").stdout)
        if info["status"] == "done":
            break
    esma("daemon", "stop", "--name", "a")
    esma("daemon", "stop", "--name", "b")
    assert queries >= 2
    rows = units(db)
    assert len(rows) == UNITS
    assert all(st == "done" and attempts == 1 for _, st, attempts in rows), "a unit was run twice"
    owners = json.loads(esma("search", "show", "1", "--db", str(db), "--format", "json").stdout)
    assert owners["status"] == "done"
    assert conjecture_set(db) == reference


def test_starting_a_running_name_is_refused(tmp_path):
    db = tmp_path / "x.sqlite"
    esma("daemon", "start", "--db", str(db), "--workers", "1")
    try:
        again = esma("daemon", "start", "--db", str(db), "--workers", "1", check=False)
        assert again.returncode != 0
        assert "already running" in again.stderr
        assert "Traceback" not in again.stderr
        st = status()
        assert st["running"] is True and st["state"] in ("running", "idle")
    finally:
        esma("daemon", "stop")
    assert status()["running"] is False


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to find the pool workers")
def test_sigkill_of_the_daemon_alone_leaves_no_orphan_worker(tmp_path):
    """Only the daemon is killed (not its process group): its pool workers must exit by themselves."""
    db = tmp_path / "orphans.sqlite"
    esma("search", "submit", "e", "-L", "3", "-p", "1-3", "--db", str(db))
    esma("daemon", "start", "--workers", "2", "--db", str(db))
    pid = status()["pid"]
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2:
        workers = [c for c in _children(pid) if _alive(c)]
        time.sleep(0.05)
    assert len(workers) >= 2, "the daemon's pool workers should be running"
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 3.0
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.05)
    left = [w for w in workers if _alive(w)]
    for w in left:
        os.kill(w, signal.SIGKILL)
    assert not left, f"pool workers {left} outlived their daemon by 3 s"


def test_a_pid_file_naming_another_process_is_not_a_running_daemon(tmp_path, monkeypatch):
    """After a crash the pid in the file may belong to an unrelated process: never signal it."""
    from discovery.service import daemon as d

    monkeypatch.setenv("ESMA_HOME", str(tmp_path / "home"))
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        d.DaemonFiles.for_name("default").pid.write_text(str(other.pid))
        assert d.running_pid("default") is None
        assert d.stop("default", timeout=1) is False
        assert other.poll() is None, "the unrelated process must not have been signalled"
    finally:
        other.kill()
        other.wait()
