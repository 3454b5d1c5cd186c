"""``esma experiment primes | erdos-kac | prime-coding | learnability``: the prime-coding experiments.

Only click, :mod:`discovery.experiments` and :mod:`discovery.cli.errors` are imported here; numpy,
numba, mpmath, matplotlib and the experiment modules (:mod:`discovery.primes`,
:mod:`discovery.prime_coding`, :mod:`discovery.learnability`) are imported inside the commands,
so ``esma --help`` stays fast.

Limits (refused with one sentence): ``--max`` at least 2 (``erdos-kac``: at least 16, so that
``ln ln N > 0``) and at most 2^27 = 134217728 for ``primes`` and ``erdos-kac`` (one byte per integer
per table; at the cap about 3 s / 0.65 GB and 6 s / 0.8 GB), 2^25 = 33554432 for ``prime-coding``
(six strings times four compressors: ~2.5 min / 2 GB at the cap); ``--bits`` between 8 and 22 for
``learnability`` (at 22 with ``--window 64``: about 20 s / 1.1 GB).
``--max`` accepts ``1000000``, ``10^6``, ``2^24`` or ``1e6``.
"""

from __future__ import annotations

import re
import sys
from contextlib import contextmanager
from typing import Any, Callable, Iterator

import click

from discovery.cli.errors import user_errors
from discovery.experiments import common_options, finish


class _IntExpr(click.ParamType):
    """An integer written as ``123``, ``1_000``, ``10^6``, ``2**24`` or ``1e6`` (must be exact)."""

    name = "INTEGER"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        text = str(value).strip().replace("_", "")
        m = re.fullmatch(r"([+-]?\d+)\s*(?:\^|\*\*)\s*(\d+)", text)
        try:
            if m:
                if int(m.group(2)) > 64:
                    self.fail(f"{value!r} is too large", param, ctx)
                return int(m.group(1)) ** int(m.group(2))
            if re.fullmatch(r"[+-]?\d+", text):
                return int(text)
            if re.fullmatch(r"[+-]?\d+(\.\d+)?[eE]\+?\d{1,2}", text):
                mant, exp = re.split("[eE]", text)
                from fractions import Fraction

                q = Fraction(mant) * 10 ** int(exp)
                if q.denominator == 1:
                    return int(q)
        except ValueError:
            pass
        self.fail(f"{value!r} is not an integer (examples: 1000000, 10^6, 2^24, 1e6)", param, ctx)


INT_EXPR = _IntExpr()


@contextmanager
def _progress(enabled: bool | None, total: int, label: str) -> Iterator[Callable[[str], None]]:
    """A stage callback drawing a click progress bar on stderr (when stderr is a terminal, or forced)."""
    show = sys.stderr.isatty() if enabled is None else enabled
    if not show:
        yield lambda stage: None
        return
    state = {"stage": ""}
    with click.progressbar(length=total, label=label, file=sys.stderr, show_eta=True, show_percent=True,
                           item_show_func=lambda _: state["stage"]) as bar:
        first = [True]

        def tick(stage: str) -> None:
            state["stage"] = stage
            if first[0]:
                first[0] = False
                bar.update(0)
            else:
                bar.update(1)

        yield tick
        bar.update(total - bar.pos)


_PROGRESS = click.option("--progress/--no-progress", default=None,
                         help="Show a progress bar on stderr (default: only when stderr is a terminal).")


# ------------------------------------------------------------------------------------------
# primes
# ------------------------------------------------------------------------------------------


@click.command()
@click.option("--max", "n_max", type=INT_EXPR, default=10**6, show_default=True,
              help="Largest N (2 .. 2^27); accepts 10^6, 2^24, 1e6.")
