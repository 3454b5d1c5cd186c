"""The experiments of esma (DESIGN.md section 6), one package per experiment, split by job.

``primes/``
    the prime-coding experiments: density and Mertens' theorems, the Erdős–Kac law, the
    compressibility of the prime indicator string and the learnability of primality;
``complexity/``
    compressor bounds, LZ76 and linear complexity of partial quotients and prime indicators;
``coffee/``
    the coffee automaton: entropy and apparent complexity of cream mixing into coffee;
:mod:`discovery.experiments.runs`
    what the ``esma experiment`` commands share: common options, printing and saving a run.

Inside an experiment package the computation modules return JSON-ready dicts; ``report.py``
turns them into text, ``plot.py`` into a PNG, and ``commands.py`` holds the click commands, which
import everything heavy (numpy, numba, mpmath, matplotlib) inside the command bodies.

This package itself imports nothing heavy; it holds the two progress-callback types the
computations accept.

>>> tick = stage_callback(None)
>>> tick("sieve") is None
True
"""

from __future__ import annotations

from typing import Callable

Stage = Callable[[str], None]
"""A progress callback told the name of each stage as it starts."""

ProgressFn = Callable[[str, int, int], None]
"""A progress callback told ``(label, steps done, steps in all)``."""


def _ignore(stage: str) -> None:
    return None


def stage_callback(progress: Stage | None) -> Stage:
    """``progress`` itself, or a callback that ignores every stage when ``progress`` is ``None``.

    >>> seen = []
    >>> stage_callback(seen.append)("omega table"); seen
    ['omega table']
    """
    return progress if progress is not None else _ignore
