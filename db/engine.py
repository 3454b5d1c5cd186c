"""The one place that creates database engines and sessions.

``open_db`` resolves where the database lives, refuses unusable SQLite files before SQLite touches
them, connects (busy timeout, WAL, foreign keys for SQLite), checks the schema version under a
write lock and migrates an older schema.  Every failure becomes a one-sentence
:class:`DatabaseError`; a refused database is left byte-identical.

SQLite transactions: SQLAlchemy, not the ``sqlite3`` module, emits ``BEGIN``.  Read sessions use
``BEGIN`` (deferred; WAL readers never block); write sessions use ``BEGIN IMMEDIATE``, which takes
the database's write lock at the start of the transaction, so a select-then-update (leasing work
units) is atomic across processes.

>>> resolve_url("postgresql+psycopg://user@host/esma")    # URLs pass unchanged; paths become SQLite URLs
'postgresql+psycopg://user@host/esma'
"""

from __future__ import annotations

import os
import sqlite3
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from db.errors import DatabaseError, NotFound
from db.migrations import SchemaUpgrade, prepare
from db.preflight import check_sqlite_file

__all__ = [
    "Database",
    "DatabaseError",
    "NotFound",
    "data_dir",
    "default_url",
    "redact",
    "describe_error",
    "open_db",
    "resolve_url",
]

DEFAULT_TIMEOUT = 30.0
BEGIN_OPTION = "esma_begin"
_BEGIN_MODES = ("DEFERRED", "IMMEDIATE", "EXCLUSIVE")


def data_dir() -> Path:
    """The user's esma data folder: ``$XDG_DATA_HOME/esma`` or ``~/.local/share/esma``."""
    base = os.environ.get("XDG_DATA_HOME", "")
    root = Path(base) if base and os.path.isabs(base) else Path.home() / ".local" / "share"
    return root / "esma"


def redact(url: str) -> str:
    """``url`` with its password replaced by ``***`` (what may be shown, logged or stored).

    >>> redact("postgresql+psycopg://esma:s3cret@db.example/esma")
    'postgresql+psycopg://esma:***@db.example/esma'
    >>> redact("sqlite:////tmp/x.sqlite")
    'sqlite:////tmp/x.sqlite'
    """
    try:
        return make_url(url).render_as_string(hide_password=True)
    except sa_exc.ArgumentError:
        return url if "@" not in url else url.split("://", 1)[0] + "://***"


def _sqlite_url(path: str | os.PathLike[str]) -> str:
    """``sqlite:///<absolute path>`` for a filesystem path (``~`` expanded; ``%``, ``?`` and ``#``
    percent-encoded, since a URL would read them as an escape, a query or a fragment).

    >>> _sqlite_url("/tmp/a?b#c%41.sqlite")
    'sqlite:////tmp/a%3Fb%23c%2541.sqlite'
    """
    full = os.path.abspath(os.path.expanduser(os.fspath(path)))
    return "sqlite:///" + urllib.parse.quote(full, safe="/ ~!$&'()*+,;=:@[]")


def default_url() -> str:
    """``$ESMA_DB`` (a path or a URL) if set, else ``esma.sqlite`` in :func:`data_dir` (created)."""
    env = os.environ.get("ESMA_DB", "").strip()
    if env:
        return env if "://" in env else _sqlite_url(env)
    folder = data_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(f"cannot create the data folder {folder}: {exc.strerror or exc}") from None
    return _sqlite_url(folder / "esma.sqlite")


def resolve_url(db: str | os.PathLike[str] | None) -> str:
    """None -> :func:`default_url`; a URL (contains ``://``) unchanged; a path -> SQLite URL."""
    if db is None:
        return default_url()
    text = os.fspath(db)
    if not text.strip():
        raise DatabaseError("the database path is empty")
    return text if "://" in text else _sqlite_url(text)


def _sqlite_path(url: URL) -> Path | None:
    """The database file of an SQLite URL; None for in-memory, URI-mode and non-SQLite URLs."""
    if url.get_backend_name() != "sqlite":
        return None
    name = url.database
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(os.path.abspath(os.path.expanduser(name)))


def _is_memory(url: URL) -> bool:
    """Whether ``url`` is an in-memory SQLite database."""
    return url.get_backend_name() == "sqlite" and (not url.database or url.database == ":memory:")


def _first_line(exc: BaseException) -> str:
    """The driver's own message (first line) of a SQLAlchemy or driver exception."""
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip()
    return (text.splitlines() or [type(exc).__name__])[0].rstrip(".")


_CONNECT_WORDS = ("connection failed", "connection refused", "could not connect", "authentication failed",
                  "no pg_hba.conf entry", "does not exist", "timeout expired", "could not translate host",
                  "server closed the connection", "connection to server")


def _is_connect_failure(exc: BaseException, low: str) -> bool:
    """A server-based database (PostgreSQL) could not be reached, or refused us (auth, no database)."""
    if not isinstance(exc, sa_exc.OperationalError):
        return False
    return any(word in low for word in _CONNECT_WORDS)


