"""Every test gets its own database and daemon folder: nothing touches the user's real data."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_esma_home(tmp_path, monkeypatch):
    monkeypatch.setenv("ESMA_DB", str(tmp_path / "esma-test.sqlite"))
    monkeypatch.setenv("ESMA_HOME", str(tmp_path / "esma-home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
