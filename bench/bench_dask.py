"""The same stored search on the local process pool and on a 2-worker Dask LocalCluster.

What is measured, in one run (best of k repeats each, interleaved so both see the same machine):

* local: ``discovery.service.worker.drive(db, ..., workers=W)`` with its default executor, a fork
  ``ProcessPoolExecutor`` of W processes, into a fresh SQLite file per repeat.
* dask: the same ``drive`` with ``executor=DaskExecutor(<LocalCluster of W worker processes,
  1 thread each>)``, into a fresh SQLite file per repeat.  The cluster is started once; its
  start-up is reported separately and excluded from the end-to-end times.  Dask worker
  processes are fresh interpreters: the first search on them pays the imports and the Numba
  cache load ("cold first run", reported separately, before the timed repeats).
* Both: before each timed run the per-process search state (constant context, LHS classes) is
  cleared -- in the parent for the fork pool, on every worker for Dask -- as for a new search.
* Dask overhead per work unit: (best dask wall - best local wall) / units; and the scheduler
  round trip of a trivial task (submit + result, sequential, median of N) and the throughput of
  N trivial tasks submitted at once and drained through ``as_completed``.

Default space: pi, degree 1, coefficient limit 5, sign periods 1..5 (171,808 pairs in 65 units,
few hits).  Target: Dask end-to-end within 15% of the local pool (ratio <= 1.15).

Usage::

    .venv/bin/python bench/bench_dask.py [--repeat K] [--workers W] [--coeff-limit L] [--periods A-B]
                                         [--constant pi] [--json FILE]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchlib import write_json


def _clear_state() -> int:
    from search import runner

    runner._STATE.clear()
    return os.getpid()


def _noop(i: int) -> int:
    return i


def _register(db, constant: str, L: int, periods: str):
    from discovery.service.stored import register_search
    from search.execution.runner import default_unit_size, plan
    from search.space.spec import build_search

    space, config = build_search(constant, 1, L, periods, 100, 0.25, 100, 1000)
    pairs, units = plan(space)
    sid, _ = register_search(db, space, config, units, default_unit_size(pairs, len(space.periods)))
    return sid, pairs, len(units)


def one_run(tmpdir: str, tag: str, args, executor=None) -> dict:
    from db import repository as repo
    from db.engine import open_db
    from discovery.service.worker import drive, owner_id

    path = Path(tmpdir) / f"{tag}-{time.monotonic_ns()}.sqlite"
    db = open_db(str(path))
    try:
        sid, pairs, units = _register(db, args.constant, args.coeff_limit, args.periods)
        _clear_state()
        if executor is not None:
            executor.client.run(_clear_state)
        t0 = time.perf_counter()
        rep = drive(db, owner_id(tag), args.workers, search_id=sid, executor=executor)
        wall = time.perf_counter() - t0
        prog = repo.search_progress(db, sid)
        conj = sorted((r["lhs"], r["signs"], r["verified_digits"]) for r in repo.query_conjectures(db, search_id=sid))
    finally:
        db.close()
        path.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    assert prog["units_done"] == prog["units_total"] == units and rep.units_done == units
    return {"wall": wall, "pairs": pairs, "units": units, "conjectures": conj,
            "worker_seconds": sum(rep.stage_seconds.values())}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--constant", default="pi")
    ap.add_argument("--coeff-limit", type=int, default=5)
    ap.add_argument("--periods", default="1-5")
    ap.add_argument("--trivial", type=int, default=200, help="trivial tasks for the round-trip figures")
    ap.add_argument("--json", default=None)
    args = ap.parse_args(argv)

    import distributed

    from search.execution.executors import DaskExecutor
    from search.execution.runner import run_search
    from search.space.spec import build_search

    print(f"machine: {os.cpu_count()} cores, python {sys.version.split()[0]}, distributed {distributed.__version__}")
    # warm the parent (Numba kernels, imports): forked pool workers inherit it, as in `esma search run`
    space, config = build_search(args.constant, 1, 1, "1", 100, 0.25, 100, 1000)
    run_search(space, config, workers=1)

    t0 = time.perf_counter()
    ex = DaskExecutor(None, workers=args.workers)
    startup = time.perf_counter() - t0
    out: dict = {"workers": args.workers, "space": f"{args.constant} d1 L{args.coeff_limit} p{args.periods}",
                 "cluster_startup_seconds": startup}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            cold = one_run(tmp, "dask-cold", args, ex)
            out["dask_cold_first_run_seconds"] = cold["wall"]
            print(f"space: {out['space']}: {cold['pairs']:,} pairs in {cold['units']} units, "
                  f"{len(cold['conjectures'])} conjectures")
            print(f"Dask LocalCluster start-up ({args.workers} worker processes): {startup:.2f} s (excluded)")
            print(f"Dask cold first run (fresh worker interpreters: imports + Numba cache load): {cold['wall']:.2f} s")

            # trivial-task round trip and throughput
            c = ex.client
            c.submit(_noop, -1, pure=False).result()
            rt = []
            for i in range(args.trivial):
                s = time.perf_counter()
                c.submit(_noop, i, pure=False).result()
                rt.append(time.perf_counter() - s)
            s = time.perf_counter()
            futs = [ex.submit(_noop, i) for i in range(args.trivial)]
            pending = set(futs)
            while pending:
                done, pending = ex.wait_any(pending, 5.0)
                for f in done:
                    ex.result(f)
            thr = (time.perf_counter() - s) / args.trivial
            out["trivial_round_trip_ms"] = statistics.median(rt) * 1e3
            out["trivial_task_throughput_ms_per_task"] = thr * 1e3
            print(f"trivial task: round trip {out['trivial_round_trip_ms']:.2f} ms (median of {args.trivial}), "
                  f"{thr * 1e3:.2f} ms/task when {args.trivial} are in flight")

            local, dask = [], []
            for k in range(args.repeat):
                r_l = one_run(tmp, "local", args)
                r_d = one_run(tmp, "dask", args, ex)
                assert r_l["conjectures"] == r_d["conjectures"] == cold["conjectures"], "conjecture sets differ"
                local.append(r_l["wall"])
                dask.append(r_d["wall"])
                print(f"repeat {k + 1}: local {r_l['wall']:.2f} s, dask {r_d['wall']:.2f} s")
            units = cold["units"]
            bl, bd = min(local), min(dask)
            ratio = bd / bl
            out.update({"units": units, "pairs": cold["pairs"], "local_seconds": local, "dask_seconds": dask,
                        "local_best": bl, "dask_best": bd, "ratio": ratio,
                        "dask_overhead_per_unit_ms": (bd - bl) / units * 1e3,
                        "same_conjectures": True})
    finally:
        ex.shutdown()
    print(f"local pool best of {args.repeat}: {bl:.2f} s ({out['pairs'] / bl:,.0f} pairs/s)")
    print(f"dask       best of {args.repeat}: {bd:.2f} s ({out['pairs'] / bd:,.0f} pairs/s)")
    print(f"Dask overhead per work unit: {out['dask_overhead_per_unit_ms']:+.1f} ms ({units} units)")
    verdict = "PASS" if ratio <= 1.15 else "MISS"
    print(f"end-to-end ratio dask/local: {ratio:.3f}  [{verdict}: target <= 1.15]")
    print("conjecture sets identical: yes")
    if args.json:
        write_json(args.json, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
