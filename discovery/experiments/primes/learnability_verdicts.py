"""The verdict sentences of the learnability experiment, each decided by the bootstrap intervals it prints.

Rules: a model is "at chance" when the 95 % interval of its ROC-AUC contains 0.5; one model
"beats" another only when their intervals do not overlap, otherwise the sentence says the two
are not distinguished at this test-set size.

>>> ci({"auc": 0.75, "auc_ci": [0.74, 0.76]})
'0.750 [0.740, 0.760]'
"""

from __future__ import annotations

from typing import Any


def ci(m: dict[str, Any]) -> str:
    """``auc [low, high]`` of a scored model."""
    return f"{m['auc']:.3f} [{m['auc_ci'][0]:.3f}, {m['auc_ci'][1]:.3f}]"


def at_chance(m: dict[str, Any]) -> bool:
    """Whether the 95 % interval of the ROC-AUC contains 0.5."""
    return m["auc_ci"][0] <= 0.5 <= m["auc_ci"][1]


def above(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether ``a``'s interval lies entirely above ``b``'s."""
    return a["auc_ci"][0] > b["auc_ci"][1]


def _pr(x: dict[str, Any]) -> str:
    p = "n/a" if x["precision"] is None else f"{x['precision']:.3f}"
    q = "n/a" if x["recall"] is None else f"{x['recall']:.3f}"
    return f"precision {p}, recall {q}"


def _chance(m: dict[str, Any]) -> str:
    if at_chance(m):
        return "at chance (the interval contains 0.5)"
    if m["auc_ci"][1] < 0.5:
        return "below chance (the interval lies below 0.5: what was fitted on the training set does not carry over)"
    return "above chance (the interval lies above 0.5)"


def verdicts(r: dict[str, Any]) -> list[str]:
    """The verdicts: class balance, one number vs per bit, parity, trees on both ranges, wheel rules, next bit."""
    m = r["models"]
    one, pb, par, rest = m["one_feature_n"], m["per_bit"], m["parity_bit_only"], m["bits_without_parity"]
    w30, w210, nb = m["wheel_30"], m["wheel_210"], m["next_bit_window"]
    p = r["paper_range"]["models"]
    b = r["bits"]
    fitted = {k: m[k] for k in ("one_feature_n", "per_bit", "parity_bit_only", "bits_without_parity",
                                "tree_one_number", "tree_per_bit", "next_bit_window")}
    best_key = max(fitted, key=lambda k: fitted[k]["auc"])
    best = fitted[best_key]
    same_as_parity = not (above(pb, par) or above(par, pb))

    def contrast(mm: dict[str, Any], where: str) -> str:
        t1, tb = mm["tree_one_number"], mm["tree_per_bit"]
        return (f"{where}: n read as one number {ci(t1)}, {_chance(t1)}; one feature per bit {ci(tb)}"
                + ("; the per-bit interval lies above" if above(tb, t1) else "; the intervals overlap"))

    return [
        f"Class balance: {r['class_balance']['prevalence']:.4f} of the {b}-bit integers are prime "
        f"(test set {r['class_balance']['test']['prevalence']:.4f}); ROC-AUCs are given with 95% percentile-bootstrap "
        f"intervals over the test set ({r['bootstrap_resamples']} resamples).",
        f"Logistic regression on n itself: ROC-AUC {ci(one)}, {_chance(one)} ({_pr(one)} at threshold = prevalence).",
        f"Logistic regression on one feature per bit: ROC-AUC {ci(pb)} ({_pr(pb)}); the parity bit alone {ci(par)}, "
        f"the other {b - 1} bits without it {ci(rest)} ({_chance(rest)}): "
        + ("the per-bit and parity-only intervals overlap, so the gain over one feature is the fact that primes are "
           "odd, not learned structure of the primes." if same_as_parity else
           "the per-bit and parity-only intervals do not overlap: the other bits add something beyond parity."),
        "Gradient-boosted trees (HistGradientBoosting, the paper's model class): "
        + contrast(p, f"on the paper's range [0, 2^{b})") + "; " + contrast(m, f"on the {b}-bit integers")
        + ". The representation decides: read as one number, n gives the trees nothing to split on, while the "
        "per-bit representation exposes the last bit.",
        ("Zero-parameter wheel rules beat every fitted model (intervals disjoint): " if above(w210, best) else
         "The wheel rule gcd(n, 210) = 1 is not distinguished from the best fitted model (intervals overlap): ")
        + f"gcd(n, 30) = 1 has ROC-AUC {ci(w30)} ({_pr(w30)}), gcd(n, 210) = 1 {ci(w210)} ({_pr(w210)}); best fitted "
        f"model {best_key} {ci(best)}.",
        f"Next-bit prediction from the previous {r['window']} indicator bits: ROC-AUC {ci(nb)} ({_pr(nb)}); the "
        "window reveals residues of n modulo small primes (a prime at n - k rules out some residues of n).",
        "Precision and recall are reported separately; the joint fraction P(y=1, yhat=1) "
        f"({pb['joint_fraction_not_tpr']:.4f} for the per-bit model) is bounded by the prevalence and is not a "
        "true-positive rate.",
    ]
