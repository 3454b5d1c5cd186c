"""Run a search space on a process pool, streaming work units and their results.

Each worker process keeps, per search, a :class:`~search.pipeline.context.ConstantContext` and the list
of LHS classes (built once), and runs whole work units through :func:`search.pipeline.stages.run_pairs`.
The parent submits units lazily (a bounded number in flight), so memory stays bounded whatever
the size of the space; only verified conjectures travel back.  Ctrl-C stops submitting, cancels
queued units, and returns everything verified so far with ``interrupted=True``.  The
representatives the workers validated travel with later units, so a family is validated about
once per search rather than once per worker.
"""

from __future__ import annotations

import itertools
import math
import os
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Sequence

from search.execution.executors import InlineExecutor, LocalPoolExecutor
from search.pipeline.derive import SharedRepresentatives
from search.pipeline.stages import PipelineConfig, UnitStats
from search.space.units import SearchSpace, WorkUnit
from search.execution.unit_loop import run_unit_loop


_STATE: dict[str, Any] = {}
_RUN: dict[str, str] = {}  # the search run whose representatives this process holds


def _state_for(space: SearchSpace):
    key = space.space_hash()
    st = _STATE.get(key)
    if st is None:
        from search.pipeline.context import ConstantContext
        from search.space.lhs import enumerate_classes

        _STATE.clear()
        ctx = ConstantContext(space.constant)
        lhs = list(enumerate_classes(space.degree, space.coeff_limit))
        st = (ctx, lhs, tuple(space.periods))
        _STATE[key] = st
    return st


def run_unit(space: SearchSpace, config: PipelineConfig, unit: WorkUnit, representatives: Sequence[tuple[str, Any]] = (),
             run: str | None = None) -> tuple[WorkUnit, list[dict], UnitStats]:
    """Run one work unit (in whatever process calls it).

    ``representatives`` are ``(family, Representative)`` pairs other workers validated
    (:class:`search.pipeline.derive.SharedRepresentatives`): members of their families are
    derived from them here instead of validated again.  ``run`` names the search run the unit
    belongs to: a process that served another run before forgets that run's representatives,
    so a member is only ever derived from one validated in its own run.
    """
    from search.pipeline.candidate import representatives_for
    from search.pipeline.stages import run_pairs

    ctx, lhs, periods = _state_for(space)
    if run is not None and _RUN.get("current") != run:
        ctx.representatives.clear()
        _RUN["current"] = run
    if representatives:
        book = representatives_for(ctx, config)
        for family, rep in representatives:
            book.add(family, rep)
    S = len(periods)
    first = unit.start // S
    last = (unit.stop - 1) // S
    rows = [(i, lhs[i]) for i in range(first, min(last + 1, len(lhs)))]
    records, stats = run_pairs(ctx, rows, periods, (unit.start, unit.stop), config)
    for r in records:
        r["unit"] = unit.id
    return unit, records, stats


def kernels_cached(shared_tails: bool = True) -> bool:
    """Whether the screening kernel a search will use is in Numba's cache (else its first search
    compiles it: 10-20 s).  ``shared_tails``: the kernel of units of at least
    :data:`search.pipeline.stages.TAILS_MIN_PAIRS` pairs, else the pair-by-pair one.  Looks for the
    cache index file only."""
    import glob
    import importlib.util
    import sys

    origin = importlib.util.find_spec("cf.screen").origin
    folder = os.environ.get("NUMBA_CACHE_DIR") or os.path.join(os.path.dirname(origin), "__pycache__")
    tag = f"py{sys.version_info.major}{sys.version_info.minor}"
    name = "screen_tails.screen_tails_batch" if shared_tails else "screen.screen_batch"
    return bool(glob.glob(os.path.join(folder, "**", f"{name}-*.{tag}.nbi"), recursive=True))


