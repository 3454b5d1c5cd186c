"""Proofs for rows stored earlier: ``esma conjectures prove`` proves the families of a database.

Rows stored by an esma without the prover (or upgraded from schema version 5) are all
``verified``.  :func:`prove_stored` takes each family (one constant, one tail) that has members
not yet proved and proves one of them, its validated members first and simplest first
(:func:`search.proof.claims.prove_claim`, checked by the independent checker).  Every other member
that follows exactly from the proved one (:func:`cf.derivation.derives`: shared tail, identity of
the composed maps) is proved with it, as a derived proof naming that member; a member that does
not follow, and every member of a family that could not be proved, keeps ``verified`` with the
prover's reason in ``proof_note``.  Families are then recomputed (proved when their best member
is).  Idempotent: proved rows are never touched.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from cf.derivation import derives
from db.families import refresh_family
from db.models import Conjecture
from search.pipeline.record import pattern_of
from search.proof.claims import prove_claim

TRIES_PER_FAMILY = 3


def _pattern(row: Conjecture) -> Any:
    return pattern_of({"signs": row.signs, "transient": row.transient,
                       "channel_coefficients": row.channel_coefficients}).a


def _lhs(row: Conjecture) -> tuple[tuple[int, ...], tuple[int, ...]]:
    return tuple(row.lhs_num), tuple(row.lhs_den)


def _prove_family(rows: list[Conjecture]) -> tuple[Conjecture | None, str, str | None]:
    """``(proved member, its source, None)`` or ``(None, "", reason)`` for one family's rows."""
    order = sorted(rows, key=lambda r: (r.validation != "evaluated", r.pattern_size, r.lhs_height, r.id))
    reason = None
    for row in order[:TRIES_PER_FAMILY]:
        res = prove_claim(row.constant, row.lhs_num, row.lhs_den, row.signs, _pattern(row))
        if res.status == "proved":
            row.proof_status = "proved"
            row.proof = {"kind": "certificate", "source": res.source, "certificate": res.certificate}
            row.proof_note = None
            return row, res.source or "", None
        reason = res.reason if res.status == "open" else f"the prover refuted it: {res.reason}"
    return None, "", reason


def prove_stored(db: Any, constant: str | None = None,
                 progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """Prove the stored families (of ``constant``, or all); counts of families and rows proved.

    ``progress(done, total)`` is called after each family.
    """
    with db.session(write=True) as session:
        query = select(Conjecture).where(Conjecture.proof_status != "proved")
        if constant is not None:
            query = query.where(Conjecture.constant == constant)
        open_rows = session.execute(query).scalars().all()
        families: dict[tuple[str, str], list[Conjecture]] = defaultdict(list)
        for row in open_rows:
            families[(row.constant, row.family)].append(row)
        counts = {"families": len(families), "families_proved": 0, "rows_proved": 0, "rows_open": 0}
        for done, ((const, key), rows) in enumerate(sorted(families.items()), start=1):
            proved = session.execute(select(Conjecture).where(
                Conjecture.constant == const, Conjecture.family == key, Conjecture.proof_status == "proved")).scalars()
            rep = next((r for r in proved if (r.proof or {}).get("kind") == "certificate"), None)
            source, reason = (rep.proof["source"], None) if rep is not None else ("", None)
            if rep is None:
                rep, source, reason = _prove_family(rows)
            if rep is not None:
                counts["families_proved"] += 1
                counts["rows_proved"] += rep in rows
                for row in rows:
                    if row is rep:
                        continue
                    if derives(_pattern(rep), rep.signs, _lhs(rep), _pattern(row), row.signs, _lhs(row)):
                        row.proof_status, row.proof_note = "proved", None
                        row.proof = {"kind": "derived", "source": source,
                                     "from": {"lhs_num": list(rep.lhs_num), "lhs_den": list(rep.lhs_den), "signs": rep.signs}}
                        counts["rows_proved"] += 1
                    else:
                        row.proof_note = f"does not follow exactly from the proved member {rep.lhs} | {rep.signs}"
                        counts["rows_open"] += 1
            else:
                for row in rows:
                    row.proof_note = reason
                counts["rows_open"] += len(rows)
            session.flush()
            refresh_family(session, const, key)
            if progress is not None:
                progress(done, len(families))
    return counts
