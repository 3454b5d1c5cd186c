"""Constants identified by value: registration, aliases, lookup by name or by value (both backends)."""

from __future__ import annotations

import pytest

from db import DatabaseError, complete_unit, get_or_create_search, lease_units, list_searches, query_conjectures
from db.constants import constant_names, find_constant, register_constant
from db.values import PREFIX_DIGITS, prefix_keys, value_prefix
from search.expressions.identity import value_digits

V = {text: value_digits(text) for text in ("e", "exp(1)", "2*e/2", "exp(1/2)", "sqrt(e)", "pi", "e + 10^-900")}


def test_e_exp1_and_2e_over_2_are_one_constant_under_the_first_name(db):
    assert [register_constant(db, name, V[name]) for name in ("exp(1)", "e", "2*e/2")] == ["exp(1)"] * 3
    assert constant_names(db, "e") == ["exp(1)", "2*e/2", "e"]
    assert [find_constant(db, name) for name in ("e", "exp(1)", "2*e/2")] == ["exp(1)"] * 3
    # an unknown name with the value finds it; a value 10^-900 away does not
    assert find_constant(db, "exp(2/2)", V["e"]) == "exp(1)"
    assert find_constant(db, "near e", V["e + 10^-900"]) is None
    assert register_constant(db, "pi", V["pi"]) == "pi"
    assert find_constant(db, "exp(2/2)") is None and constant_names(db, "nothing") == []


def test_a_value_one_unit_off_across_a_prefix_boundary_is_found(db):
    # two roundings of one number: 1.999...9 and 2.000...0 share no digit, not even the prefix
    below, above = "1." + "9" * 999 + "e0", "2." + "0" * 999 + "e0"
    assert prefix_keys(below)[0] != prefix_keys(above)[0] and prefix_keys(above)[0] in prefix_keys(below)
    assert register_constant(db, "two-ish", below) == "two-ish"
    assert register_constant(db, "two", above) == "two-ish"
    assert register_constant(db, "three", "3." + "0" * 999 + "e0") == "three"


def test_searches_reference_the_canonical_constant_and_store_under_its_name(db, record):
    s1, _ = get_or_create_search(db, {"c": "exp(1/2)"}, "h1", "exp(1/2)", [(0, 0, 5)], value_text=V["exp(1/2)"])
    s2, _ = get_or_create_search(db, {"c": "sqrt(e)"}, "h2", "sqrt(e)", [(0, 0, 5)], value_text=V["sqrt(e)"])
    assert [s["constant"] for s in list_searches(db)] == ["exp(1/2)", "exp(1/2)"]
    recs = [record(constant="sqrt(e)", lhs_num=(0, 1)), record(constant="sqrt(e)", lhs_num=(1, 1))]
    for sid, constant in ((s1, "exp(1/2)"), (s2, "sqrt(e)")):
        (unit,) = lease_units(db, "w", 1, 60, search_id=sid)
        stored = complete_unit(db, unit.unit_id, "w", [{**r, "constant": constant} for r in recs], {"pairs": 5})
        assert stored == (2 if sid == s1 else 0)  # the second name stores nothing twice
    rows = query_conjectures(db)
    assert len(rows) == 2 and {r["constant"] for r in rows} == {"exp(1/2)"}
    assert len(query_conjectures(db, constant="sqrt(e)")) == 2  # a filter by alias
    assert len(query_conjectures(db, search_id=s2)) == 2


def test_an_old_constant_without_a_value_takes_one_and_keeps_its_name(db):
    get_or_create_search(db, {}, "old", "e", [(0, 0, 1)])  # as version 4 stored it: no value
    assert find_constant(db, "exp(1)", V["exp(1)"]) is None
    assert register_constant(db, "e", V["e"]) == "e"
    assert register_constant(db, "exp(1)", V["exp(1)"]) == "e"
    with db.session() as session:
        from db.models import Constant

        (row,) = session.query(Constant).all()
        assert (row.value_text, row.value_prefix) == (V["e"], value_prefix(V["e"]))


def test_a_name_registered_with_another_value_or_a_bad_value_is_refused(db, one_sentence):
    register_constant(db, "c1", V["e"])
    with pytest.raises(DatabaseError) as info:
        register_constant(db, "c1", V["pi"])
    assert "stored with another value" in str(info.value) and one_sentence(str(info.value))
    for bad in ("2.718", "2." + "7" * 5 + "e0", "two"):
        with pytest.raises(DatabaseError, match="unusable") as info:
            register_constant(db, "c2", bad)
        assert one_sentence(str(info.value))
    assert len(prefix_keys(V["e"])[0].split(":")[1]) == PREFIX_DIGITS
