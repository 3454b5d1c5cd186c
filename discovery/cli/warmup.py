"""``esma warm-up``: compile every Numba kernel into the cache, in parallel, once after installing."""

from __future__ import annotations

import time

import click

from discovery.cli.errors import user_errors


@click.command("warm-up")
@click.option("--workers", "-w", type=click.IntRange(min=1, max=256), default=None,
              help="Compiling processes (default: all cores).")
@user_errors
def warm_up(workers: int | None) -> None:
    """Compile the kernels of every kind of search (degree 1 and 2, small and large units, the
    confirmation of hits) into Numba's cache, so that no later search compiles.  A search whose
    kernels are not cached does this itself for the kernels it needs; this command does it for all."""
    from search.execution.warmup import GROUPS, compile_in_parallel

    names = ["tails", "quadratic-tails", "screen", "quadratic", "confirm"]
    assert sorted(names) == sorted(GROUPS)
    click.echo(f"compiling {len(names)} kernel groups ({', '.join(names)})", err=True)
    t0 = time.perf_counter()
    failed = compile_in_parallel(names, workers)
    if failed:
        raise click.ClickException(f"compiling {', '.join(failed)} failed; searches will compile "
                                   "those kernels themselves")
    click.echo(f"kernels compiled and cached in {time.perf_counter() - t0:.1f} s")
