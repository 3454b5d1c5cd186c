"""discovery/notebook/database.py (with searches.py storing): queries with the command line's filters."""

from __future__ import annotations

import pytest

from discovery import notebook as nb

FILTERS = ({}, {"constant": "e"}, {"best_per_family": True, "sort": "rate"}, {"known": True}, {"known": False},
           {"min_digits": 1000, "limit": 3}, {"min_rate": 2.5}, {"sort": "simplicity"})


def test_search_stores_and_conjectures_query_like_the_cli(tmp_path):
    from db import repository as repo

    url = str(tmp_path / "nb.sqlite")
    run = nb.search("e", coeff_limit=1, periods="1-2", db=url, workers=1)
    assert run.search_id is not None and run.database and len(run) > 0
    assert all(c.id is not None for c in run)
    assert "conjectures in" in run.summary() and "<table" in run._repr_html_()
    # running it again resumes: nothing left to do, the same conjectures
    again = nb.search("e", coeff_limit=1, periods="1-2", db=url, workers=1)
    assert again.search_id == run.search_id and again.stats["pairs"] == 0
    assert sorted(c.id for c in again) == sorted(c.id for c in run)

    db = nb.connect(url)
    try:
        for filters in (*FILTERS, {"search_id": run.search_id, "sort": "simplicity"}):
            mine = nb.conjectures(db, **filters)
            theirs = repo.query_conjectures(db, **filters)
            assert [c.record for c in mine] == theirs, filters
        assert [c.id for c in nb.conjectures(db, new=True)] == [c.id for c in nb.conjectures(db, known=False)]
        assert nb.conjectures(db, constant="tan( 1 )") == []  # normalised like the CLI, nothing stored
        assert len(nb.conjectures(db, constant=" e ")) == len(run)
        one = nb.conjecture(run[0].id, db)
        assert one.record == run[0].record
    finally:
        db.close()
    # the default database ($ESMA_DB, per test) is separate and empty
    assert nb.conjectures() == []
    assert nb.table(url, columns=["id"], limit=2) == [{"id": c.id} for c in nb.conjectures(url, limit=2)]
    with pytest.raises(ValueError):
        nb.conjectures(url, known=True, new=True)


def test_a_missing_conjecture_and_a_missing_file(tmp_path):
    from db.errors import NotFound

    with pytest.raises(NotFound):
        nb.conjecture(1, str(tmp_path / "empty.sqlite"))
    with pytest.raises(Exception, match="missing|exist|not found|No such"):
        nb.connect(str(tmp_path / "absent.sqlite"), create=False)
