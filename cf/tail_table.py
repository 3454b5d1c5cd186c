"""A table of screened continued-fraction tails, shared by the processes of one search.

Why tails repeat
----------------
Gosper's machine for ``z = M(x)`` (:mod:`cf.gosper`) is, after ``n`` signed terms and ``i`` input
terms, in the state ``S = E_n^{-1} M X_i``: ``E_n`` is the product of the egested digit matrices
``((q, s), (1, 0))`` and ``X_i`` that of the ingested ones.  The terms from ``n`` on depend on
``S``, ``i`` and the signs only.  Two LHS ``M`` and ``M' = E' E^{-1} M`` -- an integer shift
``z + k`` is the simplest case -- reach the same state after their first terms and share every
later term.  In a coefficient box this is common: on pi, degree 1, ``|coeff| <= 6``, periods
1-6, the 652,960 pairs are in 214,893 classes by their state after 8 terms (3.0 pairs a class).

Why one verdict serves a class
------------------------------
If ``C`` of length ``L`` generates ``s_0, ..., s_{N-1}`` then it generates every suffix
``s_t, ..., s_{N-1}`` too, so the linear complexity of a suffix is at most that of the whole
sequence.  A class whose *tail* (terms ``n0 .. depth - 1``) has complexity above the approval bound
therefore rejects every member; a tail that is not rejected sends each member through the full
screen.  So the table can only save work, never lose a hit.

Layout
------
``table[r, slot]`` holds ``K + 2`` int64 words: the key of ``K`` words -- the machine's state
(for Gosper's ``(a, b, c, d, i)``), the code of the sign period and a salt --, the verdict
``(L << 2) | kind`` and, written last, the 64-bit hash of the key (never 0; 0 marks an empty slot).  ``salt`` names the constant, depth, bound, prime and ``n0``.  Each process writes only
its own region ``r`` (one writer per region, so no two writes race) and reads all of them.  A reader
accepts an entry only if the hash word and all key words equal its own, so an entry being written or
cleared while it reads is skipped, not misread; every entry states a fact (the verdict of that key)
and stays true for ever.

>>> import numpy as np
>>> table = np.zeros((1, 64, ENTRY), dtype=np.int64)
>>> key = np.array([3, 1, 2, 5, 7, 0b110, 99], dtype=np.int64)
>>> h = key_hash(key)
>>> find(table, h, key), insert(table, 0, h, key, verdict(TAIL_REJECTED, 13))
(0, True)
>>> v = find(table, h, key); kind_of(v) == TAIL_REJECTED, length_of(v)
(True, 13)
"""

from __future__ import annotations

import numpy as np
from numba import njit

ENTRY = 9
"""Words per slot of the degree-1 table: 7 key words, the verdict, the hash."""
MAX_PROBES = 16
TAIL_REJECTED = 1
TAIL_OPEN = 2
"""Verdict kinds: the tail's complexity exceeds the bound (every member is rejected), or it does
not, or the tail could not be extracted on machine integers (every member is screened in full)."""

_M1 = np.uint64(0x9E3779B97F4A7C15)
_M2 = np.uint64(0xBF58476D1CE4E5B9)


@njit(cache=True, inline="always")
def key_hash(key):
    """A 64-bit hash of the key words (splitmix64-style mixing), never 0."""
    h = np.uint64(0x243F6A8885A308D3)
    for w in range(key.shape[0]):
        h = (h ^ np.uint64(key[w])) * _M1
        h = (h ^ (h >> np.uint64(31))) * _M2
    h ^= h >> np.uint64(29)
    out = np.int64(h)
    return out if out != 0 else np.int64(1)


@njit(cache=True, inline="always")
def verdict(kind, length):
    """The verdict word of a tail: its kind and the complexity it reached."""
    return (np.int64(length) << 2) | kind


@njit(cache=True, inline="always")
def kind_of(word):
    return word & 3


@njit(cache=True, inline="always")
def length_of(word):
    return word >> 2


@njit(cache=True, inline="always")
def _matches(table, r, slot, h, key):
    for w in range(key.shape[0]):
        if table[r, slot, w] != key[w]:
            return False
    return True


@njit(cache=True)
def find(table, h, key):
    """The verdict word stored for ``key`` in any region, or 0 (``table.shape[2] == len(key) + 2``)."""
    slots = table.shape[1]
    K = key.shape[0]
    last = K + 1
    start = np.int64(np.uint64(h) % np.uint64(slots))
    for r in range(table.shape[0]):
        slot = start
        for _ in range(MAX_PROBES):
            stored = table[r, slot, last]
            if stored == 0:
                break
            if stored == h and _matches(table, r, slot, h, key):
                v = table[r, slot, K]
                if table[r, slot, last] == h:  # not cleared while it was read
                    return v
            slot += 1
            if slot == slots:
                slot = 0
    return np.int64(0)


@njit(cache=True)
def insert(table, region, h, key, word):
    """Store ``word`` for ``key`` in ``region`` (key and verdict first, the hash last); False when
    the probe sequence is full (the table then simply forgets this tail)."""
    slots = table.shape[1]
    K = key.shape[0]
    slot = np.int64(np.uint64(h) % np.uint64(slots))
    for _ in range(MAX_PROBES):
        if table[region, slot, K + 1] == 0:
            for w in range(K):
                table[region, slot, w] = key[w]
            table[region, slot, K] = word
            table[region, slot, K + 1] = h
            return True
        slot += 1
        if slot == slots:
            slot = 0
    return False


@njit(cache=True)
def clear_region(table, region):
    """Empty one region: hash words first (so readers skip the slots), then the rest."""
    last = table.shape[2] - 1
    for slot in range(table.shape[1]):
        table[region, slot, last] = 0
    for slot in range(table.shape[1]):
        for w in range(last):
            table[region, slot, w] = 0
