"""Search spaces, their hash and their split into work units."""

import hashlib
import json

import pytest

from search.space.lhs import count_lhs, sign_at
from search.space.limits import SpaceError
from search.space.units import SPACE_FORMAT, SPACE_FORMAT_DIVISORS, SearchSpace, WorkUnit

E = 2.718281828459045


def _space(**kw):
    args = dict(constant="e", degree=1, coeff_limit=2, j_min=1, j_max=2)
    args.update(kw)
    return SearchSpace(**args)


def test_periods_and_counts():
    space = _space()
    assert space.periods == ("+", "-", "+-", "-+")
    assert space.lhs_count() == 112
    assert space.pair_count() == 448
    assert space.pair_count(lhs_count=10) == 40
    assert _space(j_min=2, j_max=2).periods == ("+", "-", "+-", "-+")   # ++, +-, -+, --
    assert _space(j_min=3, j_max=3).periods == ("+", "-", "++-", "+-+", "+--", "-++", "-+-", "--+")
    assert len(_space(j_min=1, j_max=3).periods) == 10


def test_a_range_from_1_keeps_the_first_format_and_its_hash():
    """Stored searches of periods 1-B resume unchanged; a range from A > 1 (whose meaning grew to
    every sequence with such a period) is a new specification."""
    assert _space().spec()["format"] == SPACE_FORMAT
    assert _space(j_min=2, j_max=3).spec()["format"] != SPACE_FORMAT
    assert _space(j_min=2, j_max=3).space_hash() != _space(j_min=1, j_max=3).space_hash()


def test_a_stored_format_1_search_of_periods_from_2_resumes_with_its_own_periods():
    """Its units were cut for the primitive words of length 2 only: resuming must enumerate exactly those."""
    from search.pipeline.stages import PipelineConfig
    from search.space.spec import from_document, search_document

    old_doc = {"space": {"format": SPACE_FORMAT, "constant": "e", "degree": 1, "coeff_limit": 1, "j_min": 2,
                         "j_max": 2}, "config": PipelineConfig().as_dict(), "unit_size": 4}
    space, config = from_document(old_doc)
    assert space.periods == ("+-", "-+")
    assert space.spec() == old_doc["space"]  # same specification, so the same hash
    assert search_document(space, config, 4) == search_document(*from_document(old_doc), 4)
    new_space, _ = from_document({**old_doc, "space": {**old_doc["space"], "format": SPACE_FORMAT_DIVISORS}})
    assert new_space.periods == ("+", "-", "+-", "-+")


def test_lhs_iterator():
    space = _space(degree=2, coeff_limit=1)
    items = list(space.lhs(sign_at(E)))
    assert len(items) == count_lhs(2, 1) == 132
    assert all(r.value(E) > 0 for r in items)


def test_from_text():
    assert SearchSpace.from_text("e", 1, 2, "1-3") == _space(j_max=3)
    with pytest.raises(SpaceError):
        SearchSpace.from_text("e", 1, 2, "5-2")


@pytest.mark.parametrize(
    "kw",
    [
        {"constant": ""},
        {"constant": "  "},
        {"constant": None},
        {"degree": 0},
        {"degree": 1.5},
        {"degree": True},
        {"coeff_limit": 0},
        {"coeff_limit": -3},
        {"j_min": 0},
        {"j_min": 3, "j_max": 2},
        {"j_max": 13},
    ],
)
def test_validation(kw):
    with pytest.raises(SpaceError) as info:
        _space(**kw)
    message = str(info.value)
    assert message.endswith(".") and "\n" not in message


def test_space_hash_is_stable():
    space = _space()
    expected_json = json.dumps(
        {"format": SPACE_FORMAT, "constant": "e", "degree": 1, "coeff_limit": 2, "j_min": 1, "j_max": 2},
        sort_keys=True,
        separators=(",", ":"),
    )
    assert space.space_hash() == hashlib.sha256(expected_json.encode()).hexdigest()
    assert space.space_hash() == _space().space_hash()
    assert len(space.space_hash()) == 64
    others = [_space(constant="pi"), _space(degree=2), _space(coeff_limit=3), _space(j_min=2), _space(j_max=3)]
    hashes = {space.space_hash()} | {o.space_hash() for o in others}
    assert len(hashes) == 6
    assert _space(constant=" e ").space_hash() == space.space_hash()


@pytest.mark.parametrize("lhs_count,period_count,unit_size", [(112, 4, 100), (112, 4, 1), (7, 3, 21), (7, 3, 22), (5, 2, 3), (0, 4, 10)])
def test_work_units_partition(lhs_count, period_count, unit_size):
    space = _space()
    units = space.work_units(lhs_count, period_count, unit_size)
    total = lhs_count * period_count
    covered = []
    for i, unit in enumerate(units):
        assert unit.index == i
        assert 0 < len(unit) <= unit_size
        covered.extend(range(unit.start, unit.stop))
    assert covered == list(range(total))  # no gap, no overlap, in order
    assert all(len(u) == unit_size for u in units[:-1])
    pairs = [p for u in units for p in space.pairs_in(u, period_count)]
    assert pairs == [(i, j) for i in range(lhs_count) for j in range(period_count)]


def test_work_units_defaults_and_ids():
    space = _space()
    units = space.work_units(unit_size=100)
    assert [(u.index, u.start, u.stop) for u in units] == [(0, 0, 100), (1, 100, 200), (2, 200, 300), (3, 300, 400), (4, 400, 448)]
    digest = space.space_hash()
    assert units[1].id == f"{digest}:100-200"
    assert [u.id for u in units] == [u.id for u in _space().work_units(112, 4, 100)]
    assert len({u.id for u in units}) == len(units)
    # ids of other spaces never collide; ids of another split agree only on identical ranges
    other = _space(coeff_limit=3).work_units(unit_size=100)
    assert not {u.id for u in units} & {u.id for u in other}
    assert {u.id for u in space.work_units(unit_size=50)} & {u.id for u in units} == {f"{digest}:400-448"}


def test_pairs_in():
    space = _space()
    assert list(space.pairs_in(WorkUnit(0, 5, 8))) == [(1, 1), (1, 2), (1, 3)]
    foreign = _space(constant="pi").work_units(unit_size=10)[0]
    with pytest.raises(SpaceError):
        list(space.pairs_in(foreign))


@pytest.mark.parametrize("args", [(10, 4, 0), (-1, 4, 10), (10, -1, 10), (10, 4, 2.5)])
def test_work_units_validation(args):
    with pytest.raises(SpaceError):
        _space().work_units(*args)
