"""Where work units run: the local process pool or a Dask distributed cluster.

:func:`search.execution.unit_loop.run_unit_loop` hands work units to an :class:`Executor` as tasks; the
storage-backed writer (:func:`discovery.service.worker.drive`) stores each finished unit's results
itself.  An executor only runs functions; it never touches the database.

* :class:`InlineExecutor` -- runs each task at once in this process (one worker, no pool).

* :class:`LocalPoolExecutor` -- a ``concurrent.futures.ProcessPoolExecutor`` (fork where
  available; workers ignore SIGINT so the parent handles Ctrl-C).  Today's behaviour.
* :class:`DaskExecutor` -- ``distributed.Client`` connected to a scheduler (``tcp://HOST:8786``)
  or to an in-process ``LocalCluster`` (``"local"`` / None).  Tasks are submitted with
  ``pure=False, retries=2``; finished tasks stream back through ``distributed.as_completed``
  (with their results, fetched in the background).  A worker lost mid-task is handled by the
  scheduler, which runs the task again elsewhere; the future resolves once, so the writer stores
  each unit once.  Workers must have the same esma version installed.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor
from concurrent.futures import wait as _cf_wait
from typing import Any, Callable, Iterable, Protocol, runtime_checkable

EXECUTORS = ("local", "dask")
CONNECT_TIMEOUT = 3.0  # seconds to reach a remote scheduler
TASK_RETRIES = 2


class ExecutorError(ValueError):
    """An executor that cannot be set up (one sentence)."""


@runtime_checkable
class Executor(Protocol):
    """What :func:`search.execution.unit_loop.run_unit_loop` needs from a place to run tasks."""

    name: str

    def capacity(self) -> int:
        """Tasks that can run at once (drive keeps about twice as many in flight)."""

    def submit(self, fn: Callable, *args: Any) -> Any:
        """Start ``fn(*args)``; return a future-like handle."""

    def wait_any(self, futures: Iterable[Any], timeout: float | None) -> tuple[set, set]:
        """Block until at least one of ``futures`` is finished (or ``timeout``); (done, pending)."""

    def result(self, future: Any) -> Any:
        """The value of a finished future (re-raises the task's exception)."""

    def cancel(self, futures: Iterable[Any]) -> None:
        """Cancel futures that have not finished (best effort)."""

    def shutdown(self) -> None:
        """Release the workers (and a cluster this executor started)."""


PARENT_POLL_SECONDS = 0.5


def _pool_worker_init(parent: int) -> None:
    """Pool worker initialiser: Ctrl-C is the parent's; SIGTERM kills; the worker dies with its parent.

    A forked worker inherits the parent's signal handlers (the daemon's SIGTERM handler only sets
    a flag), so SIGTERM is reset to its default.  A watchdog thread exits the worker as soon as its
    parent is gone (SIGKILL of the daemon leaves no orphan computing on).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    from search.pipeline.tails import claim_worker_region

    claim_worker_region()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="esma-parent-watchdog", daemon=True).start()


class InlineExecutor:
    """Run every task immediately in the calling process (``--workers 1``: no pool to start).

    >>> ex = InlineExecutor()
    >>> fut = ex.submit(divmod, 7, 2)
    >>> ex.wait_any([fut], None)[0] == {fut}, ex.result(fut)
    (True, (3, 1))
    """

    name = "inline"
    prefetch = 1  # a task runs inside submit(): nothing to queue ahead

    def capacity(self) -> int:
        return 1

    def submit(self, fn: Callable, *args: Any) -> Future:
        fut: Future = Future()
        try:
            fut.set_result(fn(*args))
        except Exception as exc:  # like a pool: the error re-raises from result()
            fut.set_exception(exc)
        return fut

    def wait_any(self, futures, timeout):
        return set(futures), set()

    def result(self, future):
        return future.result()

    def cancel(self, futures) -> None:
        pass

    def shutdown(self) -> None:
        pass

    def describe(self) -> str:
        return "this process"


class LocalPoolExecutor:
    """The local process pool (``concurrent.futures``), as used before executors existed."""

    name = "local"

    def __init__(self, workers: int) -> None:
        import multiprocessing as mp

        if workers < 1:
            raise ExecutorError("the number of workers must be at least 1")
        self.workers = workers
        ctx = mp.get_context("fork") if hasattr(os, "fork") else mp.get_context()
        if ctx.get_start_method() == "fork":
            from search.pipeline.tails import share_with_pool

            share_with_pool(workers, ctx)  # screened tails are shared by the workers
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_pool_worker_init,
                                         initargs=(os.getpid(),))

    def capacity(self) -> int:
        return self.workers

    def submit(self, fn: Callable, *args: Any):
        return self._pool.submit(fn, *args)

    def wait_any(self, futures, timeout):
        done, pending = _cf_wait(list(futures), timeout=timeout, return_when=FIRST_COMPLETED)
        return set(done), set(pending)

    def result(self, future):
        return future.result()

    def cancel(self, futures) -> None:
        for f in futures:
            f.cancel()

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def describe(self) -> str:
        return f"local process pool, {self.workers} workers"


def normalize_scheduler(scheduler: str | None) -> str | None:
    """None for an in-process LocalCluster, else a scheduler address with a protocol."""
    if scheduler is None:
        return None
    s = scheduler.strip()
    if s in ("", "local"):
        return None
    if "://" not in s:
        s = "tcp://" + s
    proto, _, rest = s.partition("://")
    if proto not in ("tcp", "tls", "ws", "wss", "inproc", "ucx") or not rest:
        raise ExecutorError(f"the Dask scheduler address {scheduler!r} must look like tcp://HOST:PORT or be 'local'")
    return s


class DaskExecutor:
    """Tasks on a Dask distributed cluster: remote (``tcp://HOST:PORT``) or an in-process LocalCluster."""

    name = "dask"

    def __init__(self, scheduler: str | None = None, workers: int = 2, *,
                 connect_timeout: float = CONNECT_TIMEOUT, retries: int = TASK_RETRIES,
                 cluster_kwargs: dict | None = None) -> None:
        try:
            import distributed
        except ImportError as exc:  # pragma: no cover - dask is a dependency
            raise ExecutorError(f"the Dask executor needs dask[distributed] installed ({exc})") from None
        self._distributed = distributed
        self.address = normalize_scheduler(scheduler)
        self.workers = workers
        self.retries = retries
        self.cluster = None
        self.client = None
        self._results: dict[Any, Any] = {}
        self._cap = (0.0, 0)
        t0 = time.perf_counter()
        if self.address is None:
            if workers < 1:
                raise ExecutorError("the number of workers must be at least 1")
            kw = dict(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=40)
            kw.update(cluster_kwargs or {})
            try:
                self.cluster = distributed.LocalCluster(**kw)
                self.client = distributed.Client(self.cluster, timeout=max(connect_timeout, 30))
            except Exception as exc:
                self._close_quietly()
                raise ExecutorError(f"could not start a local Dask cluster: {_reason(exc)}") from None
        else:
            try:
                self.client = distributed.Client(self.address, timeout=connect_timeout)
            except Exception as exc:
                self._close_quietly()
                raise ExecutorError(f"could not connect to the Dask scheduler at {self.address}: {_reason(exc)}") from None
        self.startup_seconds = time.perf_counter() - t0
        self._ac = distributed.as_completed(with_results=True, raise_errors=False)
        self._ready: dict[Any, Any] = {}
        self._lock = threading.Lock()

    # -- the Executor protocol -------------------------------------------------------------
    def capacity(self) -> int:
        if self.cluster is not None:
            return self.workers
        now = time.monotonic()
        if now - self._cap[0] > 2.0:
            try:
                n = sum(self.client.nthreads().values())
            except Exception:
                n = self._cap[1]
            self._cap = (now, max(1, n))
        return self._cap[1]

    def submit(self, fn: Callable, *args: Any):
        fut = self.client.submit(fn, *args, pure=False, retries=self.retries)
        self._ac.add(fut)
        return fut

    def wait_any(self, futures, timeout):
        want = set(futures)
        deadline = None if timeout is None else time.monotonic() + timeout
        cond = self._ac.thread_condition
        while True:
            for fut, res in self._ac.next_batch(block=False):
                self._ready[fut] = res
            done = {f for f in want if f in self._ready}
            if done:
                break
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                break
            with cond:  # the notifier queues first, then notifies under this condition: no lost wake-up
                if not self._ac.has_ready():
                    cond.wait(0.25 if remaining is None else min(remaining, 0.25))
        return done, want - done

    def result(self, future):
        res = self._ready.pop(future, None)
        if future.status == "finished" and res is not None:
            return res
        return future.result()  # errors (and anything not prefetched) re-raise here

    def cancel(self, futures) -> None:
        futs = list(futures)
        for f in futs:
            self._ready.pop(f, None)
        if futs:
            try:
                self.client.cancel(futs)
            except Exception:
                pass

    def shutdown(self) -> None:
        self._ready.clear()
        self._close_quietly()

    def describe(self) -> str:
        if self.cluster is not None:
            return f"Dask LocalCluster, {self.workers} worker processes"
        return f"Dask scheduler {self.address}"

    # -- helpers ---------------------------------------------------------------------------
    def worker_pids(self) -> dict[str, int]:
        """Worker address -> process id (for tests and diagnostics)."""
        return self.client.run(os.getpid)

    def _close_quietly(self) -> None:
        for obj in (self.client, self.cluster):
            if obj is not None:
                try:
                    obj.close()
                except Exception:
                    pass
        self.client = None
        self.cluster = None


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0].rstrip(".") if text and text[0] else type(exc).__name__


def make_executor(kind: str = "local", workers: int | None = None, scheduler: str | None = None):
    """Build an executor from the CLI options (``--executor``, ``--workers``, ``--scheduler``)."""
    workers = workers or os.cpu_count() or 1
    check_options(kind, scheduler)
    if kind == "local":
        return LocalPoolExecutor(workers)
    return DaskExecutor(scheduler, workers)


def check_options(kind: str, scheduler: str | None) -> None:
    """Validate ``--executor``/``--scheduler`` without starting anything."""
    if kind not in EXECUTORS:
        raise ExecutorError(f"the executor {kind!r} must be one of {', '.join(EXECUTORS)}")
    if scheduler is not None and kind != "dask":
        raise ExecutorError("--scheduler needs --executor dask")
    if kind == "dask":
        normalize_scheduler(scheduler)


def check_scheduler(scheduler: str | None, timeout: float = CONNECT_TIMEOUT) -> None:
    """Fail now, in one sentence, if a remote scheduler cannot be reached (no-op for 'local')."""
    address = normalize_scheduler(scheduler)
    if address is None:
        return
    import distributed

    try:
        client = distributed.Client(address, timeout=timeout)
    except Exception as exc:
        raise ExecutorError(f"could not connect to the Dask scheduler at {address}: {_reason(exc)}") from None
    client.close()
