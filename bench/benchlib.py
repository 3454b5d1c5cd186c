"""Helpers shared by the benchmark scripts.

Importing this module puts the repository root on ``sys.path``, so ``python bench/bench_X.py``
imports the engine of this checkout from any folder.  Here: the common command line (``--quick``,
``--repeat``, ``--json``), the line describing the machine, the JSON figures file, best-of timing,
aligned tables, number formats, ratio verdicts, CPU time and load average, and the one signed-CF
loop in the style of the published reference that two benchmarks use as their baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from typing import Any, Callable

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)


# ------------------------------------------------------------------------------------------
# command line, machine description, figures file
# ------------------------------------------------------------------------------------------


def parser(doc: str, full: int, quick: int, quick_help: str = "small sizes (smoke run)") -> argparse.ArgumentParser:
    """The options every benchmark has: ``--quick``, ``--repeat K`` (default ``full``, with
    ``--quick`` ``quick``) and ``--json FILE``; the description is the first line of ``doc``.
    Read the arguments with :func:`parse`."""
    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help=quick_help)
    ap.add_argument("--repeat", type=int, default=None,
                    help=f"timing repeats, best of K (default {full}, quick {quick})")
    ap.add_argument("--json", metavar="FILE", help="write the figures to FILE as JSON")
    ap.set_defaults(repeat_defaults=(full, quick))
    return ap


def parse(ap: argparse.ArgumentParser, argv: list[str] | None) -> argparse.Namespace:
    """The arguments of a :func:`parser`, with ``repeat`` resolved to a number."""
    args = ap.parse_args(argv)
    full, quick = args.repeat_defaults
    del args.repeat_defaults
    args.repeat = args.repeat or (quick if args.quick else full)
    return args


def load() -> str:
    """The load averages as text (other processes may share the cores)."""
    try:
        return "load average " + ", ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:  # pragma: no cover - not on every platform
        return "load average n/a"


def load1() -> float | None:
    """The 1-minute load average, or None where the platform has none."""
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:  # pragma: no cover
        return None


def environment(name: str, quick: bool, repeat: int, libraries: dict[str, str] | None = None,
                with_load: bool = False) -> str:
    """The first line a benchmark prints: Python (and library) versions, cpus, sizes, repeats."""
    libs = "".join(f", {lib} {version}" for lib, version in (libraries or {}).items())
    text = (f"{name}: python {platform.python_version()}{libs}, {os.cpu_count()} cpu(s), "
            f"{'quick' if quick else 'full'} sizes, best of {repeat}")
    return text + (f"; {load()}" if with_load else "")


def run_info(name: str, quick: bool, repeat: int) -> dict[str, Any]:
    """The head of a benchmark's JSON figures."""
    return {"benchmark": name, "quick": quick, "repeat": repeat, "python": platform.python_version(),
            "cpus": os.cpu_count()}


def run_parts(args: argparse.Namespace, *parts: Callable[[bool, int], Any]) -> tuple[list[Any], float]:
    """Each part called as ``part(args.quick, args.repeat)``, in order: their results and the wall seconds."""
    t0 = time.perf_counter()
    results = [part(args.quick, args.repeat) for part in parts]
    return results, time.perf_counter() - t0


def write_json(path: str, data: dict[str, Any]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2, default=str)
    print(f"figures written to {path}")


# ------------------------------------------------------------------------------------------
# timing
# ------------------------------------------------------------------------------------------


def best_of(fn: Callable[[], Any], repeat: int) -> float:
    """Minimum wall time (seconds) of ``fn()`` over ``repeat`` calls."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def cpu_seconds() -> float:
    """User + system CPU seconds of this process and of its reaped children (pool workers, CLI calls)."""
    import resource

    a = resource.getrusage(resource.RUSAGE_SELF)
    b = resource.getrusage(resource.RUSAGE_CHILDREN)
    return a.ru_utime + a.ru_stime + b.ru_utime + b.ru_stime


# ------------------------------------------------------------------------------------------
# tables, numbers and verdicts
# ------------------------------------------------------------------------------------------


def print_table(title: str, header: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    cells = [tuple(str(c) for c in header)] + [tuple(str(c) for c in r) for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    print()
    print(title)
    line = "  ".join("-" * w for w in widths)
    print(line)
    for j, r in enumerate(cells):
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
        if j == 0:
            print(line)
    print(line)


def fmt_us(seconds: float, small_digits: int = 3) -> str:
    """Microseconds with precision that suits the magnitude."""
    us = seconds * 1e6
    if us >= 1000:
        return f"{us:,.0f}"
    if us >= 10:
        return f"{us:.1f}"
    return f"{us:.{small_digits}f}"


def fmt_rate(v: float | None) -> str:
    """A rate rounded to a whole number with thousands separators, or 'n/a'."""
    return "n/a" if v is None else f"{v:,.0f}"


def fmt_s(v: float | None) -> str:
    """Seconds to two decimals, or 'n/a'."""
    return "n/a" if v is None else f"{v:.2f}"


def verdict(ratio: float, target: float, digits: int = 1) -> str:
    """'MET (...)' or 'MISSED (...)' for a speed-up ratio against its target."""
    if ratio >= target:
        return f"MET ({ratio:.{digits}f}x >= {target:g}x)"
    return f"MISSED ({ratio:.{digits}f}x < {target:g}x, short by a factor {target / ratio:.2f})"


# ------------------------------------------------------------------------------------------
# the published reference's signed-CF loop (the baseline of bench_cf and bench_search)
# ------------------------------------------------------------------------------------------


def mpmath_signed_terms(x: Any, signs: str, depth: int) -> list[int]:
    """``depth`` terms of the signed CF of the mpmath number ``x`` the reference's way: with
    b the sign of the period at step k, a = floor(x) for b = +1 and ceil(x) for b = -1, then
    x = b / (x - a).  No precision guard: the caller sets ``mp.dps``."""
    import mpmath

    J = len(signs)
    terms = []
    for k in range(depth):
        b = 1 if signs[k % J] == "+" else -1
        a = mpmath.floor(x) if b > 0 else mpmath.ceil(x)
        terms.append(int(a))
        x = b / (x - a)
    return terms