@_PROGRESS
@common_options
def primes(n_max: int, progress: bool | None, fmt: str, plot_path: str | None, save: bool,
           db_url: str | None) -> None:
    """Prime density, Mertens' three theorems and the independence model up to N.

    pi(N) and pi(N)/N against 1/ln N and 1/(ln N - 1) at powers of ten; Mertens' residuals
    r1 = sum ln p/p - ln N - E1, r2 = sum 1/p - ln ln N - B1, r3 = ln N prod(1 - 1/p) - exp(-gamma);
    the independence product prod_(p <= sqrt N)(1 - 1/p) next to the true density.
    """

    @user_errors
    def body() -> None:
        from discovery.primes import primes_experiment
        from discovery.sieve import MAX_N, check_n

        check_n(n_max, "N (--max)", MAX_N)
        with _progress(progress, 3, "primes") as tick:
            res = primes_experiment(n_max, progress=tick)
        finish("primes", {"max": n_max}, res, fmt, primes_text, primes_plot, plot_path, save, db_url)

    body()


def primes_text(r: dict[str, Any]) -> str:
    from discovery.cli.output import table_text

    rows = [[t["N"], t["pi"], f"{t['density']:.6g}", f"{t['one_over_ln']:.6g}",
             "-" if t["one_over_ln_minus_1"] is None else f"{t['one_over_ln_minus_1']:.6g}", f"{t['li']:.1f}"]
            for t in r["table"]]
    out = [f"Prime density up to N = {r['N']} (exact counts from a sieve)", "",
           table_text(["N", "pi(N)", "pi(N)/N", "1/ln N", "1/(ln N - 1)", "li(N) (estimate)"], rows), ""]
    mrows = [[m["N"], f"{m['r1']:+.3e}", "-" if m["N"] < 3 else f"{m['r2']:+.3e}", f"{m['r3']:+.3e}"]
             for m in r["mertens_table"]]
    out += ["Mertens' residuals (r1: sum ln p/p - ln N - E1; r2: sum 1/p - ln ln N - B1; "
            "r3: ln N prod(1-1/p) - e^-gamma)", "", table_text(["N", "r1", "r2", "r3"], mrows), ""]
    i = r["independence"]
    out += [f"Independence model at N = {r['N']}: prod_(p <= sqrt N)(1 - 1/p) = {i['product']:.6g}; "
            f"pi(N)/N = {i['true_density']:.6g}; sieve survivors/N = {i['survivor_density']:.6g}", ""]
    out += ["Verdicts:"] + [f"- {v}" for v in r["verdicts"]]
    return "\n".join(out)


def primes_plot(r: dict[str, Any], path: str) -> None:
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
    a.set_xlabel("N")
    a.set_ylabel("density")
    a.set_title("Prime density and the independence model")
    a.legend()
    for key, lab in (("r1", "r1 (Mertens 1)"), ("r2", "r2 (Mertens 2)"), ("r3", "r3 (Mertens 3)")):
        y = np.array([np.nan if v is None else v for v in c[key]], dtype=float)
        b.plot(x, y, ".-", label=lab)
    b.axhline(0, color="gray", lw=0.8)
    b.set_xscale("log")
    b.set_yscale("symlog", linthresh=1e-4)
    b.set_xlabel("N")
    b.set_title("Mertens residuals")
    b.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


# ------------------------------------------------------------------------------------------
# erdos-kac
# ------------------------------------------------------------------------------------------


@click.command("erdos-kac")
@click.option("--max", "n_max", type=INT_EXPR, default=10**7, show_default=True,
              help="Largest N (16 .. 2^27); accepts 10^7, 2^24, 1e7.")
@click.option("--seed", type=int, default=20240318, show_default=True, help="Seed of the normality-test subsample.")
@_PROGRESS
@common_options
def erdos_kac(n_max: int, seed: int, progress: bool | None, fmt: str, plot_path: str | None, save: bool,
              db_url: str | None) -> None:
    """omega(n) on [1, N] against ln ln N, the corrected mean and variance, Kac's model and the normal law.

    Mean vs ln ln N + B1 + (gamma - 1)/ln N; variance vs ln ln N + c0 (c0 = B1 - P(2) - zeta(2)),
    with c0 fitted over 40 values of N; Kac's independence-model variance; total variation and KS
    distances to N(ln ln N, ln ln N); chi-square and Jarque-Bera normality tests.
    """

    @user_errors
    def body() -> None:
        from discovery.primes import ERDOS_KAC_MIN_N, erdos_kac_experiment
        from discovery.sieve import MAX_N, check_n

        check_n(n_max, "N (--max)", MAX_N, low=ERDOS_KAC_MIN_N, why="ln ln N must be positive")
        with _progress(progress, 4, "erdos-kac") as tick:
            res = erdos_kac_experiment(n_max, progress=tick, seed=seed)
        finish("erdos-kac", {"max": n_max, "seed": seed}, res, fmt, erdos_kac_text, erdos_kac_plot, plot_path,
               save, db_url)

    body()


