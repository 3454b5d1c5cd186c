"""A search's counters, aggregated from its work units and conjectures.

The counters stored on a ``searches`` row are a cache of these aggregates: ``units_done`` and
``pairs_done`` count the done units and their pairs (``stop - start``), ``hits`` and ``seconds``
sum the done units' statistics, and ``verified`` counts the conjectures found by this search
(its rows in ``search_conjectures``).  :func:`refresh_search` rewrites the cache; ``db_check``
compares it.

>>> from db import open_db, get_or_create_search
>>> with open_db("sqlite://") as db, db.session() as session:
...     search_id, _ = get_or_create_search(db, {}, "spec-hash", "e", [(0, 0, 10), (1, 10, 15)])
...     totals = search_totals(session, search_id)
>>> (totals.units_total, totals.units_pending, totals.pairs_total, totals.units_done)
(2, 2, 15, 0)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from db.models import Search, SearchConjecture, WorkUnit


@dataclass(frozen=True)
class SearchTotals:
    """Aggregates of one search's units and conjectures."""

    units_total: int
    units_done: int
    units_leased: int
    units_pending: int
    pairs_total: int
    pairs_done: int
    hits: int
    verified: int
    seconds: float

    def counters(self) -> dict[str, int | float]:
        """The values cached on the ``searches`` row."""
        data = asdict(self)
        del data["units_leased"], data["units_pending"]
        return data


def search_totals(session: Session, search_id: int) -> SearchTotals:
    """Aggregate the units and conjectures of search ``search_id``."""
    done = WorkUnit.status == "done"
    size = WorkUnit.stop - WorkUnit.start
    row = session.execute(
        select(
            func.count(WorkUnit.id),
            func.sum(case((done, 1), else_=0)),
            func.sum(case((WorkUnit.status == "leased", 1), else_=0)),
            func.sum(case((WorkUnit.status == "pending", 1), else_=0)),
            func.sum(size),
            func.sum(case((done, size), else_=0)),
            func.sum(case((done, WorkUnit.hits), else_=0)),
            func.sum(case((done, WorkUnit.seconds), else_=0.0)),
        ).where(WorkUnit.search_id == search_id)
    ).one()
    verified = session.scalar(
        select(func.count(SearchConjecture.conjecture_id)).where(SearchConjecture.search_id == search_id))
    return SearchTotals(
        units_total=int(row[0] or 0),
        units_done=int(row[1] or 0),
        units_leased=int(row[2] or 0),
        units_pending=int(row[3] or 0),
        pairs_total=int(row[4] or 0),
        pairs_done=int(row[5] or 0),
        hits=int(row[6] or 0),
        verified=int(verified or 0),
        seconds=float(row[7] or 0.0),
    )


def refresh_search(session: Session, search: Search, now: datetime) -> bool:
    """Store the aggregates on ``search``; mark it done when every unit is; True if it changed.

    A cancelled search whose last unit completes becomes done too: nothing is left to run.
    """
    totals = search_totals(session, search.id)
    changed = False
    for name, value in totals.counters().items():
        if getattr(search, name) != value:
            setattr(search, name, value)
            changed = True
    if totals.units_done == totals.units_total and search.status != "done":
        search.status = "done"
        search.finished_at = now
        changed = True
    return changed