def default_unit_size(pairs: int, period_count: int) -> int:
    """Units of whole LHS rows, at most 100k pairs (about half a second of screening on one core).

    Smaller spaces are cut into about 16 units: enough to keep a few workers busy and balanced,
    while each unit stays long compared with the per-unit cost of leasing, storing and (with
    Dask) a scheduler round trip of about 10 ms.
    """
    size = min(100_000, max(period_count, math.ceil(pairs / 16)))
    return max(period_count, (size // period_count) * period_count)


@dataclass
class SearchResult:
    records: list[dict[str, Any]]
    stats: UnitStats
    seconds: float
    units_done: int
    units_total: int
    interrupted: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def stats_dict(self) -> dict[str, Any]:
        s = self.stats
        return {
            "pairs": s.pairs,
            "hits": s.hits,
            "confirmed": s.confirmed,
            "decoded": s.decoded,
            "cascade_passed": s.cascade_passed,
            "derived": s.derived,
            "verified": s.verified,
            "rejected_below_floor": s.rejected_digits,
            "unvalidated": s.unvalidated,
            "skipped_lhs": s.skipped_lhs,
            "fallbacks": s.fallbacks,
            "units_done": self.units_done,
            "units_total": self.units_total,
            "seconds": round(self.seconds, 3),
            "stage_seconds": {k: round(v, 3) for k, v in s.seconds.items()},
            "pairs_per_second": round(s.pairs / self.seconds, 1) if self.seconds > 0 else None,
            "interrupted": self.interrupted,
        }


ProgressFn = Callable[[int, int, int], None]  # (pairs done, pairs total, verified so far)


def plan(space: SearchSpace, unit_size: int | None = None) -> tuple[int, list[WorkUnit]]:
    """Pair count and the deterministic work units of ``space``."""
    lhs_count = space.lhs_count()
    S = len(space.periods)
    pairs = lhs_count * S
    size = unit_size or default_unit_size(pairs, S)
    return pairs, space.work_units(lhs_count, S, size)


def run_search(
    space: SearchSpace,
    config: PipelineConfig,
    workers: int | None = None,
    progress: ProgressFn | None = None,
    units: list[WorkUnit] | None = None,
    on_unit: Callable[[WorkUnit, list[dict], UnitStats], None] | None = None,
    executor=None,
) -> SearchResult:
    """Run every unit of ``space`` (or the given ``units``) and collect verified conjectures.

    ``on_unit`` is called in the parent for each finished unit (storage hooks in here).
    ``executor`` (a :class:`search.execution.executors.Executor`, e.g. a Dask one) runs the units instead
    of a local process pool; it is not shut down here.
    """
    workers = workers or os.cpu_count() or 1
    pairs, all_units = plan(space)
    todo = list(all_units if units is None else units)
    total_pairs = sum(u.stop - u.start for u in todo)
    stats = UnitStats()
    records: list[dict[str, Any]] = []
    done_pairs = 0
    done_units = 0
    start = time.perf_counter()
    interrupted = False

    shared = SharedRepresentatives()
    run = uuid.uuid4().hex

    def collect(unit: WorkUnit, recs: list[dict], st: UnitStats) -> None:
        nonlocal done_pairs, done_units
        records.extend(recs)
        shared.collect(recs)
        stats.add(st)
        done_pairs += unit.stop - unit.start
        done_units += 1
        if on_unit is not None:
            on_unit(unit, recs, st)
        if progress is not None:
            progress(done_pairs, total_pairs, len(records))

    own = executor is None
    pool = executor if not own else (InlineExecutor() if workers == 1 else LocalPoolExecutor(workers))
    queue: Iterator[WorkUnit] = iter(todo)
    try:
        run_unit_loop(pool, lambda n: list(itertools.islice(queue, n)),
                      lambda unit: (run_unit, (space, config, unit, shared.snapshot(), run)),
                      lambda unit, result: collect(*result), wait_timeout=None)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        if own:
            pool.shutdown()
    seconds = time.perf_counter() - start
    from search.pipeline.annotate import annotate

    annotate(records)
    return SearchResult(records, stats, seconds, done_units, len(todo), interrupted)

