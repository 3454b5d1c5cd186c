"""Families: the best member of each family of conjectures.

Within a family (results sharing a tail) the *best* member is the simplest one, ordered by
pattern size, transient length, largest absolute LHS coefficient, faster convergence (higher
rate), then LHS text and sign period -- :func:`cf.family.simplicity_key`, the same order the
engine uses in memory -- with the row id as a final tie-break.  The repository keeps ``conjectures.best_in_family`` true for exactly that member
and mirrors it in ``families.best_conjecture_id``.

>>> from types import SimpleNamespace as Member
>>> a = Member(id=1, pattern_size=5, transient_length=1, lhs_height=2, rate=1.0, lhs="c", signs="+")
>>> b = Member(id=2, pattern_size=5, transient_length=1, lhs_height=1, rate=0.5, lhs="c", signs="+")
>>> [m.id for m in sorted([a, b], key=simplicity_key)]     # the smaller LHS height wins
[2, 1]
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, select, update
from sqlalchemy.orm import Session

from cf.family import simplicity_key as family_order
from db.models import Conjecture, Family
from db.upsert import insert_ignore

_MEMBER_COLUMNS = (
    Conjecture.id, Conjecture.constant, Conjecture.pattern_size, Conjecture.transient_length,
    Conjecture.lhs_height, Conjecture.rate, Conjecture.lhs, Conjecture.signs, Conjecture.known,
    Conjecture.known_as, Conjecture.best_in_family,
)


def simplicity_key(member: Row[Any] | Any) -> tuple[Any, ...]:
    """The order in which a family's best member comes first (:func:`cf.family.simplicity_key`, then id)."""
    return (*family_order(member.pattern_size, member.transient_length, member.lhs_height, member.rate,
                          member.lhs, member.signs), member.id)


def _set_best(session: Session, ids: list[int], flag: bool) -> None:
    """Set ``best_in_family`` to ``flag`` on the conjectures ``ids``."""
    session.execute(update(Conjecture).where(Conjecture.id.in_(ids)).values(best_in_family=flag)
                    .execution_options(synchronize_session=False))


def refresh_family(session: Session, key: str, constant: str) -> int | None:
    """Create family ``key`` if new and recompute its best member, size and known mark.

    ``constant`` is only used when the family row is created.  Returns the best member's id
    (None for a family without members).
    """
    insert_ignore(session, Family.__table__, {"key": key, "constant": constant, "size": 0,
                                              "known": False, "known_as": None}, ["key"])
    family = session.scalars(select(Family).where(Family.key == key).with_for_update()).one()
    members = session.execute(select(*_MEMBER_COLUMNS).where(Conjecture.family == key)).all()
    if not members:
        family.size, family.best_conjecture_id = 0, None
        return None
    ranked = sorted(members, key=simplicity_key)
    best = ranked[0]
    demoted = [m.id for m in members if m.best_in_family and m.id != best.id]
    if demoted:
        _set_best(session, demoted, False)
    if not best.best_in_family:
        _set_best(session, [best.id], True)
    known_as = next((m.known_as for m in ranked if m.known_as), None)
    values = {"constant": best.constant, "best_conjecture_id": best.id, "size": len(members),
              "known": any(bool(m.known) for m in members), "known_as": known_as}
    for name, value in values.items():
        if getattr(family, name) != value:
            setattr(family, name, value)
    return int(best.id)
