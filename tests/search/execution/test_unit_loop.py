"""The one scheduling loop: every unit runs once, results arrive in this process, and an interrupt
leaves no unit unaccounted for (it is either finished or handed to ``abandon``)."""

from __future__ import annotations

import pytest

from search.execution.executors import InlineExecutor, LocalPoolExecutor
from search.execution.unit_loop import run_unit_loop


def _square(x: int) -> int:
    return x * x


def _queue(items):
    todo = list(items)

    def take(n):
        batch, todo[:n] = todo[:n], []
        return batch

    return take


@pytest.mark.parametrize("make_pool", [InlineExecutor, lambda: LocalPoolExecutor(2)])
def test_every_unit_runs_once(make_pool):
    pool = make_pool()
    done = {}
    try:
        run_unit_loop(pool, _queue(range(20)), lambda u: (_square, (u,)), done.__setitem__)
    finally:
        pool.shutdown()
    assert done == {u: u * u for u in range(20)}


def test_interrupt_inside_finish_abandons_that_unit():
    """Ctrl-C while a finished unit's result is being stored: the unit is given back, not lost."""
    finished, abandoned = [], []

    def finish(unit, result):
        if unit == 3:
            raise KeyboardInterrupt
        finished.append(unit)

    with pytest.raises(KeyboardInterrupt):
        run_unit_loop(InlineExecutor(), _queue(range(10)), lambda u: (_square, (u,)), finish,
                      abandon=abandoned.extend)
    assert finished == [0, 1, 2]
    assert 3 in abandoned
    assert set(finished).isdisjoint(abandoned)


def test_interrupt_inside_a_task_abandons_the_unsubmitted_units():
    def task(u):
        if u == 2:
            raise KeyboardInterrupt
        return _square, (u,)

    abandoned, finished = [], []
    with pytest.raises(KeyboardInterrupt):
        run_unit_loop(InlineExecutor(), _queue(range(5)), task, lambda u, r: finished.append(u),
                      abandon=abandoned.extend)
    assert finished == [0, 1] and abandoned == [2]


def test_keep_polling_waits_for_new_units_until_stopped():
    arrivals = [[], [7], [], [8, 9]]
    polls, done = [], []

    def take(n):
        polls.append(n)
        return arrivals.pop(0) if arrivals else []

    run_unit_loop(InlineExecutor(), take, lambda u: (_square, (u,)), lambda u, r: done.append(r),
                  keep_polling=True, should_stop=lambda: len(polls) >= 6, idle_sleep=0.0)
    assert sorted(done) == [49, 64, 81]
