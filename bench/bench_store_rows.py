"""Benchmark: storing a hit-rich search's verified rows (``db.repository.complete_unit``), per row.

Issue 11 wants e's whole ``esma search run e -d 1 -L 4 -p 1-5`` within 5x of pi's, and pi stores
nothing: every millisecond spent storing e's ~13,800 rows counts.  This measures that cost alone.

Workload, built in this run: ``search.execution.runner.run_search`` of e, degree 1, coefficient
limit 4 (``--quick``: 3), sign periods 1-5, in this process (2 workers; not timed).  Its records
carry their work unit, so they are stored unit by unit exactly as ``esma search run`` stores
them: a fresh SQLite file (WAL, esma's pragmas), the search registered by
``discovery.service.stored.register_search`` (``get_or_create_search`` with the runner's own
units), every unit leased with ``lease_units``, then one ``complete_unit`` per unit with that
unit's records.  Timed (best of k, each into a new file):

* **store**: the sum over the units of ``complete_unit`` (validation, inserts, membership links,
  family bookkeeping, unit statistics, search counters, commit), wall time and this process's
  CPU time (less disturbed by other processes on the cores; excludes waiting for the disk);
* **re-store**: ``complete_unit`` of every unit again (every row conflicts, nothing is written:
  what a reclaimed unit finished twice costs).

Named baseline "rows parsed + validated only (record_to_row)": ``db.records.record_to_row`` of
every record, the per-row check that any storage path must do.  Reported: microseconds per row
for each, and store / baseline (the price of the writes themselves).  The stored rows are
checked against an independent count (distinct identities, distinct families) so that a fast
but wrong store cannot pass.

Other engineers may be using the machine's two cores while this runs: the load average is
printed before and after; compare figures of one run, not across runs.

Measured (2 shared cores, load average 1.7-2.8; the pickled records of one e search stored by
this module's ``measure``, the code before and after alternating, best of 3 each): the code of
8d75179 stored 343-394 µs/row (CPU 330-380), re-stored 239-292; after the changes to ``db/``
(driver-level many-row inserts on SQLite, checks on exact types, no list copies, families in one
UPDATE) 134-167 µs/row (CPU 124-155), re-stored 72-90: 2.1x-2.6x.

Usage::

    .venv/bin/python bench/bench_store_rows.py [--quick] [--repeat K] [--json FILE]
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
import time
from typing import Any

from benchlib import best_of, environment, fmt_us, load, parse, parser, print_table, run_info, write_json

BASELINE = "rows parsed + validated only (record_to_row)"
OWNER = "bench:store-rows"


def build_records(limit: int, workers: int = 2) -> tuple[Any, list[dict[str, Any]]]:
    """The e search of degree 1, coefficient limit ``limit``, periods 1-5: its space and records."""
    from search.execution.runner import run_search
    from search.pipeline.stages import PipelineConfig
    from search.space.units import SearchSpace

    space = SearchSpace("e", 1, limit, 1, 5)
    res = run_search(space, PipelineConfig(), workers=workers)
    if not res.records:
        raise SystemExit("bench_store_rows: the search found no records")
    return space, res.records


def by_unit(records: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The records grouped by their work unit id (``"<space hash>:<start>-<stop>"``)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for rec in records:
        out.setdefault(rec["unit"], []).append(rec)
    return out


def store(space: Any, records: list[dict[str, Any]], folder: str, name: str) -> dict[str, Any]:
    """Store ``records`` unit by unit into a fresh database ``folder/name``: seconds and counts."""
    from db import open_db
    from db import repository as repo
    from discovery.service.stored import register_search
    from search.pipeline.stages import PipelineConfig
    from sqlalchemy import func, select

    from db.models import Conjecture, Family

    groups = by_unit(records)
    with open_db(os.path.join(folder, name)) as db:
        search_id, _ = register_search(db, space, PipelineConfig())
        leased = repo.lease_units(db, OWNER, 10**6, 3600, search_id=search_id)
        ids = {f"{space.space_hash()}:{u.start}-{u.stop}": u.unit_id for u in leased}
        missing = set(groups) - set(ids)
        if missing:
            raise SystemExit(f"bench_store_rows: records of units the plan does not have: {sorted(missing)[:3]}")

        def run_all() -> int:
            new = 0
            for uid, unit_id in ids.items():
                new += repo.complete_unit(db, unit_id, OWNER, groups.get(uid, []),
                                          {"seconds": 0.0, "pairs": 1, "hits": 0, "verified": len(groups.get(uid, []))})
            return new

        t0, c0 = time.perf_counter(), time.process_time()
        inserted = run_all()
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        t0 = time.perf_counter()
        again = run_all()
        restore = time.perf_counter() - t0
        with db.session() as session:
            stored = session.scalar(select(func.count(Conjecture.id)))
            families = session.scalar(select(func.count()).select_from(Family))
            best = session.scalar(select(func.count(Conjecture.id)).where(Conjecture.best_in_family.is_(True)))
        status = repo.get_search(db, search_id)["status"]
    return {"seconds": seconds, "cpu_seconds": cpu, "restore_seconds": restore, "inserted": inserted, "reinserted": again,
            "stored": stored, "families": families, "best": best, "status": status, "units": len(ids)}


def parse_only(records: list[dict[str, Any]]) -> None:
    """The baseline: every record checked and turned into its row, nothing written."""
    from db.records import record_to_row

    for rec in records:
        record_to_row(rec, None)


def main(argv: list[str] | None = None) -> int:
    ap = parser(__doc__, full=3, quick=1, quick_help="coefficient limit 3 instead of 4")
    ap.add_argument("--workers", type=int, default=2, help="workers of the search that builds the records")
    a = parse(ap, argv)
    import sqlalchemy

    print(environment("bench_store_rows", a.quick, a.repeat,
                      {"SQLite": sqlite3.sqlite_version, "SQLAlchemy": sqlalchemy.__version__}, with_load=True))
    limit = 3 if a.quick else 4
    t0 = time.perf_counter()
    space, records = build_records(limit, a.workers)
    print(f"workload: e, degree 1, |coeff| <= {limit}, periods 1-5: {len(records):,} records "
          f"(built in {time.perf_counter() - t0:.1f} s, not timed)")
    figures = measure(space, records, a.repeat)
    print(f"\ndone; {load()}")
    if a.json:
        write_json(a.json, {**run_info("bench_store_rows", a.quick, a.repeat), "limit": limit, **figures})
    return 0


def measure(space: Any, records: list[dict[str, Any]], repeat: int) -> dict[str, Any]:
    """Time storing ``records`` (best of ``repeat`` fresh databases) and the baseline; print the table."""
    from db.records import lhs_key

    n = len(records)
    identities = {(lhs_key(r["lhs_num"], r["lhs_den"]), r["signs"]) for r in records}
    families = {r["family"] for r in records}
    base = best_of(lambda: parse_only(records), repeat)
    runs = []
    with tempfile.TemporaryDirectory(prefix="bench_store_rows_") as folder:
        for i in range(repeat):
            runs.append(store(space, records, folder, f"run{i}.sqlite"))
    for r in runs:
        if (r["inserted"], r["reinserted"], r["stored"], r["families"], r["best"], r["status"]) != (
                len(identities), 0, len(identities), len(families), len(families), "done"):
            raise SystemExit(f"bench_store_rows: wrong stored rows {r} (expected {len(identities)} rows in "
                             f"{len(families)} families)")
    s = min(r["seconds"] for r in runs)
    cpu = min(r["cpu_seconds"] for r in runs)
    again = min(r["restore_seconds"] for r in runs)
    print_table(f"storing {n:,} rows in {runs[0]['units']} units ({len(identities):,} conjectures, "
                f"{len(families)} families; best of {repeat})",
                ("path", "total s", "µs/row", "x baseline"),
                [(BASELINE, f"{base:.3f}", fmt_us(base / n), "1.00"),
                 ("store: complete_unit per unit (fresh file)", f"{s:.3f}", fmt_us(s / n), f"{s / base:.2f}"),
                 ("  the same, CPU time of this process", f"{cpu:.3f}", fmt_us(cpu / n), f"{cpu / base:.2f}"),
                 ("re-store: every unit again (all conflict)", f"{again:.3f}", fmt_us(again / n),
                  f"{again / base:.2f}")])
    return {"rows": n, "conjectures": len(identities), "families": len(families), "units": runs[0]["units"],
            "baseline": BASELINE, "baseline_us_per_row": base / n * 1e6, "store_us_per_row": s / n * 1e6, "store_cpu_us_per_row": cpu / n * 1e6,
            "restore_us_per_row": again / n * 1e6, "store_seconds": s, "restore_seconds": again}


if __name__ == "__main__":
    sys.exit(main())
