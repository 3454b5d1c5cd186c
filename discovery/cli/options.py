"""Options and helpers shared by the database-backed commands."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Callable, Iterator, Sequence

import click

DB = click.option("--db", "db_url", default=None, metavar="URL",
                  help="Database: an SQLAlchemy URL or a file path (default: $ESMA_DB, else the user data dir).")
DOCUMENT_FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                               show_default=True, help="Output format: key lines for people, or JSON.")
TABLE_FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
                            show_default=True, help="Output format.")


def output_file(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Click callback for --out/--plot: refuse a file that cannot be written before any work starts."""
    import os

    if value is None:
        return None
    folder = os.path.dirname(os.path.abspath(value))
    if not os.path.isdir(folder):
        raise click.BadParameter(f"the folder {folder} does not exist")
    if not os.access(folder, os.W_OK) or (os.path.exists(value) and not os.access(value, os.W_OK)):
        raise click.BadParameter(f"{value} cannot be written")
    return value


def open_database(db_url: str | None, create: bool = True):
    from db.engine import open_db

    return open_db(db_url, create=create)


@contextmanager
def database(db_url: str | None, create: bool = True) -> Iterator[Any]:
    """The database at ``db_url`` (created only with ``create``), closed when the block ends."""
    db = open_database(db_url, create=create)
    try:
        yield db
    finally:
        db.close()


def emit_records(records: Sequence[dict[str, Any]], columns: Sequence[str], fmt: str) -> None:
    """Print records as an aligned table, JSON (all fields) or CSV (the given columns)."""
    from discovery.cli.output import emit_json, flat_text, table_csv, table_text

    if fmt == "json":
        emit_json(list(records))
        return
    rows = [[flat_text(r.get(c)) for c in columns] for r in records]
    if fmt == "csv":
        click.echo(table_csv(columns, rows))
    else:
        click.echo(table_text(columns, rows) if rows else "(none)")


def show_command(name: str, fetch: Callable[[Any, int], dict[str, Any]], help_text: str) -> click.Command:
    """``<name> ID [--db URL] [--format text|json]``: one stored record, ``fetch(db, id)``, printed."""
    from discovery.cli.errors import user_errors

    @click.command(name, help=help_text)
    @click.argument("record_id", metavar="ID", type=int)
    @DB
    @DOCUMENT_FORMAT
    @user_errors
    def command(record_id: int, db_url: str | None, fmt: str) -> None:
        from discovery.cli.output import emit_document

        with database(db_url, create=False) as db:
            emit_document(fetch(db, record_id), fmt)

    return command
