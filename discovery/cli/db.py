"""``esma db``: information about the conjecture database and an integrity check."""

from __future__ import annotations

import click

from discovery.cli.options import DB, open_database
from discovery.cli.errors import user_errors

FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)


@click.group("db")
def db_group() -> None:
    """Inspect and check the conjecture database."""


@db_group.command()
@DB
@FORMAT
@user_errors
def info(db_url: str | None, fmt: str) -> None:
    """Path, schema version and row counts."""
    from db import repository as repo

    db = open_database(db_url, create=False)
    try:
        data = repo.db_info(db)
    finally:
        db.close()
    if fmt == "json":
        from discovery.cli.output import emit_json

        emit_json(data)
        return
    for k, v in data.items():
        click.echo(f"{k}: {v}")


@db_group.command()
@DB
@FORMAT
@user_errors
def check(db_url: str | None, fmt: str) -> None:
    """Integrity check: SQLite's own check plus consistency of counters, leases and families."""
    from db import repository as repo

    db = open_database(db_url, create=False)
    try:
        problems = repo.db_check(db)
    finally:
        db.close()
    if fmt == "json":
        from discovery.cli.output import emit_json

        emit_json({"ok": not problems, "problems": problems})
    else:
        click.echo("ok" if not problems else "\n".join(problems))
    if problems:
        raise SystemExit(1)
