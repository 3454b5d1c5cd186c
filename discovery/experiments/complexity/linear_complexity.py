"""The linear-complexity profile of a sequence, by Berlekamp–Massey, summarised.

``L_k`` is the length of the shortest linear recurrence over a field GF(p) that generates the
first ``k`` terms (:func:`cf.bm.linear_complexity_profile`): over GF(2) for bit strings and over
GF(2^31 - 1) for integer sequences.  A random sequence follows ``L_k ~ k/2``; a sequence that
satisfies a linear recurrence of order ``L`` levels off at ``L`` (once ``k >= 2L``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np


def linear_complexity_summary(seq: Sequence[int], p: int | None = None, points: int = 10,
                              curve_points: int = 100) -> dict[str, Any]:
    """Berlekamp-Massey profile ``L_k`` of ``seq`` over GF(p), summarised.

    ``p`` defaults to 2 for 0/1 sequences and 2^31 - 1 otherwise.  Returns ``n``, the final
    ``L`` and ``L/n``, ``stable_from`` (the first ``k`` with ``L_k = L_n``), ``samples``
    (``[k, L_k]`` at ``points`` evenly spaced ``k``) and ``curve`` (at most ``curve_points``
    log-spaced pairs, for plotting).

    >>> s = linear_complexity_summary([1, 1, 2, 3, 5, 8, 13, 21, 34, 55])
    >>> s["final_L"], s["stable_from"], s["field"]
    (2, 3, 'GF(2147483647)')
    """
    from cf.bm import PRIME, linear_complexity_profile

    n = len(seq)
    if n == 0:
        raise ValueError("the linear complexity of an empty sequence is not defined")
    if p is None:
        values = np.unique(seq).tolist() if isinstance(seq, np.ndarray) else set(seq)
        p = 2 if all(int(v) in (0, 1) for v in values) else PRIME
    prof = linear_complexity_profile(seq, p)
    final = int(prof[-1])
    changes = np.nonzero(prof != final)[0]
    stable_from = int(changes[-1]) + 2 if changes.size else 1
    ks = sorted({max(1, round(n * (i + 1) / points)) for i in range(points)})
    cks = sorted({round(float(v)) for v in np.geomspace(1, n, max(curve_points, 2))} | {n})
    return {
        "field": f"GF({p})",
        "n": n,
        "final_L": final,
        "final_L_over_n": final / n,
        "stable_from": stable_from,
        "samples": [[k, int(prof[k - 1])] for k in ks],
        "curve": [[k, int(prof[k - 1])] for k in cks],
    }

