r"""The "order" test: does a sequence compress better than its shuffles, in any serialisation x compressor cell?

Null hypothesis: the sequence is exchangeable (its order carries nothing beyond the symbol
counts).  Under it the data and its ``k`` shuffles (uniform random permutations, drawn by
:func:`~discovery.experiments.complexity.surrogates.surrogate_rng`) are exchangeable, so for every
cell (a serialisation and a compressor) the one-sided Monte-Carlo rank p-value

.. math::  p = \frac{1 + \#\{j : b_j \le b\}}{k + 1}

(``b`` the data's bits per symbol, ``b_j`` the ``j``-th shuffle's) is valid: ``P(p <= a) <= a``.
Choosing the best of ``m`` cells is corrected by Holm's step-down procedure (family-wise error
``alpha``), and the verdict is "order" only when the Holm-adjusted p-value of some deciding cell
is at most ``alpha``.  Since ``p >= 1/(k+1)``, rejection needs ``k + 1 >= m / alpha`` draws
(:func:`min_draws`): 119 for 6 cells at 5 %.

The deciding compressors are fixed (:data:`DECIDING`: zlib, bz2, lzma, all in the standard
library); an optional compressor (zstd) is measured and shown as an extra, non-deciding column,
so the verdict cannot change with what is installed.  The effect size per cell is the surrogate
mean and sd and ``z = (mean - b) / sd``.

>>> rank_p_value(1.0, [2.0, 3.0, 0.5, 4.0])
0.4
>>> holm([0.01, 0.04, 0.03])
[0.03, 0.06, 0.06]
>>> min_draws(6, 0.05)
119
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from discovery.experiments.complexity.compressors import available_compressors, bits_per_symbol
from discovery.experiments.complexity.serialisations import serialise

DECIDING: tuple[str, ...] = ("zlib", "bz2", "lzma")
"""The compressors the verdict rests on: always available, so the decision set is fixed."""
ALPHA = 0.05
"""Family-wise error rate of the order test."""


def rank_p_value(observed: float, null: Sequence[float]) -> float:
    """One-sided Monte-Carlo p-value ``(1 + #{null <= observed}) / (len(null) + 1)`` (small = more compressible)."""
    v = np.asarray(null, dtype=float)
    return float((1 + np.count_nonzero(v <= observed)) / (v.size + 1))


def holm(pvalues: Sequence[float]) -> list[float]:
    """Holm's step-down adjusted p-values (family-wise error control, any dependence between cells).

    Hand-written because scipy.stats offers only false-discovery-rate control
    (``false_discovery_control``: Benjamini-Hochberg/Yekutieli), not Holm, and statsmodels is not
    a dependency.  Sorted ascending, ``p_(i)`` becomes ``max_{j <= i} min(1, (m - j + 1) p_(j))``.
    """
    p = np.asarray(pvalues, dtype=float)
    m = p.size
    order = np.argsort(p, kind="stable")
    adj = np.minimum(1.0, np.maximum.accumulate((m - np.arange(m)) * p[order]))
    out = np.empty(m)
    out[order] = adj
    return [round(float(x), 12) for x in out]


def min_draws(cells: int, alpha: float = ALPHA) -> int:
    """Fewest surrogate draws ``k`` with which Holm over ``cells`` cells can reject: ``(k+1) >= cells/alpha``."""
    return max(1, math.ceil(cells / alpha - 1e-9) - 1)


def order_test(data: Sequence[int], serialisations: Sequence[str], surrogates: Sequence[Sequence[int]],
               alpha: float = ALPHA, extra: Sequence[str] | None = None) -> dict[str, Any]:
    """Per cell: data bits/symbol, surrogate mean and sd, z, rank p-value, Holm-adjusted p; and the verdict.

    ``surrogates`` are draws from the null (exchangeable with the data under it); ``extra``
    compressors (default: the installed ones beyond :data:`DECIDING`) are measured on the same
    draws and reported with ``deciding: False``; they never enter the correction.

    >>> from discovery.experiments.complexity.surrogates import make_surrogates
    >>> t = order_test([1, 2] * 200, ["bytes with escape"], make_surrogates([1, 2] * 200, 0, "demo", 59)["shuffled"],
    ...                extra=[])
    >>> t["order"], t["cells"][0]["p"], t["cells"][0]["p_holm"]
    (True, 0.016667, 0.05)
    """
    arr = np.asarray(data)
    n, draws = int(arr.size), len(surrogates)
    if draws < 2:
        raise ValueError("the order test needs at least two surrogate draws")
    if any(len(x) != n for x in surrogates):
        raise ValueError("every surrogate must have the data's length")
    if extra is None:
        extra = [c for c in available_compressors() if c not in DECIDING]
    comps = list(DECIDING) + [c for c in extra if c not in DECIDING]
    cells: list[dict[str, Any]] = []
    for s in serialisations:
        blob = serialise(arr, s)
        blobs = [serialise(x, s) for x in surrogates]
        for c in comps:
            b = bits_per_symbol(blob, n, c)
            null = np.array([bits_per_symbol(x, n, c) for x in blobs])
            mean, sd = float(null.mean()), float(null.std(ddof=1))
            if np.all(null == null[0]):  # equal draws: no spread (not rounding noise), z is 0 or infinite
                mean, sd = float(null[0]), 0.0
            z = (mean - b) / sd if sd > 0 else (0.0 if mean == b else math.copysign(math.inf, mean - b))
            cells.append({"serialisation": s, "compressor": c, "deciding": c in DECIDING, "bits_per_symbol": b,
                          "null_mean": mean, "null_sd": sd, "z": z, "p": rank_p_value(b, null)})
    deciding = [c for c in cells if c["deciding"]]
    for c, q in zip(deciding, holm([c["p"] for c in deciding])):
        c["p_holm"] = q
    for c in cells:
        c["p"] = round(c["p"], 6)
    best = min(deciding, key=lambda c: (c["p_holm"], -c["z"]))
    return {"order": bool(best["p_holm"] <= alpha), "alpha": alpha, "draws": draws, "cells": cells,
            "deciding_cells": len(deciding), "deciding_compressors": list(DECIDING),
            "min_p_holm": best["p_holm"], "best_cell": [best["serialisation"], best["compressor"]],
            "min_draws_to_reject": min_draws(len(deciding), alpha)}
