"""The n = 100 runs of both coffee automata with the default parameters (seed 0), shared by the tests."""

from __future__ import annotations

import pytest

from discovery.experiments.coffee.parameters import MODELS
from discovery.experiments.coffee.run import run_model


@pytest.fixture(scope="session")
def runs100() -> dict[str, dict]:
    """Both models at n = 100 with the default parameters (seed 0)."""
    return {m: run_model(100, m) for m in MODELS}


@pytest.fixture(scope="session")
def runs40() -> dict[str, list[dict]]:
    """Both models at n = 40, seeds 0-4, default parameters (about two seconds in all)."""
    return {m: [run_model(40, m, seed=s) for s in range(5)] for m in MODELS}
