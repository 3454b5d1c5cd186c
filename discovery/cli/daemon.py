"""``esma daemon``: a detached process that runs queued searches from the database."""

from __future__ import annotations

import click

from discovery.cli.options import DB
from discovery.cli.search import check_executor_options, executor_options
from discovery.cli.errors import user_errors

NAME = click.option("--name", default="default", show_default=True, help="Daemon name (one pid/log file per name).")


@click.group()
def daemon() -> None:
    """Start, stop and inspect the search daemon."""


@daemon.command()
@NAME
@click.option("--workers", "-w", type=click.IntRange(min=1, max=256), default=None, help="Worker processes (default: all cores).")
@click.option("--lease-seconds", type=click.FloatRange(min=1.0), default=120.0, show_default=True,
              help="Lease length of a work unit (renewed while it runs).")
@DB
@executor_options
@user_errors
def start(name: str, workers: int | None, lease_seconds: float, db_url: str | None,
          executor_kind: str = "local", scheduler: str | None = None) -> None:
    """Start a daemon in the background (refused if one with this name is running).

    With --executor dask its units run on a Dask cluster (--scheduler tcp://HOST:PORT, or an
    in-process cluster of --workers processes started by the daemon).
    """
    import os

    from db.engine import resolve_url
    from discovery.service import daemon as d

    check_executor_options(executor_kind, scheduler)
    url = resolve_url(db_url)
    pid = d.start(name, workers or os.cpu_count() or 1, url, lease_seconds,
                  executor=executor_kind, scheduler=scheduler)
    files = d.DaemonFiles.for_name(name)
    click.echo(f"daemon {name!r} started (pid {pid}); log {files.log}")


@daemon.command()
@NAME
@click.option("--timeout", type=click.FloatRange(min=1.0), default=300.0, show_default=True,
              help="Seconds to wait for the units in flight to finish.")
@user_errors
def stop(name: str, timeout: float) -> None:
    """Stop a daemon gracefully: it finishes its units in flight and releases the rest."""
    from discovery.service import daemon as d

    if d.stop(name, timeout):
        click.echo(f"daemon {name!r} stopped")
    else:
        click.echo(f"daemon {name!r} is not running")


@daemon.command()
@NAME
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@user_errors
def status(name: str, fmt: str) -> None:
    """Running or not, pid, current search, units done/total, rate and ETA."""
    from discovery.service import daemon as d

    st = d.status(name)
    if fmt == "json":
        from discovery.cli.output import emit_json

        emit_json(st)
        return
    if not st["running"]:
        click.echo(f"daemon {name!r}: not running")
        return
    click.echo(f"daemon {name!r}: {st.get('state')} (pid {st['pid']}, {st.get('workers')} workers) on {st.get('db')}")
    if st.get("current_search") is not None and "units_total" in st:
        eta = st.get("eta_seconds")
        eta_s = f"{eta:,.0f} s" if eta is not None else "unknown"
        click.echo(f"search {st['current_search']}: {st['units_done']}/{st['units_total']} units, "
                   f"{st['pairs_done']:,}/{st['pairs_total']:,} pairs, {st['rate_pairs_per_second']:,.0f} pairs/s, ETA {eta_s}")
    else:
        click.echo("idle: no queued search")


@daemon.command(hidden=True)
@click.option("--name", required=True)
@click.option("--workers", type=click.IntRange(min=1, max=256), required=True)
@click.option("--lease-seconds", type=click.FloatRange(min=1.0), required=True)
@click.option("--executor", "executor_kind", type=click.Choice(["local", "dask"]), default="local")
@click.option("--scheduler", default=None)
@user_errors
def serve(name: str, workers: int, lease_seconds: float, executor_kind: str, scheduler: str | None) -> None:
    """The daemon process itself (started by `esma daemon start`; the database comes from $ESMA_DB)."""
    from db.engine import resolve_url
    from discovery.service import daemon as d

    d.serve(name, workers, resolve_url(None), lease_seconds, executor_kind, scheduler)
