"""Searches backed by the database: register a search and run it to completion in this process.

Shared by `esma search run` / `esma search submit` and the notebook API, on top of the
lease/run/store loop of :mod:`discovery.service.worker`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from search.pipeline.stages import PipelineConfig
from search.space.units import SearchSpace, WorkUnit


def register_search(db, space: SearchSpace, config: PipelineConfig, units: list[WorkUnit] | None = None,
                    unit_size: int | None = None, priority: int = 0) -> tuple[int, bool]:
    """The search's row id (created with its work units unless a search with the same spec exists).

    The constant is registered by value (:func:`discovery.service.constants.register_search_constant`):
    a search of ``sqrt(e)`` after one of ``exp(1/2)`` refers to the same constant, and its
    conjectures are stored under that constant's canonical name.
    """
    from db import repository as repo
    from discovery.service.constants import register_search_constant
    from search.execution.runner import default_unit_size, plan
    from search.space.spec import search_document

    if units is None or unit_size is None:
        pairs, units = plan(space)
        unit_size = default_unit_size(pairs, len(space.periods))
    doc, h = search_document(space, config, unit_size)
    canonical, value = register_search_constant(db, space.constant)
    return repo.get_or_create_search(db, doc, h, canonical, [(u.index, u.start, u.stop) for u in units],
                                     priority=priority, value_text=value)


@dataclass
class StoredRun:
    """What a stored run gives back: every conjecture of the search, and this run's statistics."""

    search_id: int
    records: list[dict[str, Any]]
    stats: dict[str, Any]
    interrupted: bool


def run_stored(db, space: SearchSpace, config: PipelineConfig, workers: int, owner_prefix: str = "run",
               units: list[WorkUnit] | None = None, unit_size: int | None = None, executor=None,
               progress: Callable[[int, int, int], None] | None = None) -> StoredRun:
    """Register (or find) the search, run its remaining units here, and return all its conjectures.

    A cancelled search is queued again; a finished one runs nothing and just lists its results.
    Units still leased by an earlier run of this kind on this machine whose process is gone (a
    killed or interrupted run) are taken back at once rather than after their lease expires.
    ``progress(pairs done, pairs total, new conjectures)`` is called after each stored unit.
    The stats say how far the search was before (``resumed_units_done``) and how many units other
    live processes still hold (``units_leased_elsewhere``: the search is then not complete yet).
    """
    from db import repository as repo
    from db.availability import check_writable
    from discovery.service.worker import drive, owner_id, stale_owners

    check_writable(db)  # a read-only database or a full disk: one sentence before any work
    sid, _created = register_search(db, space, config, units, unit_size)
    info = repo.get_search(db, sid)
    if info["status"] == "cancelled":
        repo.resume_search(db, sid)
    total, done0 = info["pairs_total"], info["pairs_done"]

    def on_progress(rep) -> None:
        if progress is not None:
            progress(done0 + rep.pairs_done, total, rep.new_conjectures)

    units_before = repo.search_progress(db, sid)["units_done"]
    report = drive(db, owner_id(owner_prefix), workers, search_id=sid, on_progress=on_progress, executor=executor,
                   reclaim_from=tuple(stale_owners(db, owner_prefix)))
    records = repo.query_conjectures(db, search_id=sid)
    prog = repo.search_progress(db, sid)
    stats = {
        "pairs": report.pairs_done,
        "hits": report.hits,
        "verified": len(records),
        "new_conjectures": report.new_conjectures,
        "seconds": round(report.seconds, 3),
        "stage_seconds": {k: round(v, 3) for k, v in report.stage_seconds.items()},
        "pairs_per_second": round(report.pairs_done / report.seconds, 1) if report.seconds > 0 else None,
        "units_done": prog["units_done"],
        "units_total": prog["units_total"],
        "search_pairs_done": prog["pairs_done"],
        "search_pairs_total": prog["pairs_total"],
        "interrupted": report.interrupted,
        "resumed_units_done": units_before,
        "units_leased_elsewhere": prog["units_total"] - prog["units_done"] if not report.interrupted else 0,
    }
    return StoredRun(sid, records, stats, report.interrupted)
