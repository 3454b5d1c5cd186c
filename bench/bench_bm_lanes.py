"""Benchmark of the lockstep Berlekamp–Massey (cf/bm_lanes.py) against the one-sequence screening BM.

What is measured (best of k repeats, both in this run, on the same data):

* engine: :func:`cf.bm_lanes.generic_lanes`, 64 sequences per pass, on ``2 bound + 1`` residues
  per sequence (bound 24, the screen's at depth 100);
* named baseline "one-sequence kernel": the screens' Berlekamp–Massey step
  :func:`cf.bm.bm_push`, driven one sequence at a time with early abort, as
  :func:`cf.screen.screen_from` drives it, on the same residues.

Two inputs: uniform random residues mod 2^31 - 1 (numpy ``default_rng(15)``), and the residues of
the real tails the pi screen meets (pi, L = 6, periods 1-6: terms 8 .. 56 of the first pair of
every 4th LHS row).  Both kernels must agree first: every lane the lockstep pass does not flag
is rejected by the one-sequence kernel with complexity bound + 1.

Usage::

    .venv/bin/python bench/bench_bm_lanes.py [--quick] [--repeat K] [--json FILE]
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
from benchlib import best_of, environment, parse, parser, print_table, write_json
from numba import njit

from cf.bm import PRIME, bm_push
from cf.bm_lanes import LANES, generic_lanes, lane_work

BOUND = 24


@njit(cache=True)
def one_by_one(S, steps, bound, p, out):
    """The one-sequence screening BM on every row of ``S`` (early abort); ``out`` gets the
    complexity that ended each row (0 when it was not rejected)."""
    size = bound + 3
    C = np.zeros(size, np.int64)
    B = np.zeros(size, np.int64)
    T = np.zeros(size, np.int64)
    pinv = 1.0 / p
    for g in range(S.shape[0]):
        sr = S[g]
        for i in range(size):
            C[i] = 0
            B[i] = 0
        C[0] = 1
        B[0] = 1
        L, LB, m, bb, small = 0, 0, 1, np.int64(1), True
        out[g] = 0
        for k in range(steps):
            B, T, L, LB, m, bb, small, rejected = bm_push(C, B, T, sr, k, L, LB, m, bb, small, p, pinv, bound)
            if rejected:
                out[g] = rejected
                break


@njit(cache=True)
def lanes_all(S, steps, flags, C, B, T, bb, d, acc, dev):
    """:func:`generic_lanes` over the rows of ``S``, :data:`LANES` at a time; ``flags`` per row."""
    nl = LANES
    buf = np.zeros(steps * nl, np.uint32)
    for g0 in range(0, S.shape[0], nl):
        n = min(nl, S.shape[0] - g0)
        for q in range(n):
            for t in range(steps):
                buf[t * nl + q] = np.uint32(S[g0 + q, t])
        generic_lanes(buf, steps, nl, C, B, T, bb, d, acc, dev)
        for q in range(n):
            flags[g0 + q] = dev[q]


def pi_tails(rows: int) -> np.ndarray:
    """Residues of terms 8 .. 8 + 2 BOUND of real pi screen tails (one pair per LHS row)."""
    from cf.gosper import moebius_signed_cf
    from search.pipeline.context import ConstantContext
    from search.pipeline.terms import SCREEN_BITS
    from search.space.lhs import enumerate_classes

    ctx = ConstantContext("pi")
    xs = ctx.simple_terms(SCREEN_BITS)
    out = []
    for i, rf in enumerate(enumerate_classes(1, 6)):
        if i % 4 or ctx.sign_of(rf.num, rf.den) <= 0:
            continue
        terms = moebius_signed_cf(list(xs), rf.moebius(), "+-", 8 + 2 * BOUND + 1).terms
        if len(terms) == 8 + 2 * BOUND + 1:
            out.append([t % PRIME for t in terms[8:]])
        if len(out) == rows:
            break
    return np.array(out, dtype=np.int64)


def run(S: np.ndarray, repeat: int) -> dict[str, Any]:
    steps = 2 * BOUND + 1
    L = np.zeros(len(S), np.int64)
    flags = np.zeros(len(S), np.uint8)
    work = lane_work(BOUND)
    one_by_one(S[:2], steps, BOUND, PRIME, L[:2])
    lanes_all(S[:2], steps, flags[:2], *work)
    t_one = best_of(lambda: one_by_one(S, steps, BOUND, PRIME, L), repeat)
    t_lanes = best_of(lambda: lanes_all(S, steps, flags, *work), repeat)
    generic = flags == 0
    assert (L[generic] == BOUND + 1).all(), "an unflagged lane was not rejected with complexity bound + 1"
    return {"sequences": len(S), "flagged": int((~generic).sum()), "one_us": t_one / len(S) * 1e6,
            "lanes_us": t_lanes / len(S) * 1e6, "ratio": t_one / t_lanes}


def main(argv: list[str] | None = None) -> int:
    args = parse(parser(__doc__, full=5, quick=2), argv)
    n = 20_000 if args.quick else 200_000
    print(environment("bench_bm_lanes", args.quick, args.repeat, with_load=True))
    rng = np.random.default_rng(15)
    t = time.perf_counter()
    cases = {"random residues": rng.integers(0, PRIME, size=(n, 2 * BOUND + 1)),
             "pi screen tails": pi_tails(1000 if args.quick else 1500)}
    prep = time.perf_counter() - t
    figures = {name: run(S, args.repeat) for name, S in cases.items()}
    print_table(f"Berlekamp-Massey on 2 bound + 1 = {2 * BOUND + 1} terms per sequence (bound {BOUND}); "
                f"inputs built in {prep:.1f} s",
                ("input", "sequences", "flagged (one by one)", "one-sequence us", "lockstep us", "speed-up"),
                [(k, v["sequences"], v["flagged"], f"{v['one_us']:.2f}", f"{v['lanes_us']:.3f}", f"{v['ratio']:.1f}x")
                 for k, v in figures.items()])
    if args.json:
        write_json(args.json, figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
