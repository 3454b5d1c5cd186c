"""The one scheduling loop that runs work units on an executor.

Both ways of running a search go through :func:`run_unit_loop`: the in-memory run
(:func:`search.execution.runner.run_search`, units from a list) and the storage-backed writer
(:func:`discovery.service.worker.drive`, units leased from the database).  The loop keeps about
two tasks per worker in flight, takes more units from ``take`` as tasks finish, and hands each
finished unit to ``finish``.  A unit leaves the in-flight set only *after* ``finish`` returned, so
an interrupt (Ctrl-C) that lands while a result is being stored still sees the unit as in flight
and ``abandon`` gives it back.

>>> from search.execution.executors import InlineExecutor
>>> todo, done = [1, 2, 3], []
>>> def take(n):
...     batch = todo[:n]
...     del todo[:n]
...     return batch
>>> run_unit_loop(InlineExecutor(), take, lambda u: (pow, (u, 2)), lambda u, r: done.append(r))
>>> done
[1, 4, 9]
"""

from __future__ import annotations

import time
from typing import Any, Callable, Sequence, TypeVar

U = TypeVar("U")


def run_unit_loop(
    pool: Any,
    take: Callable[[int], Sequence[U]],
    task: Callable[[U], tuple[Callable, tuple]],
    finish: Callable[[U, Any], None],
    *,
    keep_polling: bool = False,
    should_stop: Callable[[], bool] = lambda: False,
    abandon: Callable[[list[U]], None] | None = None,
    on_wait: Callable[[list[U]], None] | None = None,
    on_idle: Callable[[], None] | None = None,
    idle_sleep: float = 1.0,
    wait_timeout: float | None = 1.0,
) -> None:
    """Run units until ``take`` has no more (or ``should_stop()``), keeping the pool busy.

    ``take(n)`` returns at most ``n`` new units (an empty sequence when there are none right
    now); ``task(unit)`` gives the function and arguments that compute it; ``finish(unit,
    result)`` consumes the result in this process.  With ``keep_polling`` (the daemon) an empty
    ``take`` means "sleep ``idle_sleep`` and ask again" until ``should_stop()``.  ``on_wait``
    sees the units in flight after every wait (lease renewal); ``on_idle`` is called before each
    idle sleep (the daemon reports "idle").  On any exception, KeyboardInterrupt
    included, the units still in flight are cancelled, passed to ``abandon``, and the exception
    propagates.
    """
    inflight: dict[Any, U] = {}
    unsubmitted: list[U] = []  # taken but not yet handed to the pool
    depth = max(1, getattr(pool, "prefetch", 2) * pool.capacity())
    try:
        while True:
            stopping = should_stop()
            if not stopping and len(inflight) < depth:
                unsubmitted = list(take(depth - len(inflight)))
                while unsubmitted:
                    fn, args = task(unsubmitted[0])
                    inflight[pool.submit(fn, *args)] = unsubmitted[0]
                    unsubmitted.pop(0)
            if not inflight:
                if stopping or not keep_polling:
                    return
                if on_idle is not None:
                    on_idle()
                time.sleep(idle_sleep)
                continue
            finished, _ = pool.wait_any(list(inflight), timeout=wait_timeout)
            for fut in finished:
                finish(inflight[fut], pool.result(fut))
                del inflight[fut]  # only now: an interrupt inside finish() leaves it in flight
            if on_wait is not None and inflight:
                on_wait(list(inflight.values()))
    except BaseException:
        pool.cancel(list(inflight))
        left = list(inflight.values()) + unsubmitted
        if abandon is not None and left:
            abandon(left)
        raise
