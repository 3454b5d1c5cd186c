"""Wall-time limits for computations that cannot check the clock themselves.

mpmath's series (``polylog``, the hypergeometric sums behind the Bessel
functions, ``khinchin`` at high precision) are long pure-Python loops with no
hook for a deadline, and a signal timer would only work in the main thread and
would collide with the caller's own ``SIGALRM``.  So :func:`call_with_deadline`
registers the calling thread with one watchdog thread, which raises
:class:`_Expired` *in the calling thread* (``PyThreadState_SetAsyncExc``, the
mechanism behind ``KeyboardInterrupt``-like interruptions of other threads)
once the deadline has passed, and again every 50 ms until the call has
returned, in case a bare ``except:`` inside mpmath swallowed it.  The caller
sees :class:`TimeExpired`.

    >>> call_with_deadline(None, sum, [1, 2, 3])
    6
    >>> import time
    >>> def spin():
    ...     while True:
    ...         pass
    >>> try:
    ...     call_with_deadline(time.monotonic() + 0.05, spin)
    ... except TimeExpired:
    ...     print("stopped")
    stopped

Like ``KeyboardInterrupt``, the exception lands between two bytecodes of the
running thread, never inside a C call: CPython checks for it only at calls
and backward jumps, so mpmath's caches (one attribute or dict store each) are
never left half-updated.  A computation blocked in one long C call (a
multiplication of gigantic integers) is interrupted when the call returns,
which is why the evaluator also bounds the working precision.
"""

from __future__ import annotations

import ctypes
import os
import queue
import select
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["TimeExpired", "call_with_deadline"]

T = TypeVar("T")

#: Seconds between two deliveries of the interruption to a thread that is still running.
_REPEAT = 0.05


class TimeExpired(Exception):
    """The deadline of :func:`call_with_deadline` passed before the call returned."""


class _Expired(BaseException):
    """Raised asynchronously in the watched thread (a BaseException, so ``except Exception`` lets it pass)."""


# A private prototype (not the shared ``ctypes.pythonapi`` attribute, whose argtypes others may set);
# PYFUNCTYPE calls keep the GIL.
_set_async_exc = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.c_ulong, ctypes.py_object)(
    ("PyThreadState_SetAsyncExc", ctypes.pythonapi)
)


class _Alarm:
    """One watched call: the thread to interrupt, when (``time.monotonic()``), and its end handshake.

    The watched thread sets ``done``; the watchdog answers with ``acked`` and
    never interrupts for this alarm again.
    """

    __slots__ = ("thread", "at", "done", "acked")

    def __init__(self, thread: int, at: float) -> None:
        self.thread = thread
        self.at = at
        self.done = False
        self.acked = False


class _Watchdog:
    """A daemon thread that interrupts the threads whose alarm time has come.

    The watched threads share no lock with it.  An interruption can land
    between any two bytecodes of a watched thread, also right after it
    acquired a lock and before the ``with`` block that would release it, and
    a lock left held that way would hang both threads (it did, on CI).  So
    the watched threads only put alarms into a ``queue.SimpleQueue`` (one C
    call, safe at any point) and wake the watchdog through a pipe; the alarm
    set belongs to the watchdog thread alone.
    """

    def __init__(self) -> None:
        self.inbox: queue.SimpleQueue[_Alarm] = queue.SimpleQueue()
        self.wake_read, self.wake_write = os.pipe()
        os.set_blocking(self.wake_write, False)
        threading.Thread(target=self._loop, name="esma-expression-deadline", daemon=True).start()

    def _loop(self) -> None:
        alarms: set[_Alarm] = set()
        while True:
            while True:
                try:
                    alarm = self.inbox.get_nowait()
                except queue.Empty:
                    break
                if alarm.done:
                    alarms.discard(alarm)
                    alarm.acked = True
                else:
                    alarms.add(alarm)
            now = time.monotonic()
            for alarm in alarms:
                if alarm.at <= now and not alarm.done:
                    _set_async_exc(alarm.thread, _Expired)
                    alarm.at = now + _REPEAT
            wake = min((a.at for a in alarms), default=None)
            ready, _, _ = select.select([self.wake_read], [], [], None if wake is None else max(wake - now, 0.001))
            if ready:
                os.read(self.wake_read, 4096)

    def _wake(self) -> None:
        try:
            os.write(self.wake_write, b"!")
        except BlockingIOError:  # the pipe is full of wake-ups already
            pass

    def add(self, alarm: _Alarm) -> None:
        self.inbox.put(alarm)
        self._wake()

    def remove(self, alarm: _Alarm) -> None:
        """Forget ``alarm``: on return no interruption for it is pending or will come.

        Every step may be interrupted and repeated: marking, queueing and
        waking are idempotent, and the watchdog acknowledges an alarm only
        after its last delivery, so clearing the pending exception after the
        acknowledgement leaves nothing behind.
        """
        while True:
            try:
                alarm.done = True
                self.inbox.put(alarm)
                self._wake()
                while not alarm.acked:
                    time.sleep(0.0002)
                # An interruption still pending is raised at this call's start and caught below.
                # Never "clear" instead (PyThreadState_SetAsyncExc with NULL): on CPython 3.11 a
                # clear with nothing pending leaves the interpreter's eval-breaker flag set for
                # good, and the next function entry under a profiler or tracer, set at any later
                # time, loops for ever.
                _surface()
                return
            except _Expired:
                continue


def _surface() -> None:
    """Nothing: calling it gives a pending asynchronous exception its check point (a function's start)."""


_WATCHDOG: _Watchdog | None = None
_START = threading.Lock()


def _watchdog() -> _Watchdog:
    global _WATCHDOG
    with _START:
        if _WATCHDOG is None:
            _WATCHDOG = _Watchdog()
        return _WATCHDOG


def _forget_after_fork() -> None:
    """A forked child has no watchdog thread (and maybe a held lock): it starts its own on demand."""
    global _WATCHDOG, _START
    if _WATCHDOG is not None:
        os.close(_WATCHDOG.wake_read)
        os.close(_WATCHDOG.wake_write)
    _WATCHDOG = None
    _START = threading.Lock()


os.register_at_fork(after_in_child=_forget_after_fork)


def call_with_deadline(until: float | None, fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)``, interrupted with :class:`TimeExpired` at ``time.monotonic() == until``.

    ``until=None`` means no limit.  A deadline already past raises at once.
    Other exceptions of ``fn`` (``KeyboardInterrupt`` included) pass through
    unchanged.  See the module docstring for how the interruption works.
    """
    if until is None:
        return fn(*args)
    if time.monotonic() >= until:
        raise TimeExpired
    dog = _watchdog()
    alarm = _Alarm(threading.get_ident(), until)
    expired = False
    result: Any = None
    try:
        dog.add(alarm)
        result = fn(*args)
        alarm.done = True
    except _Expired:
        # No bytecode between the handler's start and this store lets an interruption in, and the
        # watchdog sends none for a done alarm: only one that raced with the store can still land
        # before remove() below, which catches and clears the rest.
        alarm.done = True
        expired = True
    finally:
        dog.remove(alarm)
    if expired:
        raise TimeExpired
    return result
