"""The text reports of the prime experiments: tables (:func:`discovery.cli.output.table_text`)
followed by the verdict sentences of the results.

>>> print(verdict_lines(["pi(10) = 4."]))
Verdicts:
- pi(10) = 4.
"""

from __future__ import annotations

from typing import Any

from discovery.cli.output import table_text


def verdict_lines(verdicts: list[str]) -> str:
    """The block that ends every report: ``Verdicts:`` and one ``- sentence`` line per verdict."""
    return "\n".join(["Verdicts:"] + [f"- {v}" for v in verdicts])


def primes_text(r: dict[str, Any]) -> str:
    """The report of :func:`~discovery.experiments.primes.density.primes_experiment`: the density table
    (pi(N)/N against 1/ln N, 1/(ln N - 1) and li(N)), Mertens' residuals, the independence model."""
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
    out.append(verdict_lines(r["verdicts"]))
    return "\n".join(out)


def erdos_kac_text(r: dict[str, Any]) -> str:
    """The report of :func:`~discovery.experiments.primes.erdos_kac.erdos_kac_experiment`: the law of
    omega(n) next to the two discretised normals and Kac's model, mean and variance against their predictions."""
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
    out.append(verdict_lines(r["verdicts"]))
    return "\n".join(out)


def prime_coding_text(r: dict[str, Any]) -> str:
    """The report of :func:`~discovery.experiments.primes.prime_coding.prime_coding_experiment`: per N, the
    model codes, then the bits per integer of every string under every compressor (surrogates: mean +- sd
    over the draws), with the entropy bounds."""
    names = list(r["compressors"])
    out = [f"Prime indicator string X_N, n = 1..N; serialisation: {r['serialisation']['name']} "
           f"({r['serialisation']['description']}); sizes: {r['size_measure']}; model codes: "
           f"{r['model_code_measure']}; {r['draws']} surrogate draws per model, seed {r['seed']}", ""]
    for row in r["table"]:
        b = row["bounds"]
        mrows = [[k, m["contexts"], f"{m['ideal_bits_per_integer']:.5f}", m["description_bits"] + 2,
                  f"{m['bound_bits_per_integer']:.5f}"] for k, m in row["model_codes"].items()]
        rows = [["primes"] + [f"{row['bits_per_integer']['primes'][c]:.4f}" for c in names]]
        rows += [[s] + [f"{v['mean']:.4f} +- {v['sd']:.4f}" for v in (row["surrogate_comparison"][s][c] for c in names)]
                 for s in row["surrogate_comparison"]]
        out += [f"N = {row['N']}, pi(N) = {row['pi']}: bits per integer "
                f"(iid entropy {b['iid_entropy']:.4f}, Cramér {b['cramer_entropy']:.4f}, wheel-30 {b['wheel_30']:.4f}, "
                f"wheel-210 {b['wheel_210']:.4f}, sieve-program bound {b['kolmogorov_literal']:.3g})",
                table_text(["model code", "contexts", "ideal/N", "description + coder end (bits)", "bound/N"], mrows),
                table_text(["string"] + names, rows), ""]
    out.append(verdict_lines(r["verdicts"]))
    return "\n".join(out)


def learnability_text(r: dict[str, Any]) -> str:
    """The report of :func:`~discovery.experiments.primes.learnability.learnability_experiment`: class
    balance, then per model its features, parameter count, ROC-AUC, precision, recall and joint fraction."""

    def f(v: Any) -> str:
        return "n/a" if v is None else f"{v:.4f}"

    def rows_of(models: dict[str, Any]) -> list[list[Any]]:
        return [[k, m["features"], m["parameters"], f(m["auc"]), f"[{m['auc_ci'][0]:.4f}, {m['auc_ci'][1]:.4f}]",
                 f(m["precision"]), f(m["recall"]), f(m["joint_fraction_not_tpr"])] for k, m in models.items()]

    head = ["model", "features", "params", "ROC-AUC", "95% bootstrap interval", "precision", "recall", "P(y=1,yhat=1)"]
    pr = r["paper_range"]
    cb = r["class_balance"]
    out = [f"Primality of the {r['bits']}-bit integers [{r['range'][0]}, {r['range'][1]}]: {cb['primes']} primes of "
           f"{cb['integers']} ({cb['prevalence']:.4f}); {cb['split']}; train {cb['train']['size']} "
           f"({cb['train']['prevalence']:.4f} prime), test {cb['test']['size']} "
           f"({cb['test']['prevalence']:.4f} prime).",
           "Threshold for precision/recall: fitted probability >= training prevalence (wheel rules: gcd(n, W) = 1).",
           "",
           table_text(head, rows_of(r["models"])), "",
           f"The paper's range [0, {pr['range'][1]}] ({pr['class_balance']['prevalence']:.4f} prime; same split rule):",
           "", table_text(head, rows_of(pr["models"])), ""]
    out.append(verdict_lines(r["verdicts"]))
    return "\n".join(out)

