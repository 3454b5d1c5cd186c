"""``esma db``: information about the conjecture database, an integrity check, the schema upgrade.

Every command that opens a database upgrades an older schema on the way (Alembic revisions, see
``db.migrations``); ``esma db upgrade`` does only that, deliberately, and says from which revision
to which (for instance before starting daemons on a shared PostgreSQL database).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from discovery.cli.errors import user_errors
from discovery.cli.options import DB, database
from discovery.cli.output import flat_lines

FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
T = TypeVar("T")


@click.group("db")
def db_group() -> None:
    """Inspect, check and upgrade the conjecture database."""


def _db_command(func: Callable[[str | None, str], None]) -> click.Command:
    """An ``esma db`` subcommand taking ``--db`` and ``--format``, printing one-sentence errors."""
    return db_group.command()(DB(FORMAT(user_errors(func))))


def _on_existing(db_url: str | None, action: Callable[[Any], T]) -> T:
    """``action(db)`` on the existing database at ``db_url`` (never created here)."""
    with database(db_url, create=False) as db:
        return action(db)


def _emit(fmt: str, data: Any, text: Callable[[], str]) -> None:
    """Print ``data`` as JSON, or ``text()`` for people."""
    if fmt == "json":
        from discovery.cli.output import emit_json

        emit_json(data)
    else:
        click.echo(text())


@_db_command
def info(db_url: str | None, fmt: str) -> None:
    """Path, schema version and revision, and row counts."""
    from db.health import db_info

    data = _on_existing(db_url, db_info)
    _emit(fmt, data, lambda: "\n".join(flat_lines(data)))


@_db_command
def check(db_url: str | None, fmt: str) -> None:
    """Integrity check: SQLite's own check plus consistency of counters, leases and families."""
    from db.health import db_check

    problems = _on_existing(db_url, db_check)
    _emit(fmt, {"ok": not problems, "problems": problems}, lambda: "\n".join(problems) or "ok")
    if problems:
        raise SystemExit(1)


def describe_upgrade(where: str, change: Any) -> str:
    """One line saying what ``esma db upgrade`` did (``change`` is a ``db.SchemaUpgrade``)."""
    target = f"revision {change.to_revision} (schema version {change.to_version})"
    if not change.changed:
        return f"{where} is already at {target}; nothing to do"
    if change.from_revision is not None:
        return f"upgraded {where} from revision {change.from_revision} (schema version {change.from_version}) to {target}"
    if change.from_version == change.to_version:
        return f"stamped {where} (made before Alembic, schema version {change.from_version}) as {target}"
    return f"upgraded {where} from schema version {change.from_version} (made before Alembic) to {target}"


@_db_command
def upgrade(db_url: str | None, fmt: str) -> None:
    """Upgrade the database's schema to this esma's (the Alembic head) and say from where.

    A database made before esma used Alembic is recognised by its schema_info version and
    stamped with the matching revision first.  Nothing is created: the database must exist.
    Then every family's known/new mark is recomputed from the registry of classical continued
    fractions (older versions knew fewer).
    """
    from discovery.service.known import remark_known

    where, change, remarked = _on_existing(db_url, lambda db: (db.where, db.schema, remark_known(db)))

    def text() -> str:
        line = describe_upgrade(where, change)
        return line + (f"; {remarked} families re-marked known/new from the registry of classical continued fractions"
                       if remarked else "")

    _emit(fmt, {"database": where, **change.as_dict(), "families_remarked": remarked}, text)
