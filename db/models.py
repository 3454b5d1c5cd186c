"""The ORM models: the tables of an esma database at the current schema (version 6, Alembic
revision ``0006``; :mod:`db.migrations` holds the history).

Tables: ``schema_info`` (key/value, holds ``schema_version``), ``constants`` (identified by value,
see :mod:`db.constants`), ``constant_aliases`` (every name of a constant), ``searches``,
``work_units``, ``conjectures``, ``families``, ``search_conjectures`` (which searches found each
conjecture) and ``experiment_runs``; Alembic adds ``alembic_version``.  Timestamps use
:class:`db.coltypes.UTCDateTime` (aware UTC datetimes).  List-valued record fields are JSON
columns (big integers survive, since JSON numbers have no size limit).

A conjecture is identified by ``(constant, lhs_key, signs)`` (``constant`` is the constant's canonical
name); a family by ``(constant, key)``; the unique constraint on these makes
result writes idempotent.  ``lhs_key`` is the LHS coefficients as text ``"num|den"``, for example
``"1,0|-1,1"``; ``lhs_height`` (largest absolute coefficient) and ``transient_length`` are derived
at insert time so that the simplicity order can be computed in SQL.

Pair indices and pair counts are ``BIGINT`` (search spaces can exceed 2**31 pairs).

>>> sorted(Base.metadata.tables)       # doctest: +NORMALIZE_WHITESPACE
['conjectures', 'constant_aliases', 'constants', 'experiment_runs', 'families', 'schema_info', 'search_conjectures',
 'searches', 'work_units']
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from db.coltypes import UTCDateTime, utcnow

SEARCH_STATUSES = ("queued", "running", "done", "cancelled")
UNIT_STATUSES = ("pending", "leased", "done")
VALIDATIONS = ("evaluated", "derived")
"""How a conjecture was validated: ``evaluated`` (its own high-precision check) or ``derived``
(proved exactly from its family's validated representative, named by ``derived_from`` as
``"<lhs text> | <signs>"``, same constant)."""
PROOF_STATUSES = ("proved", "verified")
"""Whether a conjecture is a theorem: ``proved`` (``proof`` holds a certificate accepted by the
independent checker, or says that the member was derived exactly from a proved representative)
or ``verified`` (digits only; ``proof_note`` says why it is not proved)."""
PROOF_KINDS = ("certificate", "derived")
"""``proof["kind"]``: ``{"kind": "certificate", "source": <registry formula>, "certificate": {...}}``
or ``{"kind": "derived", "source": <registry formula>, "from": {"lhs_num", "lhs_den", "signs"}}``."""

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _in(column: str, values: tuple[str, ...]) -> str:
    """SQL text ``column IN ('a', 'b')`` for a check constraint."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    """Declarative base holding the metadata of every esma table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON(), list[Any]: JSON()}


class SchemaInfo(Base):
    """Key/value facts about the database itself (``schema_version``)."""

    __tablename__ = "schema_info"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Constant(Base):
    """A constant: its canonical name (the first name stored, e.g. ``"e"``) and its value.

    ``value_text`` is the value as decimal text (:mod:`db.values`, about 1000 digits; None in a
    database made before version 5 until a search registers the constant again) and
    ``value_prefix`` its indexed prefix, so that a lookup by value reads a handful of rows.
    """

    __tablename__ = "constants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    value_text: Mapped[str | None] = mapped_column(Text)
    value_prefix: Mapped[str | None] = mapped_column(String(64), index=True)


class ConstantAlias(Base):
    """A name of a constant (its canonical name is one of them): ``sqrt(e)`` -> ``exp(1/2)``."""

    __tablename__ = "constant_aliases"

    alias: Mapped[str] = mapped_column(Text, primary_key=True)
    constant_id: Mapped[int] = mapped_column(ForeignKey("constants.id"), index=True)


class _Work:
    """Columns of searches and work units alike: when the work ran, its compute time and findings."""

    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    seconds: Mapped[float] = mapped_column(Float, default=0.0)
    hits: Mapped[int] = mapped_column(BigInteger, default=0)
    verified: Mapped[int] = mapped_column(Integer, default=0)


