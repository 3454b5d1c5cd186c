"""The plot of the ``complexity`` experiment: linear-complexity profiles, compressed sizes and LZ76,
each source next to its surrogates.

>>> e = {"bits_per_symbol": 1.5, "deciding": True, "null": {"mean": 2.2}, "shuffled": {"mean": 2.0},
...      "iid": {"mean": 2.1}}
>>> src = {"e": {"compression": {"decimal text": {"compressors": {"lzma": e}}}}}
>>> compression_bars(src)
{'data': [1.5], 'null': [2.2], 'shuffled': [2.0], 'iid': [2.1], 'labels': ['e\\nlzma']}
"""

from __future__ import annotations

from typing import Any

from discovery.experiments.complexity.experiment import best_compression
from discovery.experiments.figures import grouped_bars, label_axes, save_figure


def compression_bars(sources: dict[str, Any]) -> dict[str, list]:
    """Per source, the best deciding compressor's bits per symbol on the data and the mean on the
    order test's null and on its surrogates.

    The same serialisation and compressor (the best deciding one for the data) is shown for data,
    null and surrogates; the labels name source and compressor.
    """
    out: dict[str, list] = {"data": [], "null": [], "shuffled": [], "iid": [], "labels": []}
    for name, rec in sources.items():
        _, c, e = best_compression(rec["compression"])
        out["data"].append(e["bits_per_symbol"])
        out["null"].append(e["null"]["mean"])
        out["shuffled"].append(e["shuffled"]["mean"])
        out["iid"].append(e["iid"]["mean"])
        out["labels"].append(f"{name}\n{c}")
    return out


def _surrogate_bars(ax: Any, x: Any, data: list, shuffled: list, iid: list) -> None:
    grouped_bars(ax, x, {"data": data, "shuffled": shuffled, "iid same freq.": iid}, 0.27)


def complexity_plot(results: dict[str, Any], path: str) -> None:
    """PNG with three panels: the linear-complexity profiles L_n (log-log, with n/2), the best
    compressor's bits/symbol per source next to its surrogates, and normalised LZ76 next to its surrogates.

    The caller chooses the matplotlib backend (the CLI uses Agg; a notebook keeps its own).
    """
    import matplotlib.pyplot as plt
    import numpy as np

    src = results["sources"]
    fig, axes = plt.subplots(1, 3, figsize=(16, 4.8))
    ax = axes[0]
    for name, rec in src.items():
        curve = np.asarray(rec["linear_complexity"]["curve"], dtype=float)
        style = "-" if rec["kind"] == "partial quotients" else ":"
        ax.plot(curve[:, 0], curve[:, 1], style, label=f"{name} ({rec['linear_complexity']['field']})")
    top = max(rec["linear_complexity"]["n"] for rec in src.values())
    ax.plot([1, top], [0.5, top / 2], color="grey", lw=0.8, ls="--", label="n/2 (random)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    label_axes(ax, "prefix length n", "linear complexity L_n", "linear-complexity profile (Berlekamp-Massey)",
               fontsize=7)
    names = list(src)
    x = np.arange(len(names))
    ax = axes[1]
    bars = compression_bars(src)
    grouped_bars(ax, x, {"data": bars["data"], "null of the order test": bars["null"],
                         "shuffled": bars["shuffled"], "iid same freq.": bars["iid"]}, 0.2)
    ax.set_xticks(x, bars["labels"], fontsize=7)
    label_axes(ax, ylabel="bits per symbol (term or bit)",
               title="best deciding compressor: data vs null (random-real CFs / shuffles) and surrogates", fontsize=7)
    ax = axes[2]
    lz = [src[nm]["lz76"] for nm in names]
    _surrogate_bars(ax, x, [r["normalized"] for r in lz], [r["shuffled"]["mean"] for r in lz],
                    [r["iid"]["mean"] for r in lz])
    ax.set_xticks(x, names, fontsize=7)
    label_axes(ax, ylabel="c(n) log_A(n) / n", title="normalised LZ76 complexity", fontsize=7)
    save_figure(fig, path)
