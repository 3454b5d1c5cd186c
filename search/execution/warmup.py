"""Compile the Numba kernels a search needs in parallel processes, before it starts.

A fresh install has an empty Numba cache and the first search compiles its kernels one after
another, in one process. They fall into independent groups. Each group is compiled here in its
own process, at most as many at once as there are cores, by running the real pipeline code on a
tiny input, so each group compiles exactly the specialisations a search uses.  The searching
process compiles one share itself, each child writes Numba's cache, and the search then only
loads the children's kernels from it. On this project's 2-core machine the
README's first search took 9.2-11.3 s on an empty cache when compiled in one process.

Groups:

* ``screen``: the pair-by-pair screen (:func:`cf.screen.screen_batch`), taken by small units;
* ``tails``: the screen with shared tails (:func:`cf.screen_tails.screen_tails_batch`);
* ``quadratic`` and ``quadratic-tails``: the same at degree 2;
* ``confirm``: what a hit goes through (Berlekamp–Massey, pattern fitting, exact Gosper terms,
  rates, derivation), by processing known hits of e.

``python -m search.execution.warmup GROUP ...`` compiles the given groups in this process.

>>> sorted(GROUPS)
['confirm', 'quadratic', 'quadratic-tails', 'screen', 'tails']
>>> needed(1, shared_tails=False), needed(2, shared_tails=True)
(['screen', 'confirm'], ['tails', 'quadratic-tails', 'confirm'])
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable

__all__ = ["GROUPS", "compile_groups", "compile_in_parallel", "needed"]


def _screen(degree: int, shared_tails: bool) -> None:
    from cf import jit
    from search.pipeline.config import PipelineConfig, UnitStats
    from search.pipeline.context import ConstantContext
    from search.pipeline.stages import screen
    from search.space.lhs import enumerate_classes
    from search.space.units import SearchSpace

    jit.ready()
    ctx = ConstantContext("e")
    rows = list(enumerate(enumerate_classes(degree, 1)))
    periods = SearchSpace.from_text("e", degree, 1, "1-2").periods
    screen(ctx, rows, periods, (0, len(rows) * len(periods)), PipelineConfig(depth=100), UnitStats(), shared_tails)


def _confirm() -> None:
    from cf import jit
    from cf.bm import PRIME, berlekamp_massey
    from search.pipeline.candidate import process_candidate
    from search.pipeline.config import Candidate, PipelineConfig, UnitStats
    from search.pipeline.context import ConstantContext
    from search.pipeline.terms import certified_terms
    from search.space.lhs import RationalFunction

    jit.ready()
    ctx = ConstantContext("e")
    config = PipelineConfig(depth=100)
    stats = UnitStats()
    for num, den in (((0, 1), (1,)), ((1, 1), (1,))):  # e and e + 1: hits whose families are known
        rf = RationalFunction(num, den)
        terms = certified_terms(ctx, rf, "+", config.depth)
        length = berlekamp_massey(terms, PRIME).length
        process_candidate(ctx, Candidate(0, 0, rf, "+", tuple(terms), length), config, stats)


GROUPS: dict[str, Callable[[], None]] = {
    "screen": lambda: _screen(1, False),
    "tails": lambda: _screen(1, True),
    "quadratic": lambda: _screen(2, False),
    "quadratic-tails": lambda: _screen(2, True),
    "confirm": _confirm,
}


def needed(degree: int, shared_tails: bool) -> list[str]:
    """The groups a search of ``degree`` compiles (``shared_tails``: its units take the tail kernels)."""
    screens = ["tails" if shared_tails else "screen"]
    if degree >= 2:
        screens.append("quadratic-tails" if shared_tails else "quadratic")
    return [*screens, "confirm"]


def compile_groups(names: list[str]) -> None:
    """Compile the named groups in this process."""
    for name in names:
        GROUPS[name]()


def compile_in_parallel(names: list[str], workers: int | None = None) -> list[str]:
    """Compile the named groups on up to ``workers`` cores (default: all): one share in this
    process, the others in child processes, and wait for them.  Returns the groups whose child
    failed (the search then compiles them itself, as without a warm-up)."""
    workers = max(1, workers or os.cpu_count() or 1)
    batches = [names[i::workers] for i in range(min(workers, len(names)))]
    if not batches:
        return []
    procs = [(batch, subprocess.Popen([sys.executable, "-m", "search.execution.warmup", *batch],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
             for batch in batches[1:]]
    failed: list[str] = []
    try:
        compile_groups(batches[0])  # this process's share: it then needs no cache load for it
        for batch, proc in procs:
            if proc.wait() != 0:
                failed += batch
    finally:
        for _, proc in procs:  # Ctrl-C while waiting: no compiler left running
            if proc.poll() is None:
                proc.kill()
    return failed


if __name__ == "__main__":  # pragma: no cover - run by compile_in_parallel
    unknown = [n for n in sys.argv[1:] if n not in GROUPS]
    if unknown:
        sys.exit(f"unknown kernel group(s): {', '.join(unknown)}")
    compile_groups(sys.argv[1:])