def describe_error(exc: BaseException, where: str, timeout: float | None = None) -> str:
    """One sentence for a SQLAlchemy/driver exception raised while using the database ``where``."""
    text = _first_line(exc)
    low = text.lower()
    if "database is locked" in low or "database table is locked" in low:
        waited = f" (gave up after {timeout:g} s)" if timeout is not None else ""
        return f"the database {where} is locked by another process{waited}; try again later"
    if "file is not a database" in low or "malformed" in low or "file is encrypted" in low:
        return f"the database {where} is corrupt (sqlite: {text})"
    if "unable to open database file" in low:
        return f"cannot open the database {where} (check the path and its permissions)"
    if "readonly database" in low or "read-only" in low:
        return f"the database {where} is read-only"
    if "disk is full" in low or "disk i/o error" in low:
        return f"the database {where} cannot be written ({text})"
    if _is_connect_failure(exc, low):
        return f"cannot connect to the database server of {where} ({text})"
    if isinstance(exc, sa_exc.NoSuchModuleError):
        return f"no SQLAlchemy dialect for the database URL {where}"
    if isinstance(exc, ImportError):
        return f"the database driver for {where} is not installed ({exc.name or text})"
    if isinstance(exc, sa_exc.ArgumentError):
        return f"the database URL {where} is invalid ({text})"
    if isinstance(exc, sa_exc.IntegrityError):
        return f"the database {where} refused a write that breaks a constraint ({text})"
    return f"database error on {where} ({text})"


@dataclass
class _SQLiteState:
    """Per-engine switches read by the connect listener."""

    timeout: float
    wal: bool = False


def _install_sqlite_listeners(engine: Engine, state: _SQLiteState) -> None:
    """Pragmas on every new connection, and SQLAlchemy-emitted ``BEGIN [mode]``."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        """Busy timeout, foreign keys and (once the schema is ready) WAL on a new connection."""
        dbapi_connection.isolation_level = None  # sqlite3 must not emit BEGIN itself
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {max(0, int(state.timeout * 1000))}")
            cursor.execute("PRAGMA foreign_keys = ON")
            if state.wal:
                cursor.execute("PRAGMA journal_mode = WAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        """Emit ``BEGIN <mode>`` (the connection's ``esma_begin`` option, default DEFERRED)."""
        mode = str(conn.get_execution_options().get(BEGIN_OPTION, "DEFERRED")).upper()
        if mode not in _BEGIN_MODES:
            raise ValueError(f"unknown SQLite transaction mode {mode!r}")
        conn.exec_driver_sql(f"BEGIN {mode}")


def _enable_wal(engine: Engine, timeout: float) -> None:
    """Switch the database file to WAL journaling (persistent; a no-op when already WAL).

    Changing the journal mode needs the file to itself, and SQLite may answer "database is
    locked" at once, without its busy handler, while another process opens the same new file:
    retry for up to ``timeout`` seconds.
    """
    deadline = time.monotonic() + timeout
    while True:
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.fetchall()
            cursor.close()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
        finally:
            raw.close()
        time.sleep(0.05)


class Database:
    """An open esma database: its URL, SQLAlchemy engine and session factory.

    ``session(write=True)`` must be used for any transaction that writes (on SQLite it takes the
    write lock up front with ``BEGIN IMMEDIATE``).  ``schema`` says what opening did to the schema
    (created, stamped, upgraded, or nothing).
    """

    def __init__(self, url: str, engine: Engine, path: Path | None, schema_version: int,
                 timeout: float | None = None, schema: SchemaUpgrade | None = None) -> None:
        """Wrap an engine whose schema is ready (use :func:`open_db` to get one)."""
        self.url = url
        self.engine = engine
        self.path = path
        self.schema_version = schema_version
        self.timeout = timeout
        self.schema = schema
        if self.dialect == "sqlite":
            self._write_engine = engine.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})
        else:
            self._write_engine = engine

    @property
    def dialect(self) -> str:
        """The SQLAlchemy dialect name (``"sqlite"``, ``"postgresql"``, ...)."""
        return self.engine.dialect.name

    @property
    def where(self) -> str:
        """How messages name this database: the file path, or the URL without its password."""
        if self.path is not None:
            return str(self.path)
        return make_url(self.url).render_as_string(hide_password=True)

    def describe(self, exc: BaseException) -> str:
        """One sentence for an exception raised while using this database."""
        return describe_error(exc, self.where, self.timeout)

    @contextmanager
    def session(self, write: bool = False) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error.

        SQLAlchemy errors leave as :class:`DatabaseError` (one sentence); other exceptions
        (including :class:`DatabaseError` raised by the caller) pass through unchanged.
        """
        session = Session(bind=self._write_engine if write else self.engine, expire_on_commit=False)
        try:
            yield session
            session.commit()
        except sa_exc.SQLAlchemyError as exc:
            _quiet_rollback(session)
            raise DatabaseError(self.describe(exc)) from exc
        except BaseException:
            _quiet_rollback(session)
            raise
        finally:
            session.close()

    def close(self) -> None:
        """Close every pooled connection (the object must not be used afterwards)."""
        self.engine.dispose()

    def __enter__(self) -> Database:
        """The database itself (``with open_db(...) as db:`` closes it at the end)."""
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Close the database."""
        self.close()

    def __repr__(self) -> str:
        return f"Database({self.where!r}, schema_version={self.schema_version})"