def erdos_kac_text(r: dict[str, Any]) -> str:
    from discovery.cli.output import table_text

    d = r["distribution"]
    rows = [[k, c, f"{f:.5f}", f"{e:.5f}", f"{b:.5f}", f"{q:.5f}"]
            for k, c, f, e, b, q in zip(d["k"], d["count"], d["frequency"], d["normal_ln_ln_N"], d["normal_best"],
                                        d["kac_model"])]
    out = [f"omega(n) for n in [1, {r['N']}]: ln ln N = {r['ln_ln_N']:.6f}", "",
           table_text(["k", "#{n: omega(n)=k}", "frequency", "N(lnlnN, lnlnN)", "N(mean, var)", "Kac model"], rows),
           "",
           f"mean     {r['mean']:.6f}   corrected prediction {r['mean_prediction_corrected']:.6f}   "
           f"(ln ln N + B1 = {r['mean_prediction_B1']:.6f})",
           f"variance {r['variance']:.6f}   ln ln N + c0 = {r['variance_prediction']:.6f}   "
           f"Kac model {r['kac_model_variance']:.6f}", ""]
    out += ["Verdicts:"] + [f"- {v}" for v in r["verdicts"]]
    return "\n".join(out)


def erdos_kac_plot(r: dict[str, Any], path: str) -> None:
    import matplotlib.pyplot as plt
    import numpy as np

    d = r["distribution"]
    k = np.array(d["k"])
    fig, (a, b) = plt.subplots(1, 2, figsize=(12, 4.5))
    a.bar(k, d["frequency"], color="0.75", label="omega(n), n <= N (data)")
    a.plot(k, d["normal_ln_ln_N"], "o-", label="N(ln ln N, ln ln N) (Erdős–Kac)")
    a.plot(k, d["normal_best"], "s--", label="normal, data mean and variance")
    a.plot(k, d["kac_model"], "^:", label="Kac model (indep. Bernoulli(1/p))")
    a.set_xlabel("k = omega(n)")
    a.set_ylabel("fraction of n <= N")
    a.set_title(f"omega(n) on [1, {r['N']}]: TV to Erdős–Kac normal {r['distances']['tv_to_normal_ln_ln_N']:.3f}")
    a.legend(fontsize=8)
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
    b.set_xlabel("ln ln N")
    b.set_ylabel("variance")
    b.set_title("Variance of omega on [1, N]")
    b.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


# ------------------------------------------------------------------------------------------
# prime-coding
# ------------------------------------------------------------------------------------------


@click.command("prime-coding")
@click.option("--max", "n_max", type=INT_EXPR, default=10**6, show_default=True,
              help="Largest N (2 .. 2^25); rows at every power of ten below it and at N.")
@click.option("--compressor", "compressors", multiple=True, type=click.Choice(["zlib", "bz2", "lzma", "zstd"]),
              help="Compressor(s) to use (repeatable; default: every available one).")
@click.option("--serialisation", type=click.Choice(["packed", "ascii"]), default="packed", show_default=True,
              help="packed: numpy.packbits, 8 integers per byte; ascii: one '0'/'1' byte per integer (N <= 10^6).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the surrogate strings.")
