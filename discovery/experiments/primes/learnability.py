"""Learnability of primality: what simple models can predict about the primes, measured honestly.

Setting
-------
The data are the ``B``-bit integers ``n`` in ``[2^(B-1), 2^B)`` with the label ``y = [n is prime]``
(about ``1/(B ln 2)`` of them are prime: 8.2 % at ``B = 18``), and, for the representation contrast
of the paper under test, all of ``[0, 2^B)`` (its range at ``B = 18``).  A fixed-seed random split
puts a fraction ``test_fraction`` of them in the test set; every model is fitted on the training
set only and scored on the test set.  Models:

* **one numeric feature**: ``x = n / 2^B`` (``n`` itself, scaled), logistic regression.  The prime
  density ``1/ln n`` barely changes over the range, so this is at chance (ROC-AUC ~ 0.5);
* **one feature per bit**: the ``B`` binary digits of ``n``, logistic regression.  Far above chance —
  but only because of the last bit: every prime in the range is odd.  The parity bit alone gives
  the same ROC-AUC; the remaining bits add almost nothing.  This is the zero-parameter wheel rule
  for ``W = 2`` in disguise, not a sign that primality is "learnable";
* **wheel rules** ``yhat = [gcd(n, W) = 1]`` for ``W = 2, 6, 30, 210`` (zero parameters, recall 1 for
  ``n > W``), which beat every fitted model here;
* **next bit**: predict ``X_n`` (indicator of ``n``) from the window ``X_{n-w}, ..., X_{n-1}`` of the
  indicator string, logistic regression on the ``w`` window bits (same integers ``n``, same split);
* **gradient-boosted trees** (scikit-learn's ``HistGradientBoostingClassifier``, the model class of
  the paper, which used XGBoost on ``[0, 2^18)``) on the same two representations: ``n`` read as
  one number (the trees bin it into at most 255 intervals and cannot see its last bit: ROC-AUC
  ~ 0.5) and one feature per bit (~ 0.77, the parity bit again), on both ranges.

The regression is scikit-learn's ``LogisticRegression`` with an L2 penalty ``C = 1/lambda``,
``lambda = 1`` (the intercept unpenalised).  The scores (:mod:`discovery.experiments.primes.scores`)
are on the test set: ROC-AUC with a 95 % percentile-bootstrap interval, and precision and recall
at the stated threshold: predict prime when the fitted probability is at least the training
prevalence, i.e. more likely prime than a random training integer.  The joint fraction
``P(y=1, yhat=1)`` is also given, labelled as such: it is bounded by the prevalence and is *not* a
true-positive rate.

Example
-------
>>> r = learnability_experiment(11, window=8, n_boot=20)
>>> r["models"]["per_bit"]["auc"] > r["models"]["one_feature_n"]["auc_ci"][1]
True
"""

from __future__ import annotations

from typing import Any

import numpy as np

from discovery.experiments import Stage, stage_callback
from discovery.experiments.primes.learnability_verdicts import verdicts
from discovery.experiments.primes.scores import N_BOOT, classification_report
from discovery.experiments.primes.sieve import prime_sieve

RIDGE = 1.0
"""L2 penalty lambda of the logistic regressions (C = 1/lambda; keeps the parity bit's weight finite)."""
WHEELS = (2, 6, 30, 210)

MIN_BITS = 8
MAX_BITS = 22
"""Largest B: at B = 22 with a 64-bit window the run peaks at about 1.1 GB and takes several minutes."""
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


def _logistic(xtr: np.ndarray, ytr: np.ndarray, xte: np.ndarray) -> tuple[np.ndarray, dict[str, Any]]:
    from sklearn.linear_model import LogisticRegression

    m = LogisticRegression(C=1.0 / RIDGE, max_iter=2000).fit(xtr, ytr)
    return m.predict_proba(xte)[:, 1], {"parameters": int(xtr.shape[1] + 1),
                                         "coefficients": [float(m.intercept_[0])] + m.coef_[0].tolist()}


def _tree(xtr: np.ndarray, ytr: np.ndarray, xte: np.ndarray, seed: int) -> tuple[np.ndarray, dict[str, Any]]:
    from sklearn.ensemble import HistGradientBoostingClassifier

    m = HistGradientBoostingClassifier(random_state=seed).fit(xtr, ytr)
    return m.predict_proba(xte)[:, 1], {"parameters": f"{m.n_iter_} trees", "trees": int(m.n_iter_)}


def _score(name: str, features: str, scores: np.ndarray, yte: np.ndarray, threshold: float, extra: dict[str, Any],
           seed: int, n_boot: int, rule: str = "fitted probability >= training prevalence") -> dict[str, Any]:
    rep = classification_report(scores, yte, threshold, n_boot=n_boot, seed=seed)
    rep.update({"model": name, "features": features, "threshold_rule": rule, **extra})
    return rep


def _split(lo: int, hi: int, ind: np.ndarray, test_fraction: float, seed: int) -> dict[str, Any]:
    n = np.arange(lo, hi, dtype=np.int64)
    y = ind[lo:hi].astype(np.int64)
    perm = np.random.default_rng(seed).permutation(len(n))
    n_test = int(round(test_fraction * len(n)))
    te, tr = np.sort(perm[:n_test]), np.sort(perm[n_test:])
    balance = {"integers": int(len(n)), "primes": int(y.sum()), "prevalence": float(y.mean()),
               "train": {"size": int(len(tr)), "primes": int(y[tr].sum()), "prevalence": float(y[tr].mean())},
               "test": {"size": int(len(te)), "primes": int(y[te].sum()), "prevalence": float(y[te].mean())},
               "split": f"random permutation, seed {seed}, test fraction {test_fraction}"}
    return {"n_tr": n[tr], "n_te": n[te], "ytr": y[tr], "yte": y[te], "balance": balance}