class Search(_Work, Base):
    """One search: a specification, its status and counters aggregated from its work units."""

    __tablename__ = "searches"
    __table_args__ = (CheckConstraint(_in("status", SEARCH_STATUSES), name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    constant_id: Mapped[int] = mapped_column(ForeignKey("constants.id"), index=True)
    spec: Mapped[dict[str, Any]]
    spec_hash: Mapped[str] = mapped_column(String(128), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    priority: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    units_total: Mapped[int] = mapped_column(Integer, default=0)
    units_done: Mapped[int] = mapped_column(Integer, default=0)
    pairs_total: Mapped[int] = mapped_column(BigInteger, default=0)
    pairs_done: Mapped[int] = mapped_column(BigInteger, default=0)


class WorkUnit(_Work, Base):
    """A slice ``start <= pair < stop`` of a search, with its status and lease."""

    __tablename__ = "work_units"
    __table_args__ = (
        UniqueConstraint("search_id", "index", name="uq_work_units_search_index"),
        CheckConstraint(_in("status", UNIT_STATUSES), name="status"),
        Index("ix_work_units_status_search", "status", "search_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    search_id: Mapped[int] = mapped_column(ForeignKey("searches.id"))
    index: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(BigInteger)
    stop: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    lease_owner: Mapped[str | None] = mapped_column(Text)
    lease_expires: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    pairs: Mapped[int] = mapped_column(BigInteger, default=0)


class Conjecture(Base):
    """A verified conjecture: every field of an engine record, plus provenance."""

    __tablename__ = "conjectures"
    __table_args__ = (
        UniqueConstraint("constant", "lhs_key", "signs", name="uq_conjectures_identity"),
        Index("ix_conjectures_constant_family", "constant", "family"),
        Index("ix_conjectures_search", "search_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    constant: Mapped[str] = mapped_column(Text)
    lhs_key: Mapped[str] = mapped_column(Text)
    lhs: Mapped[str] = mapped_column(Text)
    lhs_latex: Mapped[str | None] = mapped_column(Text)
    lhs_num: Mapped[list[Any]]
    lhs_den: Mapped[list[Any]]
    lhs_height: Mapped[int] = mapped_column(Integer)
    lhs_value: Mapped[str] = mapped_column(Text)
    signs: Mapped[str] = mapped_column(String(64))
    transient: Mapped[list[Any]]
    transient_length: Mapped[int] = mapped_column(Integer)
    period: Mapped[int] = mapped_column(Integer)
    channels: Mapped[list[Any]]
    channel_coefficients: Mapped[list[Any]]
    pattern_size: Mapped[int] = mapped_column(Integer)
    pattern_latex: Mapped[str | None] = mapped_column(Text)
    recurrence_length: Mapped[int] = mapped_column(Integer)
    connection: Mapped[list[Any]]
    primes: Mapped[list[Any]]
    depth: Mapped[int] = mapped_column(Integer)
    cascade_terms: Mapped[int | None] = mapped_column(Integer)
    verified_digits: Mapped[int] = mapped_column(Integer)
    validation_terms: Mapped[int | None] = mapped_column(Integer)
    validation_digits: Mapped[int | None] = mapped_column(Integer)
    rate: Mapped[float] = mapped_column(Float)
    simple_rate: Mapped[float | None] = mapped_column(Float)
    family: Mapped[str] = mapped_column(String(128))
    known: Mapped[bool] = mapped_column(Boolean, default=False)
    known_as: Mapped[str | None] = mapped_column(Text)
    best_in_family: Mapped[bool] = mapped_column(Boolean, default=False)
    validation: Mapped[str] = mapped_column(String(16), default="evaluated", server_default="evaluated")
    derived_from: Mapped[str | None] = mapped_column(Text)
    proof_status: Mapped[str] = mapped_column(String(16), default="verified", server_default="verified")
    proof: Mapped[dict[str, Any] | None] = mapped_column(JSON, info={"accepts": (dict,)})
    proof_note: Mapped[str | None] = mapped_column(Text)
    lhs_index: Mapped[int | None] = mapped_column(Integer)
    period_index: Mapped[int | None] = mapped_column(Integer)
    search_id: Mapped[int | None] = mapped_column(ForeignKey("searches.id"))
    unit: Mapped[str | None] = mapped_column(Text)
    engine_version: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Family(Base):
    """Results for one constant sharing a tail; ``best_conjecture_id`` is its simplest member.

    The family is ``proved`` when its best member is (``proved_from``: the registry formula that
    member's proof follows from), else open.  A tail key alone is constant-independent (e and
    exp(2) can share one): a family is ``(constant, key)``, and its best member, size, known
    mark and proof are that constant's.
    """

    __tablename__ = "families"

    constant: Mapped[str] = mapped_column(Text, primary_key=True)
    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    best_conjecture_id: Mapped[int | None] = mapped_column(ForeignKey("conjectures.id"))
    size: Mapped[int] = mapped_column(Integer, default=0)
    known: Mapped[bool] = mapped_column(Boolean, default=False)
    known_as: Mapped[str | None] = mapped_column(Text)
    proved: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    proved_from: Mapped[str | None] = mapped_column(Text)


class SearchConjecture(Base):
    """Membership: every search that found a conjecture (``conjectures.search_id`` is the first).

    A conjecture is stored once, whichever search finds it again; this link lets a search list
    everything it verified, including results first stored by another search.
    """

    __tablename__ = "search_conjectures"

    search_id: Mapped[int] = mapped_column(ForeignKey("searches.id"), primary_key=True)
    conjecture_id: Mapped[int] = mapped_column(ForeignKey("conjectures.id"), primary_key=True, index=True)


class ExperimentRun(Base):
    """A saved experiment run (``esma experiment ... --save``): what was run, with what, and what it gave."""

    __tablename__ = "experiment_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), index=True)
    parameters: Mapped[dict[str, Any]]
    results: Mapped[dict[str, Any]]
    versions: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
