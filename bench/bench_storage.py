"""Benchmark of the storage layer: conjecture writes, and the daemon against a foreground search.

What is measured (best of k repeats; every baseline is measured in the same run):

1. Conjectures written per second.  ``db.repository.complete_unit`` stores batches of conjecture
   records (one call = one work unit = one write transaction: insert-or-ignore of each row, its
   search membership, the refresh of the families it touches, the unit's statistics and the
   search's counters) into a fresh SQLite file (WAL, esma's own pragmas), for batch sizes of 1,
   16 and 256 records.  The records are real engine records (``search.execution.runner.run_search`` on e,
   degree 1, |coeff| <= 2, periods 1-2: ~250 records) replicated into distinct conjectures: the
   LHS coefficients of replica r are multiplied by r + 1 (same value, new ``lhs_key``) and its
   families get a replica suffix, so family sizes stay those of a real search.  Also measured:
   the idempotent re-write of every batch (``complete_unit`` on the same unit again: every row
   conflicts, nothing is inserted).
   Named baseline "sqlite3 executemany": the same records JSON-serialised (``json.dumps``, timed)
   into a one-table database ``(constant, lhs_key, signs, record JSON, UNIQUE(identity))`` with
   the standard-library ``sqlite3`` module -- one ``INSERT OR IGNORE ... executemany`` and one
   commit per batch, WAL, the same (default) ``synchronous`` level -- and its re-write.
   Reported: rows/s, and the ratio esma/baseline (the price of the ORM, the families and counters).
   Also: the per-unit round trips of the work loop (``lease_units`` of one unit,
   ``complete_unit`` of a unit with no conjectures, ``renew_leases``) in ms, to compare with the
   compute time of one unit of the search below.

2. Daemon against the foreground: the same search of >= 10^5 pairs (default pi, degree 1,
   |coeff| <= 6, sign periods 1-7: 1,429,120 pairs in 65 units; pi has few hits, so screening
   dominates), on the same number of workers (2).
   Foreground: ``esma search run pi ... --db FILE1 --workers 2 --format json`` as a subprocess
   (wall time from launch to exit; the JSON stats give the engine seconds).
   Daemon: in a fresh ``ESMA_HOME`` and database FILE2, ``esma search submit ... --db FILE2``, then
   ``esma daemon start --workers 2 --db FILE2``; the search is polled until it is done, and
   ``esma search show 1 --db FILE2 --format json`` gives the final document; then
   ``esma daemon stop``.  Polling: by default a read of the search row through the repository
   every 0.1 s (a few ms of CPU), because an ``esma search show`` subprocess per poll costs
   ~0.4 s of CPU and would steal it from the daemon's two workers on a two-core machine;
   ``--poll cli`` polls with ``esma search show`` as the brief describes (``--poll-interval``).
   ``ESMA_HOME`` and ``ESMA_DB`` point at temporary folders in every subprocess.
   Three wall times per side, pairs/s for each:
     * "command -> last unit stored" (primary): from launching ``esma search run`` (foreground) or
       ``esma daemon start`` (daemon) to the search's ``finished_at`` in its database (excludes
       the foreground's result printing and the daemon's poll latency);
     * "command -> observed": foreground process exit; daemon done seen by the poller;
     * "engine (first lease -> last unit)": the search's ``started_at`` -> ``finished_at``.
   Diagnostics: the fixed start-up (command launch -> first unit leased), the mean compute time
   of a unit (it grows when other processes take CPU), and the worker utilisation, summed unit
   compute / (workers x engine wall): 1.0 when the workers never wait for the lease/store loop.
   Foreground and daemon runs alternate, so background load hits both alike; the load average
   is printed before each run.  Both runs must store the same number of conjectures and pairs.

Target: the daemon's throughput within 15% of the foreground run's (daemon pairs/s >= 0.85 x
foreground pairs/s on the primary measure).  The write rates have no target (informational).

Part 1 is in ``bench/storage_writes.py``, part 2 in ``bench/storage_daemon.py``.

Usage::

    .venv/bin/python bench/bench_storage.py [--quick] [--repeat K] [--json FILE]
                                            [--coeff-limit L] [--periods A-B] [--workers W]
                                            [--poll db|cli] [--skip-writes] [--skip-daemon]
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
from typing import Any

from benchlib import environment, load, parse, parser, run_info, write_json
from storage_daemon import ESMA, bench_daemon
from storage_writes import bench_writes


def main(argv: list[str] | None = None) -> int:
    ap = parser(__doc__, full=3, quick=1)
    ap.add_argument("--constant", default="pi")
    ap.add_argument("--degree", type=int, default=1)
    ap.add_argument("--coeff-limit", type=int, default=None, help="default 6 (quick 5)")
    ap.add_argument("--periods", default=None, help="default 1-7 (quick 1-5)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--poll", choices=("db", "cli"), default="db",
                    help="how the daemon's search is polled: a repository read (default) or `esma search show`")
    ap.add_argument("--poll-interval", type=float, default=None, help="seconds between polls (db 0.1, cli 0.25)")
    ap.add_argument("--daemon-timeout", type=float, default=900.0)
    ap.add_argument("--skip-writes", action="store_true")
    ap.add_argument("--skip-daemon", action="store_true")
    a = parse(ap, argv)
    repeat = a.repeat
    a.coeff_limit = a.coeff_limit or (5 if a.quick else 6)
    a.periods = a.periods or ("1-5" if a.quick else "1-7")
    if a.poll_interval is None:
        a.poll_interval = 0.1 if a.poll == "db" else 0.25

    import sqlalchemy

    print(environment("bench_storage", a.quick, repeat,
                      {"SQLite": sqlite3.sqlite_version, "SQLAlchemy": sqlalchemy.__version__}, with_load=True))
    out: dict[str, Any] = {**run_info("bench_storage", a.quick, repeat), "sqlite": sqlite3.sqlite_version,
                           "sqlalchemy": sqlalchemy.__version__, "load_start": list(os.getloadavg())}
    if not a.skip_writes:
        n_rows, n_single = (1024, 256) if a.quick else (4096, 1024)
        out["writes"] = bench_writes(n_rows, n_single, repeat)
    if not a.skip_daemon:
        if shutil.which("esma") is None and not os.path.exists(ESMA):
            print("note: no esma executable next to this Python; using `python -m discovery` instead")
        out["daemon"] = bench_daemon(a, repeat)
    out["load_end"] = list(os.getloadavg())
    print(f"\ndone; {load()}")
    if a.json:
        write_json(a.json, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
