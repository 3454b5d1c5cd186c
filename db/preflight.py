"""Checks on an SQLite database file made before SQLite (or SQLAlchemy) touches it.

SQLite happily "opens" a text file or a directory and only fails later, sometimes after creating
journal files next to it.  These checks read at most the first 16 bytes and never write.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> check_sqlite_file(folder / "new.sqlite", create=True)     # may be created
False
>>> check_sqlite_file(folder, create=True)        # doctest: +ELLIPSIS
Traceback (most recent call last):
    ...
db.errors.DatabaseError: the database path ... is a directory, not a database file
>>> folder.rmdir()
"""

from __future__ import annotations

from pathlib import Path

from db.errors import DatabaseError

SQLITE_MAGIC = b"SQLite format 3\x00"


def check_sqlite_file(path: Path, create: bool) -> bool:
    """Refuse paths that cannot be an SQLite database; return whether the file exists.

    - a directory: "... is a directory, not a database file";
    - a missing file when ``create`` is False, or whose folder does not exist;
    - a non-empty file not starting with the SQLite magic header: "... is not an SQLite database".

    An empty file is accepted (SQLite treats it as an empty database).
    """
    if path.is_dir():
        raise DatabaseError(f"the database path {path} is a directory, not a database file")
    if not path.exists():
        if not create:
            raise DatabaseError(f"the database file {path} does not exist")
        if not path.parent.is_dir():
            raise DatabaseError(f"cannot create the database {path}: the folder {path.parent} does not exist")
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise DatabaseError(f"cannot read the database file {path}: {exc.strerror or exc}") from None
    if head and head != SQLITE_MAGIC:
        raise DatabaseError(f"the file {path} is not an SQLite database")
    return True
