"""Schema version 4: the table of saved experiment runs (``esma experiment ... --save``).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.migrations import write_version
from db.migrations.ddl import columns

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    """Create ``experiment_runs``: a name, and parameters, results and versions as JSON."""
    op.create_table("experiment_runs",
                    *columns("id:int name:str64 parameters:json results:json versions:json created_at:datetime"),
                    sa.PrimaryKeyConstraint("id", name=op.f("pk_experiment_runs")))
    op.create_index(op.f("ix_experiment_runs_name"), "experiment_runs", ["name"])
    write_version(op.get_bind(), 4)


def downgrade() -> None:
    """Drop ``experiment_runs``."""
    op.drop_table("experiment_runs")
    write_version(op.get_bind(), 3)
