"""Helpers shared by the benchmark scripts: best-of timing and aligned tables."""

from __future__ import annotations

import time
from typing import Any, Callable


def best_of(fn: Callable[[], Any], repeat: int) -> float:
    """Minimum wall time (seconds) of ``fn()`` over ``repeat`` calls."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


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


def verdict(ratio: float, target: float, digits: int = 1) -> str:
    """'MET (...)' or 'MISSED (...)' for a speed-up ratio against its target."""
    if ratio >= target:
        return f"MET ({ratio:.{digits}f}x >= {target:g}x)"
    return f"MISSED ({ratio:.{digits}f}x < {target:g}x, short by a factor {target / ratio:.2f})"
