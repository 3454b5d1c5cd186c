"""``esma experiment runs`` and ``esma experiment run ID``: the experiment runs saved with --save."""

from __future__ import annotations

import click

from discovery.cli.errors import user_errors
from discovery.cli.options import DB, DOCUMENT_FORMAT, database

_FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)


@click.command("runs")
@click.option("--name", default=None, help="Only runs of this experiment (e.g. coffee, prime-coding).")
@DB
@_FORMAT
@user_errors
def runs(name: str | None, db_url: str | None, fmt: str) -> None:
    """List the saved experiment runs, newest first: id, experiment, parameters, time."""
    from db import repository as repo

    with database(db_url, create=False) as db:
        rows = repo.list_experiment_runs(db, name)
    if fmt == "json":
        from discovery.cli.output import emit_json

        emit_json(rows)
        return
    from discovery.cli.output import flat_text, table_text

    click.echo(table_text(["id", "experiment", "created", "parameters"],
                          [[r["id"], r["name"], r["created_at"], flat_text(r["parameters"])] for r in rows])
               if rows else "(none)")


@click.command("run")
@click.argument("run_id", type=int)
@DB
@DOCUMENT_FORMAT
@user_errors
def run(run_id: int, db_url: str | None, fmt: str) -> None:
    """Show one saved run: its parameters, versions and results."""
    from db import repository as repo
    from discovery.cli.output import emit_document

    with database(db_url, create=False) as db:
        emit_document(repo.get_experiment_run(db, run_id), fmt)
