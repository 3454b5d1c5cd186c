"""Schema versioning without Alembic.

The version lives in ``schema_info`` under the key ``schema_version``.  A fresh database is created
at :data:`SCHEMA_VERSION` with ``metadata.create_all``; an older one is brought up to date by the
steps of :data:`MIGRATIONS`, all in the caller's transaction; a newer one is refused before
anything is written.

History:

- 1: the initial schema (``searches`` without ``priority``);
- 2: ``searches.priority INTEGER NOT NULL DEFAULT 0`` (higher runs first);
- 3: ``search_conjectures`` (which searches found each conjecture), filled from provenance;
- 4: ``experiment_runs`` (saved experiment runs).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, Engine, inspect, select

from db.errors import DatabaseError
from db.models import Base, SchemaInfo

SCHEMA_VERSION = 4
VERSION_KEY = "schema_version"
PG_SCHEMA_LOCK = 0x65736D61  # "esma": the advisory lock serializing schema checks on PostgreSQL


def _add_search_priority(conn: Connection) -> None:
    """1 -> 2: searches get a priority (higher first), 0 for the existing ones."""
    conn.exec_driver_sql("ALTER TABLE searches ADD COLUMN priority INTEGER NOT NULL DEFAULT 0")


def _add_search_membership(conn: Connection) -> None:
    """2 -> 3: the search/conjecture membership table, filled from each conjecture's provenance."""
    from db.models import SearchConjecture

    SearchConjecture.__table__.create(conn)
    conn.exec_driver_sql(
        "INSERT INTO search_conjectures (search_id, conjecture_id) "
        "SELECT search_id, id FROM conjectures WHERE search_id IS NOT NULL"
    )


def _add_experiment_runs(conn: Connection) -> None:
    """3 -> 4: the table of saved experiment runs."""
    from db.models import ExperimentRun

    ExperimentRun.__table__.create(conn)


MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    1: _add_search_priority,
    2: _add_search_membership,
    3: _add_experiment_runs,
}
"""``MIGRATIONS[v]`` turns a version ``v`` database into a version ``v + 1`` one."""


def read_version(conn: Connection, where: str = "") -> int | None:
    """The stored schema version; None when the database has no esma schema at all.

    Raises :class:`DatabaseError` when ``schema_info`` exists but holds no usable version.
    """
    if not inspect(conn).has_table(SchemaInfo.__tablename__):
        return None
    text = conn.execute(select(SchemaInfo.value).where(SchemaInfo.key == VERSION_KEY)).scalar()
    name = f"the database {where}" if where else "the database"
    if text is None:
        raise DatabaseError(f"{name} has a schema_info table but no schema version")
    try:
        return int(text)
    except ValueError:
        raise DatabaseError(f"{name} has a schema version {text!r} that is not a whole number") from None


def write_version(conn: Connection, version: int) -> None:
    """Record ``version`` as the schema version (insert or update)."""
    table = SchemaInfo.__table__
    updated = conn.execute(
        table.update().where(table.c.key == VERSION_KEY).values(value=str(version))
    ).rowcount
    if not updated:
        conn.execute(table.insert().values(key=VERSION_KEY, value=str(version)))


def prepare(conn: Connection, where: str, create: bool = True) -> int:
    """Check and bring the schema of ``conn``'s database to :data:`SCHEMA_VERSION`.

    Runs inside the caller's transaction (the caller commits).  ``where`` names the database in
    messages.  Returns the version now in place.  Refuses, before writing anything: a newer
    schema, a database holding foreign tables but no esma schema, and (``create=False``) a
    database without an esma schema.

    On PostgreSQL a transaction-level advisory lock makes concurrent openers (two daemons starting
    on a fresh database) create or migrate the schema one after the other; SQLite callers hold the
    write lock already (``BEGIN IMMEDIATE``).
    """
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_SCHEMA_LOCK})")
    version = read_version(conn, where)
    if version is None:
        tables = inspect(conn).get_table_names()
        if tables:
            raise DatabaseError(f"the database {where} is not an esma database (it holds other tables)")
        if not create:
            raise DatabaseError(f"the database {where} holds no esma schema")
        Base.metadata.create_all(conn)
        write_version(conn, SCHEMA_VERSION)
        return SCHEMA_VERSION
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            f"the database {where} has schema version {version}, newer than this esma "
            f"({SCHEMA_VERSION}); upgrade esma"
        )
    if version < 1:
        raise DatabaseError(f"the database {where} has an invalid schema version {version}")
    for step in range(version, SCHEMA_VERSION):
        MIGRATIONS[step](conn)
        write_version(conn, step + 1)
    return SCHEMA_VERSION


def upgrade(engine: Engine, where: str | None = None, create: bool = True) -> int:
    """Apply pending migrations (or create a fresh schema) in one transaction; return the version."""
    with engine.begin() as conn:
        return prepare(conn, where or engine.url.render_as_string(hide_password=True), create)