@_PROGRESS
@common_options
def prime_coding(n_max: int, compressors: tuple[str, ...], serialisation: str, seed: int, progress: bool | None,
                 fmt: str, plot_path: str | None, save: bool, db_url: str | None) -> None:
    """Compressed size of the prime indicator string against surrogates and entropy bounds.

    Bits per integer of X_N (x_n = [n prime]) under zlib, bz2, lzma and zstd, next to iid
    Bernoulli(pi(N)/N), Cramér (Bernoulli(1/ln n)), wheel-30 (constant and 1/ln n density) and
    fair-bit surrogates (fixed seed),
    the iid entropy h(pi(N)/N), the wheel-W bounds and the literal bound K(X_N) <= log2 N + c.
    """

    @user_errors
    def body() -> None:
        from discovery.prime_coding import PRIME_CODING_MAX_N, STRINGS, _checkpoints, prime_coding_experiment
        from discovery.sieve import check_n

        check_n(n_max, "N (--max)", PRIME_CODING_MAX_N)
        total = 1 + len(_checkpoints(n_max)) * len(STRINGS)
        with _progress(progress, total, "prime-coding") as tick:
            res = prime_coding_experiment(n_max, compressors=list(compressors) or None, serialisation=serialisation,
                                          seed=seed, progress=tick)
        params = {"max": n_max, "compressors": list(compressors) or "all", "serialisation": serialisation,
                  "seed": seed}
        finish("prime-coding", params, res, fmt, prime_coding_text, prime_coding_plot, plot_path, save, db_url)

    body()


def prime_coding_text(r: dict[str, Any]) -> str:
    from discovery.cli.output import table_text

    names = list(r["compressors"])
    out = [f"Prime indicator string X_N, n = 1..N; serialisation: {r['serialisation']['name']} "
           f"({r['serialisation']['description']}); sizes: {r['size_measure']}; surrogate seed {r['seed']}", ""]
    for row in r["table"]:
        b = row["bounds"]
        rows = [[s] + [f"{row['bits_per_integer'][s][c]:.4f}" for c in names] for s in row["bits_per_integer"]]
        out += [f"N = {row['N']}, pi(N) = {row['pi']}: bits per integer "
                f"(iid entropy {b['iid_entropy']:.4f}, Cramér {b['cramer_entropy']:.4f}, wheel-30 {b['wheel_30']:.4f}, "
                f"wheel-210 {b['wheel_210']:.4f}, literal K bound {b['kolmogorov_literal']:.3g})",
                table_text(["string"] + names, rows), ""]
    out += ["Verdicts:"] + [f"- {v}" for v in r["verdicts"]]
    return "\n".join(out)


def prime_coding_plot(r: dict[str, Any], path: str) -> None:
    import matplotlib.pyplot as plt
    import numpy as np

    names = list(r["compressors"])
    row = r["at_N"]
    strings = list(row["bits_per_integer"])
    fig, (a, b) = plt.subplots(1, 2, figsize=(13, 4.8))
    width = 0.8 / len(strings)
    xs = np.arange(len(names))
    for i, s in enumerate(strings):
        a.bar(xs + i * width, [row["bits_per_integer"][s][c] for c in names], width, label=s)
    bd = row["bounds"]
    for key, style, lab in (("iid_entropy", "k--", "iid entropy h(pi/N)"), ("cramer_entropy", "m:", "Cramér entropy"),
                            ("wheel_30", "g-.", "wheel-30 bound")):
        a.axhline(bd[key], color=style[0], ls=style[1:], label=f"{lab} = {bd[key]:.3f}")
    a.set_xticks(xs + 0.4 - width / 2)
    a.set_xticklabels(names)
    a.set_ylabel("bits per integer")
    a.set_title(f"Compressed X_N at N = {r['N']} ({r['serialisation']['name']})")
    a.set_ylim(0, 1.45 * max(max(row["bits_per_integer"][s].values()) for s in strings))
    a.legend(fontsize=7, ncol=3, loc="upper center")
    ns = np.array([t["N"] for t in r["table"]], dtype=float)
    for c in names:
        b.plot(ns, [t["bits_per_integer"]["primes"][c] for t in r["table"]], "o-", label=f"primes, {c}")
    b.plot(ns, [t["bounds"]["iid_entropy"] for t in r["table"]], "k--", label="iid entropy")
    b.plot(ns, [t["bounds"]["wheel_30"] for t in r["table"]], "g-.", label="wheel-30 bound")
    b.plot(ns, [t["bounds"]["kolmogorov_literal"] for t in r["table"]], "r:", label="log2 N + c (sieve program)")
    b.set_xscale("log")
    b.set_yscale("log")
    b.set_xlabel("N")
    b.set_ylabel("bits per integer")
    b.set_title("Prime string vs bounds")
    b.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


