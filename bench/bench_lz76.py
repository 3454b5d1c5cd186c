"""Benchmark of the LZ76 complexity kernel (discovery/experiments/complexity/lz76.py) on 10^6 symbols.

What is measured (best of k repeats; baselines measured in the same run, on the same data):

* engine: ``discovery.experiments.complexity.lz76.lz76_complexity`` -- suffix array by prefix
  doubling, Kasai LCP, Crochemore-Ilie longest previous factor, all Numba -- on 10^6 iid uniform
  symbols from a binary and from a 10-letter alphabet (numpy ``default_rng(2024)``), input
  already an int64 array (the alphabet mapping ``np.unique`` is included in the timing);
* named baseline "pure-Python reference": ``lz76_reference`` of the same module, the definition
  transcribed with ``str`` slicing and the C-level substring search ``in``, on the first 10^5
  symbols of the same data (as a string), one run;
* named baseline "Kaspar-Schuster scan (Numba)": ``lz76_kaspar_schuster`` of the same module, the
  classical 1987 scan compiled with Numba, on the first 10^5 symbols (best of k), and with
  ``--full`` also on the whole 10^6 symbols (one run; about 2.5 minutes each).

Both baselines do super-linear work (about n^2 / log n), so extrapolating their time per symbol
from 10^5 to 10^6 symbols *favours the baselines*; the ratios printed are per symbol
(baseline seconds/symbol at its size divided by engine seconds/symbol at 10^6) and, where
measured, at equal size.  All three give the same count where they overlap (checked first).

Usage::

    .venv/bin/python bench/bench_lz76.py [--quick] [--full] [--repeat K] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from typing import Any

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

import numpy as np


def best_of(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Smallest wall time over ``repeat`` calls and the last result."""
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def bench_alphabet(A: int, n: int, n_base: int, repeat: int, full: bool) -> dict[str, Any]:
    from discovery.experiments.complexity.lz76 import lz76_complexity, lz76_kaspar_schuster, lz76_reference

    x = np.random.default_rng(2024).integers(0, A, n).astype(np.int64)
    xb = x[:n_base]
    sb = "".join(chr(48 + int(v)) for v in xb)
    # warm-up (compilation or cache load) and agreement on the overlap
    c_small = lz76_complexity(xb)
    assert lz76_kaspar_schuster(xb) == c_small == lz76_reference(sb), "the three implementations disagree"

    t_engine, c = best_of(lambda: lz76_complexity(x), repeat)
    t_engine_small, _ = best_of(lambda: lz76_complexity(xb), repeat)
    t_ks, _ = best_of(lambda: lz76_kaspar_schuster(xb), repeat)
    t0 = time.perf_counter()
    lz76_reference(sb)
    t_ref = time.perf_counter() - t0
    out: dict[str, Any] = {
        "alphabet": A, "n": n, "c": int(c), "normalized": c * np.log(n) / np.log(A) / n,
        "engine_seconds": t_engine, "engine_seconds_at_baseline_n": t_engine_small,
        "baseline_n": n_base, "reference_seconds": t_ref, "kaspar_schuster_seconds": t_ks,
        "ratio_reference_per_symbol": (t_ref / n_base) / (t_engine / n),
        "ratio_kaspar_schuster_per_symbol": (t_ks / n_base) / (t_engine / n),
        "ratio_reference_same_n": t_ref / t_engine_small,
        "ratio_kaspar_schuster_same_n": t_ks / t_engine_small,
    }
    if full:
        t0 = time.perf_counter()
        c_ks = lz76_kaspar_schuster(x)
        out["kaspar_schuster_seconds_full_n"] = time.perf_counter() - t0
        assert c_ks == c, "Kaspar-Schuster disagrees on the full input"
        out["ratio_kaspar_schuster_same_n_full"] = out["kaspar_schuster_seconds_full_n"] / t_engine
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="10^5 symbols, baselines on 10^4 (smoke run)")
    ap.add_argument("--full", action="store_true", help="also time the Kaspar-Schuster scan on all 10^6 symbols")
    ap.add_argument("--repeat", type=int, default=None, help="timing repeats, best of K (default 5, quick 2)")
    ap.add_argument("--json", metavar="FILE", help="write the figures to FILE as JSON")
    args = ap.parse_args(argv)
    repeat = args.repeat or (2 if args.quick else 5)
    n, n_base = (10**5, 10**4) if args.quick else (10**6, 10**5)
    print(f"bench_lz76: python {platform.python_version()}, {os.cpu_count()} cpu(s), n = {n:,}, "
          f"baselines on {n_base:,} symbols, best of {repeat}")
    t0 = time.perf_counter()
    rows = [bench_alphabet(A, n, n_base, repeat, args.full) for A in (2, 10)]
    for r in rows:
        print(f"\nalphabet {r['alphabet']:>2}: c = {r['c']:,}, normalised c log_A(n)/n = {r['normalized']:.4f}")
        print(f"  engine (suffix array + LPF, Numba), n = {n:,}: {r['engine_seconds'] * 1e3:9.1f} ms"
              f"   ({r['engine_seconds'] / n * 1e9:.0f} ns/symbol)")
        print(f"  engine at n = {n_base:,}:                  {r['engine_seconds_at_baseline_n'] * 1e3:9.2f} ms")
        print(f"  pure-Python reference, n = {n_base:,}:     {r['reference_seconds'] * 1e3:9.1f} ms"
              f"   -> {r['ratio_reference_per_symbol']:,.0f}x per symbol, "
              f"{r['ratio_reference_same_n']:,.0f}x at equal n")
        print(f"  Kaspar-Schuster scan (Numba), n = {n_base:,}: {r['kaspar_schuster_seconds'] * 1e3:9.1f} ms"
              f"   -> {r['ratio_kaspar_schuster_per_symbol']:,.0f}x per symbol, "
              f"{r['ratio_kaspar_schuster_same_n']:,.0f}x at equal n")
        if "kaspar_schuster_seconds_full_n" in r:
            print(f"  Kaspar-Schuster scan (Numba), n = {n:,}: {r['kaspar_schuster_seconds_full_n']:9.1f} s"
                  f"   -> {r['ratio_kaspar_schuster_same_n_full']:,.0f}x at equal n")
    total = time.perf_counter() - t0
    print(f"\n[{total:.1f} s]")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({"benchmark": "bench_lz76", "quick": args.quick, "full": args.full, "repeat": repeat,
                       "python": platform.python_version(), "cpus": os.cpu_count(), "results": rows,
                       "wall_seconds": total}, fh, indent=2)
        print(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
