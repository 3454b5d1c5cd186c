"""Part 1 of bench_storage.py: conjectures written per second, against the named baseline
"sqlite3 executemany", and the per-unit round trips of the work loop (see bench_storage's docstring).
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import time
from typing import Any

from benchlib import fmt_rate, load, print_table

BATCH_SIZES = (1, 16, 256)
BASELINE_NAME = "sqlite3 executemany"
OWNER = "bench:writer"


def real_records() -> list[dict[str, Any]]:
    """Verified records of a small real search (e, degree 1, |coeff| <= 2, periods 1-2)."""
    from search.pipeline.stages import PipelineConfig
    from search.execution.runner import run_search
    from search.space.units import SearchSpace

    res = run_search(SearchSpace("e", 1, 2, 1, 2), PipelineConfig(), workers=1)
    if not res.records:
        raise SystemExit("bench_storage: the seed search found no records")
    return res.records


def synthetic_records(seed: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """``n`` distinct valid records: replica r scales the LHS coefficients by r + 1."""
    from db.records import check_record, lhs_key

    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str, str]] = set()
    r = 0
    while len(out) < n:
        k = r + 1
        for rec in seed:
            new = json.loads(json.dumps(rec, default=str))
            new["lhs_num"] = [c * k for c in rec["lhs_num"]]
            new["lhs_den"] = [c * k for c in rec["lhs_den"]]
            if k > 1:
                new["lhs"] = f"({rec['lhs']}) [x{k}]"
                new["family"] = f"{rec['family']}.r{r}"
            ident = (new["constant"], lhs_key(new["lhs_num"], new["lhs_den"]), new["signs"])
            if ident in seen:
                continue
            seen.add(ident)
            check_record(new)
            out.append(new)
            if len(out) == n:
                break
        r += 1
    return out


def batches(records: list[dict[str, Any]], size: int) -> list[list[dict[str, Any]]]:
    return [records[i:i + size] for i in range(0, len(records), size)]


def complete_all(db: Any, by_index: dict[int, int], bs: list[list[dict[str, Any]]]) -> tuple[float, int]:
    """``complete_unit`` of batch i as unit ``by_index[i]``, for every batch: (seconds, rows inserted)."""
    from db import repository as repo

    t0 = time.perf_counter()
    inserted = 0
    for i, b in enumerate(bs):
        inserted += repo.complete_unit(db, by_index[i], OWNER, b,
                                       {"seconds": 0.0, "pairs": len(b), "hits": len(b), "verified": len(b)})
    return time.perf_counter() - t0, inserted


def esma_write(folder: str, bs: list[list[dict[str, Any]]]) -> dict[str, Any]:
    """complete_unit per batch into a fresh esma database; then the idempotent re-write."""
    from db import repository as repo
    from db.engine import open_db

    path = os.path.join(folder, "esma-write.sqlite")
    db = open_db(path)
    try:
        units = [(i, i * 1000, i * 1000 + len(b)) for i, b in enumerate(bs)]
        sid, _ = repo.get_or_create_search(db, {"bench": "writes", "batches": len(bs)},
                                           f"bench-writes-{len(bs)}-{time.time_ns()}", "e", units)
        leased = repo.lease_units(db, OWNER, len(bs), 3600.0, search_id=sid)
        by_index = {u.index: u.unit_id for u in leased}
        assert len(by_index) == len(bs)
        n = sum(len(b) for b in bs)
        write, inserted = complete_all(db, by_index, bs)
        rewrite, again = complete_all(db, by_index, bs)
        stored = repo.count_conjectures(db)
        status = repo.get_search(db, sid)["status"]
        with db.engine.connect() as conn:
            sync = conn.exec_driver_sql("PRAGMA synchronous").scalar()
            mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
    finally:
        db.close()
    assert inserted == n and again == 0 and stored == n and status == "done", (inserted, again, stored, status)
    return {"rows": n, "write_s": write, "rewrite_s": rewrite, "synchronous": sync, "journal_mode": mode}


BASELINE_SCHEMA = """
CREATE TABLE conjectures (
    id INTEGER PRIMARY KEY,
    constant TEXT NOT NULL,
    lhs_key TEXT NOT NULL,
    signs TEXT NOT NULL,
    record TEXT NOT NULL,
    UNIQUE (constant, lhs_key, signs)
)
"""


def baseline_write(folder: str, bs: list[list[dict[str, Any]]]) -> dict[str, Any]:
    """The named baseline: JSON rows by executemany into a one-table sqlite3 database."""
    from db.records import lhs_key

    path = os.path.join(folder, "baseline-write.sqlite")
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL").fetchall()
        conn.execute(BASELINE_SCHEMA)
        sql = "INSERT OR IGNORE INTO conjectures (constant, lhs_key, signs, record) VALUES (?, ?, ?, ?)"

        def one_pass() -> tuple[float, int]:
            t0 = time.perf_counter()
            changed = 0
            for b in bs:
                rows = [(r["constant"], lhs_key(r["lhs_num"], r["lhs_den"]), r["signs"],
                         json.dumps(r, separators=(",", ":"))) for r in b]
                conn.execute("BEGIN IMMEDIATE")
                before = conn.total_changes
                conn.executemany(sql, rows)
                changed += conn.total_changes - before
                conn.execute("COMMIT")
            return time.perf_counter() - t0, changed

        write, inserted = one_pass()
        rewrite, again = one_pass()
        stored = conn.execute("SELECT count(*) FROM conjectures").fetchone()[0]
        sync = conn.execute("PRAGMA synchronous").fetchone()[0]
    finally:
        conn.close()
    n = sum(len(b) for b in bs)
    assert inserted == n and again == 0 and stored == n, (inserted, again, stored)
    return {"rows": n, "write_s": write, "rewrite_s": rewrite, "synchronous": sync}


def round_trips(folder: str, n_units: int, reps: int) -> dict[str, float]:
    """Mean ms of one lease_units(1), complete_unit(no records) and renew_leases(4)."""
    from db import repository as repo
    from db.engine import open_db

    db = open_db(os.path.join(folder, "round-trips.sqlite"))
    try:
        units = [(i, i * 100, (i + 1) * 100) for i in range(n_units)]
        sid, _ = repo.get_or_create_search(db, {"bench": "round-trips"}, f"bench-rt-{time.time_ns()}", "pi", units)
        lease_t, complete_t, renew_t = [], [], []
        for _ in range(min(reps, n_units - 4)):
            t0 = time.perf_counter()
            got = repo.lease_units(db, OWNER, 1, 120.0, search_id=sid)
            lease_t.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            repo.renew_leases(db, OWNER, [got[0].unit_id], 120.0)
            renew_t.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            repo.complete_unit(db, got[0].unit_id, OWNER, [], {"seconds": 0.1, "pairs": 100, "hits": 0, "verified": 0})
            complete_t.append(time.perf_counter() - t0)
    finally:
        db.close()

    def ms(xs: list[float]) -> float:  # median, in ms
        return 1000 * sorted(xs)[len(xs) // 2]

    return {"lease_ms": ms(lease_t), "complete_empty_ms": ms(complete_t), "renew_ms": ms(renew_t)}


def bench_writes(n_rows: int, n_rows_single: int, repeat: int) -> dict[str, Any]:
    print("\n[1] conjectures written per second")
    t0 = time.perf_counter()
    seed = real_records()
    pool = synthetic_records(seed, max(n_rows, n_rows_single))
    print(f"seed: {len(seed)} real records of e (degree 1, |coeff| <= 2, periods 1-2) in "
          f"{time.perf_counter() - t0:.1f} s; {len(pool)} distinct synthetic records; {load()}")
    results: dict[int, dict[str, Any]] = {}
    for size in BATCH_SIZES:
        n = n_rows_single if size == 1 else n_rows
        bs = batches(pool[:n], size)
        best: dict[str, Any] = {}
        for _ in range(repeat):
            with tempfile.TemporaryDirectory(prefix="esma-bench-w-") as folder:
                e = esma_write(folder, bs)
                b = baseline_write(folder, bs)
            for key, d in (("esma", e), ("baseline", b)):
                for k in ("write_s", "rewrite_s"):
                    name = f"{key}_{k}"
                    best[name] = min(best.get(name, float("inf")), d[k])
            best["synchronous"] = (e["synchronous"], b["synchronous"])
            best["journal_mode"] = e["journal_mode"]
        best["rows"] = n
        best["batches"] = len(bs)
        results[size] = best
    rows = []
    for size, d in results.items():
        n = d["rows"]
        e_w, b_w = n / d["esma_write_s"], n / d["baseline_write_s"]
        e_r, b_r = n / d["esma_rewrite_s"], n / d["baseline_rewrite_s"]
        d.update(esma_write_rows_per_s=e_w, baseline_write_rows_per_s=b_w,
                 esma_rewrite_rows_per_s=e_r, baseline_rewrite_rows_per_s=b_r,
                 write_ratio=e_w / b_w, rewrite_ratio=e_r / b_r,
                 esma_ms_per_batch=1000 * d["esma_write_s"] / d["batches"])
        rows.append((size, n, fmt_rate(e_w), fmt_rate(b_w), f"{e_w / b_w:.3f}",
                     fmt_rate(e_r), fmt_rate(b_r), f"{e_r / b_r:.3f}", f"{d['esma_ms_per_batch']:.2f}"))
    sync = next(iter(results.values()))["synchronous"]
    print_table(
        f"conjecture writes, rows/s (best of {repeat}; fresh WAL files; PRAGMA synchronous esma={sync[0]}, "
        f"baseline={sync[1]}); baseline = \"{BASELINE_NAME}\" (JSON rows, one table, one commit per batch)",
        ("records/batch", "rows", "esma write", "baseline write", "esma/baseline",
         "esma re-write", "baseline re-write", "esma/baseline", "esma ms/batch"),
        rows,
    )
    with tempfile.TemporaryDirectory(prefix="esma-bench-rt-") as folder:
        rt = round_trips(folder, 65, 60)
    print_table("per-unit round trips of the work loop (median ms; 65-unit search, no conjectures)",
                ("operation", "ms"),
                [("lease_units (1 unit)", f"{rt['lease_ms']:.2f}"),
                 ("complete_unit (0 records)", f"{rt['complete_empty_ms']:.2f}"),
                 ("renew_leases", f"{rt['renew_ms']:.2f}")])
    return {"batch_sizes": {str(k): v for k, v in results.items()}, "round_trips_ms": rt,
            "seed_records": len(seed)}
