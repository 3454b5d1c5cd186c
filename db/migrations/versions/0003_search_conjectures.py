"""Schema version 3: which searches found each conjecture, filled from each conjecture's provenance.

Revision ID: 0003
Revises: 0002

A conjecture is stored once, whichever search finds it again; ``search_conjectures`` links it to
every search that found it.  Existing conjectures are linked to the search that stored them
(``conjectures.search_id``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.migrations import write_version
from db.migrations.ddl import columns

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    """Create ``search_conjectures`` and fill it from ``conjectures.search_id``."""
    name = "search_conjectures"
    op.create_table(
        name, *columns("search_id:int conjecture_id:int"),
        sa.PrimaryKeyConstraint("search_id", "conjecture_id", name=op.f(f"pk_{name}")),
        *(sa.ForeignKeyConstraint([column], [f"{table}.id"], name=op.f(f"fk_{name}_{column}_{table}"))
          for column, table in (("search_id", "searches"), ("conjecture_id", "conjectures"))),
    )
    op.create_index(op.f(f"ix_{name}_conjecture_id"), name, ["conjecture_id"])
    op.execute(f"INSERT INTO {name} (search_id, conjecture_id) "
               "SELECT search_id, id FROM conjectures WHERE search_id IS NOT NULL")
    write_version(op.get_bind(), 3)


def downgrade() -> None:
    """Drop ``search_conjectures``."""
    op.drop_table("search_conjectures")
    write_version(op.get_bind(), 2)
