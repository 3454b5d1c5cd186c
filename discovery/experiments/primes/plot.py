"""The figures of the prime experiments (matplotlib; the caller chooses the backend).

* ``primes``: pi(N)/N against 1/ln N, 1/(ln N - 1) and the independence product; Mertens' residuals;
* ``erdos-kac``: the law of omega(n) against the normals and Kac's model; its variance against ln ln N;
* ``prime-coding``: bits per integer of every string at N; the prime string against the bounds along N;
* ``learnability``: ROC-AUC, precision and recall of every model.

>>> none_to_nan([0.5, None]).tolist()
[0.5, nan]
"""

from __future__ import annotations

from typing import Any

from discovery.experiments.figures import grouped_bars, label_axes, save_figure


def none_to_nan(values: list[float | None]) -> Any:
    """A float array of ``values`` with ``None`` (an undefined point of a curve) as NaN, so it is not drawn."""
    import numpy as np

    return np.array([np.nan if v is None else v for v in values], dtype=float)


def primes_plot(r: dict[str, Any], path: str) -> None:
    """Two panels: the prime density with 1/ln N, 1/(ln N - 1) and prod_(p <= sqrt N)(1 - 1/p) (log N);
    Mertens' residuals r1, r2, r3 (symmetric log scale)."""
    import math

    import matplotlib.pyplot as plt
    import numpy as np

    c = r["curve"]
    x = np.array(c["N"], dtype=float)
    fig, (a, b) = plt.subplots(1, 2, figsize=(12, 4.5))
    a.plot(x, c["density"], "k-", lw=2, label="pi(N)/N (data)")
    a.plot(x, 1 / np.log(x), "--", label="1/ln N")
    with np.errstate(divide="ignore", invalid="ignore"):
        a.plot(x[x > math.e], 1 / (np.log(x[x > math.e]) - 1), ":", label="1/(ln N - 1)")
    a.plot(x, c["independence_product"], "-.", label="prod_(p<=sqrt N) (1-1/p)")
    a.set_xscale("log")
    a.set_ylim(0, 0.6)
    label_axes(a, "N", "density", "Prime density and the independence model")
    for key, lab in (("r1", "r1 (Mertens 1)"), ("r2", "r2 (Mertens 2)"), ("r3", "r3 (Mertens 3)")):
        b.plot(x, none_to_nan(c[key]), ".-", label=lab)
    b.axhline(0, color="gray", lw=0.8)
    b.set_xscale("log")
    b.set_yscale("symlog", linthresh=1e-4)
    label_axes(b, "N", title="Mertens residuals")
    save_figure(fig, path)


def erdos_kac_plot(r: dict[str, Any], path: str) -> None:
    """Two panels: the frequencies of omega(n) = k with N(ln ln N, ln ln N), the best normal and Kac's model;
    the variance of omega on [1, N] against ln ln N, ln ln N + c0, Kac's variance and the fit."""
    import matplotlib.pyplot as plt
    import numpy as np

    d = r["distribution"]
    k = np.array(d["k"])
    fig, (a, b) = plt.subplots(1, 2, figsize=(12, 4.5))
    a.bar(k, d["frequency"], color="0.75", label="omega(n), n <= N (data)")
    a.plot(k, d["normal_ln_ln_N"], "o-", label="N(ln ln N, ln ln N) (Erdős–Kac)")
    a.plot(k, d["normal_best"], "s--", label="normal, data mean and variance")
    a.plot(k, d["kac_model"], "^:", label="Kac model (indep. Bernoulli(1/p))")
    label_axes(a, "k = omega(n)", "fraction of n <= N",
               f"omega(n) on [1, {r['N']}]: TV to Erdős–Kac normal {r['distances']['tv_to_normal_ln_ln_N']:.3f}",
               fontsize=8)
    g = r["grid"]
    x = np.array(g["N"], dtype=float)
    lln = np.log(np.log(x))
    b.plot(lln, g["variance"], "k.-", label="Var omega (data)")
    b.plot(lln, lln, "--", label="ln ln N")
    b.plot(lln, lln + r["c0_theory"], ":", label="ln ln N + c0 (c0 = -1.8357)")
    b.plot(lln, g["kac_model_variance"], "-.", label="Kac model variance")
    f = r["fit"]
    if f is not None:
        ln = np.log(x)
        b.plot(lln, lln + f["c0"] + f["c1"] / ln + f["c2"] / ln**2, "r-", lw=0.8,
               label=f"fit: c0 = {f['c0']:.3f}")
    label_axes(b, "ln ln N", "variance", "Variance of omega on [1, N]", fontsize=8)
    save_figure(fig, path)


