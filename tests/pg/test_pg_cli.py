"""The command line end to end on PostgreSQL (``--db postgresql+psycopg://...``), in subprocesses."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())  # the repository


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["ESMA_HOME"] = str(tmp_path / "esma-home")
    env["ESMA_DB"] = str(tmp_path / "default.sqlite")  # never the user's database
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _cmd(*args: str) -> list[str]:
    return [sys.executable, "-c", "from discovery.cli import main; main()", *args]


def esma(tmp_path: Path, *args: str, timeout: float = 120) -> str:
    done = subprocess.run(_cmd(*args), env=_env(tmp_path), cwd=str(tmp_path), capture_output=True,
                          text=True, timeout=timeout, check=False)
    assert done.returncode == 0, f"esma {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _conjecture_set(tmp_path: Path, db: str) -> set[tuple[str, str]]:
    rows = json.loads(esma(tmp_path, "conjectures", "export", "--db", db, "--format", "json"))
    return {(row["lhs"], row["signs"]) for row in rows}


def test_search_run_on_postgresql_matches_sqlite(tmp_path, pg_url):
    sqlite = str(tmp_path / "same.sqlite")
    args = ("search", "run", "e", "-L", "1", "-p", "1-2", "--workers", "1", "--format", "json")
    on_pg = json.loads(esma(tmp_path, *args, "--db", pg_url))
    on_sqlite = json.loads(esma(tmp_path, *args, "--db", sqlite))
    assert on_pg["search"]["database"] == pg_url
    printed = {(r["lhs"], r["signs"]) for r in on_pg["results"]}
    assert printed == {(r["lhs"], r["signs"]) for r in on_sqlite["results"]}
    stored = _conjecture_set(tmp_path, pg_url)
    assert stored and stored == _conjecture_set(tmp_path, sqlite)
    assert printed <= stored
    # running the same search again stores nothing twice
    esma(tmp_path, *args, "--db", pg_url)
    assert _conjecture_set(tmp_path, pg_url) == stored

    info = json.loads(esma(tmp_path, "db", "info", "--db", pg_url, "--format", "json"))
    assert info["dialect"] == "postgresql" and info["schema_version"] == 6
    assert info["counts"]["searches"] == 1 and info["counts"]["conjectures"] == len(stored)
    assert esma(tmp_path, "db", "check", "--db", pg_url).strip() == "ok"


def test_unreachable_server_is_one_clear_line(tmp_path):
    done = subprocess.run(_cmd("db", "info", "--db", "postgresql+psycopg://esma@127.0.0.1:1/none"),
                          env=_env(tmp_path), capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert "cannot connect to the database server of postgresql+psycopg://esma@127.0.0.1:1/none" in \
        done.stderr.lower()
    assert len(done.stderr.strip().splitlines()) == 1


def _stop_daemon(tmp_path: Path, name: str, pid: int | None) -> None:
    subprocess.run(_cmd("daemon", "stop", "--name", name, "--timeout", "30"), env=_env(tmp_path),
                   capture_output=True, timeout=90, check=False)
    if pid is None:
        return
    try:  # the daemon we started did not stop: end it (only if that pid is still a Python process)
        if b"python" in Path(f"/proc/{pid}/cmdline").read_bytes():
            os.kill(pid, signal.SIGKILL)
    except OSError:
        pass


def test_two_daemons_share_one_search_without_overlap(tmp_path, pg_url, pg_query):
    space = ("e", "-L", "2", "-p", "1-3")
    submitted = esma(tmp_path, "search", "submit", *space, "--db", pg_url)
    assert re.search(r"\d+", submitted)
    # the same search in the foreground (into SQLite) while the daemons work
    sqlite = str(tmp_path / "foreground.sqlite")
    foreground = subprocess.Popen(_cmd("search", "run", *space, "--workers", "1", "--db", sqlite, "--format", "json"),
                                  env=_env(tmp_path), cwd=str(tmp_path), stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, text=True)
    pids: dict[str, int | None] = {}
    try:
        # both daemons start at the same time, each with its own engine and lease owner
        starting = {name: subprocess.Popen(_cmd("daemon", "start", "--name", name, "--workers", "1",
                                                "--lease-seconds", "60", "--db", pg_url),
                                           env=_env(tmp_path), cwd=str(tmp_path), stdout=subprocess.PIPE,
                                           stderr=subprocess.STDOUT, text=True)
                    for name in ("a", "b")}
        for name, proc in starting.items():
            out = proc.communicate(timeout=90)[0]
            found = re.search(r"pid (\d+)", out)
            pids[name] = int(found.group(1)) if found else None
            assert proc.returncode == 0, out
        deadline = time.monotonic() + 150
        while time.monotonic() < deadline:
            (status,) = pg_query(pg_url, "SELECT status FROM searches")
            if status[0] == "done":
                break
            time.sleep(0.5)
        else:
            raise AssertionError(f"the daemons did not finish the search; units: "
                                 f"{pg_query(pg_url, 'SELECT status, count(*) FROM work_units GROUP BY status')}")
        owners = pg_query(pg_url, "SELECT DISTINCT lease_owner FROM work_units")
        units = pg_query(pg_url, "SELECT status, attempts FROM work_units")
    finally:
        for name, pid in pids.items():
            _stop_daemon(tmp_path, name, pid)
        try:
            stderr = foreground.communicate(timeout=180)[1]
        except subprocess.TimeoutExpired:
            foreground.kill()
            stderr = foreground.communicate()[1]
    assert foreground.returncode == 0, stderr
    assert len(units) > 10
    assert all(unit == ("done", 1) for unit in units), units  # every unit done, leased exactly once
    assert owners == [(None,)]
    done_here = {}
    for name in ("a", "b"):
        status = json.loads((tmp_path / "esma-home" / "daemons" / f"{name}.status.json").read_text())
        done_here[name] = status["units_done_here"]
    assert sum(done_here.values()) == len(units)  # each unit done by exactly one daemon
    assert all(count > 0 for count in done_here.values()), done_here  # both took part
    assert _conjecture_set(tmp_path, pg_url) == _conjecture_set(tmp_path, sqlite)
    assert esma(tmp_path, "db", "check", "--db", pg_url).strip() == "ok"


def test_a_database_password_appears_nowhere(tmp_path, pg_url):
    """With trust authentication any password connects, so a URL with one exercises every place
    a URL is shown, stored or passed: JSON output, --out, daemon status (text and JSON), the status
    file, the daemon log and the daemon's process arguments."""
    secret = "s3cretPassw0rd"
    url = pg_url.replace("://", f"://:{secret}@", 1) if "@" not in pg_url else pg_url.replace("@", f":{secret}@", 1)
    assert secret in url
    out_file = tmp_path / "run.json"
    shown = esma(tmp_path, "search", "run", "e", "-L", "1", "-p", "1", "--db", url, "--format", "json",
                 "--out", str(out_file))
    assert json.loads(shown)["search"]["database"]
    esma(tmp_path, "search", "submit", "e", "-L", "1", "-p", "1-2", "--db", url)
    esma(tmp_path, "daemon", "start", "--workers", "1", "--db", url)
    try:
        status_text = esma(tmp_path, "daemon", "status")
        status_json = esma(tmp_path, "daemon", "status", "--format", "json")
        pid = json.loads(status_json)["pid"]
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    finally:
        esma(tmp_path, "daemon", "stop")
    home = tmp_path / "esma-home" / "daemons"
    files = {p.name: p.read_text(errors="replace") for p in home.iterdir() if p.is_file()}
    assert files, "the daemon leaves its status and log files"
    for where, text in {"search run JSON": shown, "--out": out_file.read_text(), "status": status_text,
                        "status --format json": status_json, "argv": argv, **files}.items():
        assert secret not in text, f"the password appears in {where}"
    assert all(oct(p.stat().st_mode & 0o077) == "0o0" for p in home.iterdir() if p.is_file()), \
        "daemon files are readable by their owner only"
