"""Family summaries: one row per family (constant, tail), for output shaped by families.

Each summary is the family's best member (every field :func:`db.queries.query_conjectures`
gives) with the family's own facts: ``members`` (how many conjectures it holds), ``known`` (any
member is a classical formula), ``known_as`` (which), ``proved`` (the best member is proved),
``proved_from`` (from which registry formula) and ``best_rate`` (the fastest member's rate,
digits per term; the best member is the *simplest*, not necessarily the fastest).  Sorts are those
of the conjecture queries, applied to the best members, plus ``members`` (largest family first).

>>> from db import open_db
>>> with open_db("sqlite://") as db:
...     family_summaries(db, constant="e")
[]
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import aliased

from db.engine import Database
from db.errors import DatabaseError
from db.models import Conjecture, Family, SearchConjecture
from db.queries import SORTS, canonical_name, order_for, with_derived_ids
from db.records import row_to_dict

C = Conjecture
SUMMARY_SORTS = (*SORTS, "members")


def family_summaries(db: Database, constant: str | None = None, known: bool | None = None,
                     limit: int | None = None, sort: str = "digits",
                     search_id: int | None = None, proved: bool | None = None) -> list[dict[str, Any]]:
    """One dict per (constant, family) matching the filters, in ``sort`` order, at most ``limit``.

    ``constant`` takes any name of the constant; ``search_id`` keeps the families holding at least
    one conjecture that search found (their counts stay the whole family's); ``proved`` True keeps
    the proved families, False the open ones.
    """
    if sort not in SUMMARY_SORTS:
        raise DatabaseError(f"unknown sort {sort!r}; choose one of {', '.join(SUMMARY_SORTS)}")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise DatabaseError(f"the limit must be a whole number >= 0, not {limit!r}")
    rates = select(C.constant, C.family, func.max(C.rate).label("best_rate")).group_by(C.constant, C.family)
    where = []
    if constant is not None:
        rates = rates.where(C.constant == canonical_name(constant))
        where.append(Family.constant == canonical_name(constant))
    if known is not None:
        where.append(Family.known.is_(bool(known)))
    if proved is not None:
        where.append(Family.proved.is_(bool(proved)))
    if search_id is not None:
        member = aliased(C)
        where.append(exists().where(SearchConjecture.search_id == search_id,
                                    SearchConjecture.conjecture_id == member.id,
                                    member.constant == Family.constant, member.family == Family.key))
    rates = rates.subquery()
    stmt = (select(C, Family.size, Family.known, Family.known_as, Family.proved, Family.proved_from,
                   rates.c.best_rate)
            .join(Family, Family.best_conjecture_id == C.id)
            .join(rates, and_(rates.c.constant == Family.constant, rates.c.family == Family.key))
            .where(*where))
    order = (Family.size.desc(), C.id) if sort == "members" else order_for(sort, db.dialect)
    stmt = stmt.order_by(*order)
    if limit is not None:
        stmt = stmt.limit(limit)
    with db.session() as session:
        out = []
        for conj, size, fam_known, known_as, fam_proved, source, best_rate in session.execute(stmt):
            row = row_to_dict(conj)
            row.update(members=int(size), known=bool(fam_known), known_as=known_as, proved=bool(fam_proved),
                       proved_from=source, best_rate=float(best_rate))
            out.append(row)
        return with_derived_ids(session, out)
