"""How compressible is the prime indicator string?  Model codes and compressors against surrogates and bounds.

``X_N = x_1 x_2 ... x_N`` with ``x_n = [n is prime]``.  For ``N`` = the powers of ten from ``10^3``
below ``n_max`` and ``n_max`` itself:

* **model codes** (:mod:`discovery.experiments.primes.kt_coding`): adaptive Krichevsky–Trofimov
  codes with wheel contexts mod 30, 210, 2310 (per residue class, or pooled), ideal length + 2 bits
  of arithmetic coding + the model's own description — the tightest statistical upper bound here;
* **compressors**: ``X_N`` is serialised and compressed; the size ``8 (|C(data)| - |C(b"")|)``
  bits (:func:`discovery.experiments.complexity.compressors.compressed_bits`; zlib, bz2, lzma and
  zstd when installed) per integer.  The serialisation is named in the results (default:
  ``"packed bits"`` = numpy.packbits, 8 integers per byte);
* **surrogates** (:mod:`discovery.experiments.primes.coding_models`): ``draws`` independent draws
  of each model (default :data:`DEFAULT_DRAWS` = 19), compressed alike; the prime string is
  compared with each surrogate distribution by its mean, sd, ``z = (primes - mean)/sd`` and the
  one-sided empirical p-value ``(1 + #{draws <= primes})/(draws + 1)`` (see :func:`compare_to_draws`);
* the iid entropy, the Cramér entropy, the wheel bounds and the sieve program's ``K(X_N) <= log2 N + c``.

The verdicts are in :mod:`discovery.experiments.primes.coding_verdicts`.

Example
-------
>>> r = prime_coding_experiment(10**5, compressors=["bz2"], draws=3)
>>> row = r["at_N"]
>>> row["model_codes"]["kt_pooled_mod_2310"]["bound_bits_per_integer"] < row["bits_per_integer"]["primes"]["bz2"]
True
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from discovery.experiments import Stage, stage_callback
from discovery.experiments.complexity.compressors import COMPRESSORS, available_compressors, compressed_bits
from discovery.experiments.complexity.serialisations import SERIALISATIONS as FORMATS
from discovery.experiments.complexity.serialisations import serialise
from discovery.experiments.primes.coding_models import SIEVE_PROGRAM, entropy_bounds, surrogates
from discovery.experiments.primes.coding_verdicts import claim, verdicts
from discovery.experiments.primes.kt_coding import best_model, wheel_models
from discovery.experiments.primes.sieve import check_n, checkpoints, pi_at, prime_sieve

PRIME_CODING_MAX_N = 2**25
"""Largest N of the prime-coding experiment (at 2^25 with 19 draws: several minutes; ~2 GB)."""
ASCII_MAX_N = 10**6
"""The one-byte-per-integer serialisation is accepted only up to this N."""
SERIALISATIONS = {"packed": "packed bits", "ascii": "ASCII 0/1"}
STRINGS = ("primes", "iid", "cramer", "wheel30", "wheel30_cramer", "uniform")
SURROGATES = STRINGS[1:]
DEFAULT_DRAWS = 19
"""Draws per surrogate model: 19 is the fewest for which 'below every draw' means p = 1/20 = 0.05."""
MAX_DRAWS = 999
ALPHA = 0.05
"""A comparison with a surrogate distribution counts only when its one-sided empirical p-value is <= ALPHA."""


def row_sizes(n_max: int) -> list[int]:
    """The ``N`` of the table rows: ``10^3, 10^4, ...`` below ``n_max``, then ``n_max``.

    >>> row_sizes(50_000)
    [1000, 10000, 50000]
    """
    return checkpoints(n_max, first=3)


def compare_to_draws(value: float, draws: Sequence[float]) -> dict[str, Any]:
    """``value`` against a surrogate distribution: mean, sd (ddof 1), ``z`` and one-sided empirical p-values.

    ``p_below = (1 + #{d <= value})/(D + 1)`` tests "value is smaller than the surrogates",
    ``p_above = (1 + #{d >= value})/(D + 1)`` the reverse (the rank test that is exact under
    exchangeability; it never reaches 0, and with ``D = 19`` draws its smallest value is 0.05).

    >>> c = compare_to_draws(1.0, [2.0, 3.0, 4.0])
    >>> c["mean"], c["sd"], c["z"], c["p_below"], c["p_above"]
    (3.0, 1.0, -2.0, 0.25, 1.0)
    """
    d = np.asarray(draws, dtype=np.float64)
    if d.size < 1:
        raise ValueError("at least one surrogate draw is needed")
    mean = float(d.mean())
    sd = float(d.std(ddof=1)) if d.size > 1 else float("nan")
    z = (value - mean) / sd if d.size > 1 and sd > 0 else float("nan")
    return {"value": float(value), "draws": int(d.size), "mean": mean, "sd": sd, "z": float(z),
            "min": float(d.min()), "max": float(d.max()),
            "p_below": float((1 + np.sum(d <= value)) / (d.size + 1)),
            "p_above": float((1 + np.sum(d >= value)) / (d.size + 1))}


def _check_arguments(n_max: int, compressors: Sequence[str] | None, serialisation: str, draws: int) -> list[str]:
    check_n(n_max, cap=PRIME_CODING_MAX_N)
    if serialisation not in SERIALISATIONS:
        raise ValueError(f"unknown serialisation {serialisation!r}; choose from {', '.join(SERIALISATIONS)}")
    if serialisation == "ascii" and n_max > ASCII_MAX_N:
        raise ValueError(f"the ASCII serialisation is limited to N <= {ASCII_MAX_N}; use the packed one")
    if isinstance(draws, bool) or not isinstance(draws, (int, np.integer)) or not 1 <= draws <= MAX_DRAWS:
        raise ValueError(f"the number of surrogate draws must be an integer between 1 and {MAX_DRAWS}, got {draws!r}")
    names = list(compressors) if compressors is not None else available_compressors()
    for c in names:
        if c not in available_compressors():
            raise ValueError(f"unknown or unavailable compressor {c!r}; choose from "
                             f"{', '.join(available_compressors())}")
    return names


def _row(ind: np.ndarray, x_n: int, pi_n: int, names: list[str], ser_name: str, seed: int, draws: int,
         tick: Any) -> dict[str, Any]:
    """One table row: the prime string's sizes and model codes, every surrogate's draws and their comparison."""
    tick(f"N={x_n}: primes")
    x = ind.view(np.uint8)[1 : x_n + 1]
    data = serialise(x, ser_name)
    primes = {c: compressed_bits(data, c) / x_n for c in names}
    sizes: dict[str, dict[str, list[float]]] = {s: {c: [] for c in names} for s in SURROGATES}
    density: dict[str, list[float]] = {s: [] for s in SURROGATES}
    for k in range(draws):
        tick(f"N={x_n}: surrogates, draw {k + 1}/{draws}")
        strings = surrogates(ind, x_n, seed, draw=k)
        for s in SURROGATES:
            d = serialise(strings[s], ser_name)
            density[s].append(float(strings[s].mean()))
            for c in names:
                sizes[s][c].append(compressed_bits(d, c) / x_n)
    spread = {s: {c: compare_to_draws(primes[c], sizes[s][c]) for c in names} for s in SURROGATES}
    models = wheel_models(x)
    return {"N": x_n, "pi": pi_n, "density": pi_n / x_n, "bounds": entropy_bounds(x_n, pi_n),
            "bits_per_integer": {"primes": primes, **{s: {c: spread[s][c]["mean"] for c in names}
                                                      for s in SURROGATES}},
            "surrogate_draws": {s: {c: sizes[s][c] for c in names} for s in SURROGATES},
            "surrogate_comparison": spread, "model_codes": models, "best_model": best_model(models),
            "empirical_density": {"primes": pi_n / x_n, **{s: float(np.mean(density[s])) for s in SURROGATES}}}


def prime_coding_experiment(n_max: int, compressors: Sequence[str] | None = None, serialisation: str = "packed",
                            seed: int = 0, draws: int = DEFAULT_DRAWS,
                            progress: Stage | None = None) -> dict[str, Any]:
    """Model codes and compressed sizes of ``X_N``, against surrogate distributions, along the rows ``N``.

    Returns a JSON-ready dict: one row per ``N`` (``pi(N)``, bounds, model codes, bits per integer
    of the prime string and the mean over the draws of every surrogate, every draw, the comparisons),
    the checks at ``n_max``, the sieve-program bound, the claim and the verdicts.

    >>> r = prime_coding_experiment(2000, compressors=["zlib"], draws=2)
    >>> r["serialisation"]["name"], len(r["at_N"]["surrogate_draws"]["iid"]["zlib"])
    ('packed bits', 2)
    """
    names = _check_arguments(n_max, compressors, serialisation, draws)
    ser_name = SERIALISATIONS[serialisation]
    tick = stage_callback(progress)
    tick("sieve")
    ind = prime_sieve(n_max)
    pts = row_sizes(n_max)
    rows = [_row(ind, x_n, pi_n, names, ser_name, seed, draws, tick) for x_n, pi_n in zip(pts, pi_at(ind, pts).tolist())]
    last = rows[-1]
    b, bp, cmp_ = last["bounds"], last["bits_per_integer"], last["surrogate_comparison"]
    best = last["model_codes"][last["best_model"]]["bound_bits_per_integer"]
    checks: dict[str, Any] = {
        "below_iid_entropy": {c: bp["primes"][c] < b["iid_entropy"] for c in names},
        "above_wheel30_bound": {c: bp["primes"][c] > b["wheel_30"] for c in names},
        "model_code_below_every_compressor": all(best < bp["primes"][c] for c in names),
        "mod_2310_residue_model_below_every_compressor": all(
            last["model_codes"]["kt_residue_mod_2310"]["bound_bits_per_integer"] < bp["primes"][c] for c in names),
    }
    for s in SURROGATES:
        checks[f"primes_smaller_than_{s}_surrogate"] = {c: cmp_[s][c]["p_below"] <= ALPHA for c in names}
    res = {
        "N": n_max, "pi": last["pi"], "seed": seed, "draws": draws, "alpha": ALPHA,
        "serialisation": {"name": ser_name, "description": FORMATS[ser_name].description,
                          "integers": "n = 1..N, one symbol per integer"},
        "compressors": {c: COMPRESSORS[c][0] for c in names},
        "size_measure": "8 * (len(C(data)) - len(C(b''))) bits "
                        "(discovery.experiments.complexity.compressors.compressed_bits), divided by N",
        "model_code_measure": "ideal KT code length + 2 bits (arithmetic coding) + Elias-delta(N) + Elias-delta(M) "
                              "+ 1 bit (context rule), divided by N (discovery.experiments.primes.kt_coding)",
        "surrogates": {
            "iid": "Bernoulli(pi(N)/N) bits",
            "cramer": "x_1 = 0, x_2 = 1, Bernoulli(1/ln n) for n >= 3",
            "wheel30": "x_2 = x_3 = x_5 = 1; Bernoulli(k_30/|S_30|) on n > 1 coprime to 30; 0 elsewhere",
            "wheel30_cramer": "x_2 = x_3 = x_5 = 1; Bernoulli(min(1, (30/8)/ln n)) on n > 1 coprime to 30; 0 elsewhere",
            "uniform": "fair bits",
            "seeding": "numpy default_rng([seed, model tag, N, draw]), draw = 0 .. draws-1",
            "comparison": "mean and sd over the draws; z = (primes - mean)/sd; one-sided empirical p-value "
                          "(1 + #{draws <= primes})/(draws + 1)",
        },
        "table": rows, "at_N": last, "checks": checks,
        "kolmogorov_bound": {"program": SIEVE_PROGRAM, "program_bytes": len(SIEVE_PROGRAM.encode()),
                             "bits": b["kolmogorov_literal_bits"], "bits_per_integer": b["kolmogorov_literal"],
                             "statement": "K(X_N) <= ceil(log2(N+1)) + 8*len(program) bits, up to the constant of "
                                          "the reference machine (CPython 3)"},
    }
    res["claim"] = claim(res, names)
    res["verdicts"] = verdicts(res, names)
    return res
