"""Stored searches of one constant under two names: stored once, found by any name or by value."""

from __future__ import annotations

from db import count_conjectures, family_summaries, list_searches, open_db, query_conjectures
from discovery.service.constants import canonical_constant
from discovery.service.stored import run_stored
from search.pipeline.stages import PipelineConfig
from search.space.units import SearchSpace


def test_searching_sqrt_e_after_exp_half_stores_nothing_twice(tmp_path):
    config = PipelineConfig()
    with open_db(tmp_path / "names.sqlite") as db:
        first = run_stored(db, SearchSpace("exp(1/2)", 1, 1, 1, 2), config, workers=1)
        rows = count_conjectures(db)
        second = run_stored(db, SearchSpace("sqrt(e)", 1, 1, 1, 2), config, workers=1)
        assert rows == len(first.records) > 0
        assert second.stats["new_conjectures"] == 0 and count_conjectures(db) == rows
        assert len(second.records) == rows  # the second search lists what it found, stored by the first
        assert [s["constant"] for s in list_searches(db)] == ["exp(1/2)", "exp(1/2)"]
        assert {r["constant"] for r in query_conjectures(db)} == {"exp(1/2)"}
        for text in ("sqrt(e)", "e^(1/2)", " exp( 1/2 ) ", "sqrt(exp(1))"):
            assert canonical_constant(db, text) == "exp(1/2)", text
        assert canonical_constant(db, "e") is None
        by_alias = family_summaries(db, constant="sqrt(e)")
        assert by_alias == family_summaries(db, constant="exp(1/2)") and len(by_alias) == len(
            {r["family"] for r in first.records})
