"""Laws on the integers and how far apart they are: the tools of the Erdős–Kac experiment.

* the discretised normal law ``P(k) = Phi((k + 1/2 - mu)/sigma) - Phi((k - 1/2 - mu)/sigma)``;
* Kac's independence model: the law of ``sum_p X_p`` with independent ``X_p ~ Bernoulli(1/p)``
  (a Poisson-binomial law, computed by the exact convolution recurrence);
* total variation ``TV(p, q) = (1/2) sum_k |p_k - q_k|`` and Kolmogorov–Smirnov distances to a
  normal law;
* normality tests: chi-square against the best-fitting discretised normal and Jarque–Bera
  ``JB = n/6 (S^2 + (K - 3)^2/4)`` on samples or on a table of counts.

>>> c = value_counts(np.array([0, 1, 1, 2, 3, 3, 3], dtype=np.uint8)); c.tolist()
[0, 2, 1, 3]
>>> total_variation(c / c.sum(), discretised_normal_pmf(2.0, 1.0, 3)) < 0.3
True
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit


def _norm_cdf(x: np.ndarray) -> np.ndarray:
    from scipy.stats import norm

    return norm.cdf(np.asarray(x, dtype=float))


def discretised_normal_pmf(mu: float, sigma: float, kmax: int) -> np.ndarray:
    """``P(k) = Phi((k + 1/2 - mu)/sigma) - Phi((k - 1/2 - mu)/sigma)`` for ``k = 0..kmax``, tails folded in.

    The mass below 0 goes to ``k = 0`` and above ``kmax`` to ``k = kmax``, so it sums to 1.

    >>> round(float(discretised_normal_pmf(0.0, 1.0, 3).sum()), 12)
    1.0
    """
    edges = (np.arange(kmax + 2) - 0.5 - mu) / sigma
    cdf = _norm_cdf(edges)
    cdf[0] = 0.0
    cdf[-1] = 1.0
    return np.diff(cdf)


@njit(cache=True)
def _value_counts_kernel(w: np.ndarray) -> np.ndarray:
    c = np.zeros(256, dtype=np.int64)
    for k in range(1, w.shape[0]):
        c[w[k]] += 1
    return c


def value_counts(w: np.ndarray) -> np.ndarray:
    """``#{1 <= n < len(w) : w[n] = k}`` for ``k = 0..max`` (no int64 copy of the table, unlike np.bincount).

    ``w`` is a uint8 table indexed by ``n`` (entry 0 is skipped), such as ``omega(n)``.

    >>> value_counts(np.array([9, 1, 1, 0], dtype=np.uint8)).tolist()
    [1, 2]
    """
    c = _value_counts_kernel(w)
    return c[: int(np.flatnonzero(c).max()) + 1]


@njit(cache=True)
def _poisson_binomial(probs: np.ndarray, kmax: int) -> np.ndarray:
    pmf = np.zeros(kmax + 1)
    pmf[0] = 1.0
    for i in range(probs.shape[0]):
        q = probs[i]
        for k in range(kmax, 0, -1):
            pmf[k] = pmf[k] * (1.0 - q) + pmf[k - 1] * q
        pmf[0] *= 1.0 - q
    return pmf


def kac_model_pmf(primes: np.ndarray, kmax: int) -> np.ndarray:
    """Law of ``sum_p X_p`` (independent ``X_p ~ Bernoulli(1/p)``) on ``0..kmax``, the last cell holding the tail.

    >>> kac_model_pmf(np.array([2]), 2).tolist()
    [0.5, 0.5, 0.0]
    """
    pmf = _poisson_binomial(1.0 / primes.astype(np.float64), kmax)
    pmf[kmax] += max(0.0, 1.0 - pmf.sum())
    return pmf


def total_variation(p: np.ndarray, q: np.ndarray) -> float:
    """``TV(p, q) = (1/2) sum_k |p_k - q_k|`` (arrays padded with zeros to a common length).

    >>> total_variation(np.array([1.0, 0.0]), np.array([0.5, 0.5]))
    0.5
    """
    m = max(len(p), len(q))
    a = np.zeros(m)
    b = np.zeros(m)
    a[: len(p)] = p
    b[: len(q)] = q
    return float(0.5 * np.abs(a - b).sum())


def ks_to_normal(freq: np.ndarray, mu: float, sigma: float, continuity: bool = False) -> float:
    """Kolmogorov–Smirnov distance between an integer law ``freq`` (on ``0, 1, ...``) and a normal law.

    ``continuity=False``: ``sup_x |F(x) - Phi((x - mu)/sigma)|`` against the continuous normal;
    ``F`` jumps at the integers, so the supremum is attained at a jump, from the left (``F(k-1)``)
    or the right (``F(k)``) — for a law on the integers this is at least about half the largest
    jump, whatever its shape.  ``continuity=True``: ``max_k |F(k) - Phi((k + 1/2 - mu)/sigma)|``,
    the distance to the *discretised* normal (the fair comparison for integer data).

    >>> round(ks_to_normal(np.array([0.5, 0.5]), 0.5, 1e-9), 6)
    0.5
    >>> round(ks_to_normal(np.array([0.5, 0.5]), 0.5, 1e-9, continuity=True), 6)
    0.0
    """
    k = np.arange(len(freq))
    cdf = np.cumsum(freq)
    if continuity:
        return float(np.max(np.abs(cdf[:-1] - _norm_cdf((k[:-1] + 0.5 - mu) / sigma)))) if len(freq) > 1 else 0.0
    left = np.concatenate([[0.0], cdf[:-1]])
    phi = _norm_cdf((k - mu) / sigma)
    return float(max(np.max(np.abs(cdf - phi)), np.max(np.abs(left - phi))))


def _chi2_logsf(stat: float, dof: int) -> float:
    """log10 of the chi-square survival function (mpmath, no underflow).

    Hand-written because scipy fails here: ``scipy.stats.chi2.logsf(5000, 10)`` is ``-inf`` (its
    survival function underflows to 0 long before the statistics these tests reach), while the
    regularised upper incomplete gamma function in mpmath stays exact at any size.
    """
    import mpmath

    if dof < 1:
        return 0.0
    sf = mpmath.gammainc(dof / 2.0, stat / 2.0, mpmath.inf, regularized=True)
    return float(mpmath.log10(sf)) if sf > 0 else -math.inf


def chi2_normality(counts: np.ndarray, min_expected: float = 5.0) -> dict[str, float]:
    """Chi-square goodness of fit of integer counts to the best-fitting discretised normal.

    The normal has the data's own mean and variance (2 fitted parameters, so ``dof = bins - 3``);
    adjacent cells are merged from the outside in until every expected count is ``>= min_expected``.
    Returns the statistic, dof and ``log10 p``.

    >>> r = chi2_normality(np.array([10, 40, 100, 40, 10]))
    >>> r["dof"] >= 1
    True
    """
    counts = np.asarray(counts, dtype=np.float64)
    n = counts.sum()
    k = np.arange(len(counts))
    mu = float((k * counts).sum() / n)
    var = float(((k - mu) ** 2 * counts).sum() / n)
    exp = discretised_normal_pmf(mu, math.sqrt(var), len(counts) - 1) * n
    obs = list(counts)
    ex = list(exp)
    while len(ex) > 2 and ex[0] < min_expected:
        ex[1] += ex.pop(0)
        obs[1] += obs.pop(0)
    while len(ex) > 2 and ex[-1] < min_expected:
        ex[-2] += ex.pop()
        obs[-2] += obs.pop()
    o = np.array(obs)
    e = np.array(ex)
    stat = float(((o - e) ** 2 / e).sum())
    dof = len(e) - 3
    return {"statistic": stat, "dof": dof, "log10_p": _chi2_logsf(stat, dof), "cells": len(e)}


def _jarque_bera_result(n: int, s: float, kurt: float) -> dict[str, float]:
    jb = n / 6.0 * (s * s + (kurt - 3.0) ** 2 / 4.0)
    return {"n": int(n), "skewness": float(s), "kurtosis": float(kurt), "statistic": float(jb),
            "log10_p": float(-jb / 2.0 / math.log(10.0))}


def jarque_bera(x: np.ndarray) -> dict[str, float]:
    """Jarque–Bera statistic ``JB = n/6 (S^2 + (K - 3)^2/4)`` (``S`` skewness, ``K`` kurtosis); ``p = exp(-JB/2)``.

    Under normality ``JB`` is asymptotically chi-square with 2 degrees of freedom, whose
    survival function is ``exp(-JB/2)``; ``log10_p`` is its logarithm, written in closed form
    (``scipy.stats.jarque_bera`` returns the p-value itself, which underflows to 0 for the
    statistics of these samples, and takes the raw sample, not value counts).

    >>> round(jarque_bera(np.array([0.0, 1.0, 2.0, 3.0]))["skewness"], 9)
    0.0
    """
    x = np.asarray(x, dtype=np.float64)
    m = x.mean()
    d = x - m
    v = float((d * d).mean())
    s = float((d**3).mean() / v**1.5)
    kurt = float((d**4).mean() / v**2)
    return _jarque_bera_result(len(x), s, kurt)


def jarque_bera_counts(counts: np.ndarray) -> dict[str, float]:
    """:func:`jarque_bera` of the sample in which the value ``k`` occurs ``counts[k]`` times.

    >>> jarque_bera_counts(np.array([1, 2, 1]))["kurtosis"]
    2.0
    """
    k = np.arange(len(counts), dtype=np.float64)
    c = counts.astype(np.float64)
    n = c.sum()
    m = (k * c).sum() / n
    d = k - m
    v = (d * d * c).sum() / n
    s = (d**3 * c).sum() / n / v**1.5
    kurt = (d**4 * c).sum() / n / v**2
    return _jarque_bera_result(n, s, kurt)
