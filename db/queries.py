"""Reading conjectures: filtered, sorted queries, lookup by id, and counts.

A ``constant`` filter takes any of the constant's names (an alias finds its canonical name).

Sorts: ``digits`` (most verified digits first), ``rate`` (fastest convergence first),
``simplicity`` (the family order: pattern size, transient length, LHS height, faster rate, LHS
text, signs) and ``created`` (newest first); ties are broken by id.

>>> from db import open_db
>>> with open_db("sqlite://") as db:
...     (count_conjectures(db), query_conjectures(db, sort="simplicity"))
(0, [])
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from sqlalchemy import JSON, ColumnElement, Text, func, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import UnaryExpression

from db.engine import Database
from db.errors import DatabaseError, NotFound
from db.models import Conjecture, Constant, ConstantAlias, SearchConjecture
from db.coltypes import iso
from db.records import lhs_key, row_to_dict

C = Conjecture
RowT = TypeVar("RowT")
SORTS: dict[str, tuple[ColumnElement[Any] | UnaryExpression[Any], ...]] = {
    "digits": (C.verified_digits.desc(), C.rate.desc(), C.id),
    "rate": (C.rate.desc(), C.verified_digits.desc(), C.id),
    "simplicity": (C.pattern_size, C.transient_length, C.lhs_height, C.rate.desc(), C.lhs, C.signs, C.id),
    "created": (C.created_at.desc(), C.id.desc()),
}


def order_for(sort: str, dialect: str) -> tuple[ColumnElement[Any] | UnaryExpression[Any], ...]:
    """The ORDER BY of ``sort``; on PostgreSQL text compares byte-wise (``COLLATE "C"``) like SQLite."""
    if dialect != "postgresql" or sort != "simplicity":
        return SORTS[sort]
    return (C.pattern_size, C.transient_length, C.lhs_height, C.rate.desc(), C.lhs.collate("C"),
            C.signs.collate("C"), C.id)


def canonical_name(name: str) -> ColumnElement[str]:
    """SQL for the canonical name of the constant called ``name`` (an alias resolved; else ``name``)."""
    alias = (select(Constant.name).join(ConstantAlias, ConstantAlias.constant_id == Constant.id)
             .where(ConstantAlias.alias == name).scalar_subquery())
    return func.coalesce(alias, name)


def _filters(constant: str | None = None, known: bool | None = None, min_digits: int | None = None,
             min_rate: float | None = None, best_per_family: bool = False,
             search_id: int | None = None, proved: bool | None = None) -> list[ColumnElement[bool]]:
    """SQL conditions for the query parameters (None means no condition)."""
    out: list[ColumnElement[bool]] = []
    if proved is not None:  # open means not proved: verified by digits only
        out.append(C.proof_status == "proved" if proved else C.proof_status != "proved")
    if constant is not None:
        out.append(C.constant == canonical_name(constant))
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
                      search_id: int | None = None, proved: bool | None = None) -> list[dict[str, Any]]:
    """Conjectures matching every given filter, in ``sort`` order, at most ``limit`` of them.

    Each dict holds every stored field (record fields, ``id``, ``search_id``, ``unit``,
    ``engine_version``, ``best_in_family``, derived ``lhs_key``/``lhs_height``/
    ``transient_length``) with ``created_at`` as ISO text, and ``derived_from_id`` (the
    representative's id of a derived member, else None).  ``constant`` is a canonical name
    (:func:`db.constants.find_constant` turns any alias into it).  ``proved`` True keeps the
    proved conjectures (``proof_status`` ``"proved"``), False the open ones (verified only).
    """
    if sort not in SORTS:
        raise DatabaseError(f"unknown sort {sort!r}; choose one of {', '.join(SORTS)}")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise DatabaseError(f"the limit must be a whole number >= 0, not {limit!r}")
    # Core rows rather than ORM instances: the same columns, read several times faster (a search
    # can report tens of thousands of rows, and nothing here is written back).
    sqlite = db.dialect == "sqlite"
    columns = [type_coerce(c, Text).label(c.key) if sqlite and isinstance(c.type, JSON) else c
               for c in C.__table__.columns]
    stmt = select(*columns).where(*_filters(constant, known, min_digits, min_rate, best_per_family, search_id,
                                            proved))
    stmt = stmt.order_by(*order_for(sort, db.dialect))
    if limit is not None:
        stmt = stmt.limit(limit)
    with db.session() as session:
        result = session.connection().execute(stmt)
        if not sqlite:
            return with_derived_ids(session, [row_to_dict(row) for row in result])
        return with_derived_ids(session, _decoded_rows(result.keys(), result.all()))


def _decoded_rows(keys: Any, rows: list[Any]) -> list[dict[str, Any]]:
    """Plain dicts of rows whose JSON columns came back as text, each column decoded in one call.

    One ``json.loads`` of ``[t1, t2, ...]`` per column instead of one per cell (seven JSON
    columns per conjecture): the decoder's per-call cost was most of reading a big result.
    The values are those SQLAlchemy's JSON type gives (``json.loads`` of each text).
    """
    keys = list(keys)
    json_keys = {c.key for c in C.__table__.columns if isinstance(c.type, JSON)}
    out = [dict(zip(keys, row)) for row in rows]
    for key in json_keys:
        texts = [d[key] for d in out if d[key] is not None]
        values = iter(json.loads("[" + ",".join(texts) + "]"))
        for d in out:
            if d[key] is not None:
                d[key] = next(values)
    for d in out:
        d["created_at"] = iso(d["created_at"])
    return out


def with_derived_ids(session: Session, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give each row ``derived_from_id``: the id of its representative (``derived_from`` names it
    as ``"<lhs text> | <signs>"``, same constant), None when not derived or not stored."""
    wanted: dict[str, set[tuple[str, str]]] = {}
    for row in rows:
        if row.get("derived_from"):
            lhs, _, signs = row["derived_from"].rpartition(" | ")
            wanted.setdefault(row["constant"], set()).add((lhs, signs))
    found: dict[tuple[str, str, str], int] = {}
    for constant, pairs in wanted.items():
        texts = sorted({lhs for lhs, _ in pairs})
        for i in range(0, len(texts), 500):
            stmt = select(C.id, C.lhs, C.signs).where(C.constant == constant, C.lhs.in_(texts[i:i + 500]))
            found.update({(constant, lhs, signs): int(cid) for cid, lhs, signs in session.execute(stmt)
                          if (lhs, signs) in pairs})
    for row in rows:
        lhs, _, signs = (row.get("derived_from") or "").rpartition(" | ")
        row["derived_from_id"] = found.get((row["constant"], lhs, signs)) if row.get("derived_from") else None
    return rows


def count_conjectures(db: Database, constant: str | None = None, known: bool | None = None,
                      min_digits: int | None = None, min_rate: float | None = None,
                      best_per_family: bool = False, search_id: int | None = None,
                      proved: bool | None = None) -> int:
    """How many conjectures match the filters of :func:`query_conjectures`."""
    stmt = select(func.count(C.id)).where(
        *_filters(constant, known, min_digits, min_rate, best_per_family, search_id, proved))
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
        return with_derived_ids(session, [row_to_dict(require_row(session, C, conjecture_id, "conjecture"))])[0]


def find_conjecture(db: Database, constant: str, lhs_num: list[int], lhs_den: list[int],
                    signs: str) -> dict[str, Any] | None:
    """The conjecture ``(constant, LHS coefficients, signs)`` (its identity), or None if not stored.

    This is how a derived proof's ``from`` (``lhs_num``, ``lhs_den``, ``signs``) names its
    representative.  ``constant`` is a canonical name.
    """
    stmt = select(C).where(C.constant == constant, C.lhs_key == lhs_key(lhs_num, lhs_den), C.signs == signs)
    with db.session() as session:
        conj = session.scalars(stmt).first()
        return None if conj is None else with_derived_ids(session, [row_to_dict(conj)])[0]
