"""A real PostgreSQL server for the tests, on a loopback port in a temporary directory.

The server is started once per test session from the Debian server binaries (``initdb``,
``pg_ctl``; ``.ci/run`` installs them) and stopped with ``pg_ctl stop -m immediate`` at the end,
whatever happened.  It listens on 127.0.0.1 only (trust authentication), keeps its unix socket in
the temporary directory and runs with ``fsync=off``.  PostgreSQL refuses to run as root: under
root the server runs as the unprivileged ``postgres`` system user (created by the Debian package)
through ``runuser``/``setpriv``.  Each test gets its own freshly created database (``pg_url``).

Tests skip, with the reason, only when the server cannot be provided: no binaries, no psycopg,
or root without an unprivileged user to run the server as.

``tests/db/conftest.py`` loads this module too (under the name pytest gives it), so that the
repository suite there runs on PostgreSQL as well; one server then serves both folders.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PG_USER = "esma"


@dataclass(frozen=True)
class PgServer:
    """A running test server: connect as ``user`` to ``host:port`` (trust authentication)."""

    host: str
    port: int
    user: str
    root: Path

    def url(self, dbname: str = "postgres") -> str:
        """The SQLAlchemy URL of database ``dbname`` on this server (psycopg 3 driver)."""
        return f"postgresql+psycopg://{self.user}@{self.host}:{self.port}/{dbname}"

    def connect(self, dbname: str = "postgres"):
        """A psycopg connection in autocommit mode to ``dbname``."""
        import psycopg

        return psycopg.connect(host=self.host, port=self.port, user=self.user, dbname=dbname,
                               autocommit=True, connect_timeout=10)


_RUNNING: list[PgServer] = []
"""The server of this test session, once started (shared by every folder using these fixtures)."""


def _bindir() -> Path | None:
    """The folder of ``initdb``/``pg_ctl``: ``$ESMA_PG_BINDIR``, the newest Debian one, or PATH."""
    env = os.environ.get("ESMA_PG_BINDIR")
    if env:
        return Path(env) if (Path(env) / "initdb").exists() else None
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).parent
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_user_prefix() -> tuple[list[str], str | None]:
    """How to run the server binaries: ``([], None)`` as ourselves, else a runuser/setpriv prefix."""
    if os.geteuid() != 0:
        return [], None
    try:
        entry = pwd.getpwnam("postgres")
    except KeyError:
        pytest.skip("PostgreSQL refuses to run as root and there is no 'postgres' system user to run it as")
    runuser = shutil.which("runuser")
    if runuser:
        return [runuser, "-u", "postgres", "--"], entry.pw_name
    setpriv = shutil.which("setpriv")
    if setpriv:
        return [setpriv, f"--reuid={entry.pw_uid}", f"--regid={entry.pw_gid}", "--init-groups", "--"], entry.pw_name
    pytest.skip("PostgreSQL refuses to run as root and neither runuser nor setpriv is available")


def _run(cmd: list[str], log: Path | None = None, timeout: float = 120) -> None:
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=timeout, cwd="/", check=False)
    if done.returncode != 0:
        extra = log.read_text(errors="replace")[-3000:] if log is not None and log.exists() else ""
        raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout}\n{extra}")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A PostgreSQL server for the whole session (skips when its binaries are absent)."""
    if _RUNNING:  # started for another folder's tests
        yield _RUNNING[0]
        return
    bindir = _bindir()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed; "
                    "`apt-get install postgresql` (as .ci/run does) to run these tests")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("the psycopg driver is not installed (pip install 'psycopg[binary]')")
    prefix, owner = _as_user_prefix()
    root = Path(tempfile.mkdtemp(prefix="esma-pg-"))
    data = root / "data"
    sock = root / "sock"
    log = root / "server.log"
    data.mkdir()
    sock.mkdir()
    if owner is not None:
        for path in (root, data, sock):
            shutil.chown(path, owner, owner)
    started = False
    try:
        _run([*prefix, str(bindir / "initdb"), "-D", str(data), "-U", PG_USER, "-A", "trust",
              "-E", "UTF8", "--locale=C", "--no-sync"])
        for attempt in range(5):
            port = _free_port()
            options = (f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={sock} "
                       "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                       "-c max_connections=100")
            try:
                _run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options,
                      "-w", "-t", "60", "start"], log=log)
                started = True
                break
            except RuntimeError:
                if attempt == 4:
                    raise
        _RUNNING.append(PgServer("127.0.0.1", port, PG_USER, root))
        yield _RUNNING[0]
    finally:
        _RUNNING.clear()
        if started:
            subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "stop", "-m", "immediate", "-w"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd="/", check=False,
                           timeout=60)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """The URL of a new, empty database on the test server (dropped after the test)."""
    name = f"esma_{uuid.uuid4().hex[:12]}"
    with pg_server.connect() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield pg_server.url(name)
    try:
        with pg_server.connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except Exception:  # noqa: BLE001 - the whole server is thrown away at the end anyway
        pass


@pytest.fixture
def pg_query(pg_server: PgServer):
    """``pg_query(url, sql, *params)``: the rows of one SQL statement, run with plain psycopg."""
    from sqlalchemy.engine import make_url

    def run(url: str, sql: str, *params):
        with pg_server.connect(make_url(url).database) as conn:
            cur = conn.execute(sql, params or None)
            return cur.fetchall() if cur.description else []

    return run
