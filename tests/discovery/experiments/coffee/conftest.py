"""The n = 100 runs of both coffee automata with the default parameters (seed 0), shared by the tests."""

from __future__ import annotations

import pytest

from discovery.experiments.coffee.parameters import MODELS
from discovery.experiments.coffee.run import run_model


@pytest.fixture(scope="session")
def runs100() -> dict[str, dict]:
    """Both models at n = 100 with the default parameters (seed 0)."""
    return {m: run_model(100, m) for m in MODELS}
