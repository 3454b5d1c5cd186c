"""Representatives validated by one worker serve the units another worker runs later.

Simulated with two fresh per-process states: unit A runs first; unit B runs once on its own
(as a second worker would without sharing) and once with A's representatives.  B must report
the same members either way, and with them every member of a family A validated is derived
from A's representative instead of being evaluated again.
"""

from __future__ import annotations

from search.execution import runner
from search.pipeline.derive import SharedRepresentatives
from search.pipeline.stages import PipelineConfig
from search.space.units import SearchSpace


def _units():
    space = SearchSpace("e", 1, 2, 1, 3)
    _, units = runner.plan(space)
    return space, units


def _fresh_run(space, unit, shared=()):
    runner._STATE.clear()  # a worker process that has validated nothing yet
    return runner.run_unit(space, PipelineConfig(), unit, shared)[1]


def test_a_later_unit_derives_from_representatives_validated_elsewhere():
    space, units = _units()
    first, later = units[0], units[len(units) // 2]
    recs_a = _fresh_run(space, first)
    shared = SharedRepresentatives()
    shared.collect(recs_a)
    reps = dict(shared.snapshot())
    evaluated_a = {(r["lhs"], r["signs"]) for r in recs_a if r["validation"] == "evaluated"}
    assert reps and all((rep.lhs_text, rep.signs) in evaluated_a for rep in reps.values())

    alone = _fresh_run(space, later)
    helped = _fresh_run(space, later, shared.snapshot())
    key = lambda r: (r["lhs"], r["signs"], r["family"])
    assert sorted(map(key, alone)) == sorted(map(key, helped)) and alone

    covered = [r for r in helped if r["family"] in reps]
    assert covered, "the two units should share families"
    for r in covered:
        assert r["validation"] == "derived"
        assert r["derived_from"] == reps[r["family"]].label
    evaluated_alone = sum(r["validation"] == "evaluated" for r in alone)
    evaluated_helped = sum(r["validation"] == "evaluated" for r in helped)
    assert evaluated_helped == evaluated_alone - len({r["family"] for r in alone if r["family"] in reps})


def test_a_second_run_in_one_process_validates_its_own_representatives():
    """Nothing is derived from a representative of an earlier run, nor from itself."""
    space = SearchSpace("e", 1, 1, 1, 2)
    runner._STATE.clear()
    first = runner.run_search(space, PipelineConfig(), workers=1).records
    second = runner.run_search(space, PipelineConfig(), workers=1).records
    strip = lambda recs: sorted((r["lhs"], r["signs"], r["validation"], r["derived_from"], r["verified_digits"])
                                for r in recs)
    assert strip(first) == strip(second)
    assert all(r["derived_from"] != f"{r['lhs']} | {r['signs']}" for r in second)
    assert {r["family"] for r in second if r["validation"] == "evaluated"} == {r["family"] for r in second}


def test_a_unit_run_twice_does_not_derive_its_representative_from_itself():
    space, units = _units()
    runner._STATE.clear()
    once = runner.run_unit(space, PipelineConfig(), units[0], (), "run-1")[1]
    again = runner.run_unit(space, PipelineConfig(), units[0], (), "run-1")[1]  # same run: reps kept
    assert [r for r in again if r["derived_from"] == f"{r['lhs']} | {r['signs']}"] == []
    evaluated_once = {(r["lhs"], r["signs"]) for r in once if r["validation"] == "evaluated"}
    assert {(r["lhs"], r["signs"]) for r in again if r["validation"] == "evaluated"} == evaluated_once