def prime_coding_plot(r: dict[str, Any], path: str) -> None:
    """Two panels: bits per integer of every string under every compressor at N (surrogates: mean +- sd),
    with the entropy, wheel-30 and best model-code lines; the prime string along N against the bounds (log-log)."""
    import matplotlib.pyplot as plt
    import numpy as np

    names = list(r["compressors"])
    row = r["at_N"]
    strings = list(row["bits_per_integer"])
    fig, (a, b) = plt.subplots(1, 2, figsize=(13, 4.8))
    width = 0.8 / len(strings)
    xs = np.arange(len(names))
    for i, s in enumerate(strings):
        err = None if s == "primes" else [row["surrogate_comparison"][s][c]["sd"] for c in names]
        a.bar(xs + i * width, [row["bits_per_integer"][s][c] for c in names], width, yerr=err, capsize=2,
              label=s if s == "primes" else f"{s} (mean +- sd)")
    best = row["model_codes"][row["best_model"]]["bound_bits_per_integer"]
    a.axhline(best, color="b", ls="-", lw=1, label=f"model code {row['best_model']} = {best:.3f}")
    bd = row["bounds"]
    for key, style, lab in (("iid_entropy", "k--", "iid entropy h(pi/N)"), ("cramer_entropy", "m:", "Cramér entropy"),
                            ("wheel_30", "g-.", "wheel-30 bound")):
        a.axhline(bd[key], color=style[0], ls=style[1:], label=f"{lab} = {bd[key]:.3f}")
    a.set_xticks(xs + 0.4 - width / 2)
    a.set_xticklabels(names)
    a.set_ylim(0, 1.45 * max(max(row["bits_per_integer"][s].values()) for s in strings))
    label_axes(a, ylabel="bits per integer", title=f"Compressed X_N at N = {r['N']} ({r['serialisation']['name']})",
               fontsize=7, ncol=3, loc="upper center")
    ns = np.array([t["N"] for t in r["table"]], dtype=float)
    for c in names:
        b.plot(ns, [t["bits_per_integer"]["primes"][c] for t in r["table"]], "o-", label=f"primes, {c}")
    b.plot(ns, [t["bounds"]["iid_entropy"] for t in r["table"]], "k--", label="iid entropy")
    b.plot(ns, [t["bounds"]["wheel_30"] for t in r["table"]], "g-.", label="wheel-30 bound")
    b.plot(ns, [t["model_codes"]["kt_residue_mod_2310"]["bound_bits_per_integer"] for t in r["table"]], "b-",
           label="KT code, residues mod 2310")
    b.plot(ns, [t["bounds"]["kolmogorov_literal"] for t in r["table"]], "r:", label="log2 N + c (sieve program)")
    b.set_xscale("log")
    b.set_yscale("log")
    label_axes(b, "N", "bits per integer", "Prime string vs bounds", fontsize=7)
    save_figure(fig, path)


def learnability_plot(r: dict[str, Any], path: str) -> None:
    """One panel: ROC-AUC, precision and recall of every model on the test set, with chance and prevalence."""
    import matplotlib.pyplot as plt
    import numpy as np

    names = list(r["models"])
    m = r["models"]
    xs = np.arange(len(names))
    fig, ax = plt.subplots(figsize=(12, 4.8))
    ax.errorbar(xs - 0.27, [m[k]["auc"] for k in names],
                yerr=[[m[k]["auc"] - m[k]["auc_ci"][0] for k in names], [m[k]["auc_ci"][1] - m[k]["auc"] for k in names]],
                fmt="none", ecolor="k", capsize=2, label="95% bootstrap interval")
    grouped_bars(ax, xs, {"ROC-AUC": [m[k]["auc"] for k in names],
                          "precision": [m[k]["precision"] or 0 for k in names],
                          "recall": [m[k]["recall"] or 0 for k in names]}, 0.27)
    ax.axhline(0.5, color="k", ls="--", lw=0.8, label="chance AUC")
    ax.axhline(r["class_balance"]["test"]["prevalence"], color="gray", ls=":", lw=0.8, label="prevalence")
    ax.set_xticks(xs)
    ax.set_xticklabels(names, rotation=25, ha="right", fontsize=8)
    ax.set_ylim(0, 1.05)
    label_axes(ax, title=f"Predicting primality of {r['bits']}-bit integers (test set)", fontsize=8)
    save_figure(fig, path)
