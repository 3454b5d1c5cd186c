"""Known marks from the registry of classical continued fractions, for rows stored earlier.

A conjecture is *known* when its family (results for one constant sharing a tail) is the family
of an entry of the registry (:mod:`cf.classical`).  The pipeline marks every new record; rows
stored by an older esma carry the marks of its shorter list (exp(1/3), coth(1/3) and
I0(1)/I1(1) were new there).  :func:`remark_known` recomputes every family's mark from one of
its members' pattern (all members share the tail, hence the mark) and writes it to the family
and to all its members.  ``esma db upgrade`` runs it after the schema upgrade; it is idempotent.
"""

from __future__ import annotations

from sqlalchemy import select, update

from cf.classical import classical_match
from db.models import Conjecture, Family
from search.pipeline.record import pattern_of


def remark_known(db) -> int:
    """Set ``known``/``known_as`` of every family and its members from the registry; families changed."""
    changed = 0
    with db.session(write=True) as session:
        families = session.execute(select(Family.constant, Family.key, Family.known, Family.known_as,
                                          Family.best_conjecture_id)).all()
        for constant, key, known, known_as, best_id in families:
            member = session.execute(
                select(Conjecture.signs, Conjecture.transient, Conjecture.channel_coefficients)
                .where(Conjecture.constant == constant, Conjecture.family == key)
                .order_by(Conjecture.id != best_id, Conjecture.id).limit(1)).first()
            if member is None:
                continue
            pattern = pattern_of({"signs": member.signs, "transient": member.transient,
                                  "channel_coefficients": member.channel_coefficients})
            name = classical_match(pattern.a, member.signs, key=key)
            members_stale = session.scalar(
                select(Conjecture.id).where(Conjecture.constant == constant, Conjecture.family == key,
                                            (Conjecture.known != (name is not None)) | (Conjecture.known_as.is_distinct_from(name)))
                .limit(1)) is not None
            if bool(known) == (name is not None) and known_as == name and not members_stale:
                continue
            session.execute(update(Family).where(Family.constant == constant, Family.key == key)
                            .values(known=name is not None, known_as=name))
            session.execute(update(Conjecture).where(Conjecture.constant == constant, Conjecture.family == key)
                            .values(known=name is not None, known_as=name).execution_options(synchronize_session=False))
            changed += 1
    return changed
