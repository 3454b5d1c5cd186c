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

Logistic regression: minimise ``sum_i logloss(y_i, sigmoid(beta_0 + x_i . beta)) + (lambda/2)|beta|^2``
by Newton's method (IRLS) with ``lambda = 1`` (keeps the quasi-separated parity weight finite).

Metrics, each on the test set: ROC-AUC by the rank statistic (Mann–Whitney ``U / (n_1 n_0)``, ties
counted 1/2), precision ``P(y=1 | yhat=1)`` and recall ``P(yhat=1 | y=1)`` at the stated threshold
(predict prime when the fitted probability is at least the training prevalence, i.e. more likely
prime than a random training integer).  The joint fraction ``P(y=1, yhat=1)`` is also given, labelled
as such: it is bounded by the prevalence and is *not* a true-positive rate.

Example
-------
>>> from discovery.learnability import learnability_experiment
>>> r = learnability_experiment(12, window=16)
>>> r["models"]["per_bit"]["auc"] > r["models"]["one_feature_n"]["auc"]
True
"""

from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np
from numba import njit

MIN_BITS = 8
MAX_BITS = 22
"""Largest B: at B = 22 with a 64-bit window the run peaks at about 1.1 GB and takes ~20 s."""
MAX_WINDOW = 64
RIDGE = 1.0

Progress = Callable[[str], None] | None


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

    >>> from discovery.sieve import prime_sieve
    >>> window_matrix(prime_sieve(20), np.array([13]), 3).tolist()
    [[0.0, 1.0, 0.0]]
    """
    n = np.asarray(n, dtype=np.int64)
    out = np.empty((len(n), window), dtype=np.float32)
    for j in range(window):  # column by column: no (len(n), window) int64 index temporary
        out[:, j] = indicator[n - (j + 1)]
    return out


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


