"""Shared fixtures of the notebook API tests: one small in-memory search per constant (no database)."""

from __future__ import annotations

import pytest

from discovery import notebook as nb

CONSTANTS = ("e", "tan(1)", "exp(1/2)")


@pytest.fixture(scope="session")
def found() -> dict[str, nb.ConjectureList]:
    """The conjectures of a tiny search (|coefficients| <= 1, sign periods 1-2) of each constant."""
    return {c: nb.search(c, coeff_limit=1, periods="1-2", store=False, workers=1).conjectures for c in CONSTANTS}


@pytest.fixture(scope="session")
def euler(found) -> nb.Conjecture:
    """Euler's continued fraction of e - 1."""
    return next(c for c in found["e"] if c.lhs == "c - 1" and c.signs == "+")


@pytest.fixture(scope="session")
def every(found) -> list[nb.Conjecture]:
    """All conjectures found for all constants."""
    return [c for cs in found.values() for c in cs]
