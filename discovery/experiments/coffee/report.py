"""The text report of the coffee experiment: per model a subsampled snapshot table and the peak
summary, the erratum right after the rise-and-fall results, then the scaling fits.

Tables are drawn by :func:`discovery.cli.output.table_text`.

>>> fmt_time(1234.5), fmt_time(2.5e6)
('1.23e+03', '2.50e+06')
"""

from __future__ import annotations

from typing import Any

import numpy as np

from discovery.cli.output import table_text
from discovery.experiments.coffee.parameters import VARIANTS


def fmt_time(t: float) -> str:
    """A snapshot time in a short form: 3 significant digits, in exponent form from 10^5 on."""
    return f"{t:.3g}" if t < 1e5 else f"{t:.2e}"


def _snapshot_table(r: dict[str, Any], rows: int) -> str:
    """About ``rows`` evenly spaced snapshots and the peaks: t, t/tau, entropy, both complexities
    (and the row-shuffle surrogate's)."""
    k = len(r["t"])
    idx = sorted({int(round(i)) for i in np.linspace(0, k - 1, min(rows, k))}
                 | {r["complexity_summary"][v]["peak_index"] for v in VARIANTS})
    headers = ["t", "t/tau", "entropy", "3-bucket", "7b-adj"]
    surrogate = "surrogate_complexity" in r
    if surrogate:
        headers += ["surr 3b", "surr 7b"]
    body = []
    for i in idx:
        row = [fmt_time(r["t"][i]), f"{r['t_over_tau'][i]:.4f}", r["entropy"][i],
               r["complexity"]["3-bucket"][i], r["complexity"]["7-bucket-adjusted"][i]]
        if surrogate:
            row += [r["surrogate_complexity"][v][i] for v in VARIANTS]
        body.append(row)
    return table_text(headers, body)


def _run_lines(r: dict[str, Any], rows: int) -> list[str]:
    """The block of one run: parameters, snapshot table, entropy and complexity summaries."""
    out = [f"== {r['model']} model, n = {r['n']}, grain g = {r['grain']}, compressor {r['compressor']}, "
           f"seed {r['seed']} ==",
           f"time unit: {r['time_unit']}; tau = {fmt_time(r['tau'])} (slowest diffusive mode); "
           f"run to {r['mix']:g} tau = {fmt_time(r['t'][-1])}; "
           f"{r['steps_per_second'] or 0:,.0f} steps/s",
           f"cream particles: {r['cream_start']} at t = 0, {r['cream_end']} at the end",
           _snapshot_table(r, rows)]
    es = r["entropy_summary"]
    out.append(f"entropy (bytes): {es['start']} -> {es['end']} (max {es['max']}); largest drop below its "
               f"running maximum {100 * es['max_drop_below_running_max']:.2f}%")
    for v in VARIANTS:
        s = r["complexity_summary"][v]
        verdict = "rises and falls (peak >= 3x start and end)" if s["rises_and_falls"] else "no 3x rise and fall"
        out.append(f"apparent complexity {v}: start {s['start']}, peak {s['peak']} at t = {fmt_time(s['peak_t'])} "
                   f"({s['peak_t_over_tau']:.3f} tau), end {s['end']}; peak/start {s['peak_over_start']:.2f}, "
                   f"peak/end {s['peak_over_end']:.2f}: {verdict}")
        if s["rises_and_falls"]:
            out.append("    -> see the erratum below: this rise and fall is attributed to border artifacts of "
                       "the coarse-graining, not to genuine complexity.")
        if "surrogate_summary" in r:
            ss = r["surrogate_summary"][v]
            out.append(f"    row-shuffle surrogate (no 2-D structure): peak {ss['peak']} at "
                       f"{ss['peak_t_over_tau']:.3f} tau; actual/surrogate peak "
                       f"{s['peak'] / ss['peak']:.2f}")
    return out


def _scaling_lines(sc: dict[str, Any]) -> list[str]:
    """The block of one scaling series: a row per size and the log-log fits."""
    rows = [[row["n"], row["grain"], row["entropy_end"], row["3-bucket_peak"],
             f"{row['3-bucket_peak_t_over_tau']:.3f}", row["7-bucket-adjusted_peak"],
             f"{row['7-bucket-adjusted_peak_t_over_tau']:.3f}"] for row in sc["rows"]]
    out = ["", f"== scaling, {sc['model']} model, sizes {sc['sizes']}, grain {sc['grain']} ==",
           table_text(["n", "g", "entropy end", "peak 3b", "t/tau", "peak 7b-adj", "t/tau"], rows)]
    for key, f in sc["fits"].items():
        if f is None:
            out.append(f"  fit {key}: none (the value is 0 at some size: the maximum is at t = 0, no rise)")
            continue
        out.append(f"  fit {key} ~ {f['prefactor']:.3g} * n^{f['exponent']:.2f}  (r^2 = {f['r2']:.3f})")
    return out


def coffee_text(res: dict[str, Any], rows: int = 14) -> str:
    """The human-readable report of :func:`~discovery.experiments.coffee.experiment.run_experiment`.

    Per model about ``rows`` snapshots (entropy and the two apparent complexities) and the peak
    summary (peak >= 3x start and end counts as a rise and fall), then the erratum, then the
    scaling fits ``y ~ A n^b`` (followed by the erratum again)."""
    out: list[str] = [f"Coffee automaton -- {res['paper']}", ""]
    for r in res["runs"]:
        out += _run_lines(r, rows) + [""]
    out.append(res["erratum"])
    out.append(res["erratum_applies_to"])
    if res.get("scaling"):
        for sc in res["scaling"]:
            out += _scaling_lines(sc)
        out += ["", "The erratum applies to the scaling fits above as well:", res["erratum"]]
    return "\n".join(out)
