"""The Alembic environment of the esma schema: run by Alembic's commands, not imported by esma.

esma drives Alembic from :mod:`db.migrations` (no ``alembic.ini``): the configuration made by
``alembic_config(connection)`` carries an open connection, already inside the caller's
transaction, and every revision runs on it, in that one transaction.  The version table is
Alembic's default ``alembic_version``; operations take constraint and index names from the
models' naming convention (revisions give final names with ``op.f``).  Offline (``--sql``) mode
is not supported.
"""

from __future__ import annotations

from alembic import context
from alembic.config import Config

from db.migrations import VERSION_TABLE
from db.models import Base


def run(config: Config) -> None:
    """Run the migrations Alembic planned on the connection the configuration carries."""
    connection = config.attributes.get("connection")
    if connection is None or context.is_offline_mode():
        raise RuntimeError("esma's migrations run on an open connection: use db.migrations.alembic_config(conn)")
    context.configure(connection=connection, target_metadata=Base.metadata, version_table=VERSION_TABLE)
    with context.begin_transaction():
        context.run_migrations()


_config = getattr(context, "config", None)  # set only while an Alembic command runs this file
if _config is not None:  # otherwise merely imported (pytest collecting doctests): nothing to run
    run(_config)
