"""The conjecture record: one shape for the engine (search.pipeline.record) and the database (db.records)."""

from __future__ import annotations

import typing
from dataclasses import fields

from db.records import RECORD_FIELDS, check_record
from search.pipeline.record import ConjectureRecord, engine_version


def test_engine_and_database_agree_on_the_fields():
    assert {f.name for f in fields(ConjectureRecord)} == set(RECORD_FIELDS)


def test_required_database_fields_are_not_optional_in_the_engine():
    hints = typing.get_type_hints(ConjectureRecord)
    for name, (_types, required) in RECORD_FIELDS.items():
        optional = type(None) in typing.get_args(hints[name])
        if required:
            assert not optional, name


def test_example_is_storable_and_round_trips(tmp_path):
    """Stored and read back, a record is the same record (the database stamps the work unit)."""
    from dataclasses import replace

    from db import complete_unit, get_or_create_search, lease_units, open_db, query_conjectures

    rec = replace(ConjectureRecord.example(), unit="h:0-1")
    check_record(rec.as_dict())
    db = open_db(tmp_path / "r.sqlite")
    try:
        sid, _ = get_or_create_search(db, {"space": {}}, "h", "e", [(0, 0, 1)])
        (unit,) = lease_units(db, "test", 1, 60.0, search_id=sid)
        complete_unit(db, unit.unit_id, "test", [rec.as_dict()], {"seconds": 0.0, "pairs": 1, "hits": 1, "verified": 1})
        (stored,) = query_conjectures(db, search_id=sid)
    finally:
        db.close()
    assert ConjectureRecord.from_dict(stored) == rec


def test_engine_version_is_the_installed_distribution():
    from importlib.metadata import version

    assert engine_version() == version("esma")
