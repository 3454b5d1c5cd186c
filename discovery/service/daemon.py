"""The search daemon: a detached process that works through queued searches in the database.

``start`` launches ``python -m discovery daemon serve ...`` in a new session (detached from the
terminal, output to a log file), and waits until it reports that it is running; the daemon
writes a pid file and a JSON status file under the daemon directory (``$ESMA_HOME/daemons`` or
the user's data directory).  ``stop`` sends SIGTERM: the daemon stops leasing, finishes the
units in flight (up to a grace period), releases the rest and exits.  ``status`` reads the pid
and status files and the database's progress of the daemon's current search.

Killing a daemon with SIGKILL loses nothing: units are recorded done only after their results
are stored, and a restarted daemon of the same name reclaims its predecessor's leases at once
(others wait for the lease to expire).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from discovery.service.worker import process_alive


class DaemonError(ValueError):
    """A daemon request that cannot be carried out (one sentence)."""


def daemon_dir() -> Path:
    """Folder for pid, status and log files: ``$ESMA_HOME/daemons`` or ``<data dir>/esma/daemons``."""
    home = os.environ.get("ESMA_HOME")
    if home:
        base = Path(home)
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "esma"
    d = base / "daemons"
    try:
        d.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise DaemonError(f"the daemon folder {d} cannot be created ({exc.strerror or exc}); "
                          "set ESMA_HOME to a writable folder") from None
    if not d.is_dir():
        raise DaemonError(f"the daemon folder {d} is not a folder; set ESMA_HOME to a writable folder")
    try:
        d.chmod(0o700)  # also a folder made by an older esma: status and logs are the owner's only
    except OSError:
        pass
    return d


def _check_name(name: str) -> str:
    if not name or not all(ch.isalnum() or ch in "-_." for ch in name) or name.startswith("."):
        raise DaemonError(f"the daemon name {name!r} must be letters, digits, '-', '_' or '.'")
    return name


@dataclass(frozen=True)
class DaemonFiles:
    pid: Path
    status: Path
    log: Path

    @classmethod
    def for_name(cls, name: str) -> "DaemonFiles":
        d = daemon_dir()
        _check_name(name)
        return cls(d / f"{name}.pid", d / f"{name}.status.json", d / f"{name}.log")


def running_pid(name: str) -> int | None:
    """The pid of the running daemon ``name``, or None.

    A stale pid file is ignored, also when its pid now belongs to another process (after a crash or
    a reboot): the process must be this daemon, ``... discovery daemon serve --name <name> ...``.
    """
    f = DaemonFiles.for_name(name)
    try:
        pid = int(f.pid.read_text().strip())
    except (OSError, ValueError):
        return None
    return pid if process_alive(pid) and _is_daemon(pid, name) else None


def _is_daemon(pid: int, name: str) -> bool:
    """Whether process ``pid`` runs ``daemon serve --name <name>`` (True where /proc cannot tell)."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return not Path("/proc/self").exists()
    words = [a.decode(errors="replace") for a in argv]
    return "serve" in words and "--name" in words and words[words.index("--name") + 1:][:1] == [name]


def start(name: str, workers: int, db_url: str, lease_seconds: float, wait_seconds: float = 30.0,
          executor: str = "local", scheduler: str | None = None) -> int:
    """Launch the daemon detached; return its pid once it reports running.

    ``executor`` is ``"local"`` (a process pool of ``workers``) or ``"dask"`` (``scheduler`` a
    ``tcp://HOST:PORT`` address, or None/``"local"`` for a LocalCluster inside the daemon).
    """
    from db.availability import check_writable
    from db.engine import open_db
    from search.execution.executors import check_options, check_scheduler

    files = DaemonFiles.for_name(name)
    pid = running_pid(name)
    if pid is not None:
        raise DaemonError(f"a daemon named {name!r} is already running (pid {pid}); stop it first")
    check_options(executor, scheduler)
    db = open_db(db_url)  # fail here, clearly, on a bad database
    try:
        check_writable(db)  # ... or one this process cannot write to
    finally:
        db.close()
    if executor == "dask":
        check_scheduler(scheduler)  # and on an unreachable scheduler
    for p in (files.status,):
        p.unlink(missing_ok=True)
    log = os.fdopen(os.open(files.log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "ab")
    os.chmod(files.log, 0o600)  # a log made by an older esma
    cmd = [sys.executable, "-m", "discovery", "daemon", "serve", "--name", name, "--workers", str(workers),
           "--lease-seconds", str(lease_seconds), "--executor", executor]
    if scheduler is not None:
        cmd += ["--scheduler", scheduler]
    # the database URL (it may hold a password) goes through the environment, not the argv
    env = {**os.environ, "ESMA_DB": db_url}
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True,
                            close_fds=True, env=env)
    log.close()
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        st = read_status(name)
        if st.get("pid") == proc.pid and st.get("state") in ("running", "idle"):
            return proc.pid
        if proc.poll() is not None:
            raise DaemonError(f"the daemon {name!r} exited at start (code {proc.returncode}); see {files.log}")
        time.sleep(0.05)
    raise DaemonError(f"the daemon {name!r} did not report running within {wait_seconds:.0f} s; see {files.log}")


