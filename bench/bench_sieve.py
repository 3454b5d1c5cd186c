"""Benchmark of the prime sieve and the omega(n) table (DESIGN.md section 6, prime coding).

What is measured (wall time, best of k repeats, baselines in the same run, N = 2^24 = 16,777,216):

1. Prime indicator for 0..N.

   * engine: ``discovery.experiments.primes.sieve.prime_sieve(N)`` (Numba, odd multiples only,
     one byte per integer);
   * named baseline "numpy slicing": the textbook numpy sieve -- ``s = np.ones(N+1, bool)`` and
     ``s[p*p::p] = False`` for every prime ``p <= sqrt(N)`` in a Python loop;
   * named baseline "sympy.Sieve": ``sympy.Sieve().extend(N)`` on a fresh instance (sympy's own
     segmented sieve; a fresh instance each time so its cache does not help).

2. omega(n) (distinct prime factors) for 0..N, given the primes.

   * engine: ``discovery.experiments.primes.sieve.omega_table(N, primes)`` (Numba loop over primes
     and multiples);
   * named baseline "numpy slicing": ``w[p::p] += 1`` for every prime ``p <= N`` in a Python loop.

All paths agree (pi(N) = 1077871; identical omega tables) -- asserted before timing.  Numba
compilation is excluded (one warm-up call on a small N; kernels are cached on disk).

Usage::

    .venv/bin/python bench/bench_sieve.py [--quick] [--repeat K] [--n N] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys

from benchlib import best_of  # noqa: E402

import numpy as np  # noqa: E402


def numpy_sieve(n: int) -> np.ndarray:
    """Baseline: the textbook numpy slicing sieve."""
    s = np.ones(n + 1, dtype=bool)
    s[:2] = False
    for p in range(2, int(n**0.5) + 1):
        if s[p]:
            s[p * p :: p] = False
    return s


def numpy_omega(n: int, primes: np.ndarray) -> np.ndarray:
    """Baseline: omega by numpy slicing, one Python iteration per prime."""
    w = np.zeros(n + 1, dtype=np.uint8)
    for p in primes.tolist():
        w[p::p] += 1
    return w


def sympy_sieve(n: int) -> int:
    import sympy

    s = sympy.Sieve()
    s.extend(n)
    return sum(1 for _ in s.primerange(n + 1))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="N = 2^20 and fewer repeats (smoke run)")
    ap.add_argument("--n", type=int, default=None, help="upper limit N (default 2^24)")
    ap.add_argument("--repeat", type=int, default=None, help="timing repeats, best of K (default 5, quick 2)")
    ap.add_argument("--json", metavar="FILE", help="write the figures to FILE as JSON")
    args = ap.parse_args(argv)
    n = args.n or (2**20 if args.quick else 2**24)
    repeat = args.repeat or (2 if args.quick else 5)
    slow_repeat = max(1, min(repeat, 2))

    from discovery.experiments.primes.sieve import omega_table, prime_sieve, primes_up_to

    print(f"bench_sieve: python {platform.python_version()}, numpy {np.__version__}, {os.cpu_count()} cpu(s), "
          f"N = {n:,}, best of {repeat} (baselines: best of {slow_repeat})")
    prime_sieve(1000)
    omega_table(1000)  # warm-up (compilation / cache load)

    # --- agreement ------------------------------------------------------------------------------
    ind = prime_sieve(n)
    primes = primes_up_to(n, ind)
    ref = numpy_sieve(n)
    assert np.array_equal(ind, ref), "engine sieve != numpy sieve"
    n_sympy = sympy_sieve(n)
    assert n_sympy == len(primes), "engine pi(N) != sympy"
    w = omega_table(n, primes)
    assert np.array_equal(w, numpy_omega(n, primes)), "engine omega != numpy omega"
    if n == 2**24:
        assert len(primes) == 1077871

    # --- timings --------------------------------------------------------------------------------
    t = {
        "sieve_engine": best_of(lambda: prime_sieve(n), repeat),
        "sieve_numpy_slicing": best_of(lambda: numpy_sieve(n), slow_repeat),
        "sieve_sympy": best_of(lambda: sympy_sieve(n), slow_repeat),
        "primes_from_indicator": best_of(lambda: primes_up_to(n, ind), repeat),
        "omega_engine": best_of(lambda: omega_table(n, primes), repeat),
        "omega_numpy_slicing": best_of(lambda: numpy_omega(n, primes), slow_repeat),
    }
    t["engine_total"] = t["sieve_engine"] + t["primes_from_indicator"] + t["omega_engine"]
    ratios = {
        "numpy_sieve/engine_sieve": t["sieve_numpy_slicing"] / t["sieve_engine"],
        "sympy_sieve/engine_sieve": t["sieve_sympy"] / t["sieve_engine"],
        "numpy_omega/engine_omega": t["omega_numpy_slicing"] / t["omega_engine"],
    }
    w1 = 44
    print(f"\n{'task (N = ' + format(n, ',') + ')':<{w1}} {'seconds':>9} {'baseline / engine':>18}")
    print("-" * (w1 + 29))
    print(f"{'sieve, engine (Numba)':<{w1}} {t['sieve_engine']:9.4f}")
    print(f"{'sieve, numpy slicing':<{w1}} {t['sieve_numpy_slicing']:9.4f} "
          f"{ratios['numpy_sieve/engine_sieve']:17.1f}x")
    print(f"{'sieve, sympy.Sieve().extend':<{w1}} {t['sieve_sympy']:9.4f} {ratios['sympy_sieve/engine_sieve']:17.1f}x")
    print(f"{'primes from indicator (np.flatnonzero)':<{w1}} {t['primes_from_indicator']:9.4f}")
    print(f"{'omega table, engine (Numba)':<{w1}} {t['omega_engine']:9.4f}")
    print(f"{'omega table, numpy slicing per prime':<{w1}} {t['omega_numpy_slicing']:9.4f} "
          f"{ratios['numpy_omega/engine_omega']:17.1f}x")
    print(f"{'engine total: sieve + primes + omega':<{w1}} {t['engine_total']:9.4f}")
    print(f"\n(pi(N) = {len(primes):,}; all paths agree on the indicator, pi(N) and the omega table)")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"N": n, "repeat": repeat, "pi": int(len(primes)), "seconds": t, "ratios": ratios,
                       "python": platform.python_version(), "numpy": np.__version__}, fh, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