def _quiet_rollback(session: Session) -> None:
    """Roll back, ignoring a failure (the connection may be gone): the original error matters."""
    try:
        session.rollback()
    except sa_exc.SQLAlchemyError:
        pass


def _create_engine(url: URL, timeout: float) -> tuple[Engine, _SQLiteState | None]:
    """A SQLAlchemy engine for ``url``; SQLite engines get the esma listeners."""
    if url.get_backend_name() == "postgresql":
        args = {}
        if url.get_driver_name() in ("psycopg", "psycopg2") and "connect_timeout" not in url.query:
            # an unreachable server fails after ``timeout`` seconds instead of hanging
            args["connect_args"] = {"connect_timeout": max(1, round(timeout))}
        return create_engine(url, pool_pre_ping=True, **args), None
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True), None
    args: dict[str, Any] = {"connect_args": {"timeout": timeout}}
    if _is_memory(url):
        # one shared in-memory database per Database object, usable from any thread
        args = {"connect_args": {"timeout": timeout, "check_same_thread": False}, "poolclass": StaticPool}
    engine = create_engine(url, **args)
    state = _SQLiteState(timeout)
    _install_sqlite_listeners(engine, state)
    return engine, state


def _read_only_url(url: URL, path: Path) -> tuple[URL, bool]:
    """An existing file that cannot be written (read-only file, folder or medium) opens read-only.

    SQLite's URI ``mode=ro`` opens it without asking for write access (the path percent-encoded,
    so ``?``, ``#`` and ``%`` in it stay part of the path); on a read-only file system
    ``immutable=1`` tells SQLite that nothing can change the file, so it needs no ``-shm``/``-wal``
    files beside it (a WAL database on read-only media is readable then).
    """
    if os.access(path, os.W_OK) and os.access(path.parent, os.W_OK):
        return url, False
    query = {"mode": "ro", "uri": "true"}
    try:  # only a read-only file system is immutable: another user may still write a folder we cannot
        if os.statvfs(path.parent).f_flag & os.ST_RDONLY:
            query["immutable"] = "1"
    except OSError:
        pass
    return url.set(database="file:" + urllib.parse.quote(str(path), safe="/"), query=query), True


def _env_timeout() -> float:
    """``$ESMA_DB_TIMEOUT`` in seconds, else :data:`DEFAULT_TIMEOUT`."""
    raw = os.environ.get("ESMA_DB_TIMEOUT")
    if not raw:
        return DEFAULT_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        raise DatabaseError(f"ESMA_DB_TIMEOUT must be a number of seconds, not {raw!r}") from None
    if value < 0:
        raise DatabaseError(f"ESMA_DB_TIMEOUT must not be negative, not {raw!r}")
    return value


def open_db(url: str | os.PathLike[str] | None = None, create: bool = True,
            timeout: float | None = None) -> Database:
    """Open (and create or migrate) the esma database at ``url`` (a URL, a path, or None).

    ``timeout`` is how long to wait for another process's lock, in seconds (default:
    ``$ESMA_DB_TIMEOUT``, else :data:`DEFAULT_TIMEOUT`).  Raises :class:`DatabaseError` for a
    directory, a non-SQLite file, a missing file when ``create`` is False, a corrupt, locked or
    foreign database, or a schema newer than this code's; the file is then left untouched.

    Opening upgrades an older schema to the current Alembic revision (see :mod:`db.migrations`);
    the schema check and any migration run in one write transaction, and ``db.schema`` says what
    was done.

    >>> with open_db("sqlite://") as db:    # an in-memory database
    ...     (db.dialect, db.schema_version, db.schema.created)
    ('sqlite', 6, True)
    """
    if timeout is None:
        timeout = _env_timeout()
    full = resolve_url(url)
    try:
        parsed = make_url(full)
    except sa_exc.ArgumentError:
        raise DatabaseError(f"{full!r} is neither a file path nor a valid database URL") from None
    path = _sqlite_path(parsed)
    where = str(path) if path is not None else parsed.render_as_string(hide_password=True)
    read_only = False
    if path is not None and check_sqlite_file(path, create):
        parsed, read_only = _read_only_url(parsed, path)
    try:
        engine, state = _create_engine(parsed, timeout)
    except (sa_exc.SQLAlchemyError, ImportError) as exc:
        raise DatabaseError(describe_error(exc, where, timeout)) from exc
    try:
        begin = "DEFERRED" if read_only else "IMMEDIATE"
        with engine.execution_options(**{BEGIN_OPTION: begin}).begin() as conn:
            schema = prepare(conn, where, create)
        if state is not None and not read_only:
            state.wal = True
            if path is not None:
                _enable_wal(engine, timeout)
    except DatabaseError:
        engine.dispose()
        raise
    except (sa_exc.SQLAlchemyError, sqlite3.Error, ImportError) as exc:
        engine.dispose()
        raise DatabaseError(describe_error(exc, where, timeout)) from exc
    return Database(full, engine, path, schema.to_version, timeout, schema)

