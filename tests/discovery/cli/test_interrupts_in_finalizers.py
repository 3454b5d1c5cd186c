"""A KeyboardInterrupt raised inside a finalizer reaches the main thread instead of a printed traceback."""

from __future__ import annotations

import gc
import sys
import time

import pytest

from discovery.cli.interrupts import deliver_stray_interrupts


class _InterruptedWhileCollected:
    def __del__(self) -> None:
        raise KeyboardInterrupt


def test_an_interrupt_in_a_finalizer_is_delivered_again_and_not_printed(capsys):
    previous = sys.unraisablehook
    try:
        deliver_stray_interrupts()
        with pytest.raises(KeyboardInterrupt):
            obj = _InterruptedWhileCollected()
            del obj
            gc.collect()
            for _ in range(100):  # the re-delivered interrupt lands at the next check of the main thread
                time.sleep(0.01)
        assert "Traceback" not in capsys.readouterr().err
    finally:
        sys.unraisablehook = previous


def test_other_unraisable_exceptions_still_reach_the_previous_hook():
    seen = []
    previous = sys.unraisablehook
    try:
        sys.unraisablehook = seen.append
        deliver_stray_interrupts()

        class Broken:
            def __del__(self) -> None:
                raise ValueError("boom")

        obj = Broken()
        del obj
        gc.collect()
        assert [type(u.exc_value) for u in seen] == [ValueError]
    finally:
        sys.unraisablehook = previous
