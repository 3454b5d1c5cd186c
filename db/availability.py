"""Is the database still there, and can this process write to it?

A daemon runs for days: its database can be made read-only, deleted or replaced under it.  These
checks turn that into one sentence before any work is lost.

* :func:`check_writable` makes a real write (an update that changes nothing, rolled back): a
  read-only file, folder or file system, or a read-only PostgreSQL role, fails here.
* :func:`watch_file` remembers which file an SQLite database is (device and inode) and returns a
  check that fails once the path is gone or names another file (a database deleted or replaced
  while a daemon writes into the unlinked file would lose every result).

>>> from db.engine import open_db
>>> import tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "a.sqlite")
>>> db = open_db(path)
>>> check_writable(db)
>>> still_there = watch_file(db)
>>> still_there()
>>> os.remove(path)
>>> still_there()                                   # doctest: +ELLIPSIS
Traceback (most recent call last):
    ...
db.errors.DatabaseError: the database file ... was removed while in use; ...
>>> db.close()
"""

from __future__ import annotations

import os
from typing import Callable

from sqlalchemy import text

from db.engine import Database
from db.errors import DatabaseError


MIN_FREE_BYTES = 64 * 2**20
"""SQLite maps its ``-shm`` file into memory: on a full disk a write to it kills the process with
SIGBUS, without a word.  A writer therefore wants this much room beside the database first."""


def check_free_space(db: Database, needed: int = MIN_FREE_BYTES) -> None:
    """Raise :class:`DatabaseError` when the file system of an SQLite database has less than ``needed``
    bytes free for this process (no-op for server databases)."""
    if db.path is None:
        return
    try:
        st = os.statvfs(db.path.parent)
    except OSError:
        return
    free = st.f_bavail * st.f_frsize
    if free < needed:
        raise DatabaseError(f"the disk holding {db.path} has only {free / 2**20:.1f} MiB free (at least "
                            f"{needed / 2**20:.0f} MiB are needed to write results safely); free some space first")


class _Probe(Exception):
    """Raised inside the probe transaction so that it is rolled back."""


def check_writable(db: Database) -> None:
    """Raise :class:`DatabaseError` (one sentence) unless a write transaction can change the database
    and its disk has room (:func:`check_free_space`)."""
    try:
        with db.session(write=True) as session:
            session.execute(text("UPDATE schema_info SET value = value WHERE key = :k"), {"k": "schema_version"})
            session.flush()
            raise _Probe
    except _Probe:
        check_free_space(db)
        return
    except DatabaseError as exc:
        message = str(exc).rstrip(".")
        if "read-only" not in message:
            message += "; this process cannot write to it"
        raise DatabaseError(message) from None


def watch_file(db: Database) -> Callable[[], None]:
    """A check that the database file is still the one opened (no-op for server databases)."""
    if db.path is None:
        return lambda: None
    path = db.path
    try:
        first = os.stat(path)
    except OSError as exc:
        raise DatabaseError(f"the database file {path} cannot be read: {exc.strerror or exc}") from None
    identity = (first.st_dev, first.st_ino)

    def still_there() -> None:
        try:
            now = os.stat(path)
        except FileNotFoundError:
            raise DatabaseError(f"the database file {path} was removed while in use; "
                                "nothing more is written to it") from None
        except OSError as exc:
            raise DatabaseError(f"the database file {path} cannot be reached: {exc.strerror or exc}") from None
        if (now.st_dev, now.st_ino) != identity:
            raise DatabaseError(f"the database file {path} was replaced by another file while in use; "
                                "nothing more is written to it")

    return still_there
