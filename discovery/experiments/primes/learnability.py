"""Learnability of primality: what simple models can predict about the primes, measured honestly.

Setting
-------
The data are the ``B``-bit integers ``n`` in ``[2^(B-1), 2^B)`` with the label ``y = [n is prime]``
(about ``1/(B ln 2)`` of them are prime: 8.2 % at ``B = 18``).  A fixed-seed random split puts a
fraction ``test_fraction`` of them in the test set; every model is fitted on the training set only
and scored on the test set.  Models:

* **one numeric feature**: ``x = n / 2^B`` (``n`` itself, scaled), logistic regression.  The prime
  density ``1/ln n`` barely changes over the range, so this is at chance (ROC-AUC ~ 0.5);
* **one feature per bit**: the ``B`` binary digits of ``n``, logistic regression.  Far above chance —
  but only because of the last bit: every prime in the range is odd.  The parity bit alone gives
  the same ROC-AUC; the remaining bits add almost nothing.  This is the zero-parameter wheel rule
  for ``W = 2`` in disguise, not a sign that primality is "learnable";
* **wheel rules** ``yhat = [gcd(n, W) = 1]`` for ``W = 2, 6, 30, 210`` (zero parameters, recall 1 for
  ``n > W``), which beat every fitted model here;
* **next bit**: predict ``X_n`` (indicator of ``n``) from the window ``X_{n-w}, ..., X_{n-1}`` of the
  indicator string, logistic regression on the ``w`` window bits (same integers ``n``, same split).

The regression is ridge logistic regression with ``lambda = 1`` and the scores are ROC-AUC,
precision and recall (:mod:`discovery.experiments.primes.logistic`), on the test set, at the
stated threshold: predict prime when the fitted probability is at least the training prevalence,
i.e. more likely prime than a random training integer.  The joint fraction ``P(y=1, yhat=1)`` is
also given, labelled as such: it is bounded by the prevalence and is *not* a true-positive rate.

Example
-------
>>> r = learnability_experiment(12, window=16)
>>> r["models"]["per_bit"]["auc"] > r["models"]["one_feature_n"]["auc"]
True
"""

from __future__ import annotations

from typing import Any

import numpy as np

from discovery.experiments import Stage, stage_callback
from discovery.experiments.primes.logistic import RIDGE, classification_report, logistic_fit, logistic_predict
from discovery.experiments.primes.sieve import prime_sieve

MIN_BITS = 8
MAX_BITS = 22
"""Largest B: at B = 22 with a 64-bit window the run peaks at about 1.1 GB and takes ~20 s."""
MAX_WINDOW = 64


def check_bits(bits: int) -> int:
    """Validate the bit length ``B`` (``MIN_BITS <= B <= MAX_BITS``).

    >>> check_bits(18)
    18
    """
    if isinstance(bits, bool) or not isinstance(bits, (int, np.integer)):
        raise ValueError(f"the bit length must be an integer, got {bits!r}")
    if not MIN_BITS <= bits <= MAX_BITS:
        raise ValueError(f"the bit length must be between {MIN_BITS} and {MAX_BITS} (memory cap), got {bits}")
    return int(bits)


def bit_matrix(n: np.ndarray, bits: int) -> np.ndarray:
    """Rows of binary digits, least significant first: ``M[i, j] = (n_i >> j) & 1`` (float32).

    >>> bit_matrix(np.array([6]), 4).tolist()
    [[0.0, 1.0, 1.0, 0.0]]
    """
    n = np.asarray(n, dtype=np.int64)
    out = np.empty((len(n), bits), dtype=np.float32)
    for j in range(bits):  # column by column: no (len(n), bits) int64 temporary
        out[:, j] = (n >> j) & 1
    return out


def window_matrix(indicator: np.ndarray, n: np.ndarray, window: int) -> np.ndarray:
    """Rows ``(X_{n-1}, X_{n-2}, ..., X_{n-w})`` of the indicator string (float32; needs ``n > w``).

    >>> from discovery.experiments.primes.sieve import prime_sieve
    >>> window_matrix(prime_sieve(20), np.array([13]), 3).tolist()
    [[0.0, 1.0, 0.0]]
    """
    n = np.asarray(n, dtype=np.int64)
    out = np.empty((len(n), window), dtype=np.float32)
    for j in range(window):  # column by column: no (len(n), window) int64 index temporary
        out[:, j] = indicator[n - (j + 1)]
    return out


def _fit_and_score(name: str, xtr: np.ndarray, ytr: np.ndarray, xte: np.ndarray, yte: np.ndarray,
                   features: str) -> dict[str, Any]:
    beta = logistic_fit(xtr, ytr)
    prior = float(ytr.mean())
    rep = classification_report(logistic_predict(beta, xte), yte, prior)
    rep.update({"model": name, "features": features, "parameters": int(len(beta)),
                "threshold_rule": "fitted probability >= training prevalence",
                "coefficients": [float(b) for b in beta]})
    return rep


