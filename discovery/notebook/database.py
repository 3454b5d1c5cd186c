"""Querying the conjecture database with the filters of ``esma conjectures list``.

``db`` everywhere is a :class:`db.engine.Database` from :func:`connect` (left open), a file path or
an SQLAlchemy URL (opened and closed around the call), or None for the default database.

>>> db = connect("sqlite://")          # an empty database in memory
>>> conjectures(db, constant="tan( 1 )", best_per_family=True), table(db, columns=["id"])
(ConjectureList([]), [])
>>> db.close()
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .conjecture import Conjecture
from .results import ConjectureList

if TYPE_CHECKING:
    from db.engine import Database

__all__ = ["conjecture", "conjectures", "connect", "table", "using"]


def connect(url: str | os.PathLike[str] | None = None, create: bool = True) -> Database:
    """Open the conjecture database: ``url`` is a file path, an SQLAlchemy URL, or None for the
    default (``$ESMA_DB``, else ``~/.local/share/esma/esma.sqlite``).

    Returns a :class:`db.engine.Database`; pass it as ``db=`` to the other functions to reuse one
    connection, and ``close()`` it when done.  A missing SQLite file is created unless ``create``
    is False.
    """
    from db.engine import open_db

    return open_db(url, create=create)


@contextmanager
def using(db: Any) -> Iterator[Database]:
    """A :class:`Database` as given (left open), or one opened from a URL/path/None (closed after)."""
    from db.engine import Database

    if isinstance(db, Database):
        yield db
        return
    database = connect(db)
    try:
        yield database
    finally:
        database.close()


def conjectures(db: Any = None, *, constant: str | None = None, known: bool | None = None, new: bool = False,
                min_digits: int | None = None, min_rate: float | None = None, best_per_family: bool = False,
                sort: str = "digits", limit: int | None = None, search_id: int | None = None) -> ConjectureList:
    """Stored conjectures matching every given filter, as a :class:`ConjectureList`.

    The filters are those of ``esma conjectures list``: ``constant`` (a name or an expression,
    normalised like the command line does: ``"tan( 1 )"`` finds ``tan(1)``), ``known=True`` for
    classical formulas only, ``known=False`` or ``new=True`` for new ones only, ``min_digits``,
    ``min_rate`` (digits per term), ``best_per_family``, ``sort`` (``digits``, ``rate``,
    ``simplicity`` or ``created``), ``limit`` and ``search_id``.
    """
    from db import repository as repo

    if new:
        if known:
            raise ValueError("new=True and known=True exclude each other")
        known = False
    if constant is not None:
        from search.expressions import parse_expression

        constant = str(parse_expression(constant))
    with using(db) as database:
        rows = repo.query_conjectures(database, constant=constant, known=known, min_digits=min_digits,
                                      min_rate=min_rate, best_per_family=best_per_family, sort=sort, limit=limit,
                                      search_id=search_id)
    return ConjectureList(Conjecture(r) for r in rows)


def conjecture(conjecture_id: int, db: Any = None) -> Conjecture:
    """One stored conjecture by id (``db.errors.NotFound`` if there is none)."""
    from db import repository as repo

    with using(db) as database:
        return Conjecture(repo.get_conjecture(database, conjecture_id))


def table(db: Any = None, columns: Iterable[str] | None = None, **filters: Any) -> Any:
    """``conjectures(db, **filters).to_frame(columns)``: a DataFrame (pandas) or a list of dicts."""
    return conjectures(db, **filters).to_frame(columns)
