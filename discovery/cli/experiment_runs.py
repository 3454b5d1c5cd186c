"""``esma experiment runs`` and ``esma experiment run ID``: the experiment runs saved with --save."""

from __future__ import annotations

import click

from discovery.cli.errors import user_errors
from discovery.cli.options import DB, database, show_command

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


def _saved_run(db, run_id: int) -> dict:
    from db import repository as repo

    return repo.get_experiment_run(db, run_id)


run = show_command("run", _saved_run, "Show one saved run: its parameters, versions and results.")
