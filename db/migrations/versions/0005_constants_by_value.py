"""Schema version 5: families per constant, constants identified by value, how each result was validated.

Revision ID: 0005
Revises: 0004

- ``families`` is keyed by ``(constant, key)`` (it was keyed by the tail key alone, so one family
  row, and one best member, was shared by every constant with that tail); the families and every
  ``conjectures.best_in_family`` mark are recomputed per constant from the conjectures.
- ``constants`` gains ``value_text`` (the value as decimal text, filled in when a search registers
  the constant again) and its indexed ``value_prefix``; ``constant_aliases`` (alias -> constant)
  holds every name of a constant, starting with each existing constant's own name.
- ``conjectures`` gains ``validation`` (``'evaluated'`` for every existing row) and
  ``derived_from``; its family index becomes ``(constant, family)``.

The downgrade goes back to one family per key (best member across constants, as version 4 did).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from cf.family import simplicity_key
from db.migrations import write_version
from db.migrations.ddl import columns

revision = "0005"
down_revision = "0004"

_MEMBERS = ("SELECT id, constant, family, pattern_size, transient_length, lhs_height, rate, lhs, signs, known, "
            "known_as FROM conjectures")


def _families_table(per_constant: bool) -> None:
    """Create ``families``: keyed by ``(constant, key)`` (version 5) or by ``key`` (version 4)."""
    op.create_table(
        "families", *columns("key:str128 constant:text best_conjecture_id:int? size:int known:bool known_as:text?"),
        sa.PrimaryKeyConstraint(*(("constant", "key") if per_constant else ("key",)), name=op.f("pk_families")),
        sa.ForeignKeyConstraint(["best_conjecture_id"], ["conjectures.id"],
                                name=op.f("fk_families_best_conjecture_id_conjectures")),
    )


def _order(m: Any) -> tuple[Any, ...]:
    """The family order of a member row, then its id."""
    return (*simplicity_key(m.pattern_size, m.transient_length, m.lhs_height, m.rate, m.lhs, m.signs), m.id)


def _fill_families(per_constant: bool) -> None:
    """Recompute every family row and every ``best_in_family`` mark from the conjectures."""
    bind = op.get_bind()
    groups: dict[tuple[str, ...], list[Any]] = {}
    for m in bind.execute(sa.text(_MEMBERS)):
        groups.setdefault((m.constant, m.family) if per_constant else (m.family,), []).append(m)
    rows, best_ids = [], []
    for members in groups.values():
        ranked = sorted(members, key=_order)
        best = ranked[0]
        best_ids.append(best.id)
        rows.append({"key": best.family, "constant": best.constant, "best_conjecture_id": best.id,
                     "size": len(members), "known": any(bool(m.known) for m in members),
                     "known_as": next((m.known_as for m in ranked if m.known_as), None)})
    families = sa.table("families", *(sa.column(c) for c in ("key", "constant", "best_conjecture_id", "size",
                                                               "known", "known_as")))
    if rows:
        bind.execute(families.insert(), rows)
    conjectures = sa.table("conjectures", sa.column("id"), sa.column("best_in_family"))
    bind.execute(conjectures.update().values(best_in_family=False))
    for i in range(0, len(best_ids), 500):
        bind.execute(conjectures.update().where(conjectures.c.id.in_(best_ids[i:i + 500])).values(best_in_family=True))


def upgrade() -> None:
    """Add values and aliases of constants, validation columns, and re-key families per constant."""
    op.add_column("constants", sa.Column("value_text", sa.Text(), nullable=True))
    op.add_column("constants", sa.Column("value_prefix", sa.String(64), nullable=True))
    op.create_index(op.f("ix_constants_value_prefix"), "constants", ["value_prefix"])
    op.create_table(
        "constant_aliases", *columns("alias:text constant_id:int"),
        sa.PrimaryKeyConstraint("alias", name=op.f("pk_constant_aliases")),
        sa.ForeignKeyConstraint(["constant_id"], ["constants.id"], name=op.f("fk_constant_aliases_constant_id_constants")),
    )
    op.create_index(op.f("ix_constant_aliases_constant_id"), "constant_aliases", ["constant_id"])
    op.execute("INSERT INTO constant_aliases (alias, constant_id) SELECT name, id FROM constants")
    op.add_column("conjectures", sa.Column("validation", sa.String(16), nullable=False, server_default="evaluated"))
    op.add_column("conjectures", sa.Column("derived_from", sa.Text(), nullable=True))
    op.drop_index(op.f("ix_conjectures_family"), table_name="conjectures")
    op.create_index(op.f("ix_conjectures_constant_family"), "conjectures", ["constant", "family"])
    op.drop_table("families")
    _families_table(per_constant=True)
    _fill_families(per_constant=True)
    write_version(op.get_bind(), 5)


def downgrade() -> None:
    """Back to version 4: families per key, no values, aliases or validation columns."""
    op.drop_table("families")
    _families_table(per_constant=False)
    _fill_families(per_constant=False)
    op.drop_index(op.f("ix_conjectures_constant_family"), table_name="conjectures")
    op.create_index(op.f("ix_conjectures_family"), "conjectures", ["family"])
    op.drop_column("conjectures", "derived_from")
    op.drop_column("conjectures", "validation")
    op.drop_table("constant_aliases")
    op.drop_index(op.f("ix_constants_value_prefix"), table_name="constants")
    op.drop_column("constants", "value_prefix")
    op.drop_column("constants", "value_text")
    write_version(op.get_bind(), 4)
