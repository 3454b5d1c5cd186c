"""Ridge logistic regression by Newton's method, and the scores of a binary classifier.

Model: ``P(y = 1 | x) = sigmoid(beta_0 + x . beta)``, ``sigmoid(z) = 1/(1 + e^-z)``.  The fit
minimises ``sum_i logloss(y_i, p_i) + (lambda/2)|beta|^2`` (intercept not penalised) by Newton's
method (IRLS); each step solves ``(A^T W A + lambda I') step = A^T (y - p) - lambda beta'`` with
``A = [1 | x]`` and ``W = diag(p (1 - p))``, the gradient and Hessian accumulated by a Numba kernel
that skips zero features.

Scores: ROC-AUC by the rank statistic (Mann–Whitney ``U / (n_1 n_0)``, ties counted 1/2),
precision ``P(y=1 | yhat=1)``, recall ``P(yhat=1 | y=1)`` and the joint fraction ``P(y=1, yhat=1)``
(bounded by the prevalence; *not* a true-positive rate).

>>> x = np.array([[0.0], [1.0], [2.0], [3.0]]); y = np.array([0, 0, 1, 1])
>>> beta = logistic_fit(x, y)
>>> roc_auc(logistic_predict(beta, x), y)
1.0
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numba import njit

RIDGE = 1.0
"""Default ridge penalty lambda (keeps a quasi-separated weight, such as the parity bit's, finite)."""


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


