"""``esma experiment coffee``: the coffee automaton of Aaronson, Carroll & Ouellette (arXiv:1405.6903).

Only click, the experiment plumbing and the coffee parameters are imported here; numpy, numba and
the automaton are imported inside the command so that ``esma --help`` stays fast.

>>> parse_sizes("20, 40,60")
[20, 40, 60]
"""

from __future__ import annotations

from typing import Any, Callable

import click

from discovery.experiments.coffee.parameters import (
    COMPRESSORS,
    DEFAULT_MIX,
    DEFAULT_SCALING_SIZES,
    DEFAULT_SEEDS,
    DEFAULT_SNAPSHOTS,
    MAX_SEEDS,
    MAX_SIZE,
    MAX_SNAPSHOTS,
    MIN_SIZE,
    MODELS,
)
from discovery.cli.progress import Progress
from discovery.experiments.runs import common_options, finish


def _progress() -> tuple[Callable[[str, int, int], None], Progress]:
    """A progress callback ``(run label, done, total)``: one bar per run, on a terminal only."""
    bar = Progress("steps")

    def show(label: str, done: int, total: int) -> None:
        if label != bar.label:
            bar.close()
            bar.label = label
        bar(done, total)

    return show, bar


def parse_sizes(text: str) -> list[int]:
    """The grid sizes of ``--sizes``: a comma-separated list of integers (spaces ignored)."""
    try:
        return [int(x) for x in text.replace(" ", "").split(",") if x]
    except ValueError:
        raise ValueError(f"--sizes must be a comma-separated list of even integers, got {text!r}") from None


@click.command()
@click.option("--size", "-n", "size", type=int, default=100, show_default=True,
              help=f"Grid side n (even, {MIN_SIZE}..{MAX_SIZE}); the top n/2 rows start as cream.")
@click.option("--model", type=click.Choice([*MODELS, "both"]), default="both",
              show_default=True, help="Swap automaton, independent random walkers, or both.")
@click.option("--grain", "-g", type=int, default=None,
              help="Odd side g of the coarse-graining window (default: max(9, odd number near n/10)).")
@click.option("--snapshots", "-k", type=int, default=DEFAULT_SNAPSHOTS, show_default=True,
              help=f"Number of snapshots on the geometric time schedule (3..{MAX_SNAPSHOTS}).")
@click.option("--seed", type=int, default=0, show_default=True,
              help="First random seed (runs are reproducible); the runs use seeds seed .. seed + seeds - 1.")
@click.option("--seeds", type=int, default=DEFAULT_SEEDS, show_default=True,
              help=f"Runs per model and size, for the seed spread and the scaling intervals (1..{MAX_SEEDS}).")
@click.option("--compressor", type=click.Choice(list(COMPRESSORS)), default="zlib", show_default=True,
              help="Compressor for entropy and apparent complexity (zlib = DEFLATE level 9, as gzip).")
@click.option("--mix", type=float, default=DEFAULT_MIX, show_default=True,
              help="Run length in units of tau, the decay time of the slowest diffusive mode.")
@click.option("--scaling", is_flag=True, help="Also fit peak complexity, peak time and entropy against n over --sizes.")
@click.option("--sizes", default=",".join(map(str, DEFAULT_SCALING_SIZES)), show_default=True,
              help="Grid sizes for --scaling.")
@common_options
def coffee(size: int, model: str, grain: int | None, snapshots: int, seed: int, seeds: int, compressor: str,
           mix: float, scaling: bool, sizes: str, **output: Any) -> None:
    """Entropy and apparent complexity of cream mixing into coffee (arXiv:1405.6903).

    Runs the interacting (random adjacent swaps) and/or non-interacting (independent random
    walks) automaton on an n x n grid from cream-on-top to well mixed, and at geometrically spaced
    times measures the entropy (compressed fine-grained state) and the apparent complexity
    (compressed coarse-grained state: g x g window mean, 3 buckets; and 7 buckets with the
    paper's row-majority adjustment), plus a row-shuffle surrogate of each, over several seeds.
    The report gives what the data show (seed spread, the surrogate's share of the rise) apart from
    what the authors' erratum says, and power-law fits with intervals over sizes and seeds. Run
    times grow like n^4 (interacting): about two seconds per run at n = 100, minutes at n = 400.
    """
    from discovery.experiments.coffee.experiment import run_experiment
    from discovery.experiments.coffee.plot import coffee_plot
    from discovery.experiments.coffee.report import coffee_text

    models = list(MODELS) if model == "both" else [model]
    scaling_sizes = parse_sizes(sizes) if scaling else None
    progress, bar = _progress()
    try:
        results = run_experiment(size, models, grain, snapshots, seed, compressor, mix, scaling_sizes,
                                 progress=progress, seeds=seeds)
    finally:
        bar.close()
    params = {"size": size, "model": model, "grain": grain, "snapshots": snapshots, "seed": seed, "seeds": seeds,
              "compressor": compressor, "mix": mix, "scaling": scaling, "sizes": scaling_sizes}
    finish("coffee", params, results, text=coffee_text, plot=coffee_plot, **output)
