"""The figure of the coffee experiment: per model the entropy and the apparent-complexity curves
(with their row-shuffle surrogates) against t/tau; the scaling fits when they were run.  The erratum
is quoted in the title.  The caller chooses the matplotlib backend.

>>> fit_label("interacting", "3-bucket", {"exponent": 3.98, "exponent_stderr": 0.05})
'interacting 3-bucket: n^3.98 ± 0.05'
>>> fit_label("interacting", "3-bucket", None)
'interacting 3-bucket: no fit'
"""

from __future__ import annotations

from typing import Any

from discovery.experiments.coffee.parameters import VARIANTS
from discovery.experiments.figures import label_axes, save_figure

COLOURS = ("tab:blue", "tab:red")
"""One colour per coarse-graining variant."""


def fit_label(model: str, variant: str, fit: dict[str, Any] | None) -> str:
    """The legend of one scaling series: the fitted exponent ``b`` of ``y ~ A n^b`` (± its standard error), or none."""
    if not fit:
        return f"{model} {variant}: no fit"
    se = fit.get("exponent_stderr")
    return f"{model} {variant}: n^{fit['exponent']:.2f}" + (f" ± {se:.2f}" if se is not None else "")


def _run_panels(axes: Any, r: dict[str, Any]) -> None:
    """Entropy (left) and apparent complexity with the surrogates (right) of one run, against t/tau."""
    import numpy as np

    x = np.asarray(r["t_over_tau"][1:])
    ax = axes[0]
    ax.plot(x, r["entropy"][1:], color="black")
    ax.set_xscale("log")
    ax.set_xlabel("t / tau")
    ax.set_ylabel(f"entropy: {r['compressor']} bytes")
    ax.set_title(f"{r['model']} n={r['n']}: fine-grained (entropy)")
    ax = axes[1]
    for v, c in zip(VARIANTS, COLOURS):
        ax.plot(x, r["complexity"][v][1:], color=c, label=v)
        if "surrogate_complexity" in r:
            ax.plot(x, r["surrogate_complexity"][v][1:], color=c, ls=":", label=f"{v}, row-shuffle surrogate")
    ax.set_xscale("log")
    label_axes(ax, "t / tau", f"apparent complexity: {r['compressor']} bytes",
               f"{r['model']} n={r['n']}: coarse-grained g={r['grain']} (apparent complexity)", fontsize=7)


def _scaling_panels(axc: Any, axt: Any, series: list[dict[str, Any]]) -> None:
    """Peak complexity (``axc``) and peak time (``axt``) against n, log-log, with the fitted power laws."""
    import numpy as np
    from matplotlib.ticker import FixedLocator, NullLocator, ScalarFormatter

    for sc, mk in zip(series, ("o", "s")):
        ns = np.asarray(sc["sizes"], dtype=float)
        for v, c in zip(VARIANTS, COLOURS):
            for ax, key in ((axc, f"{v}_peak"), (axt, f"{v}_peak_t")):
                f = sc["fits"][key]
                xs = np.asarray([r["n"] for r in sc["rows"] for _ in r[key]["values"]], dtype=float)
                ys = np.asarray([y for r in sc["rows"] for y in r[key]["values"]], dtype=float)
                ok = ys > 0
                ax.loglog(xs[ok], ys[ok], mk, color=c, alpha=0.5, ms=4, label=fit_label(sc["model"], v, f))
                if f:
                    ax.loglog(ns, f["prefactor"] * ns ** f["exponent"], color=c, lw=0.8)
    sizes = sorted({n for sc in series for n in sc["sizes"]})
    for ax, ylabel, title in ((axc, "peak apparent complexity (bytes)", "scaling of the peak"),
                              (axt, "time of the peak (model steps)",
                               "scaling of the peak time (interacting: swaps; non-interacting: steps)")):
        ax.xaxis.set_major_locator(FixedLocator(sizes))
        ax.xaxis.set_minor_locator(NullLocator())
        ax.xaxis.set_major_formatter(ScalarFormatter())
        label_axes(ax, "n", ylabel, title, fontsize=7)


def coffee_plot(res: dict[str, Any], path: str) -> None:
    """PNG: per model, entropy and the complexity curves (with surrogates) against t/tau; scaling if run."""
    import matplotlib.pyplot as plt

    runs = res["runs"]
    nrow = len(runs) + (1 if res.get("scaling") else 0)
    fig, axes = plt.subplots(nrow, 2, figsize=(12, 3.6 * nrow), squeeze=False)
    for i, r in enumerate(runs):
        _run_panels(axes[i], r)
    if res.get("scaling"):
        _scaling_panels(*axes[-1], res["scaling"])
    fig.suptitle("Coffee automaton after arXiv:1405.6903 (first seed's run; dotted: row-shuffle surrogate).\n"
                 "The authors' erratum: the rise and fall they measured is \"likely explainable\" by border-pixel "
                 "artifacts of the coarse-graining.", fontsize=9)
    save_figure(fig, path, rect=(0, 0, 1, 0.95))
