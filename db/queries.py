"""Reading conjectures: filtered, sorted queries, lookup by id, and counts.

Sorts: ``digits`` (most verified digits first), ``rate`` (fastest convergence first),
``simplicity`` (the family order: pattern size, transient length, LHS height, faster rate, LHS
text, signs) and ``created`` (newest first); ties are broken by id.

>>> from db import open_db
>>> with open_db("sqlite://") as db:
...     (count_conjectures(db), query_conjectures(db, sort="simplicity"))
(0, [])
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import UnaryExpression

from db.engine import Database
from db.errors import DatabaseError, NotFound
from db.models import Conjecture, SearchConjecture
from db.records import row_to_dict

C = Conjecture
RowT = TypeVar("RowT")
SORTS: dict[str, tuple[ColumnElement[Any] | UnaryExpression[Any], ...]] = {
    "digits": (C.verified_digits.desc(), C.rate.desc(), C.id),
    "rate": (C.rate.desc(), C.verified_digits.desc(), C.id),
    "simplicity": (C.pattern_size, C.transient_length, C.lhs_height, C.rate.desc(), C.lhs, C.signs, C.id),
    "created": (C.created_at.desc(), C.id.desc()),
}


def _order(sort: str, dialect: str) -> tuple[ColumnElement[Any] | UnaryExpression[Any], ...]:
    """The ORDER BY of ``sort``; on PostgreSQL text compares byte-wise (``COLLATE "C"``) like SQLite."""
    if dialect != "postgresql" or sort != "simplicity":
        return SORTS[sort]
    return (C.pattern_size, C.transient_length, C.lhs_height, C.rate.desc(), C.lhs.collate("C"),
            C.signs.collate("C"), C.id)


def _filters(constant: str | None = None, known: bool | None = None, min_digits: int | None = None,
             min_rate: float | None = None, best_per_family: bool = False,
             search_id: int | None = None) -> list[ColumnElement[bool]]:
    """SQL conditions for the query parameters (None means no condition)."""
    out: list[ColumnElement[bool]] = []
    if constant is not None:
        out.append(C.constant == constant)
    if known is not None:
        out.append(C.known.is_(True) if known else C.known.is_(False))
    if min_digits is not None:
        out.append(C.verified_digits >= min_digits)
    if min_rate is not None:
        out.append(C.rate >= min_rate)
    if best_per_family:
        out.append(C.best_in_family.is_(True))
    if search_id is not None:  # every conjecture the search found, also those stored first by another
        out.append(C.id.in_(select(SearchConjecture.conjecture_id).where(SearchConjecture.search_id == search_id)))
    return out


def query_conjectures(db: Database, constant: str | None = None, known: bool | None = None,
                      min_digits: int | None = None, min_rate: float | None = None,
                      best_per_family: bool = False, sort: str = "digits", limit: int | None = None,
                      search_id: int | None = None) -> list[dict[str, Any]]:
    """Conjectures matching every given filter, in ``sort`` order, at most ``limit`` of them.

    Each dict holds every stored field (record fields, ``id``, ``search_id``, ``unit``,
    ``engine_version``, ``best_in_family``, derived ``lhs_key``/``lhs_height``/
    ``transient_length``) with ``created_at`` as ISO text.
    """
    if sort not in SORTS:
        raise DatabaseError(f"unknown sort {sort!r}; choose one of {', '.join(SORTS)}")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise DatabaseError(f"the limit must be a whole number >= 0, not {limit!r}")
    stmt = select(C).where(*_filters(constant, known, min_digits, min_rate, best_per_family, search_id))
    stmt = stmt.order_by(*_order(sort, db.dialect))
    if limit is not None:
        stmt = stmt.limit(limit)
    with db.session() as session:
        return [row_to_dict(conj) for conj in session.scalars(stmt)]


def count_conjectures(db: Database, constant: str | None = None, known: bool | None = None,
                      min_digits: int | None = None, min_rate: float | None = None,
                      best_per_family: bool = False, search_id: int | None = None) -> int:
    """How many conjectures match the filters of :func:`query_conjectures`."""
    stmt = select(func.count(C.id)).where(
        *_filters(constant, known, min_digits, min_rate, best_per_family, search_id))
    with db.session() as session:
        return int(session.scalar(stmt) or 0)


def require_row(session: Session, model: type[RowT], row_id: int, noun: str) -> RowT:
    """The ``model`` row with primary key ``row_id``; :class:`NotFound` ("no <noun> with id 42") if missing."""
    row = session.get(model, row_id)
    if row is None:
        raise NotFound(f"no {noun} with id {row_id}")
    return row


def get_conjecture(db: Database, conjecture_id: int) -> dict[str, Any]:
    """One conjecture by id; :class:`NotFound` ("no conjecture with id 42") if missing."""
    with db.session() as session:
        return row_to_dict(require_row(session, C, conjecture_id, "conjecture"))
