"""Benchmark of the coffee automaton's dynamics (discovery/experiments/coffee/).

What is measured (best of k repeats, baselines in the same run, all on an n = 100 grid):

1. Interacting automaton, steps per second (one step = one uniformly chosen adjacent pair,
   swapped if the two cells differ), starting from the state at t = tau (cream and coffee
   interleaved, so the swap branch is unpredictable):

   * engine: ``discovery.experiments.coffee.automaton.interacting_steps`` (Numba, splitmix64,
     branch-free swap);
   * named baseline "python loop": the same algorithm (64 random bits -> row and column by
     multiply-shift, rejection of off-grid pairs) in pure Python on a flat list, with
     ``random.getrandbits(64)``;
   * named baseline "numpy loop": a Python loop over steps with the random numbers drawn by numpy
     in chunks and the grid a numpy array (element access per step).

2. Non-interacting automaton, steps per second (one step moves all n^2/2 = 5000 particles):

   * engine: ``discovery.experiments.coffee.automaton.noninteracting_steps`` (Numba, counts kept
     up to date);
   * named baseline "numpy vectorised": one vectorised numpy step over all particles (directions
     drawn, off-grid moves masked); the count grid is computed only once at the end (np.bincount),
     which favours the baseline.

3. For context: the wall time of one full run (``discovery.experiments.coffee.run.run_model(100,
   model)``: dynamics to 8 tau plus
   60 snapshots of entropy, two coarse-grainings and their row-shuffle surrogates) and the time of
   the measurements of one snapshot.

Usage::

    .venv/bin/python bench/bench_coffee.py [--quick] [--repeat K] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import time
from typing import Any

from benchlib import best_of, print_table  # noqa: E402

import numpy as np  # noqa: E402

N = 100
M64 = (1 << 64) - 1
M32 = (1 << 32) - 1


# ------------------------------------------------------------------------------------------
# baselines
# ------------------------------------------------------------------------------------------


def interacting_chunk(cells: Any, n: int, rows: Any, vs: Any, todo: int) -> tuple[int, int]:
    """Interacting steps in a Python loop on the flat grid ``cells`` (a list or a 1-D numpy
    array), one per draw of the chunk -- row r and v = 2 c + down, as the kernel draws them --
    until ``todo`` steps are done: an off-grid pair is rejected, the two cells of a pair are
    swapped if they differ.  Returns (steps done, swaps)."""
    done = swaps = 0
    for r, v in zip(rows, vs):
        c = v >> 1
        down = v & 1
        r2 = r + down
        c2 = c + 1 - down
        if r2 == n or c2 == n:
            continue
        done += 1
        i, j = r * n + c, r2 * n + c2
        a, b = cells[i], cells[j]
        if a != b:
            cells[i], cells[j] = b, a
            swaps += 1
        if done == todo:
            break
    return done, swaps


def python_interacting(flat: list[int], n: int, steps: int, rnd: random.Random) -> int:
    """Pure-Python interacting steps on a flat list (same pair-drawing algorithm as the kernel:
    64 random bits -> row and v by multiply-shift), drawn as many at a time as steps remain."""
    done = swaps = 0
    getbits = rnd.getrandbits
    while done < steps:
        zs = [getbits(64) for _ in range(steps - done)]
        d, s = interacting_chunk(flat, n, [((z >> 32) * n) >> 32 for z in zs],
                                 [((z & M32) * 2 * n) >> 32 for z in zs], steps - done)
        done += d
        swaps += s
    return swaps


def numpy_loop_interacting(grid: np.ndarray, steps: int, rng: np.random.Generator, chunk: int = 65536) -> int:
    """A Python loop over steps, random numbers drawn by numpy in chunks, grid a numpy array."""
    n = grid.shape[0]
    cells = grid.reshape(-1)
    done = swaps = 0
    while done < steps:
        rr = rng.integers(0, n, chunk)
        vv = rng.integers(0, 2 * n, chunk)
        d, s = interacting_chunk(cells, n, map(int, rr), map(int, vv), steps - done)
        done += d
        swaps += s
    return swaps


def numpy_noninteracting(rows: np.ndarray, cols: np.ndarray, n: int, steps: int,
                         rng: np.random.Generator) -> np.ndarray:
    """Vectorised numpy steps of the non-interacting automaton; returns the counts at the end."""
    dr = np.array([-1, 1, 0, 0])
    dc = np.array([0, 0, -1, 1])
    for _ in range(steps):
        d = rng.integers(0, 4, rows.shape[0])
        r2 = rows + dr[d]
        c2 = cols + dc[d]
        ok = (r2 >= 0) & (r2 < n) & (c2 >= 0) & (c2 < n)
        rows = np.where(ok, r2, rows)
        cols = np.where(ok, c2, cols)
    return np.bincount(rows * n + cols, minlength=n * n).reshape(n, n)


# ------------------------------------------------------------------------------------------
# benchmarks
# ------------------------------------------------------------------------------------------


def bench_interacting(quick: bool, repeat: int) -> dict[str, Any]:
    from discovery.experiments.coffee import automaton as cf

    auto = cf.CoffeeAutomaton(N, "interacting", seed=1)
    auto.advance(int(cf.diffusion_time(N, "interacting")))  # state at t = tau
    base = auto.grid.copy()
    rng_state = auto.rng.copy()
    cf.interacting_steps(base.copy(), 1000, rng_state.copy())  # warm up (compile / cache load)

    s_engine = 5_000_000 if quick else 50_000_000
    s_py = 50_000 if quick else 400_000
    s_np = 20_000 if quick else 100_000

    def engine() -> None:
        cf.interacting_steps(base.copy(), s_engine, rng_state.copy())

    def py() -> None:
        python_interacting(base.ravel().tolist(), N, s_py, random.Random(7))

    def nploop() -> None:
        numpy_loop_interacting(base.copy(), s_np, np.random.default_rng(7))

    t_e = best_of(engine, repeat)
    t_p = best_of(py, repeat)
    t_n = best_of(nploop, repeat)
    rates = {"numba_kernel": s_engine / t_e, "python_loop": s_py / t_p, "numpy_loop": s_np / t_n}
    print_table(f"1. interacting automaton, n = {N}, from the state at t = tau (steps = chosen adjacent pairs)",
                ("implementation", "steps timed", "best s", "steps/s", "ns/step", "kernel speed-up"),
                [(k, f"{s:,}", f"{rates[k] and s / rates[k]:.3f}", f"{rates[k]:,.0f}", f"{1e9 / rates[k]:.1f}",
                  f"{rates['numba_kernel'] / rates[k]:.0f}x")
                 for k, s in (("numba_kernel", s_engine), ("python_loop", s_py), ("numpy_loop", s_np))])
    return {"steps_per_second": rates,
            "ratios": {"numba/python_loop": rates["numba_kernel"] / rates["python_loop"],
                       "numba/numpy_loop": rates["numba_kernel"] / rates["numpy_loop"]}}


def bench_noninteracting(quick: bool, repeat: int) -> dict[str, Any]:
    from discovery.experiments.coffee import automaton as cf

    auto = cf.CoffeeAutomaton(N, "non-interacting", seed=1)
    auto.advance(int(cf.diffusion_time(N, "non-interacting")))
    rows0, cols0, counts0, rng0 = auto.rows.copy(), auto.cols.copy(), auto.counts.copy(), auto.rng.copy()
    cf.noninteracting_steps(rows0.copy(), cols0.copy(), counts0.copy(), 2, rng0.copy())  # warm up
    p = rows0.shape[0]
    s_engine = 2_000 if quick else 20_000
    s_np = 200 if quick else 2_000

    def engine() -> None:
        cf.noninteracting_steps(rows0.copy(), cols0.copy(), counts0.copy(), s_engine, rng0.copy())

    def vec() -> None:
        numpy_noninteracting(rows0.astype(np.int64), cols0.astype(np.int64), N, s_np, np.random.default_rng(7))

    t_e = best_of(engine, repeat)
    t_v = best_of(vec, repeat)
    rates = {"numba_kernel": s_engine / t_e, "numpy_vectorised": s_np / t_v}
    print_table(f"2. non-interacting automaton, n = {N}, {p} particles (one step moves every particle)",
                ("implementation", "steps timed", "best s", "steps/s", "particle moves/s", "kernel speed-up"),
                [(k, f"{s:,}", f"{s / rates[k]:.3f}", f"{rates[k]:,.0f}", f"{rates[k] * p:,.0f}",
                  f"{rates['numba_kernel'] / rates[k]:.1f}x")
                 for k, s in (("numba_kernel", s_engine), ("numpy_vectorised", s_np))])
    return {"steps_per_second": rates, "particle_moves_per_second": {k: v * p for k, v in rates.items()},
            "ratios": {"numba/numpy_vectorised": rates["numba_kernel"] / rates["numpy_vectorised"]}}


def bench_runs(quick: bool, repeat: int) -> dict[str, Any]:
    from discovery.experiments.coffee import run as cf

    auto = cf.CoffeeAutomaton(N, "interacting", seed=1)
    auto.advance(int(cf.diffusion_time(N, "interacting")))
    st = auto.grid
    srng = np.random.default_rng(0)

    def measure() -> None:
        cf.entropy_estimate(st)
        sur = cf.row_shuffle_surrogate(st, srng)
        for v in cf.VARIANTS:
            cf.apparent_complexity(st, 11, v)
            cf.apparent_complexity(sur, 11, v)

    t_meas = best_of(measure, max(repeat, 5))
    out: dict[str, Any] = {"measure_one_snapshot_seconds": t_meas, "run_model_seconds": {}}
    rows = []
    for model in cf.MODELS:
        t0 = time.perf_counter()
        r = cf.run_model(N, model)
        dt = time.perf_counter() - t0
        out["run_model_seconds"][model] = dt
        rows.append((model, f"{r['t'][-1]:,}", f"{len(r['t'])}", f"{dt:.2f}", f"{r['dynamics_seconds']:.2f}"))
    print_table(f"3. one full run at n = {N} (to 8 tau, 60 snapshots, surrogates); one snapshot's measurements "
                f"{t_meas * 1e3:.2f} ms",
                ("model", "steps", "snapshots", "wall s", "dynamics s"), rows)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes (smoke run)")
    ap.add_argument("--repeat", type=int, default=None, help="timing repeats, best of K (default 5, quick 2)")
    ap.add_argument("--json", metavar="FILE", help="write the figures to FILE as JSON")
    args = ap.parse_args(argv)
    repeat = args.repeat or (2 if args.quick else 5)
    print(f"bench_coffee: python {platform.python_version()}, {os.cpu_count()} cpu(s), "
          f"{'quick' if args.quick else 'full'} sizes, best of {repeat}")
    t0 = time.perf_counter()
    inter = bench_interacting(args.quick, repeat)
    non = bench_noninteracting(args.quick, repeat)
    runs = bench_runs(args.quick, repeat)
    total = time.perf_counter() - t0
    print(f"\nSummary: interacting kernel {inter['steps_per_second']['numba_kernel'] / 1e6:.0f} M steps/s, "
          f"{inter['ratios']['numba/python_loop']:.0f}x the pure-Python loop and "
          f"{inter['ratios']['numba/numpy_loop']:.0f}x the numpy loop; non-interacting kernel "
          f"{non['steps_per_second']['numba_kernel']:,.0f} steps/s "
          f"({non['particle_moves_per_second']['numba_kernel'] / 1e6:.0f} M particle moves/s), "
          f"{non['ratios']['numba/numpy_vectorised']:.1f}x numpy vectorised. [{total:.1f} s]")
    if args.json:
        data = {"benchmark": "bench_coffee", "quick": args.quick, "repeat": repeat,
                "python": platform.python_version(), "cpus": os.cpu_count(), "n": N,
                "interacting": inter, "non_interacting": non, "runs": runs, "wall_seconds": total}
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=2)
        print(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
