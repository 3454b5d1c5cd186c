"""Families per constant, with real engine records: a shared database gives every constant the
same families as a fresh one; summaries, derived members and records without the new keys."""

from __future__ import annotations

import pytest

from db import (DatabaseError, complete_unit, family_summaries, get_or_create_search, lease_units, open_db,
                query_conjectures)
from db.constants import register_constant
from db.families import refresh_family
from db.models import Conjecture, Family
from search.execution.runner import run_search
from search.expressions.identity import value_digits
from search.pipeline.annotate import record_simplicity
from search.pipeline.stages import PipelineConfig
from search.space.units import SearchSpace

# e, 1/e and e + 1 are Moebius images of one another: their results share tails, so the same
# family keys (constant-independent tail hashes) occur for all three constants
CONSTANTS = ("e", "1/e", "e + 1")


@pytest.fixture(scope="module")
def found() -> dict[str, list[dict]]:
    """Real records of a tiny search (degree 1, |coefficients| <= 1, periods 1-2) per constant."""
    out = {}
    for constant in CONSTANTS:
        result = run_search(SearchSpace(constant, 1, 1, 1, 2), PipelineConfig(), workers=1)
        out[constant] = result.records
    return out


def _store(db, constant: str, records: list[dict], parts: int = 3) -> None:
    """One search of ``constant`` whose units store ``records`` in ``parts`` slices."""
    sid, _ = get_or_create_search(db, {"constant": constant}, f"h-{constant}", constant,
                                  [(i, i, i + 1) for i in range(parts)], value_text=value_digits(constant))
    for i, unit in enumerate(lease_units(db, "w", parts, 60, search_id=sid)):
        complete_unit(db, unit.unit_id, "w", records[i::parts], {"pairs": 1})


def _best(db, constant: str) -> set[tuple]:
    return {(r["family"], r["lhs"], r["signs"]) for r in query_conjectures(db, constant=constant, best_per_family=True)}


def _summary(db, constant: str) -> set[tuple]:
    return {(r["family"], r["lhs"], r["signs"], r["members"], r["known"], r["known_as"], r["best_rate"])
            for r in family_summaries(db, constant=constant)}


def test_best_per_family_in_a_shared_database_is_that_of_a_fresh_one(db, found):
    keys = {c: {r["family"] for r in recs} for c, recs in found.items()}
    assert keys["e"] & keys["1/e"] and keys["e"] & keys["e + 1"]  # the families really are shared
    for constant in CONSTANTS:  # interleaved: every constant's units touch the shared keys
        _store(db, constant, found[constant])
    for constant in CONSTANTS:
        with open_db("sqlite://") as fresh:
            _store(fresh, constant, found[constant], parts=1)
            assert _best(db, constant) == _best(fresh, constant)
            assert _summary(db, constant) == _summary(fresh, constant)
        # and both are the engine's own best members, one per family
        engine_best = {(r["family"], r["lhs"], r["signs"]) for r in found[constant] if r["best_in_family"]}
        assert _best(db, constant) == engine_best and len(engine_best) == len(keys[constant])


def test_summaries_agree_with_an_independent_count_of_the_records(db, found):
    recs = found["e"]
    _store(db, "e", recs, parts=4)
    assert register_constant(db, "exp(1)", value_digits("exp(1)")) == "e"
    summaries = {r["family"]: r for r in family_summaries(db, constant="exp(1)")}  # any name of e
    families: dict[str, list[dict]] = {}
    for r in recs:
        families.setdefault(r["family"], []).append(r)
    assert set(summaries) == set(families)
    for key, members in families.items():
        best = min(members, key=record_simplicity)
        s = summaries[key]
        assert (s["lhs"], s["signs"], s["members"]) == (best["lhs"], best["signs"], len(members))
        assert s["best_rate"] == max(m["rate"] for m in members)
        assert s["known"] == any(m["known"] for m in members)
        assert s["known_as"] == next((m["known_as"] for m in sorted(members, key=record_simplicity)
                                      if m["known_as"]), None)
        assert s["best_in_family"] is True
    assert [s["members"] for s in family_summaries(db, sort="members")] == \
        sorted((len(m) for m in families.values()), reverse=True)
    assert len(family_summaries(db, constant="e", limit=2)) == 2
    assert {s["family"] for s in family_summaries(db, known=True)} == \
        {k for k, m in families.items() if any(x["known"] for x in m)}
    with pytest.raises(DatabaseError, match="unknown sort"):
        family_summaries(db, sort="size")


def test_unit_by_unit_updates_equal_a_full_recomputation(db, found):
    for constant in CONSTANTS:
        _store(db, constant, found[constant], parts=5)

    def snapshot():
        with db.session() as session:
            fams = sorted((f.constant, f.key, f.best_conjecture_id, f.size, f.known, f.known_as)
                          for f in session.query(Family))
            best = sorted(session.query(Conjecture.id).filter(Conjecture.best_in_family.is_(True)).all())
            return fams, best

    before = snapshot()
    with db.session(write=True) as session:
        for constant, key, *_ in before[0]:
            refresh_family(session, constant, key)
    assert snapshot() == before
    assert len(before[0]) == sum(len({r["family"] for r in recs}) for recs in found.values())


def test_derived_members_name_their_representative_and_old_records_still_store(db, found, record):
    recs = found["e"]
    derived = [r for r in recs if r["validation"] == "derived"]
    assert derived and all(r["derived_from"] for r in derived)
    _store(db, "e", recs)
    rows = {r["id"]: r for r in query_conjectures(db, constant="e")}
    for row in rows.values():
        if row["validation"] == "derived":
            rep = rows[row["derived_from_id"]]
            assert f"{rep['lhs']} | {rep['signs']}" == row["derived_from"]
            assert (rep["family"], rep["constant"], rep["validation"]) == (row["family"], "e", "evaluated")
        else:
            assert row["derived_from"] is None and row["derived_from_id"] is None
    # a record without the new keys (an older caller) stores as evaluated
    old = {k: v for k, v in record(constant="pi", family="pi-fam").items() if k not in ("validation", "derived_from")}
    sid, _ = get_or_create_search(db, {}, "h-pi", "pi", [(0, 0, 1)])
    (unit,) = lease_units(db, "w", 1, 60, search_id=sid)
    assert complete_unit(db, unit.unit_id, "w", [old], {"pairs": 1}) == 1
    (row,) = query_conjectures(db, constant="pi")
    assert (row["validation"], row["derived_from"], row["derived_from_id"]) == ("evaluated", None, None)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("over", [{"validation": "derived"}, {"validation": "guessed"},
                                  {"derived_from": "c | +"}, {"validation": "derived", "derived_from": "c"}])
def test_inconsistent_validation_fields_are_refused(db, record, over, one_sentence):
    get_or_create_search(db, {}, "h", "e", [(0, 0, 1)])
    (unit,) = lease_units(db, "w", 1, 60)
    with pytest.raises(DatabaseError) as info:
        complete_unit(db, unit.unit_id, "w", [record(**over)], {"pairs": 1})
    assert one_sentence(str(info.value))