def stop(name: str, timeout: float = 120.0) -> bool:
    """SIGTERM the daemon and wait for it to exit; False if it was not running."""
    pid = running_pid(name)
    if pid is None:
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not process_alive(pid):
            return True
        time.sleep(0.05)
    raise DaemonError(f"the daemon {name!r} (pid {pid}) did not stop within {timeout:.0f} s")


def read_status(name: str) -> dict[str, Any]:
    try:
        return json.loads(DaemonFiles.for_name(name).status.read_text())
    except (OSError, ValueError):
        return {}


def status(name: str) -> dict[str, Any]:
    """Running or not, pid, current search, units done/total, rate and ETA."""
    pid = running_pid(name)
    st = read_status(name)
    out: dict[str, Any] = {"name": name, "running": pid is not None, "pid": pid}
    if pid is None:
        out.update({"state": "stopped", "last_status": st or None})
        return out
    out.update({k: st.get(k) for k in ("state", "db", "workers", "started", "updated", "owner")})
    out["current_search"] = st.get("current_search")
    progress = st.get("progress")
    if out["current_search"] is not None and progress:
        rate = st.get("rate_pairs_per_second") or 0.0
        remaining = progress["pairs_total"] - progress["pairs_done"]
        out.update({
            "units_done": progress["units_done"], "units_total": progress["units_total"],
            "pairs_done": progress["pairs_done"], "pairs_total": progress["pairs_total"],
            "rate_pairs_per_second": rate,
            "eta_seconds": (remaining / rate) if rate > 0 else (0.0 if remaining == 0 else None),
        })
    return out


def _write_status(files: DaemonFiles, data: dict[str, Any]) -> None:
    """Replace the status file atomically; readable by its owner only."""
    tmp = files.status.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(json.dumps(data))
    os.replace(tmp, files.status)


def serve(name: str, workers: int, db_url: str, lease_seconds: float, executor: str = "local",
          scheduler: str | None = None) -> None:
    """The daemon's main loop (runs in the detached process)."""
    from db import repository as repo
    from db.availability import check_writable
    from db.engine import open_db, redact
    from db.errors import DatabaseError
    from discovery.service.worker import drive, owner_id, stale_owners
    from search.execution.executors import make_executor

    files = DaemonFiles.for_name(name)
    stopping = {"flag": False}

    def on_term(signum, frame):  # noqa: ARG001
        stopping["flag"] = True

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)
    db = open_db(db_url)
    check_writable(db)  # a read-only database is refused before the daemon reports running
    pool = make_executor(executor, workers, scheduler)  # a Dask cluster is up before we report running
    owner = owner_id(f"daemon:{name}")
    files.pid.write_text(str(os.getpid()))
    started = time.time()
    window: list[tuple[float, int]] = [(time.monotonic(), 0)]
    state = {"current_search": None}

    def stamp() -> str:
        return time.strftime("%Y-%m-%d %H:%M:%S")

    def publish(report=None, st="running"):
        now = time.monotonic()
        pairs = report.pairs_done if report is not None else 0
        window.append((now, pairs))
        while len(window) > 2 and now - window[0][0] > 60:
            window.pop(0)
        t0, p0 = window[0]
        rate = (pairs - p0) / (now - t0) if now > t0 else 0.0
        if report is not None and report.searches:
            state["current_search"] = max(report.searches)
        progress = None
        if state["current_search"] is not None and st != "failed":
            # the daemon reads its own progress: `esma daemon status` never needs the database URL
            p = repo.search_progress(db, state["current_search"])
            progress = {k: p[k] for k in ("units_done", "units_total", "pairs_done", "pairs_total")}
        _write_status(files, {
            "pid": os.getpid(), "name": name, "owner": owner, "db": redact(db_url), "workers": workers,
            "executor": executor, "scheduler": scheduler,
            "state": st, "started": started, "updated": time.time(),
            "current_search": state["current_search"],
            "units_done_here": report.units_done if report is not None else 0,
            "rate_pairs_per_second": rate if st == "running" else 0.0,
            "progress": progress,
        })

    publish()
    print(f"[{stamp()}] daemon {name} (pid {os.getpid()}) serving {redact(db_url)} "
          f"on {pool.describe()}", flush=True)
    # a predecessor of the same name that was killed left leases under its own owner string
    predecessors = tuple(stale_owners(db, f"daemon:{name}"))
    failed = False
    try:
        report = drive(db, owner, workers, lease_seconds=lease_seconds, stop_when_idle=False,
                       should_stop=lambda: stopping["flag"], on_progress=publish,
                       on_idle=lambda rep: publish(rep, "idle"),
                       reclaim_from=predecessors, idle_sleep=0.5, executor=pool)
        publish(report, "stopped")
        print(f"[{stamp()}] stopped after {report.units_done} units", flush=True)
    except DatabaseError as exc:  # the database went away or became read-only: one sentence, then exit
        failed = True
        publish(None, "failed")
        print(f"[{stamp()}] stopped: {exc}", flush=True)
    except Exception as exc:  # a unit's task failed or the pool broke: the status must not say running
        failed = True
        publish(None, "failed")
        print(f"[{stamp()}] stopped after an unexpected error: {type(exc).__name__}: {exc}", flush=True)
    finally:
        pool.shutdown()
        db.close()
        try:
            if files.pid.read_text().strip() == str(os.getpid()):
                files.pid.unlink()
        except OSError:
            pass
    if failed:
        sys.exit(1)
