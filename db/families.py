"""Families: the best member of each family of conjectures, per constant.

A family is ``(constant, key)``: results *for one constant* sharing a tail (a tail key alone is
shared by every constant whose results have that tail).  Within a family the *best* member is
the simplest one, ordered by pattern size, transient length, largest absolute LHS coefficient,
faster convergence (higher rate), then LHS text and sign period -- :func:`cf.family.simplicity_key`,
the same order the engine uses in memory -- with the row id as a final tie-break.  The
repository keeps ``conjectures.best_in_family`` true for exactly that member and mirrors it in
``families.best_conjecture_id``, with the family's ``size``, ``known`` (any member known) and
``known_as`` (the classical formula's name: a property of the family's tail, the same on every
member that has one; the first recorded is kept), and ``proved``/``proved_from``: the family is
proved when its best member is (``proof_status`` ``"proved"``), from that member's source formula.

Storing a unit updates each touched family once (:func:`add_members`), from the newly inserted
members only: conjectures are never removed, so the new best is the simplest of the old best and
the new members.  :func:`refresh_family` recomputes a family from all its members (the same
result; migrations and tests use it).

>>> from types import SimpleNamespace as Member
>>> a = Member(id=1, pattern_size=5, transient_length=1, lhs_height=2, rate=1.0, lhs="c", signs="+")
>>> b = Member(id=2, pattern_size=5, transient_length=1, lhs_height=1, rate=0.5, lhs="c", signs="+")
>>> [m.id for m in sorted([a, b], key=simplicity_key)]     # the smaller LHS height wins
[2, 1]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import Row, bindparam, select, update
from sqlalchemy.orm import Session

from cf.family import simplicity_key as family_order
from db.models import Conjecture, Family
from db.upsert import insert_many_ignore

_MEMBER_COLUMNS = (
    Conjecture.id, Conjecture.constant, Conjecture.family, Conjecture.pattern_size, Conjecture.transient_length,
    Conjecture.lhs_height, Conjecture.rate, Conjecture.lhs, Conjecture.signs, Conjecture.known,
    Conjecture.known_as, Conjecture.best_in_family, Conjecture.proof_status, Conjecture.proof,
)


def simplicity_key(member: Row[Any] | Any) -> tuple[Any, ...]:
    """The order in which a family's best member comes first (:func:`cf.family.simplicity_key`, then id)."""
    return (*family_order(member.pattern_size, member.transient_length, member.lhs_height, member.rate,
                          member.lhs, member.signs), member.id)


# Statements built once (their lists are bound at execution: cached compilation, no per-value coercion)
_conjectures = Conjecture.__table__
_SET_BEST = (update(_conjectures).where(_conjectures.c.id.in_(bindparam("ids", expanding=True)))
             .values(best_in_family=bindparam("flag")))
_MEMBERS_BY_ID = select(*_MEMBER_COLUMNS).where(Conjecture.id.in_(bindparam("ids", expanding=True)))


def _families_by_key(plain: bool) -> Any:
    """The locking select of one constant's families ``keys`` (objects, or with ``plain`` rows)."""
    return (select(*(Family.__table__.columns if plain else [Family]))
            .where(Family.constant == bindparam("constant"), Family.key.in_(bindparam("keys", expanding=True)))
            .order_by(Family.key).with_for_update())


_FAMILIES = {plain: _families_by_key(plain) for plain in (False, True)}


def _set_best(session: Session, ids: list[int], flag: bool) -> None:
    """Set ``best_in_family`` to ``flag`` on the conjectures ``ids`` (Conjecture objects in the session untouched)."""
    for i in range(0, len(ids), 500):
        session.execute(_SET_BEST, {"ids": ids[i:i + 500], "flag": flag})


def _locked_families(session: Session, keys: list[tuple[str, str]], plain: bool = False) -> dict[tuple[str, str], Any]:
    """The family rows ``(constant, key)``, created if new, row-locked (in sorted order).

    ORM objects, or with ``plain`` the table's rows (read-only; no objects for the session to track).
    """
    insert_many_ignore(session, Family.__table__, [{"constant": c, "key": k, "size": 0, "known": False, "known_as": None,
                                                    "proved": False, "proved_from": None}
                                                   for c, k in keys], ["constant", "key"], ["key"])
    by_constant: dict[str, list[str]] = {}
    for constant, key in keys:
        by_constant.setdefault(constant, []).append(key)
    out: dict[tuple[str, str], Family] = {}
    for constant, names in sorted(by_constant.items()):
        for i in range(0, len(names), 500):
            params = {"constant": constant, "keys": names[i:i + 500]}
            found = session.execute(_FAMILIES[plain], params) if plain else session.scalars(_FAMILIES[plain], params)
            out.update({(fam.constant, fam.key): fam for fam in found})
    return out


