"""Schema versions as Alembic revisions, and what opening a database does with them.

The schema is versioned by the Alembic revisions in ``db/migrations/versions`` (a single chain,
:data:`REVISIONS`); schema version ``n`` is the ``n``-th revision.  Alembic records the current
revision in its ``alembic_version`` table; the ``schema_info`` table (the versioning of esma
before Alembic) is kept as a mirror holding the schema version as a number, written by every
revision, so that an older esma refuses a newer database with a clear message.

History (one revision each):

- ``0001`` (version 1): the initial schema (``searches`` without ``priority``);
- ``0002`` (version 2): ``searches.priority INTEGER NOT NULL DEFAULT 0`` (higher runs first);
- ``0003`` (version 3): ``search_conjectures`` (which searches found each conjecture), filled from
  provenance;
- ``0004`` (version 4): ``experiment_runs`` (saved experiment runs);
- ``0005`` (version 5): families keyed by ``(constant, key)`` and recomputed per constant;
  constants' values (``value_text``, ``value_prefix``) and ``constant_aliases``;
  ``conjectures.validation`` and ``derived_from``;
- ``0006`` (version 6): proofs: ``conjectures.proof_status`` (``'verified'`` for existing rows),
  ``proof`` (JSON) and ``proof_note``; ``families.proved`` and ``proved_from``.

Opening a database (:func:`prepare`, called by ``db.open_db`` in one write transaction) upgrades
it automatically, as esma always did:

- an empty database gets the current schema (``metadata.create_all``) stamped at the head revision;
- a database made before Alembic (``schema_info`` but no ``alembic_version``) is recognised by its
  ``schema_info`` version, stamped at the matching revision and upgraded;
- an older revision is upgraded to the head; every step runs in the caller's transaction, so a
  failing step leaves the database as it was;
- a newer schema (a ``schema_info`` version or a revision this code does not know), a foreign
  database or an inconsistent one is refused before anything is written.

An up-to-date database is recognised with two plain queries: Alembic itself is only imported
when there is something to write.  ``esma db upgrade`` runs the same upgrade explicitly and
reports it.

>>> REVISIONS[-1] == HEAD_REVISION and SCHEMA_VERSION == len(REVISIONS)
True
>>> version_of(HEAD_REVISION) == SCHEMA_VERSION
True
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, column, inspect, table, text

from db.errors import DatabaseError

if TYPE_CHECKING:
    from alembic.config import Config

REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005", "0006")
"""The Alembic revision ids, oldest first: schema version ``n`` is ``REVISIONS[n - 1]``."""
HEAD_REVISION = REVISIONS[-1]
SCHEMA_VERSION = len(REVISIONS)
VERSION_KEY = "schema_version"
VERSION_TABLE = "alembic_version"
INFO_TABLE = "schema_info"
SCRIPT_LOCATION = Path(__file__).resolve().parent
PG_SCHEMA_LOCK = 0x65736D61  # "esma": the advisory lock serializing schema checks on PostgreSQL

_info = table(INFO_TABLE, column("key"), column("value"))


@dataclass(frozen=True)
class SchemaUpgrade:
    """What opening did to a database's schema: from which version and revision to which.

    ``from_version`` is None for a database that was empty; ``from_revision`` is None when the
    database had no Alembic revision (empty, or made before Alembic and ``stamped`` now).
    """

    from_version: int | None
    from_revision: str | None
    to_version: int
    to_revision: str
    created: bool = False
    stamped: bool = False

    @property
    def changed(self) -> bool:
        """Whether anything was written: a schema created, a revision stamped or migrations run."""
        return self.created or self.stamped or self.from_version != self.to_version

    def as_dict(self) -> dict[str, Any]:
        """The fields and ``changed`` as plain values."""
        return {**asdict(self), "changed": self.changed}


def version_of(revision: str) -> int:
    """The schema version of a known revision: ``version_of("0002") == 2``."""
    return REVISIONS.index(revision) + 1


def read_version(conn: Connection, where: str = "") -> int | None:
    """The schema version in ``schema_info``; None when that table does not exist.

    Raises :class:`DatabaseError` when ``schema_info`` exists but holds no usable version.
    """
    if not inspect(conn).has_table(INFO_TABLE):
        return None
    value = conn.execute(_info.select().with_only_columns(_info.c.value)
                         .where(_info.c.key == VERSION_KEY)).scalar()
    name = f"the database {where}" if where else "the database"
    if value is None:
        raise DatabaseError(f"{name} has a schema_info table but no schema version")
    try:
        return int(value)
    except ValueError:
        raise DatabaseError(f"{name} has a schema version {value!r} that is not a whole number") from None


def write_version(conn: Connection, version: int) -> None:
    """Record ``version`` as the schema version in ``schema_info`` (insert or update)."""
    updated = conn.execute(_info.update().where(_info.c.key == VERSION_KEY).values(value=str(version))).rowcount
    if not updated:
        conn.execute(_info.insert().values(key=VERSION_KEY, value=str(version)))


def read_revision(conn: Connection, where: str = "") -> str | None:
    """The Alembic revision stored in the database; None without an ``alembic_version`` row."""
    if not inspect(conn).has_table(VERSION_TABLE):
        return None
    rows = [row[0] for row in conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))]
    if len(rows) > 1:
        name = f"the database {where}" if where else "the database"
        raise DatabaseError(f"{name} has several Alembic revisions ({', '.join(sorted(rows))}), not one")
    return rows[0] if rows else None


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration for esma's revisions, without any ini file.

    ``connection`` (in its transaction) is what ``env.py`` migrates; Alembic commands such as
    ``alembic.command.upgrade(alembic_config(conn), "head")`` then run inside that transaction.
    """
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION).replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


