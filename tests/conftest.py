"""Every test gets its own database and daemon folder: nothing touches the user's real data."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

# In CI every property test draws the same examples (derandomized), so a submission's result
# does not depend on the run; locally they explore new examples every time.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _isolated_esma_home(tmp_path, monkeypatch):
    monkeypatch.setenv("ESMA_DB", str(tmp_path / "esma-test.sqlite"))
    monkeypatch.setenv("ESMA_HOME", str(tmp_path / "esma-home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


@pytest.fixture(autouse=True)
def _mpmath_precision_restored():
    """mpmath's working precision is process-global: no test may leave it changed for the next."""
    import mpmath

    prec = mpmath.mp.prec
    yield
    mpmath.mp.prec = prec
