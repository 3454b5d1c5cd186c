"""discovery/notebook/results.py: lists of conjectures as tables, and their family helpers."""

from __future__ import annotations

import sys

import pytest

from discovery import notebook as nb


def test_to_frame_without_pandas(found, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas -> ImportError
    rows = found["e"].to_frame()
    assert isinstance(rows, list) and len(rows) == len(found["e"])
    assert all(list(r) == nb.COLUMNS for r in rows)
    assert rows[0]["lhs"] == found["e"][0].lhs
    few = found["e"].to_frame(["lhs", "rate"])
    assert few == [{"lhs": c.lhs, "rate": c.rate} for c in found["e"]]
    assert nb.ConjectureList().to_frame() == []


def test_to_frame_with_pandas(found):
    pd = pytest.importorskip("pandas")
    frame = found["e"].to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == nb.COLUMNS and len(frame) == len(found["e"])


def test_list_helpers(found):
    cs = found["e"]
    assert isinstance(cs[:2], nb.ConjectureList) and len(cs[:2]) == 2
    assert len(cs.best()) == len(cs.families())
    assert len(cs.known()) + len(cs.new()) == len(cs)
    for key, members in cs.families().items():
        assert members[0].best_in_family and all(m.family == key for m in members)
    assert cs.records()[0] == cs[0].record
    assert "<table" in cs._repr_html_() and "(no conjectures)" in nb.ConjectureList()._repr_html_()


def test_html_table_has_one_row_per_conjecture(found):
    cs = found["e"]
    table = cs._repr_html_()
    assert table.count("<tr>") == len(cs) + 1  # the header and one row each
    assert f"{len(cs)} conjectures" in table
    assert repr(cs[:1]) == f"ConjectureList([{cs[0]!r}])"