@njit(cache=True)
def _irls_step(x: np.ndarray, y: np.ndarray, beta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Gradient ``A^T (y - p)`` and Hessian ``A^T diag(p(1-p)) A`` of the log-likelihood, ``A = [1 | x]``.

    Rows are scanned once; only the non-zero features of a row enter the rank-one update, so
    sparse binary features (indicator windows, bits) cost ``O(nnz^2)`` per row instead of ``O(d^2)``.
    """
    m, d = x.shape
    g = np.zeros(d + 1)
    h = np.zeros((d + 1, d + 1))
    idx = np.empty(d + 1, dtype=np.int64)
    val = np.empty(d + 1)
    for i in range(m):
        k = 1
        idx[0] = 0
        val[0] = 1.0
        z = beta[0]
        for j in range(d):
            v = x[i, j]
            if v != 0.0:
                idx[k] = j + 1
                val[k] = v
                k += 1
                z += v * beta[j + 1]
        p = 0.5 * (1.0 + np.tanh(0.5 * z))
        r = y[i] - p
        w = p * (1.0 - p)
        for a in range(k):
            ia = idx[a]
            va = val[a]
            g[ia] += r * va
            wa = w * va
            for b in range(a + 1):
                h[ia, idx[b]] += wa * val[b]
    for a in range(d + 1):  # symmetrise (only the lower triangle was accumulated)
        for b in range(a):
            h[b, a] = h[a, b]
    return g, h


def logistic_fit(x: np.ndarray, y: np.ndarray, ridge: float = RIDGE, max_iter: int = 100,
                 tol: float = 1e-9) -> np.ndarray:
    """Ridge logistic regression by Newton/IRLS; returns ``[beta_0, beta_1, ..., beta_d]`` (intercept first).

    Minimises ``sum_i [-y_i log p_i - (1-y_i) log(1-p_i)] + (ridge/2) sum_{j>=1} beta_j^2`` with
    ``p_i = sigmoid(beta_0 + x_i . beta)``; the intercept is not penalised.  Each Newton step solves
    ``(A^T W A + ridge I') step = A^T (y - p) - ridge beta'`` (Numba kernel :func:`_irls_step`).

    >>> x = np.array([[0.0], [0.0], [1.0], [1.0]]); y = np.array([0, 1, 1, 1])
    >>> b = logistic_fit(x, y, ridge=0.0)
    >>> round(float(_sigmoid(b[0])), 6), round(float(_sigmoid(b[0] + b[1])), 4)
    (0.5, 1.0)
    """
    x = np.ascontiguousarray(x, dtype=np.float64 if np.asarray(x).dtype == np.float64 else np.float32)
    y = np.ascontiguousarray(y, dtype=np.float64)
    d = x.shape[1]
    beta = np.zeros(d + 1)
    prev = min(max(float(y.mean()), 1e-12), 1 - 1e-12)
    beta[0] = math.log(prev / (1 - prev))
    pen = np.full(d + 1, ridge)
    pen[0] = 0.0
    for _ in range(max_iter):
        g, h = _irls_step(x, y, beta)
        g -= pen * beta
        h += np.diag(pen) + 1e-10 * np.eye(d + 1)
        step = np.linalg.solve(h, g)
        beta = beta + step
        if np.max(np.abs(step)) < tol * (1 + np.max(np.abs(beta))):
            break
    return beta


def logistic_predict(beta: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Fitted probabilities ``sigmoid(beta_0 + x . beta)``.

    >>> logistic_predict(np.array([0.0, 1.0]), np.array([[0.0]])).tolist()
    [0.5]
    """
    return _sigmoid(beta[0] + np.asarray(x, dtype=np.float64) @ beta[1:])


def roc_auc(scores: np.ndarray, y: np.ndarray) -> float:
    """ROC-AUC by the Mann–Whitney rank statistic: ``(R_1 - n_1(n_1+1)/2) / (n_1 n_0)`` with mid-ranks.

    Equals ``P(score of a random positive > score of a random negative) + P(tie)/2``.

    >>> roc_auc(np.array([0.1, 0.4, 0.35, 0.8]), np.array([0, 0, 1, 1]))
    0.75
    >>> roc_auc(np.array([1.0, 1.0, 1.0]), np.array([0, 1, 1]))
    0.5
    """
    s = np.asarray(scores, dtype=np.float64)
    y = np.asarray(y).astype(bool)
    n1 = int(y.sum())
    n0 = len(y) - n1
    if n1 == 0 or n0 == 0:
        raise ValueError("ROC-AUC needs both classes in the evaluation set")
    order = np.argsort(s, kind="mergesort")
    ss = s[order]
    ranks = np.empty(len(s), dtype=np.float64)
    # mid-ranks of tied blocks
    starts = np.flatnonzero(np.r_[True, ss[1:] != ss[:-1]])
    ends = np.r_[starts[1:], len(ss)]
    mid = (starts + ends + 1) / 2.0  # 1-based average rank of the block
    ranks[order] = np.repeat(mid, ends - starts)
    r1 = ranks[y].sum()
    return float((r1 - n1 * (n1 + 1) / 2.0) / (n1 * n0))


def classification_report(scores: np.ndarray, y: np.ndarray, threshold: float) -> dict[str, Any]:
    """ROC-AUC, and at ``yhat = [score >= threshold]``: precision, recall, accuracy and the joint fraction.

    ``precision = TP/(TP+FP)`` (None when nothing is predicted positive), ``recall = TP/(TP+FN)``,
    ``joint_fraction = TP/n = P(y=1, yhat=1)`` (not a true-positive rate).

    >>> r = classification_report(np.array([0.9, 0.2, 0.8, 0.1]), np.array([1, 1, 0, 0]), 0.5)
    >>> r["precision"], r["recall"], r["joint_fraction_not_tpr"]
    (0.5, 0.5, 0.25)
    """
    y = np.asarray(y).astype(bool)
    yhat = np.asarray(scores) >= threshold
    tp = int(np.sum(yhat & y))
    fp = int(np.sum(yhat & ~y))
    fn = int(np.sum(~yhat & y))
    tn = int(np.sum(~yhat & ~y))
    n = len(y)
    return {
        "auc": roc_auc(scores, y),
        "threshold": float(threshold),
        "precision": tp / (tp + fp) if tp + fp else None,
        "recall": tp / (tp + fn) if tp + fn else None,
        "accuracy": (tp + tn) / n,
        "predicted_positive_fraction": (tp + fp) / n,
        "joint_fraction_not_tpr": tp / n,
        "confusion": {"tp": tp, "fp": fp, "fn": fn, "tn": tn},
    }


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
                            progress: Progress = None) -> dict[str, Any]:
    """Fit and score the models of the module docstring on the ``bits``-bit integers.

    Returns a JSON-ready dict: class balance, one entry per model under ``"models"`` (ROC-AUC,
    precision, recall, joint fraction, confusion counts, coefficients), the wheel rules, and
    verdict sentences.

    >>> r = learnability_experiment(10, window=8)
    >>> r["models"]["wheel_30"]["recall"]
    1.0
    """
    from discovery.sieve import prime_sieve

    bits = check_bits(bits)
    if isinstance(window, bool) or not isinstance(window, (int, np.integer)) or not 1 <= window <= MAX_WINDOW:
        raise ValueError(f"the window must be an integer between 1 and {MAX_WINDOW}, got {window!r}")
    if not 0.05 <= test_fraction <= 0.95:
        raise ValueError(f"the test fraction must be between 0.05 and 0.95, got {test_fraction}")
    tick = progress or (lambda s: None)
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
