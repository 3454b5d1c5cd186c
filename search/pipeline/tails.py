"""The table of screened tails this process reads and writes (:mod:`cf.tail_table`).

A process on its own keeps a private table.  A local process pool shares one: the parent maps an
anonymous shared region per worker before the workers fork, and each worker claims one region to
write at start-up, so a tail screened by one worker is not screened again by another.  The parent
screens nothing while its pool works, so it has no region there (every lookup reads every
region, and an empty one would cost each a cache miss); if it screens anyway it uses a private
table.  The table lives as long as the process (a daemon or a notebook reuses what earlier
searches on the same constant screened); a region that reaches half its slots is cleared.

>>> import numpy as np
>>> reset()
>>> table, region = current()
>>> table.shape[0], region
(1, 0)
>>> salt(np.array([3, 7, 15, 1]), 100, 24, 2147483647, 8) == salt(np.array([3, 7, 15, 1]), 100, 24, 2147483647, 8)
True
>>> salt(np.array([3, 7, 15, 1]), 100, 24, 2147483647, 8) == salt(np.array([3, 7, 15, 2]), 100, 24, 2147483647, 8)
False
"""

from __future__ import annotations

import hashlib
import mmap
import os
import struct
from typing import Any

import numpy as np

__all__ = ["DEGREE1", "DEGREE2", "N0", "SLOTS", "claim_worker_region", "current", "note_stored", "pool_tables", "reset",
           "salt", "share_with_pool"]

DEGREE1 = 9  # cf.tail_table.ENTRY and cf.screen_quadratic.ENTRY_QUADRATIC, repeated here so that
DEGREE2 = 38  # this module does not import Numba
N0 = {DEGREE1: 8, DEGREE2: 4}
"""Terms each pair egests before its tail is looked up, by table.  Degree 1 (pi, L = 6, periods
1-6, 652,960 pairs): 245,390, 214,893 and 206,983 classes after 4, 8 and 12 terms, and 8 screened
fastest (2.5 us/pair against 8.4 without tails, same run).  Degree 2 (pi, L = 2, periods 1-3,
32,320 pairs): 20,210, 17,764 and 16,973 classes after 2, 4 and 8 terms; 4 was fastest (10.7 us/pair
against 18.9)."""
SLOTS = {DEGREE1: 1 << 19, DEGREE2: 1 << 16}
"""Slots per region by entry width: 38 MB and 20 MB; a region is cleared when half full."""


# The degree-1 shared table is populated when mapped (0.12 s for 3 regions, most of the pool's
# 0.17-0.19 s start) so that no lookup takes a page fault on a page no process has touched yet.
# On pi, L = 6, periods 1-6 with 2 workers the search took 1.60-1.70 s with it and 1.85-1.88 s
# without, but later runs of either spread over 1.66-1.89 s: the gain is within this machine's noise.
_SHARED = mmap.MAP_SHARED | mmap.MAP_ANONYMOUS
_POPULATE = {DEGREE1: getattr(mmap, "MAP_POPULATE", 0), DEGREE2: 0}


class _Table:
    def __init__(self, width: int, regions: int, shared: bool) -> None:
        shape = (regions, SLOTS[width], width)
        if shared:
            self._buffer: Any = mmap.mmap(-1, regions * SLOTS[width] * width * 8, flags=_SHARED | _POPULATE[width])
            self.array = np.frombuffer(self._buffer, dtype=np.int64).reshape(shape)
        else:
            self._buffer = None
            self.array = np.zeros(shape, dtype=np.int64)
        self.stored = 0


_TABLES: dict[int, _Table] = {}  # the tables this process reads and writes
_POOL: dict[int, _Table] = {}  # in a pool's parent: the shared tables its workers inherit
_PROCESS: dict[str, Any] = {"region": 0, "claims": None, "pid": None}


def reset() -> None:
    """Forget every stored tail of this process (a benchmark's cold start)."""
    _TABLES.clear()
    _POOL.clear()
    _PROCESS.update(region=0, claims=None, pid=os.getpid())


def current(width: int = DEGREE1) -> tuple[np.ndarray, int]:
    """The table of ``width``-word entries and the region this process writes (a private
    one-region table unless a pool shares one).

    A process forked some other way than as a pool worker (which claims its own region) gets
    private tables here: it must never write the region of the process it was forked from.
    """
    if _PROCESS["pid"] != os.getpid():
        reset()
    table = _TABLES.get(width)
    if table is None:
        table = _TABLES[width] = _Table(width, 1, shared=False)
        _PROCESS["region"] = 0
    return table.array, _PROCESS["region"]


def share_with_pool(workers: int, mp_context: Any) -> None:
    """Before a pool of ``workers`` forks: shared tables of one region per worker (this process
    keeps its private tables)."""
    _POOL.clear()
    for width in SLOTS:
        _POOL[width] = _Table(width, workers, shared=True)
    _PROCESS.update(claims=mp_context.Value("i", 0), pid=os.getpid())


def pool_tables(width: int = DEGREE1) -> np.ndarray | None:
    """In a pool's parent: the shared table of ``width``-word entries its workers write (None
    without a pool)."""
    table = _POOL.get(width)
    return None if table is None else table.array


def claim_worker_region() -> None:
    """In a freshly forked pool worker: take the next free region of the shared tables (or, if
    none is left, private tables)."""
    claims = _PROCESS["claims"]
    if claims is None or not _POOL:
        return
    with claims.get_lock():
        region = claims.value
        claims.value += 1
    if all(region < t.array.shape[0] for t in _POOL.values()):
        _TABLES.clear()
        _TABLES.update(_POOL)
        _POOL.clear()
        _PROCESS.update(region=region, claims=None, pid=os.getpid())
        for t in _TABLES.values():
            t.stored = 0
    else:
        reset()


def note_stored(count: int, width: int = DEGREE1) -> None:
    """Count tails this process stored; clear its region once it is half full."""
    table = _TABLES.get(width)
    if table is None:
        return
    table.stored += count
    if table.stored > SLOTS[width] // 2:
        from cf.tail_table import clear_region

        clear_region(table.array, _PROCESS["region"])
        table.stored = 0


def salt(xs: np.ndarray, depth: int, bound: int, prime: int, n0: int) -> int:
    """A 63-bit name for everything a tail depends on besides its key: the constant's simple-CF
    terms, the depth, the approval bound, the prime and ``n0``."""
    h = hashlib.blake2b(digest_size=8)
    h.update(np.ascontiguousarray(xs, dtype=np.int64).tobytes())
    h.update(struct.pack("<4q", depth, bound, prime, n0))
    return int.from_bytes(h.digest(), "little") >> 1
