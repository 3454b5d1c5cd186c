"""Symbol sequences as numpy arrays, and their order-0 (plug-in) entropy.

Every complexity measure takes "a sequence of symbols": a ``str`` (one symbol per character),
``bytes``, a numpy array or a list of integers (of any size) or other hashable, sortable symbols.
:func:`symbol_codes` maps it to dense codes ``0 .. A-1`` (``A`` the alphabet size, codes in the
order of the sorted symbols); :func:`symbol_array` keeps the values (int64, or objects for
integers beyond 64 bits).

The plug-in entropy ``H = -sum_a p_a log2 p_a`` of the symbol frequencies ``p_a`` is what an ideal
coder that knows only the frequencies needs per symbol; for partial quotients it is compared with
the entropy of the Gauss–Kuzmin law ``P(a = k) = -log2(1 - 1/(k + 1)^2)``.

>>> symbol_codes([10, 3, 10])[0].tolist(), empirical_entropy([5, 5, 8, 8])
([1, 0, 1], 1.0)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

GAUSS_KUZMIN_ENTROPY = 3.4325275
"""Entropy in bits of the Gauss-Kuzmin law ``P(a = k) = -log2(1 - 1/(k + 1)^2)`` (checked in the tests)."""




def symbol_codes(seq: Any) -> tuple[np.ndarray, int]:
    """Dense codes ``0 .. A-1`` (int64, order of the sorted symbols) and the alphabet size ``A``.

    Accepts a ``str`` (one symbol per character), ``bytes``, a numpy array or any sequence of
    integers (Python ints of any size) or other hashable, sortable symbols.

    >>> codes, A = symbol_codes("banana")
    >>> codes.tolist(), A
    ([1, 0, 2, 0, 2, 0], 3)
    """
    if isinstance(seq, str):
        arr = np.frombuffer(seq.encode("utf-32-le"), dtype=np.uint32) if seq else np.zeros(0, np.uint32)
    elif isinstance(seq, (bytes, bytearray, memoryview)):
        arr = np.frombuffer(bytes(seq), dtype=np.uint8)
    elif isinstance(seq, np.ndarray) and seq.dtype.kind in "biu":
        arr = seq.ravel()
    else:
        items = list(seq)
        try:
            arr = np.asarray(items, dtype=np.int64) if items else np.zeros(0, np.int64)
        except (OverflowError, TypeError, ValueError):
            alphabet = sorted(set(items))
            index = {s: i for i, s in enumerate(alphabet)}
            return np.fromiter((index[s] for s in items), dtype=np.int64, count=len(items)), len(alphabet)
    if arr.size == 0:
        return np.zeros(0, np.int64), 0
    uniq, inv = np.unique(arr, return_inverse=True)
    return inv.astype(np.int64).ravel(), int(uniq.size)



def symbol_array(seq: Sequence[int]) -> np.ndarray:
    """``seq`` as a numpy array: itself if it is one, else int64, or dtype object for huge integers.

    >>> symbol_array([1, 2**70]).dtype, symbol_array([3, 4]).dtype
    (dtype('O'), dtype('int64'))
    """
    if isinstance(seq, np.ndarray):
        return seq
    try:
        return np.asarray(seq, dtype=np.int64)
    except OverflowError:
        return np.asarray(list(seq), dtype=object)


def empirical_entropy(seq: Sequence[int]) -> float:
    """Plug-in (order-0) entropy ``-sum p_a log2 p_a`` of the symbol frequencies, bits per symbol.

    What an ideal coder that knows only the frequencies needs (it ignores the order); biased
    low when the alphabet is not small compared with ``n``.

    >>> empirical_entropy([0, 1, 0, 1]), empirical_entropy([7, 7, 7])
    (1.0, 0.0)
    """
    arr = symbol_array(seq)
    if arr.size == 0:
        return 0.0
    _, counts = np.unique(arr, return_counts=True)
    p = counts / counts.sum()
    return float(max(-(p * np.log2(p)).sum(), 0.0)) + 0.0  # -0.0 -> 0.0