class _Member(NamedTuple):
    """The fields of a new member that its family's bookkeeping reads."""

    id: int
    constant: str
    family: str
    pattern_size: int
    transient_length: int
    lhs_height: int
    rate: float | None
    lhs: str
    signs: str
    known: bool
    known_as: str | None
    proof_status: str | None
    proof: dict[str, Any] | None


def proved_from(member: Any) -> str | None:
    """The source formula of a proved member (None when it is not proved): what its family is proved from.

    >>> from types import SimpleNamespace as M
    >>> proved_from(M(proof_status="proved", proof={"kind": "certificate", "source": "Euler"}))
    'Euler'
    >>> proved_from(M(proof_status="verified", proof=None)) is None
    True
    """
    if member.proof_status != "proved" or not isinstance(member.proof, dict):
        return None
    return member.proof.get("source")


_member_fields = itemgetter(*_Member._fields)


def add_members(session: Session, members: Iterable[Mapping[str, Any] | Any]) -> int:
    """Update the families of newly inserted conjectures, each family once; returns how many.

    ``members`` are the new rows (with ``id``, ``constant``, ``family`` and the simplicity,
    ``known`` and ``known_as`` fields), each inserted by this transaction.  The families are
    written with one many-row ``UPDATE`` (Family objects already loaded in ``session`` are not
    refreshed).
    """
    groups: dict[tuple[str, str], list[tuple[tuple[Any, ...], Any]]] = {}
    for m in members:
        m = _as_member(m)
        groups.setdefault((m.constant, m.family), []).append((simplicity_key(m), m))
    if not groups:
        return 0
    families = _locked_families(session, sorted(groups), plain=True)
    old_ids = [f.best_conjecture_id for f in families.values() if f.best_conjecture_id is not None]
    old = {}
    for i in range(0, len(old_ids), 500):
        old.update({r.id: r for r in session.execute(_MEMBERS_BY_ID, {"ids": old_ids[i:i + 500]})})
    promote, demote, changed = [], [], []
    for ident, new in sorted(groups.items()):
        fam = families[ident]
        current = old.get(fam.best_conjecture_id)
        best_key, best = min(new, key=itemgetter(0))  # keys end with the unique id: no ties
        if current is not None and simplicity_key(current) < best_key:
            best = current
        if current is None or best.id != current.id:
            promote.append(int(best.id))
            if current is not None:
                demote.append(int(current.id))
        known_as = fam.known_as or min(((k, m.known_as) for k, m in new if m.known_as), default=(None, None),
                                       key=itemgetter(0))[1]
        source = proved_from(best)
        values = {"best_conjecture_id": int(best.id), "size": (fam.size or 0) + len(new),
                  "known": bool(fam.known) or any(bool(m.known) for _, m in new), "known_as": known_as,
                  "proved": source is not None, "proved_from": source}
        if any(getattr(fam, name) != value for name, value in values.items()):
            changed.append({"b_constant": ident[0], "b_key": ident[1], **{f"b_{k}": v for k, v in values.items()}})
    if changed:
        table = Family.__table__
        session.execute(update(table).where(table.c.constant == bindparam("b_constant"), table.c.key == bindparam("b_key"))
                        .values({name: bindparam(f"b_{name}") for name in ("best_conjecture_id", "size", "known",
                                                                             "known_as", "proved", "proved_from")}),
                        changed)
    _set_best(session, demote, False)
    _set_best(session, promote, True)
    return len(groups)


def _as_member(m: Mapping[str, Any] | Any) -> Any:
    """A mapping as a :class:`_Member` (objects with the attributes pass through)."""
    if isinstance(m, Mapping):
        return _Member._make(_member_fields(m))
    return m


def refresh_family(session: Session, constant: str, key: str) -> int | None:
    """Create family ``(constant, key)`` if new and recompute it from all its members.

    Returns the best member's id (None for a family without members).
    """
    (family,) = _locked_families(session, [(constant, key)]).values()
    members = session.execute(select(*_MEMBER_COLUMNS).where(Conjecture.constant == constant,
                                                              Conjecture.family == key)).all()
    if not members:
        family.size, family.best_conjecture_id, family.proved, family.proved_from = 0, None, False, None
        return None
    ranked = sorted(members, key=simplicity_key)
    best = ranked[0]
    demoted = [m.id for m in members if m.best_in_family and m.id != best.id]
    _set_best(session, demoted, False)
    if not best.best_in_family:
        _set_best(session, [best.id], True)
    known_as = next((m.known_as for m in ranked if m.known_as), None)
    source = proved_from(best)
    values = {"best_conjecture_id": best.id, "size": len(members), "known": any(bool(m.known) for m in members),
              "known_as": known_as, "proved": source is not None, "proved_from": source}
    for name, value in values.items():
        if getattr(family, name) != value:
            setattr(family, name, value)
    return int(best.id)
