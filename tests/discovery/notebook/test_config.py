"""discovery/notebook/config.py: the notebooks' small configuration."""

from __future__ import annotations

from discovery import notebook as nb


def test_small_flag(monkeypatch):
    monkeypatch.delenv(nb.SMALL_ENV, raising=False)
    assert not nb.small()
    for value, expected in (("1", True), ("yes", True), ("0", False), ("false", False), ("", False),
                            (" No ", False), ("TRUE", True)):
        monkeypatch.setenv(nb.SMALL_ENV, value)
        assert nb.small() is expected
        assert nb.small({nb.SMALL_ENV: value}) is expected


def test_the_public_names():
    assert sorted(nb.__all__) == sorted(["COLUMNS", "FAMILY_COLUMNS", "SMALL_ENV", "Check", "Conjecture",
                                         "ConjectureList", "Family", "FamilyList", "Formula", "SearchRun",
                                         "conjecture", "conjectures", "connect", "constant_latex",
                                         "convergence_curve", "families", "plot_convergence", "search", "small",
                                         "table"])
    assert all(getattr(nb, name).__doc__ for name in nb.__all__ if callable(getattr(nb, name)))
