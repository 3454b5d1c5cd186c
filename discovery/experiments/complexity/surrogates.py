"""Surrogates: sequences that keep a sequence's symbol statistics and destroy its order.

* ``shuffled``: a uniformly random permutation (the same multiset of symbols);
* ``iid``: independent draws from the empirical symbol frequencies.

Every draw comes from its own generator, seeded by ``(seed, source, kind, draw)``
(:func:`surrogate_rng`; string keys enter through their CRC-32), so every number is reproducible.
A measured complexity means something only next to those of its surrogates.

>>> s = make_surrogates([1, 2, 2, 3], seed=0, source="demo", k=2)
>>> sorted(s), len(s["iid"]), sorted(s["shuffled"][0].tolist())
(['iid', 'shuffled'], 2, [1, 2, 2, 3])
"""

from __future__ import annotations

import zlib as _zlib
from collections.abc import Callable, Sequence

import numpy as np

from discovery.experiments.complexity.symbols import symbol_array


def surrogate_rng(seed: int, *keys: int | str) -> np.random.Generator:
    """A numpy generator seeded by ``(seed, *keys)``; string keys enter through their CRC-32.

    >>> int(surrogate_rng(0, "pi", 1).integers(10**6)) == int(surrogate_rng(0, "pi", 1).integers(10**6))
    True
    """
    words = [int(seed)] + [(_zlib.crc32(k.encode()) if isinstance(k, str) else int(k)) for k in keys]
    if any(w < 0 for w in words):
        raise ValueError("seeds must be non-negative integers")
    return np.random.default_rng(words)



def shuffled_surrogate(seq: Sequence[int], rng: np.random.Generator) -> np.ndarray:
    """A uniformly random permutation of ``seq``: the same symbols, the same counts, no order.

    >>> sorted(shuffled_surrogate([3, 1, 2, 1], np.random.default_rng(0)).tolist())
    [1, 1, 2, 3]
    """
    return rng.permutation(symbol_array(seq))


def iid_surrogate(seq: Sequence[int], rng: np.random.Generator) -> np.ndarray:
    """``len(seq)`` independent draws from the empirical symbol frequencies of ``seq``.

    >>> set(iid_surrogate([5, 7, 7, 7], np.random.default_rng(0)).tolist()) <= {5, 7}
    True
    """
    arr = symbol_array(seq)
    if arr.size == 0:
        return arr.copy()
    values, counts = np.unique(arr, return_counts=True)
    idx = rng.choice(values.size, size=arr.size, p=counts / counts.sum())
    return values[idx]


SURROGATE_KINDS: dict[str, tuple[str, Callable[[Sequence[int], np.random.Generator], np.ndarray]]] = {
    "shuffled": ("random permutation of the data (same symbol counts)", shuffled_surrogate),
    "iid": ("iid draws from the data's symbol frequencies", iid_surrogate),
}


def make_surrogates(seq: Sequence[int], seed: int, source: str, k: int) -> dict[str, list[np.ndarray]]:
    """``k`` surrogates of each kind, the ``j``-th drawn from ``surrogate_rng(seed, source, kind, j)``."""
    return {kind: [fn(seq, surrogate_rng(seed, source, kind, j)) for j in range(k)]
            for kind, (_, fn) in SURROGATE_KINDS.items()}

