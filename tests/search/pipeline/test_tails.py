"""Tails screened by one pool worker serve the others; results are those of one process."""

from __future__ import annotations

import os
import time

import numpy as np

from search.execution.executors import LocalPoolExecutor
from search.execution.runner import run_search
from search.pipeline import stages, tails
from search.pipeline.config import PipelineConfig
from search.space.units import SearchSpace


def _region() -> tuple[int, int]:
    time.sleep(0.3)  # keep this worker busy so that the next task goes to the other one
    return os.getpid(), tails.current()[1]


def test_pool_workers_write_distinct_regions_of_one_shared_table():
    pool = LocalPoolExecutor(2)
    try:
        futures = [pool.submit(_region) for _ in range(4)]
        seen = dict(pool.result(f) for f in futures)
    finally:
        pool.shutdown()
        tails.reset()
    assert len(seen) == 2 and sorted(seen.values()) == [0, 1]


def test_a_pooled_search_shares_its_tails_and_finds_what_one_process_finds(monkeypatch):
    monkeypatch.setattr(stages, "TAILS_MIN_PAIRS", 0)  # units this small are screened pair by pair otherwise
    space = SearchSpace("pi", 1, 3, 1, 3)
    config = PipelineConfig(depth=100)
    tails.reset()
    one = run_search(space, config, workers=1)
    own = tails.current()[0]
    alone = int(np.count_nonzero(own[..., -1]))
    two = run_search(space, config, workers=2)
    table = tails.pool_tables()  # the pool's shared table, seen from this (the parent) process
    per_region = [int(np.count_nonzero(table[r, :, -1])) for r in range(table.shape[0])]
    tails.reset()
    key = lambda r: (r["lhs"], r["signs"], r["verified_digits"])
    assert sorted(map(key, one.records)) == sorted(map(key, two.records))
    assert one.stats.hits == two.stats.hits and one.stats.pairs == two.stats.pairs
    # every tail was screened by one of the workers: together they stored about what one process did
    assert len(per_region) == 2 and min(per_region) > 0
    # (a tail both workers meet while it waits for a lockstep pass in each is screened twice:
    # 0-2% more on this space in ten runs)
    assert sum(per_region) <= alone * 1.05


def _report(queue) -> None:
    table, region = tails.current()
    queue.put((table.shape[0], region))


def test_a_process_forked_outside_the_pool_never_writes_its_parents_region():
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    tails.share_with_pool(2, ctx)
    try:
        assert tails.pool_tables().shape[0] == 2 and tails.current()[0].shape[0] == 1  # the parent's own: private
        queue = ctx.Queue()
        child = ctx.Process(target=_report, args=(queue,))
        child.start()
        shape, region = queue.get(timeout=30)
        child.join(timeout=30)
    finally:
        tails.reset()
    assert (shape, region) == (1, 0)  # a private one-region table of its own


def test_small_units_screened_pair_by_pair_find_what_shared_tails_find(monkeypatch):
    """Below TAILS_MIN_PAIRS a unit takes the plain kernels; the records are the same either way."""
    space = SearchSpace("e", 1, 2, 1, 3)
    config = PipelineConfig(depth=100)
    found = []
    for threshold in (0, 10**9):
        monkeypatch.setattr(stages, "TAILS_MIN_PAIRS", threshold)
        tails.reset()
        result = run_search(space, config, workers=1)
        found.append(sorted((r["lhs"], r["signs"], r["verified_digits"]) for r in result.records))
    tails.reset()
    assert found[0] == found[1] and len(found[0]) > 10
