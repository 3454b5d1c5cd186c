"""Tests for search.expressions.budget: the precision and time limits of an evaluation."""

from __future__ import annotations

import time

import mpmath
import pytest

from search.expressions import MAX_WORK_BITS, Budget, CostError, enclose, evaluate


def test_budget_validates_and_starts_once() -> None:
    with pytest.raises(ValueError, match="time limit must be positive"):
        Budget(seconds=0)
    with pytest.raises(ValueError, match="max_bits"):
        Budget(max_bits=MAX_WORK_BITS + 1)
    started = Budget(seconds=5).started()
    assert started.started() is started
    assert 0 < started.remaining() <= 5
    assert Budget(seconds=None).started().remaining() is None


def test_run_turns_the_time_limit_into_a_cost_error() -> None:
    def spin() -> None:
        while True:
            pass

    with pytest.raises(CostError) as info:
        Budget(seconds=0.1, advice="raise --time-limit").run(spin)
    assert str(info.value) == "the evaluation needs more than 0.1 s (the time limit; raise --time-limit)"


def test_evaluation_over_time_names_the_expression_and_restores_the_precision(one_sentence) -> None:
    prec = mpmath.mp.prec
    start = time.monotonic()
    with pytest.raises(CostError) as info:
        evaluate("khinchin + 1", 20000, budget=Budget(seconds=0.3))
    assert time.monotonic() - start < 1.5
    assert str(info.value).startswith('evaluating "khinchin + 1" needs more than 0.3 s (the time limit')
    one_sentence(str(info.value), lowercase=False)
    assert mpmath.mp.prec == prec


def test_precision_budget() -> None:
    with pytest.raises(CostError, match=r"needs more than 1000 bits of working precision \(to certify 400 "):
        evaluate("pi", 400, budget=Budget(max_bits=1000))
    with pytest.raises(CostError, match=r"the value is about 2\^30663172701, so an enclosure of width 2\^-64"):
        enclose("gamma(2^30)", 64)
    assert evaluate("gamma(2^30)", 10) > 0  # relative digits of the same value are cheap


def test_a_shared_deadline_counts_every_call() -> None:
    budget = Budget(seconds=0.5).started()
    time.sleep(0.6)
    with pytest.raises(CostError, match="needs more than 0.5 s"):
        enclose("exp(1/3)", 64, budget=budget)
