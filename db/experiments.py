"""Saved experiment runs (parameters, results and library versions as JSON)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from db.coltypes import iso, utcnow
from db.engine import Database
from db.errors import DatabaseError, NotFound
from db.models import ExperimentRun


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
    with db.session() as session:
        row = session.get(ExperimentRun, run_id)
        if row is None:
            raise NotFound(f"no experiment run with id {run_id}")
        return _as_dict(row)
