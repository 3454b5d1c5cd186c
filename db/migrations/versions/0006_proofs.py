"""Schema version 6: proofs of conjectures, and proved families.

Revision ID: 0006
Revises: 0005

- ``conjectures`` gains ``proof_status`` (``'proved'`` or ``'verified'``; every existing row is
  ``'verified'``: it was checked by digits only), ``proof`` (JSON: the certificate, or the proved
  representative a member was derived from) and ``proof_note`` (why a result is not proved).
- ``families`` gains ``proved`` (its best member is proved; false for every existing family,
  since no existing row is proved) and ``proved_from`` (the registry formula of that proof).

The downgrade drops the five columns (and with them every stored proof).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.migrations import write_version

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    """Add the proof columns of conjectures and families (existing rows: verified, not proved)."""
    op.add_column("conjectures", sa.Column("proof_status", sa.String(16), nullable=False, server_default="verified"))
    op.add_column("conjectures", sa.Column("proof", sa.JSON(), nullable=True))
    op.add_column("conjectures", sa.Column("proof_note", sa.Text(), nullable=True))
    op.add_column("families", sa.Column("proved", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column("families", sa.Column("proved_from", sa.Text(), nullable=True))
    write_version(op.get_bind(), 6)


def downgrade() -> None:
    """Back to version 5: no proofs."""
    op.drop_column("families", "proved_from")
    op.drop_column("families", "proved")
    op.drop_column("conjectures", "proof_note")
    op.drop_column("conjectures", "proof")
    op.drop_column("conjectures", "proof_status")
    write_version(op.get_bind(), 5)
