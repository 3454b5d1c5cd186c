r"""One run of a coffee automaton: from cream on top to well mixed, every snapshot measured.

Snapshots are taken at :math:`t = 0` and on the geometric schedule :math:`t_k = \mathrm{round}(t_1
r^{k-1})`, :math:`t_1 = 10^{-3}\tau`, up to :math:`t_{end} = \text{mix}\cdot\tau` (duplicates after
rounding removed; :math:`\tau` from :func:`~discovery.experiments.coffee.automaton.diffusion_time`).
At each snapshot the entropy and the two apparent complexities are measured
(:mod:`discovery.experiments.coffee.measures`), also on a row-shuffle surrogate of the state.  A
curve *rises and falls* when its peak is at least :data:`RISE_FALL_FACTOR` times both its start
and its end.

>>> schedule(20, "interacting", snapshots=5)
[0, 31, 619, 12364, 246920]
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from discovery.experiments import ProgressFn
from discovery.experiments.coffee.automaton import CoffeeAutomaton, diffusion_time, validate_model, validate_size
from discovery.experiments.coffee.measures import (
    apparent_complexity,
    default_grain,
    entropy_estimate,
    row_shuffle_surrogate,
    validate_grain,
)
from discovery.experiments.coffee.parameters import (
    CHUNK,
    COMPRESSORS,
    DEFAULT_MIX,
    DEFAULT_SNAPSHOTS,
    FIRST_SNAPSHOT,
    MAX_SNAPSHOTS,
    MODELS,
    RISE_FALL_FACTOR,
    VARIANTS,
)


def schedule(n: int, model: str, snapshots: int = DEFAULT_SNAPSHOTS, mix: float = DEFAULT_MIX) -> list[int]:
    """Snapshot times: 0, then geometric from 1e-3 tau to mix * tau (about ``snapshots`` in all)."""
    if snapshots < 3 or snapshots > MAX_SNAPSHOTS:
        raise ValueError(f"the number of snapshots must be between 3 and {MAX_SNAPSHOTS}, got {snapshots}")
    if not (0 < mix <= 1000):
        raise ValueError(f"the mixing factor must be in (0, 1000], got {mix}")
    tau = diffusion_time(n, model)
    t_end = max(2, int(round(mix * tau)))
    t_1 = max(1, int(round(min(FIRST_SNAPSHOT, mix / 10) * tau)))
    ts = np.geomspace(t_1, t_end, snapshots - 1)
    out = [0] + sorted({int(round(x)) for x in ts})
    out[-1] = t_end
    return out


def _summary(values: Sequence[float], times: Sequence[int], tau: float) -> dict[str, Any]:
    v = np.asarray(values, dtype=float)
    k = int(np.argmax(v))
    start, end, peak = float(v[0]), float(v[-1]), float(v[k])
    return {
        "start": int(start), "end": int(end), "peak": int(peak), "peak_index": k,
        "peak_t": int(times[k]), "peak_t_over_tau": times[k] / tau,
        "peak_over_start": peak / start, "peak_over_end": peak / end,
        "rises_and_falls": bool(peak >= RISE_FALL_FACTOR * start and peak >= RISE_FALL_FACTOR * end),
    }


def run_model(n: int, model: str = "interacting", grain: int | None = None, snapshots: int = DEFAULT_SNAPSHOTS,
              seed: int = 0, compressor: str = "zlib", mix: float = DEFAULT_MIX, surrogate: bool = True,
              progress: ProgressFn | None = None) -> dict[str, Any]:
    """Run one automaton from t = 0 to mix * tau and measure every snapshot.

    Returns a JSON-ready dict: parameters, ``t`` (snapshot times in the model's steps),
    ``t_over_tau``, ``entropy`` (bytes), ``complexity`` and (if ``surrogate``)
    ``surrogate_complexity`` per variant (bytes), their summaries (start, end, peak, peak time,
    ratios, ``rises_and_falls`` = peak >= 3x start and end), the entropy's largest drop below its
    running maximum, the cream count at start and end, and the dynamics' speed.
    ``progress(label, done_steps, total_steps)`` is called after each snapshot and chunk of dynamics.
    """
    n = validate_size(n)
    validate_model(model)
    g = default_grain(n) if grain is None else validate_grain(grain, n)
    if compressor not in COMPRESSORS:
        raise ValueError(f"unknown compressor {compressor!r}; choose one of {', '.join(COMPRESSORS)}")
    times = schedule(n, model, snapshots, mix)
    tau = diffusion_time(n, model)
    auto = CoffeeAutomaton(n, model, seed)
    srng = np.random.default_rng([int(seed) & (2**63 - 1), MODELS.index(model), n, 1])
    cream0 = auto.cream()
    entropy: list[int] = []
    cx: dict[str, list[int]] = {v: [] for v in VARIANTS}
    sx: dict[str, list[int]] = {v: [] for v in VARIANTS}
    dyn_seconds = 0.0
    auto.advance(0)  # no-op, but loads (or compiles) the kernel outside the timed loop
    label = f"{model} n={n}"
    per_step = 1 if model == "interacting" else n * n // 2
    chunk = max(1, CHUNK // per_step)
    for t in times:
        while auto.t < t:
            t0 = time.perf_counter()
            auto.advance(min(chunk, t - auto.t))
            dyn_seconds += time.perf_counter() - t0
            if progress is not None and auto.t < t:
                progress(label, auto.t, times[-1])
        st = auto.state()
        entropy.append(entropy_estimate(st, compressor))
        sur = row_shuffle_surrogate(st, srng) if surrogate else None
        for v in VARIANTS:
            cx[v].append(apparent_complexity(st, g, v, compressor))
            if sur is not None:
                sx[v].append(apparent_complexity(sur, g, v, compressor))
        if progress is not None:
            progress(label, t, times[-1])
    ent = np.asarray(entropy, dtype=float)
    running = np.maximum.accumulate(ent)
    out: dict[str, Any] = {
        "model": model, "n": n, "grain": g, "seed": seed, "compressor": compressor, "mix": mix,
        "tau": tau,
        "time_unit": "chosen adjacent pairs (swap attempts)" if model == "interacting" else "steps (every particle moves once)",
        "t": times, "t_over_tau": [t / tau for t in times],
        "entropy": entropy,
        "complexity": cx,
        "entropy_summary": {
            "start": entropy[0], "end": entropy[-1], "max": int(ent.max()),
            "max_drop_below_running_max": float(np.max(1.0 - ent / running)),
        },
        "complexity_summary": {v: _summary(cx[v], times, tau) for v in VARIANTS},
        "cream_start": cream0, "cream_end": auto.cream(),
        "dynamics_seconds": dyn_seconds,
        "steps_per_second": times[-1] / dyn_seconds if dyn_seconds > 0 else None,
    }
    if surrogate:
        out["surrogate_complexity"] = sx
        out["surrogate_summary"] = {v: _summary(sx[v], times, tau) for v in VARIANTS}
    return out

