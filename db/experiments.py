"""Saved experiment runs (parameters, results and library versions as JSON).

>>> from db import open_db
>>> with open_db("sqlite://") as db:
...     run_id = save_experiment_run(db, "primes", {"max": 100}, {"pi": 25}, {"esma": "0.1.0"})
...     [(run["name"], run["results"]) for run in list_experiment_runs(db)]
[('primes', {'pi': 25})]
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from db.coltypes import iso, utcnow
from db.engine import Database
from db.errors import DatabaseError
from db.models import ExperimentRun
from db.queries import require_row


def save_experiment_run(db: Database, name: str, parameters: dict[str, Any], results: dict[str, Any],
                        versions: dict[str, Any]) -> int:
    """Store one run and return its id."""
    if not name:
        raise DatabaseError("an experiment run needs a name")
    with db.session(write=True) as session:
        row = ExperimentRun(name=name, parameters=parameters, results=results, versions=versions,
                            created_at=utcnow())
        session.add(row)
        session.flush()
        return int(row.id)


def _as_dict(row: ExperimentRun) -> dict[str, Any]:
    """A run as plain values (``created_at`` as ISO text)."""
    return {"id": row.id, "name": row.name, "parameters": row.parameters, "results": row.results,
            "versions": row.versions, "created_at": iso(row.created_at)}


def list_experiment_runs(db: Database, name: str | None = None) -> list[dict[str, Any]]:
    """Saved runs, newest first (optionally of one experiment)."""
    with db.session() as session:
        stmt = select(ExperimentRun).order_by(ExperimentRun.id.desc())
        if name is not None:
            stmt = stmt.where(ExperimentRun.name == name)
        return [_as_dict(r) for r in session.scalars(stmt)]


def get_experiment_run(db: Database, run_id: int) -> dict[str, Any]:
    """One saved run by id; :class:`NotFound` ("no experiment run with id 7") if missing."""
    with db.session() as session:
        return _as_dict(require_row(session, ExperimentRun, run_id, "experiment run"))