def _models(sp: dict[str, Any], bits: int, hi: int, seed: int, n_boot: int, full: bool, tick: Any,
            ind: np.ndarray, window: int) -> dict[str, Any]:
    """The models of the module docstring on one split (``full``: all of them; else the representation contrast)."""
    ntr, nte, ytr, yte = sp["n_tr"], sp["n_te"], sp["ytr"], sp["yte"]
    prior = float(ytr.mean())
    models: dict[str, Any] = {}

    def add(key: str, name: str, features: str, fit: tuple[np.ndarray, dict[str, Any]]) -> None:
        models[key] = _score(name, features, fit[0], yte, prior, fit[1], seed, n_boot)

    one = f"one numeric feature: n / 2^{bits}"
    x1tr, x1te = (ntr / hi)[:, None], (nte / hi)[:, None]
    xbtr, xbte = bit_matrix(ntr, bits), bit_matrix(nte, bits)
    tick("logistic regressions")
    add("one_feature_n", "logistic regression on n", one, _logistic(x1tr, ytr, x1te))
    add("per_bit", "logistic regression on the bits", f"{bits} features: the binary digits of n",
        _logistic(xbtr, ytr, xbte))
    if full:
        add("parity_bit_only", "logistic regression on the last bit", "one feature: n mod 2",
            _logistic(xbtr[:, :1], ytr, xbte[:, :1]))
        add("bits_without_parity", "logistic regression on bits 1..B-1",
            f"{bits - 1} features: the binary digits of n except the last", _logistic(xbtr[:, 1:], ytr, xbte[:, 1:]))
    tick("gradient-boosted trees")
    add("tree_one_number", "gradient-boosted trees on n", one, _tree(x1tr, ytr, x1te, seed))
    add("tree_per_bit", "gradient-boosted trees on the bits", f"{bits} features: the binary digits of n",
        _tree(xbtr, ytr, xbte, seed))
    tick("wheel rules")
    for w in WHEELS if full else (2, 30):
        models[f"wheel_{w}"] = _score(f"gcd(n, {w}) = 1", "none (fixed rule)", (np.gcd(nte, w) == 1).astype(float),
                                      yte, 0.5, {"parameters": 0}, seed, n_boot, "predict prime iff gcd(n, W) = 1")
    if full:
        tick("next-bit model")
        add("next_bit_window", f"logistic regression on the previous {window} indicator bits",
            f"{window} features: X_(n-1), ..., X_(n-{window}) of the prime indicator string",
            _logistic(window_matrix(ind, ntr, window), ytr, window_matrix(ind, nte, window)))
    return models


def learnability_experiment(bits: int = 18, window: int = 32, test_fraction: float = 0.3, seed: int = 12345,
                            n_boot: int = N_BOOT, progress: Stage | None = None) -> dict[str, Any]:
    """Fit and score the models of the module docstring on the ``bits``-bit integers and on ``[0, 2^bits)``.

    Returns a JSON-ready dict: class balance, one entry per model under ``"models"`` (ROC-AUC with
    its bootstrap interval, precision, recall, joint fraction, confusion counts), the wheel rules,
    the representation contrast on ``[0, 2^bits)`` under ``"paper_range"``, and verdict sentences.

    >>> r = learnability_experiment(10, window=8, n_boot=20)
    >>> r["models"]["wheel_30"]["recall"], r["paper_range"]["range"]
    (1.0, [0, 1023])
    """
    bits = check_bits(bits)
    if isinstance(window, bool) or not isinstance(window, (int, np.integer)) or not 1 <= window <= MAX_WINDOW:
        raise ValueError(f"the window must be an integer between 1 and {MAX_WINDOW}, got {window!r}")
    if not 0.05 <= test_fraction <= 0.95:
        raise ValueError(f"the test fraction must be between 0.05 and 0.95, got {test_fraction}")
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or not 20 <= n_boot <= 10000:
        raise ValueError(f"the number of bootstrap resamples must be an integer between 20 and 10000, got {n_boot!r}")
    tick = stage_callback(progress)
    tick("sieve")
    lo, hi = 2 ** (bits - 1), 2**bits
    ind = prime_sieve(hi).view(np.uint8)
    sp = _split(lo, hi, ind, test_fraction, seed)
    import sklearn.ensemble  # noqa: F401  (loads the OpenMP runtime, so that the limit below reaches it)
    from threadpoolctl import threadpool_limits

    # One thread for OpenMP and BLAS: the trees' OpenMP workers spin on cores that other processes
    # share (a test run, two CLI runs), and a 4096-integer run then took 58 s instead of 3.8 s.
    with threadpool_limits(limits=1):
        models = _models(sp, bits, hi, seed, n_boot, True, tick, ind, window)
        tick(f"paper range [0, 2^{bits})")
        pp = _split(0, hi, ind, test_fraction, seed)
        paper = {"range": [0, hi - 1], "class_balance": pp["balance"],
                 "models": _models(pp, bits, hi, seed, n_boot, False, lambda _s: None, ind, window)}
    res = {"bits": bits, "range": [lo, hi - 1], "window": window, "seed": seed, "ridge": RIDGE,
           "bootstrap_resamples": n_boot, "class_balance": sp["balance"], "models": models, "paper_range": paper}
    res["verdicts"] = verdicts(res)
    return res
