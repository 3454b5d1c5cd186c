"""discovery/notebook/searches.py: searches in memory, the size guard, and what a run reports."""

from __future__ import annotations

import pytest

from discovery import notebook as nb


def test_search_without_store_and_size_guard():
    run = nb.search("sqrt2", coeff_limit=1, periods="1", store=False, workers=1)
    assert run.search_id is None and all(c.get("id") is None for c in run)
    assert all(c.check(200).ok for c in run.best())
    assert run.summary().endswith("; not stored") and repr(run) == f"<SearchRun {run.summary()}>"
    assert run.spec["constant"] == "sqrt2" and list(run) == list(run.conjectures) and run[0] is run.conjectures[0]
    with pytest.raises(ValueError, match="max_pairs"):
        nb.search("e", coeff_limit=3, periods="1-3", max_pairs=10, store=False)
    with pytest.raises(ValueError):
        nb.search("e", coeff_limit=0)
    with pytest.raises(ValueError, match="workers"):
        nb.search("e", coeff_limit=1, periods="1", workers=0, store=False)


def test_an_interrupted_run_says_so():
    run = nb.SearchRun(nb.ConjectureList(), {"pairs": 5, "seconds": 1.0}, {"constant": "pi"}, 3, "x.sqlite", True)
    assert run.summary() == ("pi: 5 pairs screened, 0 conjectures in 0 families, 1.0 s (0 pairs/s); "
                             "search 3 in x.sqlite  -- interrupted, partial results")
    assert "(no conjectures)" in run._repr_html_() and len(run) == 0 and run.best() == []
