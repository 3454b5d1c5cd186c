"""``esma search``: run an ESMA search in the foreground on a process pool."""

from __future__ import annotations

import math
import sys
import time

import click

from discovery.errors import user_errors

DEFAULT_MAX_PAIRS = 5_000_000


@click.group()
def search() -> None:
    """Search for signed continued-fraction formulas of a constant."""


class _Progress:
    """A one-line progress display on stderr (only on a terminal): bar, rate, ETA, verified."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.start = time.perf_counter()
        self.last = 0.0

    def __call__(self, done: int, total: int, verified: int) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        if now - self.last < 0.2 and done < total:
            return
        self.last = now
        elapsed = max(now - self.start, 1e-9)
        rate = done / elapsed
        eta = (total - done) / rate if rate > 0 else float("inf")
        frac = done / total if total else 1.0
        bar = "#" * int(frac * 30)
        eta_s = time.strftime("%H:%M:%S", time.gmtime(eta)) if math.isfinite(eta) else "--:--:--"
        click.echo(
            f"\r[{bar:<30}] {frac:6.1%} {done:,}/{total:,} pairs  {rate:,.0f} pairs/s  ETA {eta_s}  verified {verified}",
            err=True, nl=False,
        )
        if done >= total:
            click.echo("", err=True)


def _format_text(records: list[dict], stats: dict) -> str:
    lines = []
    for r in records:
        mark = "known" if r["known"] else "NEW"
        best = "" if r["best_in_family"] else "  (family member)"
        lines.append(f"{r['lhs']} = SICF signs {r['signs']!r}   [{mark}, family {r['family']}]{best}")
        lines.append(f"    value {r['lhs_value']}")
        tr = f"transient {r['transient']}, " if r["transient"] else ""
        lines.append(f"    {tr}period {r['period']}: " + ", ".join(r["channels"]))
        lines.append(f"    {r['pattern_latex']}")
        lines.append(
            f"    verified to {r['verified_digits']} digits; {r['rate']:.3f} digits/term "
            f"(simple CF {r['simple_rate']:.3f}); recurrence length {r['recurrence_length']}"
        )
    lines.append(
        f"{stats['pairs']:,} pairs screened, {stats['hits']} hits, {stats['verified']} verified "
        f"in {stats['seconds']:.1f} s ({stats['pairs_per_second'] or 0:,.0f} pairs/s)"
        + ("  -- interrupted, partial results" if stats["interrupted"] else "")
    )
    return "\n".join(lines)


@search.command()
@click.argument("constant")
@click.option("--degree", "-d", type=int, default=1, show_default=True, help="Degree of P and Q in LHS = P(c)/Q(c).")
@click.option("--coeff-limit", "-L", type=int, default=2, show_default=True, help="Coefficients range over [-L, L].")
@click.option("--periods", "-p", default="1-2", show_default=True, help="Sign-period lengths, 'A-B' or 'A'.")
@click.option("--depth", type=int, default=100, show_default=True, help="Terms extracted per pair for Berlekamp-Massey.")
@click.option("--approve-ratio", type=float, default=0.25, show_default=True, help="Approve recurrences shorter than ratio*depth.")
@click.option("--min-digits", type=int, default=100, show_default=True, help="Reject conjectures verified to fewer digits.")
@click.option("--check-digits", type=int, default=1000, show_default=True, help="Validation precision (digits).")
@click.option("--workers", "-w", type=int, default=None, help="Worker processes (default: all cores).")
@click.option("--best-per-family", is_flag=True, help="List only the best member of each family.")
@click.option("--max-pairs", type=int, default=DEFAULT_MAX_PAIRS, show_default=True,
              help="Refuse larger spaces unless --yes is given.")
@click.option("--yes", "-y", is_flag=True, help="Run even above --max-pairs.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, writable=True), default=None, help="Also write the JSON document to FILE.")
@user_errors
def run(constant: str, degree: int, coeff_limit: int, periods: str, depth: int, approve_ratio: float,
        min_digits: int, check_digits: int, workers: int | None, best_per_family: bool, max_pairs: int,
        yes: bool, fmt: str, out: str | None) -> None:
    """Search LHS = P(c)/Q(c) and sign periods for continued-fraction formulas of CONSTANT.

    CONSTANT is a name (e, pi, zeta3, ...) or an expression such as "tan(1)" or
    "besseli(1,2)/besseli(0,2)".  Every printed conjecture was checked against the LHS to at
    least --min-digits digits (the digits it claims).
    """
    from search.spec import build_search

    space, config = build_search(constant, degree, coeff_limit, periods, depth, approve_ratio,
                                  min_digits, check_digits)
    if workers is not None and workers < 1:
        raise click.BadParameter("the number of workers must be at least 1", param_hint="--workers")
    from search.runner import ESTIMATED_SECONDS_PER_PAIR, plan

    pairs, units = plan(space)
    w = workers or __import__("os").cpu_count() or 1
    estimate = pairs * ESTIMATED_SECONDS_PER_PAIR / w
    if pairs > max_pairs and not yes:
        raise click.ClickException(
            f"This search has {pairs:,} pairs (roughly {estimate / 60:.0f} minutes on {w} workers), "
            f"above --max-pairs {max_pairs:,}; pass --yes to run it."
        )
    if pairs >= 100_000:
        click.echo(f"search space: {pairs:,} pairs in {len(units)} units, roughly {estimate:,.0f} s on {w} workers",
                   err=True)
    from search.runner import run_search

    progress = _Progress(sys.stderr.isatty())
    result = run_search(space, config, workers=w, progress=progress)
    records = result.records
    if best_per_family:
        records = [r for r in records if r["best_in_family"]]
    stats = result.stats_dict()
    doc = {"search": {**space.spec(), **config.as_dict()}, "results": records, "stats": stats}
    if out:
        import json

        with open(out, "w") as fh:
            json.dump(doc, fh, indent=2)
    if fmt == "json":
        from discovery.output import emit_json

        emit_json(doc)
    else:
        click.echo(_format_text(records, stats))
    if result.interrupted:
        sys.exit(130)
