"""Schema version 1: the initial esma schema.

Revision ID: 0001
Revises: (none)

The tables ``schema_info``, ``constants``, ``searches`` (without ``priority``), ``work_units``,
``conjectures`` and ``families``, as the first esma made them.  Timestamps are naive UTC
``DATETIME`` columns (the models wrap them in ``UTCDateTime``); names follow the models' naming
convention.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.migrations import write_version
from db.migrations.ddl import columns

revision = "0001"
down_revision = None

CONJECTURE_COLUMNS = (
    "id:int constant:text lhs_key:text lhs:text lhs_latex:text? lhs_num:json lhs_den:json lhs_height:int "
    "lhs_value:text signs:str64 transient:json transient_length:int period:int channels:json "
    "channel_coefficients:json pattern_size:int pattern_latex:text? recurrence_length:int connection:json "
    "primes:json depth:int cascade_terms:int? verified_digits:int validation_terms:int? "
    "validation_digits:int? rate:float simple_rate:float? family:str128 known:bool known_as:text? "
    "best_in_family:bool lhs_index:int? period_index:int? search_id:int? unit:text? engine_version:text? "
    "created_at:datetime"
)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    """``table.column`` references ``target.id`` (the convention's name)."""
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"))


def _status(table: str, statuses: str) -> sa.CheckConstraint:
    """``status`` is one of the words of ``statuses``."""
    listed = ", ".join(f"'{s}'" for s in statuses.split())
    return sa.CheckConstraint(f"status IN ({listed})", name=op.f(f"ck_{table}_status"))


def upgrade() -> None:
    """Create the version 1 tables and record schema version 1."""
    op.create_table("schema_info", *columns("key:str64 value:text"),
                    sa.PrimaryKeyConstraint("key", name=op.f("pk_schema_info")))
    op.create_table("constants", *columns("id:int name:text created_at:datetime"),
                    sa.PrimaryKeyConstraint("id", name=op.f("pk_constants")),
                    sa.UniqueConstraint("name", name=op.f("uq_constants_name")))
    op.create_table(
        "searches",
        *columns("id:int constant_id:int spec:json spec_hash:str128 status:str16 created_at:datetime "
                 "updated_at:datetime started_at:datetime? finished_at:datetime? units_total:int units_done:int "
                 "pairs_total:bigint pairs_done:bigint hits:bigint verified:int seconds:float"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_searches")),
        _status("searches", "queued running done cancelled"),
        _fk("searches", "constant_id", "constants"),
        sa.UniqueConstraint("spec_hash", name=op.f("uq_searches_spec_hash")),
    )
    op.create_index(op.f("ix_searches_status"), "searches", ["status"])
    op.create_index(op.f("ix_searches_constant_id"), "searches", ["constant_id"])
    op.create_table(
        "work_units",
        *columns("id:int search_id:int index:int start:bigint stop:bigint status:str16 lease_owner:text? "
                 "lease_expires:datetime? attempts:int started_at:datetime? finished_at:datetime? seconds:float "
                 "pairs:bigint hits:bigint verified:int"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_units")),
        sa.UniqueConstraint("search_id", "index", name=op.f("uq_work_units_search_index")),
        _status("work_units", "pending leased done"),
        _fk("work_units", "search_id", "searches"),
    )
    op.create_index(op.f("ix_work_units_status_search"), "work_units", ["status", "search_id"])
    op.create_table(
        "conjectures", *columns(CONJECTURE_COLUMNS),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conjectures")),
        sa.UniqueConstraint("constant", "lhs_key", "signs", name=op.f("uq_conjectures_identity")),
        _fk("conjectures", "search_id", "searches"),
    )
    op.create_index(op.f("ix_conjectures_family"), "conjectures", ["family"])
    op.create_index(op.f("ix_conjectures_search"), "conjectures", ["search_id"])
    op.create_table(
        "families", *columns("key:str128 constant:text best_conjecture_id:int? size:int known:bool known_as:text?"),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_families")),
        _fk("families", "best_conjecture_id", "conjectures"),
    )
    write_version(op.get_bind(), 1)


def downgrade() -> None:
    """Drop every table (dependents first)."""
    for name in ("families", "conjectures", "work_units", "searches", "constants", "schema_info"):
        op.drop_table(name)
