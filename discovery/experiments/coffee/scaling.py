r"""Scaling of the coffee automaton with the grid size: peak complexity, its time, the final entropy.

Over several sizes the peak complexity, its time and the final entropy are fitted by least squares
in log-log form, :math:`\log y = \log A + b \log n`, with :math:`r^2` reported. The paper (Figs. 6-8)
reports entropy maximum :math:`\propto n^2`, complexity maximum roughly linear in ``n`` and the time
of the maximum quadratic in ``n`` in its time units. Here the interacting model's clock counts single
swaps, so a peak at a fixed multiple of :math:`\tau` means :math:`t_{peak} \propto n^4` swaps
(:math:`n^2` sweeps over all pairs); for the non-interacting model :math:`t_{peak} \propto n^2` steps.

>>> f = loglog_fit([10, 20, 40], [3.0, 12.0, 48.0])
>>> round(f["exponent"], 9), round(f["prefactor"], 9), f["r2"]
(2.0, 0.03, 1.0)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from discovery.experiments import ProgressFn
from discovery.experiments.coffee.automaton import validate_size
from discovery.experiments.coffee.parameters import DEFAULT_MIX, DEFAULT_SNAPSHOTS, VARIANTS
from discovery.experiments.coffee.run import run_model


def loglog_fit(xs: Sequence[float], ys: Sequence[float]) -> dict[str, float] | None:
    """Least-squares fit of log y = log A + b log x: exponent b, prefactor A, r^2.

    ``None`` when some y is not positive (e.g. a complexity whose maximum is at t = 0: it never rose).
    """
    if min(ys) <= 0:
        return None
    lx = np.log(np.asarray(xs, dtype=float))
    ly = np.log(np.asarray(ys, dtype=float))
    b, a = np.polyfit(lx, ly, 1)
    pred = a + b * lx
    ss_res = float(np.sum((ly - pred) ** 2))
    ss_tot = float(np.sum((ly - ly.mean()) ** 2))
    return {"exponent": float(b), "prefactor": float(math.exp(a)), "r2": 1.0 - ss_res / ss_tot if ss_tot > 0 else 1.0}


def scaling(sizes: Sequence[int], model: str = "interacting", grain: int | None = None,
            snapshots: int = DEFAULT_SNAPSHOTS, seed: int = 0, compressor: str = "zlib", mix: float = DEFAULT_MIX,
            progress: ProgressFn | None = None) -> dict[str, Any]:
    """Peak complexity, its time and the final entropy over several sizes, with log-log fits in n.

    ``grain=None`` uses :func:`default_grain` at each size (g grows with n); an explicit grain is
    kept fixed across sizes (it must be odd and at most the smallest size).
    """
    sizes = sorted({validate_size(s) for s in sizes})
    if len(sizes) < 2:
        raise ValueError("the scaling fit needs at least two grid sizes")
    rows = []
    for n in sizes:
        r = run_model(n, model, grain, snapshots, seed, compressor, mix, surrogate=False, progress=progress)
        rows.append({
            "n": n, "grain": r["grain"], "tau": r["tau"], "entropy_end": r["entropy_summary"]["end"],
            **{f"{v}_peak": r["complexity_summary"][v]["peak"] for v in VARIANTS},
            **{f"{v}_peak_t": r["complexity_summary"][v]["peak_t"] for v in VARIANTS},
            **{f"{v}_peak_t_over_tau": r["complexity_summary"][v]["peak_t_over_tau"] for v in VARIANTS},
        })
    fits = {"entropy_end": loglog_fit(sizes, [r["entropy_end"] for r in rows])}
    for v in VARIANTS:
        fits[f"{v}_peak"] = loglog_fit(sizes, [r[f"{v}_peak"] for r in rows])
        fits[f"{v}_peak_t"] = loglog_fit(sizes, [r[f"{v}_peak_t"] for r in rows])
    return {"model": model, "sizes": sizes, "grain": "default_grain(n)" if grain is None else grain,
            "rows": rows, "fits": fits}
