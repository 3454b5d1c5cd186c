"""Engine setup: URL resolution, SQLite pragmas and transactions, and refusing bad databases."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from db.migrations import SCHEMA_VERSION
from sqlalchemy import select, text

from db import (
    DatabaseError,
    complete_unit,
    default_url,
    get_or_create_search,
    lease_units,
    open_db,
    query_conjectures,
    resolve_url,
)
from db.models import Constant

_REPO = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())  # the repository


# --- URLs ---------------------------------------------------------------------------------------


def test_resolve_url_forms(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert resolve_url("x.sqlite") == f"sqlite:///{tmp_path / 'x.sqlite'}"
    assert resolve_url(tmp_path / "y.db") == f"sqlite:///{tmp_path / 'y.db'}"
    assert resolve_url("postgresql://u:p@host/db") == "postgresql://u:p@host/db"
    assert resolve_url("sqlite://") == "sqlite://"
    with pytest.raises(DatabaseError, match="empty"):
        resolve_url("  ")


def test_default_url_uses_esma_db(tmp_path, monkeypatch):
    monkeypatch.setenv("ESMA_DB", str(tmp_path / "env.sqlite"))
    assert default_url() == f"sqlite:///{tmp_path / 'env.sqlite'}"
    assert resolve_url(None) == default_url()
    monkeypatch.setenv("ESMA_DB", "sqlite:////somewhere/else.db")
    assert default_url() == "sqlite:////somewhere/else.db"


def test_default_url_in_data_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("ESMA_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_url() == f"sqlite:///{tmp_path / 'data' / 'esma' / 'esma.sqlite'}"
    assert (tmp_path / "data" / "esma").is_dir()
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_url() == f"sqlite:///{tmp_path / 'home' / '.local' / 'share' / 'esma' / 'esma.sqlite'}"


# --- opening --------------------------------------------------------------------------------------


def test_open_new_file_sets_pragmas(db_path):
    with open_db(db_path, timeout=7) as db:
        assert db.path == db_path
        assert db.url == f"sqlite:///{db_path}"
        assert db.dialect == "sqlite"
        assert db.schema_version == SCHEMA_VERSION
        with db.session() as session:
            assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert session.execute(text("PRAGMA busy_timeout")).scalar() == 7000
    assert db_path.read_bytes()[:16] == b"SQLite format 3\x00"


def test_open_twice_and_url_forms(db_path, record):
    with open_db(db_path) as db:
        get_or_create_search(db, {"n": 1}, "h", "e", [(0, 0, 5)])
    with open_db(f"sqlite:///{db_path}", create=False) as db:
        assert db.schema_version == SCHEMA_VERSION
        assert get_or_create_search(db, {"n": 1}, "h", "e", [(0, 0, 5)]) == (1, False)


def test_in_memory_database_works_end_to_end(record):
    with open_db("sqlite://") as db:
        assert db.path is None
        sid, created = get_or_create_search(db, {"n": 1}, "h", "e", [(0, 0, 5), (1, 5, 9)])
        assert created
        units = lease_units(db, "w", 5, 60)
        assert [u.index for u in units] == [0, 1]
        assert complete_unit(db, units[0].unit_id, "w", [record()], {"pairs": 5}) == 1
        assert [c["lhs"] for c in query_conjectures(db)] == [record()["lhs"]]


def test_two_databases_are_independent(tmp_path):
    with open_db(tmp_path / "a.sqlite") as a, open_db(tmp_path / "b.sqlite") as b:
        get_or_create_search(a, {}, "h", "e", [(0, 0, 1)])
        assert get_or_create_search(b, {}, "h2", "pi", [(0, 0, 1)]) == (1, True)
        with b.session() as session:
            assert session.scalars(select(Constant.name)).all() == ["pi"]


def test_session_rolls_back_on_error(db):
    with pytest.raises(RuntimeError):
        with db.session(write=True) as session:
            session.add(Constant(name="zeta(3)"))
            session.flush()
            raise RuntimeError("boom")
    with db.session() as session:
        assert session.scalars(select(Constant.name)).all() == []


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_write_session_takes_the_write_lock_at_begin(db):
    other = sqlite3.connect(db.path, timeout=0, isolation_level=None)
    try:
        with db.session(write=True) as session:
            session.execute(select(1))  # a read only, but BEGIN IMMEDIATE already holds the lock
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        with db.session() as session:
            session.execute(select(1))  # a read session does not block writers (WAL)
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
    finally:
        other.close()


# --- refusing bad databases ---------------------------------------------------------------------


def _refused(path: Path, one_sentence, sha256, match: str, **kwargs) -> str:
    """open_db must raise one sentence matching ``match`` and leave ``path`` byte-identical."""
    before = sha256(path) if path.is_file() else None
    listing = (lambda: sorted(os.listdir(path.parent)) if path.parent.is_dir() else None)
    siblings = listing()
    with pytest.raises(DatabaseError) as info:
        open_db(path, **kwargs)
    message = str(info.value)
    assert one_sentence(message), message
    assert match in message
    if before is not None:
        assert sha256(path) == before
    assert listing() == siblings  # no journal or WAL file left behind
    return message


def test_directory_refused(tmp_path, one_sentence, sha256):
    folder = tmp_path / "folder"
    folder.mkdir()
    message = _refused(folder, one_sentence, sha256, "is a directory, not a database file")
    assert str(folder) in message


def test_text_file_refused(tmp_path, one_sentence, sha256):
    path = tmp_path / "notes.txt"
    path.write_text("these are my notes, not a database\n")
    _refused(path, one_sentence, sha256, "is not an SQLite database")


def test_short_file_refused(tmp_path, one_sentence, sha256):
    path = tmp_path / "short.sqlite"
    path.write_bytes(b"SQLite")
    _refused(path, one_sentence, sha256, "is not an SQLite database")


def test_corrupt_file_refused(tmp_path, one_sentence, sha256):
    path = tmp_path / "corrupt.sqlite"
    path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 16)
    _refused(path, one_sentence, sha256, "is corrupt")


def test_malformed_database_refused(db_path, one_sentence, sha256):
    with open_db(db_path):
        pass
    con = sqlite3.connect(db_path)
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'schema_info'").fetchone()[0]
    con.close()
    data = bytearray(db_path.read_bytes())
    start = (root - 1) * page_size
    # a table-leaf page claiming 65535 cells: SQLite reports "database disk image is malformed"
    data[start:start + page_size] = b"\x0d\x00\x00\xff\xff" + b"\xab" * (page_size - 5)
    db_path.write_bytes(bytes(data))
    _refused(db_path, one_sentence, sha256, "is corrupt")


def test_missing_file_with_create_false(tmp_path, one_sentence, sha256):
    path = tmp_path / "absent.sqlite"
    _refused(path, one_sentence, sha256, "does not exist", create=False)
    assert not path.exists()


def test_missing_folder_refused(tmp_path, one_sentence, sha256):
    path = tmp_path / "no" / "such" / "esma.sqlite"
    _refused(path, one_sentence, sha256, "does not exist")
    assert not (tmp_path / "no").exists()


def test_empty_file_with_create_false(tmp_path, one_sentence, sha256):
    path = tmp_path / "empty.sqlite"
    path.write_bytes(b"")
    _refused(path, one_sentence, sha256, "holds no esma schema", create=False)


def test_foreign_sqlite_database_refused(tmp_path, one_sentence, sha256):
    path = tmp_path / "other.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE people (name TEXT)")
    con.execute("INSERT INTO people VALUES ('Ada')")
    con.commit()
    con.close()
    _refused(path, one_sentence, sha256, "not an esma database")


def test_locked_database_refused(db_path, one_sentence, sha256):
    with open_db(db_path) as db:
        get_or_create_search(db, {}, "h", "e", [(0, 0, 1)])
    locker = sqlite3.connect(db_path, isolation_level=None)
    try:
        locker.execute("BEGIN EXCLUSIVE")
        t0 = time.monotonic()
        message = _refused(db_path, one_sentence, sha256, "is locked by another process", timeout=0.3)
        assert time.monotonic() - t0 < 10
        assert "0.3 s" in message
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    with open_db(db_path) as db:
        assert db.schema_version == SCHEMA_VERSION


def test_locked_during_work_is_one_sentence(db_path, one_sentence):
    with open_db(db_path, timeout=0.2) as db:
        get_or_create_search(db, {}, "h", "e", [(0, 0, 1)])
        locker = sqlite3.connect(db_path, isolation_level=None)
        try:
            locker.execute("BEGIN EXCLUSIVE")
            with pytest.raises(DatabaseError) as info:
                lease_units(db, "w", 1, 60)
            assert one_sentence(str(info.value)) and "locked" in str(info.value)
        finally:
            locker.execute("ROLLBACK")
            locker.close()
        assert len(lease_units(db, "w", 1, 60)) == 1


def test_invalid_url_refused(one_sentence):
    with pytest.raises(DatabaseError) as info:
        open_db("nosuchdialect://x/y")
    assert one_sentence(str(info.value))


def test_importing_db_is_light(db_path):
    with open_db(db_path):
        pass
    # opening an up-to-date database reads its revision without Alembic; of cf only the plain-Python
    # family order is loaded (no numba, no mpmath)
    code = (f"import sys, db; db.open_db({str(db_path)!r}).close(); bad = [m for m in sys.modules if "
            "m.split('.')[0] in ('numba', 'mpmath', 'search', 'discovery', 'alembic')]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=_REPO)
    assert out.stdout.strip() == "[]"
