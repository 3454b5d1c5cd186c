"""``esma experiment complexity``: compressors, LZ76 and linear complexity against surrogates.

Only click and :mod:`discovery.experiments.runs` are imported here; numpy, numba and the
computation modules are imported inside the command so that ``--help`` answers at once.

>>> complexity.name, [p.name for p in complexity.params][:4]
('complexity', ['terms', 'bits', 'seed', 'surrogates'])
"""

from __future__ import annotations

import click

from discovery.cli.progress import Progress
from discovery.experiments import ProgressFn
from discovery.experiments.runs import common_options, finish


def _progress_printer(enabled: bool | None) -> tuple[ProgressFn, Progress]:
    """A progress callback ``(stage, done, total)`` drawing one bar on stderr (a terminal, or forced)."""
    bar = Progress("stages", label="complexity", enabled=enabled)

    def show(stage: str, done: int, total: int) -> None:
        bar(done, total, stage=stage)

    return show, bar


@click.command()
@click.option("--terms", type=int, default=2000, show_default=True,
              help="Partial quotients per constant (e, tan(1), pi, random real); 20 to 20000.")
@click.option("--bits", type=int, default=100_000, show_default=True,
              help="Length of the prime-indicator and random bit strings; 1000 to 10^7.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seed of the random real, the random bits and every surrogate.")
@click.option("--surrogates", type=int, default=199, show_default=True,
              help="Null draws per cell for the order test, 19 to 999 (with 6 cells the Holm-corrected test "
                   "can reject only from 119 on); LZ76, BDM and the iid columns use 19 draws, BM 5.")
@click.option("--progress/--no-progress", default=None,
              help="Show progress on stderr (default: when stderr is a terminal).")
@common_options
def complexity(terms: int, bits: int, seed: int, surrogates: int, progress: bool | None, fmt: str,
               plot_path: str | None, save: bool, db_url: str | None) -> None:
    """Complexity of partial-quotient sequences, prime indicators and random baselines.

    For the simple continued fractions of e, tan(1), pi and a random real, the prime indicator
    string and random bits: compressed size in bits per symbol (zlib, bz2, lzma; zstd as an extra,
    non-deciding column when installed; empty-input overhead removed, serialisation named),
    normalised LZ76 complexity, the Berlekamp-Massey linear-complexity profile and the Block
    Decomposition Method, each next to shuffled and iid surrogates with fixed seeds, plus the
    description length of any decoded continued-fraction pattern and NCD matrices. The "order"
    verdict is a rank test per cell against the partial quotients of random reals (CF sources) or
    shuffles (bits), Holm-corrected over the cells.
    """
    from discovery.experiments.complexity.experiment import run_complexity
    from discovery.experiments.complexity.plot import complexity_plot
    from discovery.experiments.complexity.report import complexity_text

    show, bar = _progress_printer(progress)
    with bar:
        results = run_complexity(terms=terms, bits=bits, seed=seed, surrogates=surrogates, progress=show)
    params = {"terms": terms, "bits": bits, "seed": seed, "surrogates": surrogates}
    finish("complexity", params, results, fmt, complexity_text, complexity_plot, plot_path, save, db_url)
