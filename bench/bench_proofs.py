"""Benchmark: what proving a family costs, against validating it once, measured in the same run.

Issue 14's target: proving a family costs at most a few milliseconds.  The workload is every
family representative that the search finds for the nine constants with classical continued
fractions at degree 1, L = 2, periods 1-3 (about 370 families; the searches that build them are
not timed).  Per family, best of k passes:

* **prove**: :func:`search.proof.claims.prove_claim` (classical source, Gosper's states, block
  fit, and the independent checker on the certificate);
* **check**: :func:`cf.proof.checker.check` on the certificate alone (what ``esma conjectures
  show`` pays to re-check a stored proof);
* the named baseline **validate**: the family's one high-precision validation, the pattern's
  continued fraction against the LHS value at 1000 digits (``CFPattern.check``, the value
  computed beforehand), which the search pays once per family anyway.

Usage::

    .venv/bin/python bench/bench_proofs.py [--quick] [--repeat K] [--json FILE]
"""

from __future__ import annotations

import time
from typing import Any

from benchlib import environment, load, parse, parser, print_table, run_info, write_json

CONSTANTS = ["e", "exp(2)", "tan(1)", "besseli(1, 2)/besseli(0, 2)", "exp(1/2)", "exp(1/3)", "tan(1/2)",
             "coth(1/3)", "besseli(0, 1)/besseli(1, 1)"]
BASELINE = "validate: pattern vs LHS value at 1000 digits"


def representatives(constants: list[str]) -> list[dict[str, Any]]:
    """One evaluated (validated) member per family and constant, from a real search."""
    from search.execution.runner import run_search
    from search.pipeline.stages import PipelineConfig
    from search.space.units import SearchSpace

    out = []
    for c in constants:
        seen = set()
        for rec in run_search(SearchSpace(c, 1, 2, 1, 3), PipelineConfig(), workers=1).records:
            if rec["validation"] == "evaluated" and rec["family"] not in seen:
                seen.add(rec["family"])
                out.append(rec)
    return out


def measure(reps: list[dict[str, Any]], repeat: int) -> dict[str, Any]:
    """Time proving, checking and the validation baseline over ``reps``; print the table."""
    import mpmath

    from cf.proof.checker import check
    from search.expressions import evaluate
    from search.pipeline.record import pattern_of
    from search.proof.claims import prove_claim

    claims = [(r["constant"], r["lhs_num"], r["lhs_den"], r["signs"], pattern_of(r).a) for r in reps]
    results = [prove_claim(*c) for c in claims]
    proved = sum(r.status == "proved" for r in results)
    certs = [r.certificate for r in results if r.certificate is not None]
    values = []
    for r in reps:
        with mpmath.workdps(1010):
            c = evaluate(r["constant"], 1010)
            values.append(sum(k * c ** i for i, k in enumerate(r["lhs_num"])) /
                          sum(k * c ** i for i, k in enumerate(r["lhs_den"])))
    patterns = [pattern_of(r) for r in reps]

    def best(fn) -> float:
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        return min(times)

    t_prove = best(lambda: [prove_claim(*c) for c in claims])
    t_check = best(lambda: [check(cert) for cert in certs])
    t_valid = best(lambda: [p.check(v, 1000, 1000) for p, v in zip(patterns, values)])
    n = len(claims)
    rows = [(BASELINE, f"{1e3 * t_valid / n:.2f}", "1.00"),
            ("prove (source, prover, checker)", f"{1e3 * t_prove / n:.2f}", f"{t_prove / t_valid:.2f}"),
            ("check a stored certificate", f"{1e3 * t_check / len(certs):.2f}", f"{(t_check / len(certs)) / (t_valid / n):.2f}")]
    print_table(f"{n} families of {len({r['constant'] for r in reps})} constants, {proved} proved (best of {repeat})",
                ("per family", "ms", "x baseline"), rows)
    return {"families": n, "proved": proved, "prove_ms": 1e3 * t_prove / n, "check_ms": 1e3 * t_check / len(certs),
            "validate_ms": 1e3 * t_valid / n}


def main(argv: list[str] | None = None) -> int:
    ap = parser(__doc__, full=5, quick=1, quick_help="three constants instead of nine")
    a = parse(ap, argv)
    print(environment("bench_proofs", a.quick, a.repeat, with_load=True))
    constants = CONSTANTS[:3] if a.quick else CONSTANTS
    t0 = time.perf_counter()
    reps = representatives(constants)
    print(f"workload: {len(reps)} family representatives (searches took {time.perf_counter() - t0:.1f} s, not timed)")
    figures = measure(reps, a.repeat)
    print(f"\ndone; {load()}")
    if a.json:
        write_json(a.json, {**run_info("bench_proofs", a.quick, a.repeat), **figures})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
