"""Tails screened by one pool worker serve the others; results are those of one process."""

from __future__ import annotations

import os
import time

import numpy as np

from search.execution.executors import LocalPoolExecutor
from search.execution.runner import run_search
from search.pipeline import tails
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
    assert len(seen) == 2 and sorted(seen.values()) == [1, 2]


def test_a_pooled_search_shares_its_tails_and_finds_what_one_process_finds():
    space = SearchSpace("pi", 1, 3, 1, 3)
    config = PipelineConfig(depth=100)
    tails.reset()
    one = run_search(space, config, workers=1)
    own = tails.current()[0]
    alone = int(np.count_nonzero(own[..., -1]))
    two = run_search(space, config, workers=2)
    table = tails.current()[0]  # the pool's shared table, seen from this (the parent) process
    per_region = [int(np.count_nonzero(table[r, :, -1])) for r in range(table.shape[0])]
    tails.reset()
    key = lambda r: (r["lhs"], r["signs"], r["verified_digits"])
    assert sorted(map(key, one.records)) == sorted(map(key, two.records))
    assert one.stats.hits == two.stats.hits and one.stats.pairs == two.stats.pairs
    # every tail was screened by exactly one of the workers: together they stored what one process did
    assert per_region[0] == 0 and min(per_region[1:]) > 0
    assert sum(per_region) <= alone * 1.02


def _report(queue) -> None:
    table, region = tails.current()
    queue.put((table.shape[0], region))


def test_a_process_forked_outside_the_pool_never_writes_its_parents_region():
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    tails.share_with_pool(2, ctx)
    try:
        assert tails.current()[0].shape[0] == 3
        queue = ctx.Queue()
        child = ctx.Process(target=_report, args=(queue,))
        child.start()
        shape, region = queue.get(timeout=30)
        child.join(timeout=30)
    finally:
        tails.reset()
    assert (shape, region) == (1, 0)  # a private one-region table of its own