# ------------------------------------------------------------------------------------------
# learnability
# ------------------------------------------------------------------------------------------


@click.command()
@click.option("--bits", type=int, default=18, show_default=True, help="Bit length B of the integers (8 .. 22).")
@click.option("--window", type=int, default=32, show_default=True,
              help="Previous indicator bits used for next-bit prediction (1 .. 64).")
@click.option("--test-fraction", type=float, default=0.3, show_default=True, help="Fraction held out for testing.")
@click.option("--seed", type=int, default=12345, show_default=True, help="Seed of the train/test split.")
@_PROGRESS
@common_options
def learnability(bits: int, window: int, test_fraction: float, seed: int, progress: bool | None, fmt: str,
                 plot_path: str | None, save: bool, db_url: str | None) -> None:
    """Predicting primality of B-bit integers: one feature, one feature per bit, wheel rules, next bit.

    Logistic regression (Newton/IRLS) on n itself, on its B binary digits and on a window of
    previous indicator bits, and the zero-parameter rules gcd(n, W) = 1 (W = 2, 6, 30, 210);
    ROC-AUC (rank statistic), precision and recall on a held-out set.
    """

    @user_errors
    def body() -> None:
        from discovery.learnability import check_bits, learnability_experiment

        check_bits(bits)
        with _progress(progress, 6, "learnability") as tick:
            res = learnability_experiment(bits, window=window, test_fraction=test_fraction, seed=seed, progress=tick)
        params = {"bits": bits, "window": window, "test_fraction": test_fraction, "seed": seed}
        finish("learnability", params, res, fmt, learnability_text, learnability_plot, plot_path, save, db_url)

    body()


def learnability_text(r: dict[str, Any]) -> str:
    from discovery.cli.output import table_text

    def f(v: Any) -> str:
        return "n/a" if v is None else f"{v:.4f}"

    rows = [[k, m["features"], m["parameters"], f(m["auc"]), f(m["precision"]), f(m["recall"]),
             f(m["joint_fraction_not_tpr"])] for k, m in r["models"].items()]
    cb = r["class_balance"]
    out = [f"Primality of the {r['bits']}-bit integers [{r['range'][0]}, {r['range'][1]}]: {cb['primes']} primes of "
           f"{cb['integers']} ({cb['prevalence']:.4f}); {cb['split']}; train {cb['train']['size']} "
           f"({cb['train']['prevalence']:.4f} prime), test {cb['test']['size']} "
           f"({cb['test']['prevalence']:.4f} prime).",
           "Threshold for precision/recall: fitted probability >= training prevalence (wheel rules: gcd(n, W) = 1).",
           "",
           table_text(["model", "features", "params", "ROC-AUC", "precision", "recall", "P(y=1,yhat=1)"], rows), ""]
    out += ["Verdicts:"] + [f"- {v}" for v in r["verdicts"]]
    return "\n".join(out)


def learnability_plot(r: dict[str, Any], path: str) -> None:
    import matplotlib.pyplot as plt
    import numpy as np

    names = list(r["models"])
    m = r["models"]
    xs = np.arange(len(names))
    fig, ax = plt.subplots(figsize=(12, 4.8))
    w = 0.27
    ax.bar(xs - w, [m[k]["auc"] for k in names], w, label="ROC-AUC")
    ax.bar(xs, [m[k]["precision"] or 0 for k in names], w, label="precision")
    ax.bar(xs + w, [m[k]["recall"] or 0 for k in names], w, label="recall")
    ax.axhline(0.5, color="k", ls="--", lw=0.8, label="chance AUC")
    ax.axhline(r["class_balance"]["test"]["prevalence"], color="gray", ls=":", lw=0.8, label="prevalence")
    ax.set_xticks(xs)
    ax.set_xticklabels(names, rotation=25, ha="right", fontsize=8)
    ax.set_ylim(0, 1.05)
    ax.set_title(f"Predicting primality of {r['bits']}-bit integers (test set)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
