r"""The Block Decomposition Method (BDM; Zenil et al. 2018), computed by pybdm, on binary strings.

The string is cut into non-overlapping blocks of 12 bits (pybdm's default for one-dimensional
binary data); each distinct block ``b`` occurring ``n_b`` times contributes its Coding-Theorem-Method
value ``CTM(b)`` (an estimate of ``K(b)`` from the output frequencies of small Turing machines,
tabulated by pybdm) plus ``log2 n_b``:

.. math::  \mathrm{BDM}(x) = \sum_{b} \bigl(\mathrm{CTM}(b) + \log_2 n_b\bigr)\ \text{bits}.

Known limits (stated in every report, :data:`BDM_LIMITS`): the CTM table covers short blocks only,
so structure longer than a block is seen only through repeated blocks; for long strings the
``log2 n_b`` terms grow slowly and BDM tends to ``(number of distinct blocks) x (mean CTM)``, a
block-entropy-like count, so it cannot see what a compressor's long-range matches see; and the
trailing ``len(x) mod 12`` bits are dropped (pybdm's ``PartitionIgnore`` boundary condition), so
strings that differ only there get the same value.  Non-binary sequences are given to it as the
bits of a byte serialisation, which adds the serialisation's own structure.

>>> z = [0] * 12
>>> round(bdm_bits(z * 2) - bdm_bits(z), 9), bdm_bits(z) == bdm_bits(z + [1])
(1.0, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

BLOCK = 12
"""pybdm's block length for one-dimensional binary strings."""
BDM_LIMITS = ("BDM (pybdm, 12-bit blocks, CTM table of small Turing machines): the CTM values exist for short "
              "blocks only, so order longer than a block is seen only through repeated blocks; for long strings "
              "BDM tends to a block-entropy count (distinct blocks x their CTM, plus log2 of multiplicities); "
              "the trailing len mod 12 bits are ignored (boundary condition PartitionIgnore).")


@lru_cache(maxsize=1)
def _bdm() -> Any:
    from pybdm import BDM

    return BDM(ndim=1)


def bdm_bits(bits: Sequence[int] | np.ndarray) -> float:
    """BDM of a 0/1 sequence in bits (0.0 for fewer than :data:`BLOCK` symbols, which pybdm ignores).

    >>> bdm_bits([0, 1] * 6) > 0, bdm_bits([1, 0, 1])
    (True, 0.0)
    """
    arr = np.asarray(bits, dtype=np.int64)
    if arr.size and (arr.min() < 0 or arr.max() > 1):
        raise ValueError("BDM here takes binary strings (symbols 0 and 1)")
    if arr.size < BLOCK:
        return 0.0
    return float(_bdm().bdm(arr))


def as_bits(blob: bytes) -> np.ndarray:
    """The bits of a byte string, most significant first (``numpy.unpackbits``).

    >>> as_bits(b"\\xa0").tolist()
    [1, 0, 1, 0, 0, 0, 0, 0]
    """
    return np.unpackbits(np.frombuffer(bytes(blob), dtype=np.uint8))
