"""Constants identified by value: one row per number, every name it was searched under an alias.

``register_constant(db, name, value_text)`` returns the constant's *canonical* name, the first
name stored for that number:

1. a known name or alias: that constant (given a value, it must agree with the stored one; a
   constant stored before values were, version 4, takes the value now);
2. else, given a value, a constant with the same value (:func:`db.values.same_value`, to within a
   few units in the last place; looked up through the indexed prefix, not by a scan): ``name``
   becomes one of its aliases;
3. else a new constant named ``name``.

>>> from db import open_db
>>> with open_db("sqlite://") as db:
...     half = "1.648721270700128146848650787814163571653776100710148011575079311640661021194215608632776"
...     first = register_constant(db, "exp(1/2)", half + "5e0")
...     again = register_constant(db, "sqrt(e)", half + "4e0")     # one unit apart: the same number
...     (first, again, find_constant(db, "sqrt(e)"), find_constant(db, "e"), constant_names(db, "exp(1/2)"))
('exp(1/2)', 'exp(1/2)', 'exp(1/2)', None, ['exp(1/2)', 'sqrt(e)'])
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.coltypes import utcnow
from db.engine import Database
from db.errors import DatabaseError
from db.models import Constant, ConstantAlias
from db.upsert import insert_ignore
from db.values import prefix_keys, same_value, value_prefix

PG_CONSTANT_LOCK = 0x65736D63  # "esmc": serializes registrations by value on PostgreSQL


def _check(name: str, value_text: str | None) -> tuple[str, str | None]:
    """The stripped name and value; :class:`DatabaseError` (one sentence) when unusable."""
    if not isinstance(name, str) or not name.strip():
        raise DatabaseError("a constant needs a non-empty name")
    if value_text is None:
        return name.strip(), None
    try:
        prefix_keys(value_text)
    except (TypeError, ValueError) as exc:
        raise DatabaseError(f"the value of constant {name.strip()!r} is unusable: {exc}") from None
    return name.strip(), value_text.strip()


def _by_alias(session: Session, name: str) -> Constant | None:
    return session.scalar(select(Constant).join(ConstantAlias, ConstantAlias.constant_id == Constant.id)
                          .where(ConstantAlias.alias == name))


def _by_value(session: Session, value_text: str) -> Constant | None:
    """The oldest constant whose value is ``value_text``'s (candidates by indexed prefix)."""
    rows = session.scalars(select(Constant).where(Constant.value_prefix.in_(prefix_keys(value_text)))
                           .order_by(Constant.id))
    return next((c for c in rows if c.value_text is not None and same_value(c.value_text, value_text)), None)


def _add_alias(session: Session, alias: str, constant_id: int) -> None:
    insert_ignore(session, ConstantAlias.__table__, {"alias": alias, "constant_id": constant_id}, ["alias"])


def register_in(session: Session, name: str, value_text: str | None = None, now: datetime | None = None) -> Constant:
    """:func:`register_constant` inside an open write session; returns the constant's row."""
    name, value_text = _check(name, value_text)
    if session.get_bind().dialect.name == "postgresql":  # two registrations of one value in turn
        session.execute(select(func.pg_advisory_xact_lock(PG_CONSTANT_LOCK)))
    found = _by_alias(session, name)
    if found is None:  # a version 4 constant whose name was never made an alias
        found = session.scalar(select(Constant).where(Constant.name == name))
        if found is not None:
            _add_alias(session, name, found.id)
    if found is not None:
        if value_text is not None:
            if found.value_text is None:
                found.value_text, found.value_prefix = value_text, value_prefix(value_text)
            elif not same_value(found.value_text, value_text):
                raise DatabaseError(f"the constant {name!r} is stored with another value "
                                    f"(starting {found.value_text[:16]}, not {value_text[:16]})")
        return found
    if value_text is not None:
        found = _by_value(session, value_text)
        if found is not None:
            _add_alias(session, name, found.id)
            return found
    insert_ignore(session, Constant.__table__, {
        "name": name, "created_at": now or utcnow(), "value_text": value_text,
        "value_prefix": None if value_text is None else value_prefix(value_text)}, ["name"])
    found = session.scalars(select(Constant).where(Constant.name == name)).one()
    _add_alias(session, name, found.id)
    return found


def register_constant(db: Database | Session, name: str, value_text: str | None = None) -> str:
    """Register ``name`` (with its value text, if known) and return the constant's canonical name."""
    if isinstance(db, Session):
        return register_in(db, name, value_text).name
    with db.session(write=True) as session:
        return register_in(session, name, value_text).name


def find_constant(db: Database, name: str, value_text: str | None = None) -> str | None:
    """The canonical name of the constant called ``name`` or, failing that, of value ``value_text``."""
    name, value_text = _check(name, value_text)
    with db.session() as session:
        found = _by_alias(session, name) or session.scalar(select(Constant).where(Constant.name == name))
        if found is None and value_text is not None:
            found = _by_value(session, value_text)
        return None if found is None else found.name


def constant_names(db: Database, name: str) -> list[str]:
    """Every name of the constant called ``name`` (canonical first, then aliases sorted); [] if unknown."""
    canonical = find_constant(db, name)
    if canonical is None:
        return []
    with db.session() as session:
        cid = session.scalar(select(Constant.id).where(Constant.name == canonical))
        aliases = session.scalars(select(ConstantAlias.alias).where(ConstantAlias.constant_id == cid)).all()
    return [canonical, *sorted(set(aliases) - {canonical})]


__all__ = ["constant_names", "find_constant", "register_constant", "register_in"]
