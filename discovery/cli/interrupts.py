"""A Ctrl-C that lands inside a finalizer is delivered again, not printed as a traceback.

Python runs weakref callbacks and ``__del__`` methods between any two bytecodes; a
``KeyboardInterrupt`` raised while one runs (SQLAlchemy's session cleanup, for instance) cannot
propagate and is handed to :data:`sys.unraisablehook`, which prints "Exception ignored in ..."
with a traceback and swallows the interrupt, so the command would go on as if nothing was
pressed.  :func:`deliver_stray_interrupts` installs a hook that re-raises such an interrupt in the
main thread (``_thread.interrupt_main`` from a timer thread a few milliseconds later, as if SIGINT
arrived again), where the command's own
Ctrl-C handling stops cleanly; every other unraisable exception goes to the previous hook.

>>> import sys
>>> previous = sys.unraisablehook
>>> deliver_stray_interrupts(); deliver_stray_interrupts()   # idempotent: installed once per process
>>> sys.unraisablehook.__name__
'_redeliver'
>>> sys.unraisablehook = previous
"""

from __future__ import annotations

import sys
from typing import Any


def deliver_stray_interrupts() -> None:
    """Install the hook (once per process)."""
    previous = sys.unraisablehook
    if getattr(previous, "__name__", "") == "_redeliver":
        return

    def _redeliver(unraisable: Any) -> None:
        if isinstance(unraisable.exc_value, KeyboardInterrupt):
            import _thread
            import threading

            # From another thread and a moment later: raised here, inside the hook, it would be
            # "ignored" once more; by then the main thread has left the finalizer.
            threading.Timer(0.005, _thread.interrupt_main).start()
            return
        previous(unraisable)

    sys.unraisablehook = _redeliver
