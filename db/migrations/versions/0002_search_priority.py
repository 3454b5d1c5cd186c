"""Schema version 2: searches get a priority (higher runs first), 0 for the existing ones.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.migrations import write_version

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    """Add ``searches.priority INTEGER NOT NULL DEFAULT 0``."""
    op.add_column("searches", sa.Column("priority", sa.Integer(), nullable=False, server_default="0"))
    write_version(op.get_bind(), 2)


def downgrade() -> None:
    """Drop ``searches.priority``."""
    op.drop_column("searches", "priority")
    write_version(op.get_bind(), 1)
