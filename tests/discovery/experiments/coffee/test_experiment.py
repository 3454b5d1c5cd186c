"""Tests of discovery.experiments.coffee.experiment: every bad parameter is refused with one sentence."""

from __future__ import annotations

import pytest

from discovery.experiments.coffee.automaton import CoffeeAutomaton, validate_size
from discovery.experiments.coffee.experiment import run_experiment
from discovery.experiments.coffee.measures import validate_grain
from discovery.experiments.coffee.run import schedule


@pytest.mark.parametrize("call, needle", [
    (lambda: validate_size(41), "even"),
    (lambda: validate_size(2), "between"),
    (lambda: validate_size(402), "between"),
    (lambda: validate_grain(4, 20), "odd"),
    (lambda: validate_grain(21, 20), "between"),
    (lambda: schedule(20, "interacting", 2), "snapshots"),
    (lambda: run_experiment(20, ["interacting"], scaling_sizes=[21, 40]), "even"),
    (lambda: CoffeeAutomaton(20, "swirly"), "unknown model"),
    (lambda: run_experiment(20, []), "at least one model"),
    (lambda: run_experiment(20, compressor="gzip"), "unknown compressor"),
])
def test_bad_parameters_are_refused(call, needle):
    with pytest.raises(ValueError, match=needle):
        call()