def learnability_experiment(bits: int = 18, window: int = 32, test_fraction: float = 0.3, seed: int = 12345,
                            progress: Stage | None = None) -> dict[str, Any]:
    """Fit and score the models of the module docstring on the ``bits``-bit integers.

    Returns a JSON-ready dict: class balance, one entry per model under ``"models"`` (ROC-AUC,
    precision, recall, joint fraction, confusion counts, coefficients), the wheel rules, and
    verdict sentences.

    >>> r = learnability_experiment(10, window=8)
    >>> r["models"]["wheel_30"]["recall"]
    1.0
    """
    bits = check_bits(bits)
    if isinstance(window, bool) or not isinstance(window, (int, np.integer)) or not 1 <= window <= MAX_WINDOW:
        raise ValueError(f"the window must be an integer between 1 and {MAX_WINDOW}, got {window!r}")
    if not 0.05 <= test_fraction <= 0.95:
        raise ValueError(f"the test fraction must be between 0.05 and 0.95, got {test_fraction}")
    tick = stage_callback(progress)
    tick("sieve")
    lo, hi = 2 ** (bits - 1), 2**bits
    ind = prime_sieve(hi).view(np.uint8)
    n = np.arange(lo, hi, dtype=np.int64)
    y = ind[lo:hi].astype(np.int64)
    rng = np.random.default_rng(seed)
    perm = rng.permutation(len(n))
    n_test = int(round(test_fraction * len(n)))
    te, tr = np.sort(perm[:n_test]), np.sort(perm[n_test:])
    ytr, yte = y[tr], y[te]
    balance = {"integers": int(len(n)), "primes": int(y.sum()), "prevalence": float(y.mean()),
               "train": {"size": int(len(tr)), "primes": int(ytr.sum()), "prevalence": float(ytr.mean())},
               "test": {"size": int(len(te)), "primes": int(yte.sum()), "prevalence": float(yte.mean())},
               "split": f"random permutation, seed {seed}, test fraction {test_fraction}"}
    models: dict[str, Any] = {}
    tick("one-feature model")
    x1 = (n.astype(np.float64) / hi)[:, None]
    models["one_feature_n"] = _fit_and_score("logistic regression on n", x1[tr], ytr, x1[te], yte,
                                             "one numeric feature: n / 2^B")
    tick("per-bit model")
    xb_tr, xb_te = bit_matrix(n[tr], bits), bit_matrix(n[te], bits)
    models["per_bit"] = _fit_and_score("logistic regression on the bits", xb_tr, ytr, xb_te, yte,
                                       f"{bits} features: the binary digits of n")
    models["parity_bit_only"] = _fit_and_score("logistic regression on the last bit", xb_tr[:, :1], ytr,
                                               xb_te[:, :1], yte, "one feature: n mod 2")
    models["bits_without_parity"] = _fit_and_score("logistic regression on bits 1..B-1", xb_tr[:, 1:], ytr,
                                                   xb_te[:, 1:], yte,
                                                   f"{bits - 1} features: the binary digits of n except the last")
    del xb_tr, xb_te
    tick("wheel rules")
    for w in (2, 6, 30, 210):
        score = (np.gcd(n[te], w) == 1).astype(np.float64)
        rep = classification_report(score, yte, 0.5)
        rep.update({"model": f"gcd(n, {w}) = 1", "features": "none (fixed rule)", "parameters": 0,
                    "threshold_rule": "predict prime iff gcd(n, W) = 1"})
        models[f"wheel_{w}"] = rep
    tick("next-bit model")
    models["next_bit_window"] = _fit_and_score(
        f"logistic regression on the previous {window} indicator bits", window_matrix(ind, n[tr], window), ytr,
        window_matrix(ind, n[te], window), yte,
        f"{window} features: X_(n-1), ..., X_(n-{window}) of the prime indicator string")
    res = {"bits": bits, "range": [lo, hi - 1], "window": window, "seed": seed, "ridge": RIDGE,
           "class_balance": balance, "models": models}
    res["verdicts"] = _verdicts(res)
    return res


def _verdicts(r: dict[str, Any]) -> list[str]:
    m = r["models"]
    one, pb, par, rest = m["one_feature_n"], m["per_bit"], m["parity_bit_only"], m["bits_without_parity"]
    w30, w210, nb = m["wheel_30"], m["wheel_210"], m["next_bit_window"]

    def pr(x: dict[str, Any]) -> str:
        p = "n/a" if x["precision"] is None else f"{x['precision']:.3f}"
        q = "n/a" if x["recall"] is None else f"{x['recall']:.3f}"
        return f"precision {p}, recall {q}"

    at_chance = 0.45 <= one["auc"] <= 0.57
    fitted = [m[k]["auc"] for k in ("one_feature_n", "per_bit", "parity_bit_only", "bits_without_parity",
                                    "next_bit_window")]
    return [
        f"Class balance: {r['class_balance']['prevalence']:.4f} of the {r['bits']}-bit integers are prime "
        f"(test set {r['class_balance']['test']['prevalence']:.4f}).",
        f"One numeric feature (n itself): ROC-AUC {one['auc']:.3f} — "
        + ("at chance." if at_chance else "not at chance.")
        + f" ({pr(one)} at threshold = prevalence.)",
        f"One feature per bit: ROC-AUC {pb['auc']:.3f} ({pr(pb)}); the parity bit alone gives {par['auc']:.3f} and "
        f"the other {r['bits'] - 1} bits without it {rest['auc']:.3f}: the gain over one feature is the fact that "
        "primes are odd, not learned structure of the primes.",
        ("Zero-parameter wheel rules beat every fitted model: " if w210["auc"] > max(fitted) else
         "Zero-parameter wheel rules do not beat every fitted model: ")
        + f"gcd(n, 30) = 1 has ROC-AUC {w30['auc']:.3f} ({pr(w30)}), gcd(n, 210) = 1 {w210['auc']:.3f} "
        f"({pr(w210)}); best fitted model {max(fitted):.3f}.",
        f"Next-bit prediction from the previous {r['window']} indicator bits: ROC-AUC {nb['auc']:.3f} ({pr(nb)}); "
        "the window reveals residues of n modulo small primes (a prime at n - k rules out some residues of n).",
        "Precision and recall are reported separately; the joint fraction P(y=1, yhat=1) "
        f"({pb['joint_fraction_not_tpr']:.4f} for the per-bit model) is bounded by the prevalence and is not a "
        "true-positive rate.",
    ]
