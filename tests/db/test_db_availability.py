"""Databases that cannot be written or go away: read-only media stay readable, writers are refused
in one sentence, and a daemon stops (one sentence in its log) when its database file disappears."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from db.availability import check_writable, watch_file
from db.engine import open_db
from db.errors import DatabaseError

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())  # the repository


def _esma(env_home: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    import os

    env = {**os.environ, "ESMA_HOME": str(env_home)}
    return subprocess.run([sys.executable, "-m", "discovery", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=timeout)


@pytest.fixture
def read_only_mount(tmp_path):
    """A small tmpfs mounted read-only (needs root and mount rights; skipped otherwise)."""
    mnt = tmp_path / "ro"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mnt)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here (not root or no mount rights)")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def test_a_database_on_read_only_media_is_read_and_never_written(tmp_path, read_only_mount):
    src = tmp_path / "made.sqlite"
    made = _esma(tmp_path / "home", "search", "run", "e", "-L", "1", "-p", "1", "--db", str(src), "--format", "json")
    assert made.returncode == 0, made.stderr
    expected = len(json.loads(made.stdout)["results"])
    odd = read_only_mount / "odd ?#%41 name"  # URI-special characters must stay part of the path
    odd.mkdir()
    shutil.copy(src, odd / "ro.sqlite")
    assert subprocess.run(["mount", "-o", "remount,ro", str(read_only_mount)]).returncode == 0
    db_file = str(odd / "ro.sqlite")
    listed = _esma(tmp_path / "home", "conjectures", "export", "--db", db_file, "--format", "json")
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == expected
    for args in (["search", "submit", "e", "-L", "1", "-p", "1-2"], ["daemon", "start", "--workers", "1"]):
        refused = _esma(tmp_path / "home", *args, "--db", db_file)
        assert refused.returncode != 0
        assert "Traceback" not in refused.stderr
        assert [ln for ln in refused.stderr.splitlines() if ln.startswith("Error")] == [
            f"Error: The database {db_file} is read-only."]
    with open_db(db_file, create=False) as db:
        with pytest.raises(DatabaseError, match="read-only"):
            check_writable(db)


def test_a_database_file_removed_under_a_writer_is_noticed(tmp_path):
    path = tmp_path / "gone.sqlite"
    db = open_db(path)
    try:
        check_writable(db)
        still_there = watch_file(db)
        still_there()
        replacement = tmp_path / "other.sqlite"
        open_db(replacement).close()
        replacement.replace(path)  # another file under the same name
        with pytest.raises(DatabaseError, match="replaced"):
            still_there()
        path.unlink()
        with pytest.raises(DatabaseError, match="removed"):
            still_there()
    finally:
        db.close()


def test_the_daemon_stops_when_its_database_is_deleted(tmp_path):
    home, db = tmp_path / "home", tmp_path / "vanishing.sqlite"
    assert _esma(home, "search", "submit", "e", "-L", "3", "-p", "1-4", "--db", str(db)).returncode == 0
    started = _esma(home, "daemon", "start", "--workers", "1", "--db", str(db))
    assert started.returncode == 0, started.stderr
    time.sleep(1.0)
    db.unlink()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        st = json.loads(_esma(home, "daemon", "status", "--format", "json").stdout)
        if not st["running"]:
            break
        time.sleep(0.3)
    else:
        _esma(home, "daemon", "stop")
        pytest.fail("the daemon kept running after its database was deleted")
    log = (home / "daemons" / "default.log").read_text()
    assert "was removed while in use" in log
    assert "Traceback" not in log
    assert st["last_status"]["state"] == "failed"


def test_a_full_disk_is_refused_before_writing(tmp_path):
    from db.availability import check_free_space

    db = open_db(tmp_path / "roomy.sqlite")
    try:
        check_free_space(db)  # this machine's temp folder has room
        with pytest.raises(DatabaseError, match="MiB free"):
            check_free_space(db, needed=2**62)  # no disk has 4 EiB free
    finally:
        db.close()
