r"""Scaling of the coffee automaton with the grid size: peak complexity, its time, the final entropy.

Over several sizes and seeds the peak complexity, its time and the final entropy are fitted by
least squares in log-log form, :math:`\log y = \log A + b \log n` (``scipy.stats.linregress`` on
every (size, seed) run), with the exponent's standard error, its 95 % interval and :math:`r^2`. The paper (Figs. 6-8)
reports entropy maximum :math:`\propto n^2`, complexity maximum roughly linear in ``n`` and the time
of the maximum quadratic in ``n`` in its time units. Here the interacting model's clock counts single
swaps, so a peak at a fixed multiple of :math:`\tau` means :math:`t_{peak} \propto n^4` swaps
(:math:`n^2` sweeps over all pairs); for the non-interacting model :math:`t_{peak} \propto n^2` steps.

>>> f = loglog_fit([10, 20, 40], [3.0, 12.0, 48.0])
>>> round(f["exponent"], 9), round(f["prefactor"], 9), round(f["r2"], 9), f["exponent_stderr"] < 1e-9
(2.0, 0.03, 1.0, True)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy import stats

from discovery.experiments import ProgressFn
from discovery.experiments.coffee.automaton import validate_size
from discovery.experiments.coffee.parameters import DEFAULT_MIX, DEFAULT_SEEDS, DEFAULT_SNAPSHOTS, VARIANTS
from discovery.experiments.coffee.run import run_model


def loglog_fit(xs: Sequence[float], ys: Sequence[float]) -> dict[str, Any] | None:
    """Least-squares fit of log y = log A + b log x (``scipy.stats.linregress``): b with its standard
    error and 95 % Student-t interval, A, r^2 and the number of points.

    ``None`` when some y is not positive (e.g. a complexity whose maximum is at t = 0: it never rose)
    or all x are equal.
    """
    if min(ys) <= 0 or len(set(xs)) < 2:
        return None
    lx = np.log(np.asarray(xs, dtype=float))
    ly = np.log(np.asarray(ys, dtype=float))
    fit = stats.linregress(lx, ly)
    k = lx.size
    half = float(stats.t.ppf(0.975, k - 2)) * float(fit.stderr) if k > 2 else math.inf
    return {"exponent": float(fit.slope), "exponent_stderr": float(fit.stderr) if k > 2 else None,
            "exponent_ci95": [float(fit.slope) - half, float(fit.slope) + half] if k > 2 else None,
            "prefactor": float(math.exp(fit.intercept)), "r2": float(fit.rvalue ** 2) if k > 2 else 1.0, "points": k}


def _row(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """One size: the per-seed values and their mean and sd."""
    keys = {"entropy_end": lambda r: r["entropy_summary"]["end"]}
    for v in VARIANTS:
        keys[f"{v}_peak"] = lambda r, v=v: r["complexity_summary"][v]["peak"]
        keys[f"{v}_peak_t"] = lambda r, v=v: r["complexity_summary"][v]["peak_t"]
        keys[f"{v}_peak_t_over_tau"] = lambda r, v=v: r["complexity_summary"][v]["peak_t_over_tau"]
    row: dict[str, Any] = {"n": runs[0]["n"], "grain": runs[0]["grain"], "tau": runs[0]["tau"],
                           "seeds": [r["seed"] for r in runs]}
    for key, get in keys.items():
        vals = [float(get(r)) for r in runs]
        row[key] = {"values": vals, "mean": float(np.mean(vals)),
                    "sd": float(np.std(vals, ddof=1)) if len(vals) > 1 else None}
    return row


def scaling(sizes: Sequence[int], model: str = "interacting", grain: int | None = None,
            snapshots: int = DEFAULT_SNAPSHOTS, seeds: Sequence[int] = tuple(range(DEFAULT_SEEDS)),
            compressor: str = "zlib", mix: float = DEFAULT_MIX, progress: ProgressFn | None = None) -> dict[str, Any]:
    """Peak complexity, its time and the final entropy over several sizes and seeds, with log-log fits in n.

    Every (size, seed) run is one point of the fit (``len(sizes) * len(seeds)`` points), so the
    exponent's interval carries the seed-to-seed scatter of the peaks and of their times (the
    argmax of a flat, noisy curve moves a lot).  ``grain=None`` uses :func:`default_grain` at each
    size (g grows with n); an explicit grain is kept fixed across sizes.
    """
    sizes = sorted({validate_size(s) for s in sizes})
    if len(sizes) < 2:
        raise ValueError("the scaling fit needs at least two grid sizes")
    seeds = [int(s) for s in seeds]
    if not seeds or len(set(seeds)) != len(seeds):
        raise ValueError("the scaling fit needs at least one seed, each seed once")
    rows = [_row([run_model(n, model, grain, snapshots, sd, compressor, mix, surrogate=False, progress=progress)
                  for sd in seeds]) for n in sizes]
    xs = [row["n"] for row in rows for _ in seeds]

    def fit(key: str) -> dict[str, Any] | None:
        return loglog_fit(xs, [y for row in rows for y in row[key]["values"]])

    fits = {"entropy_end": fit("entropy_end")}
    for v in VARIANTS:
        fits[f"{v}_peak"] = fit(f"{v}_peak")
        fits[f"{v}_peak_t"] = fit(f"{v}_peak_t")
    return {"model": model, "sizes": sizes, "seeds": seeds, "grain": "default_grain(n)" if grain is None else grain,
            "rows": rows, "fits": fits}
