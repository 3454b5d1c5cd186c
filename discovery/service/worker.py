"""The storage-backed work loop shared by `esma search run` and the daemon.

:func:`drive` leases work units from the database, runs them on an executor (through
:func:`search.execution.runner.run_unit`, scheduled by :func:`search.execution.unit_loop.run_unit_loop`), renews the
leases of units in flight, and stores each finished unit's conjectures and counters in one
transaction (idempotent: unique constraints).  A unit is
recorded done only after its results are stored, so a killed process loses nothing: its leases
expire (or its restarted successor reclaims them) and the units run again.
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from dataclasses import dataclass, field
from typing import Callable

from db import repository as repo
from db.availability import check_free_space, watch_file
from db.leases import LeasedUnit
from search.execution.executors import LocalPoolExecutor
from search.execution.unit_loop import run_unit_loop
from search.pipeline.derive import SharedRepresentatives

DEFAULT_LEASE_SECONDS = 120.0


def owner_id(prefix: str) -> str:
    """A lease owner name: ``prefix@host:pid``.

    >>> owner_id("run").startswith("run@")
    True
    """
    return f"{prefix}@{socket.gethostname()}:{os.getpid()}"


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` exists on this machine and is not a zombie.

    >>> process_alive(os.getpid())
    True
    """
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie child of ours is not alive
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def stale_owners(db, prefix: str) -> list[str]:
    """Lease owners ``prefix@<this host>:<pid>`` whose process is gone (their leases can be taken back).

    Only owners on this host are judged: a pid means nothing on another machine.
    """
    host = f"{prefix}@{socket.gethostname()}:"
    out = []
    for owner in repo.lease_owners(db):
        if owner.startswith(host):
            try:
                pid = int(owner[len(host):])
            except ValueError:
                continue
            if pid != os.getpid() and not process_alive(pid):
                out.append(owner)
    return out


@dataclass
class DriveReport:
    """What one :func:`drive` call did (the daemon publishes it as it goes)."""

    units_done: int = 0  # stored and marked done by this call
    pairs_done: int = 0  # pairs of those units
    new_conjectures: int = 0  # conjectures the database did not hold before
    seconds: float = 0.0  # wall time so far
    stage_seconds: dict[str, float] = field(default_factory=dict)  # summed over the workers
    hits: int = 0  # Berlekamp-Massey hits in those units
    interrupted: bool = False  # Ctrl-C: the units in flight were released
    searches: set[int] = field(default_factory=set)  # ids of the searches it leased units of


def _unit_task(spec: dict, index: int, start: int, stop: int, representatives: tuple = (), run: str | None = None):
    """Run in a pool worker: rebuild the space from its stored spec and run one unit (with the
    representatives other workers validated for its search, see :func:`search.execution.runner.run_unit`)."""
    from search.execution.runner import run_unit
    from search.space.units import WorkUnit
    from search.space.spec import from_document

    space, config = from_document(spec)
    t0 = time.perf_counter()
    unit, records, stats = run_unit(space, config, WorkUnit(index, start, stop, space.space_hash()),
                                    representatives, run)
    return records, stats, time.perf_counter() - t0


def drive(
    db,
    owner: str,
    workers: int,
    search_id: int | None = None,
    lease_seconds: float = DEFAULT_LEASE_SECONDS,
    stop_when_idle: bool = True,
    should_stop: Callable[[], bool] = lambda: False,
    on_progress: Callable[[DriveReport], None] | None = None,
    on_idle: Callable[[DriveReport], None] | None = None,
    reclaim_from: tuple[str, ...] = (),
    idle_sleep: float = 1.0,
    executor=None,
) -> DriveReport:
    """Lease, run and store work units until there are none (or ``should_stop()`` is true).

    With ``stop_when_idle=False`` (the daemon) it keeps polling for new searches.  Ctrl-C
    (KeyboardInterrupt) releases the units still in flight and returns with ``interrupted``.

    ``executor`` (a :class:`search.execution.executors.Executor`) runs the units; by default a local
    process pool of ``workers`` processes, created here and shut down on return.  A given
    executor is not shut down (its owner does that).  Whatever the executor, this process is
    the only writer: a unit is recorded done only once its results are stored.
    """
    report = DriveReport()
    own = executor is None
    pool = LocalPoolExecutor(workers) if own else executor
    renewed = [time.monotonic()]
    start = time.perf_counter()
    reclaim = tuple(reclaim_from)  # dead owners: every take() may take their units, not only the first

    still_there = watch_file(db)  # a database deleted or replaced under us stops the loop

    def take(n: int) -> list[LeasedUnit]:
        still_there()
        check_free_space(db)  # a disk that fills up during a long run stops it before SIGBUS can
        leased = repo.lease_units(db, owner, n, lease_seconds, search_id=search_id, reclaim_from=reclaim)
        report.searches.update(u.search_id for u in leased)
        return leased

    shared: dict[int, SharedRepresentatives] = {}  # per search: its workers' representatives
    token = uuid.uuid4().hex  # this drive's runs: representatives never leak between drives

    def task(u: LeasedUnit) -> tuple:
        book = shared.get(u.search_id)
        return _unit_task, (u.spec, u.index, u.start, u.stop, book.snapshot() if book else (),
                            f"{token}:{u.search_id}")

    def finish(u: LeasedUnit, result: tuple) -> None:
        records, stats, wall = result
        shared.setdefault(u.search_id, SharedRepresentatives()).collect(records)  # before storing touches them
        new = repo.complete_unit(
            db, u.unit_id, owner, records,
            {"seconds": wall, "pairs": stats.pairs, "hits": stats.hits, "verified": stats.verified},
        )
        report.units_done += 1
        report.pairs_done += u.stop - u.start
        report.new_conjectures += new
        report.hits += stats.hits
        for k, v in stats.seconds.items():
            report.stage_seconds[k] = report.stage_seconds.get(k, 0.0) + v
        report.seconds = time.perf_counter() - start
        if on_progress is not None:
            on_progress(report)

    def renew(inflight: list[LeasedUnit]) -> None:
        if time.monotonic() - renewed[0] > lease_seconds / 3:
            repo.renew_leases(db, owner, [u.unit_id for u in inflight], lease_seconds)
            renewed[0] = time.monotonic()

    def give_back(inflight: list[LeasedUnit]) -> None:  # rather than wait for the lease to expire
        repo.release_units(db, owner, [u.unit_id for u in inflight])

    try:
        run_unit_loop(pool, take, task, finish,
                      keep_polling=not stop_when_idle, should_stop=should_stop, abandon=give_back,
                      on_wait=renew, idle_sleep=idle_sleep,
                      on_idle=None if on_idle is None else (lambda: on_idle(report)))
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        if own:
            pool.shutdown()
    report.seconds = time.perf_counter() - start
    return report