def _run_alembic(conn: Connection, stamp: str | None, upgrade: bool) -> None:
    """Stamp ``stamp`` (a database made before Alembic) and/or upgrade to the head, on ``conn``."""
    from alembic import command

    config = alembic_config(conn)
    if stamp is not None:
        command.stamp(config, stamp)
    if upgrade:
        command.upgrade(config, "head")


def _create(conn: Connection, where: str, create: bool, tables: list[str]) -> SchemaUpgrade:
    """A database without esma schema: refused if it holds anything, else the current schema."""
    if tables:
        raise DatabaseError(f"the database {where} is not an esma database (it holds other tables)")
    if not create:
        raise DatabaseError(f"the database {where} holds no esma schema")
    from db.models import Base

    Base.metadata.create_all(conn)
    write_version(conn, SCHEMA_VERSION)
    _stamp_head(conn)
    return SchemaUpgrade(None, None, SCHEMA_VERSION, HEAD_REVISION, created=True)


def _stamp_head(conn: Connection) -> None:
    """What ``alembic stamp head`` does to a new database, without importing Alembic (a third of a
    second of every first command on a new database): its version table, as Alembic defines it,
    holding the head revision."""
    from sqlalchemy import Column, MetaData, PrimaryKeyConstraint, String, Table

    version = Table(VERSION_TABLE, MetaData(), Column("version_num", String(32), nullable=False),
                    PrimaryKeyConstraint("version_num", name="alembic_version_pkc"))
    version.create(conn, checkfirst=True)
    conn.execute(version.delete())
    conn.execute(version.insert().values(version_num=HEAD_REVISION))


def _check_version(version: int, revision: str | None, where: str) -> None:
    """Refuse a newer, invalid or inconsistent pair of ``schema_info`` version and revision."""
    if version > SCHEMA_VERSION:
        raise DatabaseError(f"the database {where} has schema version {version}, newer than this esma "
                            f"({SCHEMA_VERSION}); upgrade esma")
    if version < 1:
        raise DatabaseError(f"the database {where} has an invalid schema version {version}")
    if revision is None:
        return
    if revision not in REVISIONS:
        raise DatabaseError(f"the database {where} has schema revision {revision!r}, unknown to this esma "
                            f"(its newest is {HEAD_REVISION!r}, schema version {SCHEMA_VERSION}); upgrade esma")
    if version_of(revision) != version:
        raise DatabaseError(f"the database {where} has schema version {version} but Alembic revision "
                            f"{revision!r} (schema version {version_of(revision)}); it was altered by hand")


def prepare(conn: Connection, where: str, create: bool = True) -> SchemaUpgrade:
    """Check the schema of ``conn``'s database and bring it to :data:`HEAD_REVISION`.

    Runs inside the caller's transaction (the caller commits).  ``where`` names the database in
    messages.  Returns what was done.  Refuses, before writing anything: a newer schema, a
    database holding foreign tables but no esma schema, and (``create=False``) a database without
    an esma schema.

    On PostgreSQL a transaction-level advisory lock makes concurrent openers (two daemons starting
    on a fresh database) create or migrate the schema one after the other; SQLite callers hold the
    write lock already (``BEGIN IMMEDIATE``).
    """
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_SCHEMA_LOCK})")
    version = read_version(conn, where)
    revision = read_revision(conn, where)
    if version is None:
        # an empty Alembic version table (left by ``downgrade base``) holds nothing of anyone's
        tables = [name for name in inspect(conn).get_table_names() if revision or name != VERSION_TABLE]
        return _create(conn, where, create, tables)
    _check_version(version, revision, where)
    stamp = REVISIONS[version - 1] if revision is None else None
    if stamp is not None or version < SCHEMA_VERSION:
        _run_alembic(conn, stamp, upgrade=version < SCHEMA_VERSION)
    return SchemaUpgrade(version, revision, SCHEMA_VERSION, HEAD_REVISION, stamped=stamp is not None)


def upgrade(engine: Engine, where: str | None = None, create: bool = True) -> SchemaUpgrade:
    """Create or upgrade the schema of ``engine``'s database in one transaction; say what was done.

    >>> from sqlalchemy import create_engine
    >>> engine = create_engine("sqlite://")
    >>> first = upgrade(engine)
    >>> (first.created, first.to_revision)
    (True, '0006')
    >>> upgrade(engine).changed
    False
    """
    with engine.begin() as conn:
        return prepare(conn, where or engine.url.render_as_string(hide_password=True), create)
