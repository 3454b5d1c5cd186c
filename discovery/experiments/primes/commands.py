"""``esma experiment primes | erdos-kac | prime-coding | learnability``: the prime-coding experiments.

Only click and :mod:`discovery.experiments.runs` are imported here; numpy, numba, mpmath,
matplotlib and the computation modules are imported inside the commands, so ``esma --help`` stays
fast.  A refused parameter raises ``ValueError``, which ``esma experiment`` prints as one sentence.

Limits (refused with one sentence): ``--max`` at least 2 (``erdos-kac``: at least 16, so that
``ln ln N > 0``) and at most 2^27 = 134217728 for ``primes`` and ``erdos-kac`` (one byte per integer
per table; at the cap about 3 s / 0.65 GB and 6 s / 0.8 GB), 2^25 = 33554432 for ``prime-coding``
(19 draws of five surrogates times four compressors: several minutes / 2 GB at the cap); ``--bits`` between 8 and 22 for
``learnability`` (at 22 with ``--window 64``: several minutes / 1.1 GB).
``--max`` accepts ``1000000``, ``10^6``, ``2^24`` or ``1e6``.

>>> INT_EXPR.convert("10^6", None, None), INT_EXPR.convert("2**24", None, None), INT_EXPR.convert("1e6", None, None)
(1000000, 16777216, 1000000)
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from typing import Any, Callable, Iterator

import click

from discovery.cli.progress import Progress
from discovery.experiments.runs import common_options, finish


class _IntExpr(click.ParamType):
    """An integer written as ``123``, ``1_000``, ``10^6``, ``2**24`` or ``1e6`` (must be exact)."""

    name = "INTEGER"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        """The exact integer ``value`` denotes, or a click usage error naming the accepted forms."""
        if isinstance(value, int):
            return value
        text = str(value).strip().replace("_", "")
        m = re.fullmatch(r"([+-]?\d+)\s*(?:\^|\*\*)\s*(\d+)", text)
        try:
            if m:
                if int(m.group(2)) > 64:
                    self.fail(f"{value!r} is too large", param, ctx)
                return int(m.group(1)) ** int(m.group(2))
            if re.fullmatch(r"[+-]?\d+", text):
                return int(text)
            if re.fullmatch(r"[+-]?\d+(\.\d+)?[eE]\+?\d{1,2}", text):
                mant, exp = re.split("[eE]", text)
                from fractions import Fraction

                q = Fraction(mant) * 10 ** int(exp)
                if q.denominator == 1:
                    return int(q)
        except ValueError:
            pass
        self.fail(f"{value!r} is not an integer (examples: 1000000, 10^6, 2^24, 1e6)", param, ctx)


INT_EXPR = _IntExpr()


@contextmanager
def _progress(enabled: bool | None, total: int, label: str) -> Iterator[Callable[[str], None]]:
    """A stage callback ``tick(stage)`` moving a bar of ``total`` stages on stderr (a terminal, or forced)."""
    with Progress("stages", total=total, label=label, enabled=enabled) as bar:
        started = [0]

        def tick(stage: str) -> None:
            bar(bar.done + started[0], total, stage=stage)  # the first tick only names the first stage
            started[0] = 1

        yield tick
        bar(total, total)


_PROGRESS = click.option("--progress/--no-progress", default=None,
                         help="Show a progress bar on stderr (default: only when stderr is a terminal).")



def _run(name: str, params: dict[str, Any], stages: int, progress: bool | None, output: dict[str, Any],
         check: Callable[[], Any], compute: Callable[[Callable[[str], None]], dict[str, Any]]) -> None:
    """Check the parameters, run ``compute(tick)`` under a progress bar of ``stages`` stages, then print,
    plot and save the results with the report and plot of the same name (``<name>_text``, ``<name>_plot``).

    ``output`` holds the common options (``fmt``, ``plot_path``, ``save``, ``db_url``).
    """
    from discovery.experiments.primes import plot, report

    key = name.replace("-", "_")
    check()
    with _progress(progress, stages, name) as tick:
        res = compute(tick)
    finish(name, params, res, text=getattr(report, f"{key}_text"), plot=getattr(plot, f"{key}_plot"), **output)


@click.command()
@click.option("--max", "n_max", type=INT_EXPR, default=10**6, show_default=True,
              help="Largest N (2 .. 2^27); accepts 10^6, 2^24, 1e6.")
@_PROGRESS
@common_options
def primes(n_max: int, progress: bool | None, **output: Any) -> None:
    """Prime density, Mertens' three theorems and the independence model up to N.

    pi(N) and pi(N)/N against 1/ln N and 1/(ln N - 1) at powers of ten; Mertens' residuals
    r1 = sum ln p/p - ln N - E1, r2 = sum 1/p - ln ln N - B1, r3 = ln N prod(1 - 1/p) - exp(-gamma);
    the independence product prod_(p <= sqrt N)(1 - 1/p) next to the true density.
    """
    from discovery.experiments.primes.density import primes_experiment
    from discovery.experiments.primes.sieve import MAX_N, check_n

    _run("primes", {"max": n_max}, 3, progress, output, check=lambda: check_n(n_max, "N (--max)", MAX_N),
         compute=lambda tick: primes_experiment(n_max, progress=tick))


@click.command("erdos-kac")
@click.option("--max", "n_max", type=INT_EXPR, default=10**7, show_default=True,
              help="Largest N (16 .. 2^27); accepts 10^7, 2^24, 1e7.")
@click.option("--seed", type=int, default=20240318, show_default=True, help="Seed of the normality-test subsample.")
@_PROGRESS
@common_options
def erdos_kac(n_max: int, seed: int, progress: bool | None, **output: Any) -> None:
    """omega(n) on [1, N] against ln ln N, the corrected mean and variance, Kac's model and the normal law.

    Mean vs ln ln N + B1 + (gamma - 1)/ln N; variance vs ln ln N + c0 (c0 = B1 - P(2) - zeta(2)),
    with c0 fitted over 40 values of N; Kac's independence-model variance; total variation and KS
    distances to N(ln ln N, ln ln N); chi-square and Jarque-Bera normality tests.
    """
    from discovery.experiments.primes.erdos_kac import ERDOS_KAC_MIN_N, erdos_kac_experiment
    from discovery.experiments.primes.sieve import MAX_N, check_n

    _run("erdos-kac", {"max": n_max, "seed": seed}, 4, progress, output,
         check=lambda: check_n(n_max, "N (--max)", MAX_N, low=ERDOS_KAC_MIN_N, why="ln ln N must be positive"),
         compute=lambda tick: erdos_kac_experiment(n_max, progress=tick, seed=seed))


@click.command("prime-coding")
@click.option("--max", "n_max", type=INT_EXPR, default=10**6, show_default=True,
              help="Largest N (2 .. 2^25); rows at every power of ten below it and at N.")
@click.option("--compressor", "compressors", multiple=True, type=click.Choice(["zlib", "bz2", "lzma", "zstd"]),
              help="Compressor(s) to use (repeatable; default: every available one).")
@click.option("--serialisation", type=click.Choice(["packed", "ascii"]), default="packed", show_default=True,
              help="packed: numpy.packbits, 8 integers per byte; ascii: one '0'/'1' byte per integer (N <= 10^6).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the surrogate strings.")
@click.option("--draws", type=int, default=19, show_default=True,
              help="Independent draws of every surrogate model (1 .. 999; 19 is the fewest for p = 0.05).")
@_PROGRESS
@common_options
def prime_coding(n_max: int, compressors: tuple[str, ...], serialisation: str, seed: int, draws: int,
                 progress: bool | None, **output: Any) -> None:
    """Code lengths of the prime indicator string: model codes, compressors, surrogates, bounds.

    Adaptive Krichevsky-Trofimov codes with wheel contexts mod 30, 210, 2310 (description counted)
    and the bits per integer of X_N (x_n = [n prime]) under zlib, bz2, lzma and zstd, next to
    --draws draws each of iid Bernoulli(pi(N)/N), Cramér (Bernoulli(1/ln n)), wheel-30 (constant
    and 1/ln n density) and fair-bit surrogates (mean, sd, z, empirical p), the iid entropy
    h(pi(N)/N), the wheel-W bounds and the sieve-program bound K(X_N) <= log2 N + c.
    About 20 s at the default N = 10^6.
    """
    from discovery.experiments.primes.prime_coding import (
        MAX_DRAWS,
        PRIME_CODING_MAX_N,
        prime_coding_experiment,
        row_sizes,
    )
    from discovery.experiments.primes.sieve import check_n

    params = {"max": n_max, "compressors": list(compressors) or "all", "serialisation": serialisation,
              "seed": seed, "draws": draws}

    def check() -> None:
        check_n(n_max, "N (--max)", PRIME_CODING_MAX_N)
        if not 1 <= draws <= MAX_DRAWS:
            raise ValueError(f"--draws must be between 1 and {MAX_DRAWS}, got {draws}")

    _run("prime-coding", params, 1 + len(row_sizes(max(n_max, 2))) * (1 + draws), progress, output, check=check,
         compute=lambda tick: prime_coding_experiment(n_max, compressors=list(compressors) or None,
                                                      serialisation=serialisation, seed=seed, draws=draws,
                                                      progress=tick))


@click.command()
@click.option("--bits", type=int, default=18, show_default=True, help="Bit length B of the integers (8 .. 22).")
@click.option("--window", type=int, default=32, show_default=True,
              help="Previous indicator bits used for next-bit prediction (1 .. 64).")
@click.option("--test-fraction", type=float, default=0.3, show_default=True, help="Fraction held out for testing.")
@click.option("--seed", type=int, default=12345, show_default=True, help="Seed of the split, trees and bootstrap.")
@click.option("--resamples", type=int, default=100, show_default=True,
              help="Bootstrap resamples per ROC-AUC interval (20 .. 10000).")
@_PROGRESS
@common_options
def learnability(bits: int, window: int, test_fraction: float, seed: int, resamples: int, progress: bool | None,
                 **output: Any) -> None:
    """Predicting primality of B-bit integers: one number, one feature per bit, trees, wheel rules, next bit.

    Logistic regression (scikit-learn) on n itself, on its B binary digits and on a window of
    previous indicator bits; gradient-boosted trees (HistGradientBoosting) on n as one number and
    per bit, also on the paper's range [0, 2^B); the zero-parameter rules gcd(n, W) = 1
    (W = 2, 6, 30, 210). ROC-AUC with 95% bootstrap intervals, precision and recall on a held-out
    set. About a minute at the default B = 18.
    """
    from discovery.experiments.primes.learnability import check_bits, learnability_experiment

    params = {"bits": bits, "window": window, "test_fraction": test_fraction, "seed": seed, "resamples": resamples}

    def check() -> None:
        check_bits(bits)
        if not 20 <= resamples <= 10000:
            raise ValueError(f"--resamples must be between 20 and 10000, got {resamples}")

    _run("learnability", params, 6, progress, output, check=check,
         compute=lambda tick: learnability_experiment(bits, window=window, test_fraction=test_fraction, seed=seed,
                                                      n_boot=resamples, progress=tick))
