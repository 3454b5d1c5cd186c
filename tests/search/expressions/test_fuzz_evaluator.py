"""Fuzz the evaluator (not only the parser): random trees of the whitelisted grammar.

Every case must end, within :data:`CASE_SECONDS`, in a value or in one of the expression
language's own errors with a one-sentence message -- never another exception, a multi-line
message or a hang.  Numbers include the huge and the tiny (``10^200``, ``10^-40``, ``-10^6``)
and negative orders, where mpmath's series explode.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterator
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.expressions import BinOp, Budget, Call, ExpressionError, Name, Neg, Node, Number, enclose, evaluate
from search.expressions import parse_expression
from search.expressions.registry import CONSTANTS_BY_NAME, FUNCTIONS_BY_NAME

#: Wall time one case may take (both evaluations); the evaluator's own budget is tighter.
CASE_SECONDS = 10.0
#: The evaluator's time limit inside the fuzz: a case that needs more must say so in one sentence.
BUDGET = Budget(seconds=2.0)

EXPONENTS = st.sampled_from([-400, -200, -40, -30, -6, -1, 1, 2, 6, 30, 40, 69, 200, 310])
SMALL = st.one_of(
    st.integers(-12, 12).map(Fraction),
    st.builds(Fraction, st.integers(-50, 50), st.integers(1, 40)),
    st.sampled_from([Fraction(1, 10**9), Fraction(5, 10), Fraction(-1, 2), Fraction(999, 1000)]),
)


def _power_of_ten(k: int) -> Node:
    return BinOp("^", Number(Fraction(10)), Number(Fraction(k)) if k >= 0 else Neg(Number(Fraction(-k))))


NUMBERS = st.one_of(
    SMALL.map(lambda q: Number(abs(q)) if q >= 0 else Neg(Number(-q))),
    EXPONENTS.map(_power_of_ten),
    EXPONENTS.map(lambda k: Neg(_power_of_ten(k))),
)
NAMES = st.sampled_from(sorted(CONSTANTS_BY_NAME)).map(Name)
LEAVES = st.one_of(NUMBERS, NUMBERS, NAMES)
FUNCTION_NAMES = sorted({f.name for f in FUNCTIONS_BY_NAME.values()})


def _extend(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    calls = st.sampled_from(FUNCTION_NAMES).flatmap(
        lambda name: st.tuples(*[children] * FUNCTIONS_BY_NAME[name].arity).map(lambda args: Call(name, args))
    )
    binops = st.builds(BinOp, st.sampled_from("+-*/^"), children, children)
    return st.one_of(calls, calls, binops, children.map(Neg))


TREES = st.recursive(LEAVES, _extend, max_leaves=8)


class CaseTimeout(Exception):
    """A fuzz case ran over :data:`CASE_SECONDS`."""


def _alarm(signum: int, frame: Any) -> None:
    raise CaseTimeout


@pytest.fixture
def case_timer() -> Iterator[Callable[[], None]]:
    """Arm a SIGALRM of CASE_SECONDS per call; the handler fails the running case."""
    old = signal.signal(signal.SIGALRM, _alarm)

    def arm() -> None:
        signal.setitimer(signal.ITIMER_REAL, CASE_SECONDS)

    try:
        yield arm
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _outcome(fn: Callable[[], Any], one_sentence: Callable[..., None]) -> str:
    """``'value'`` or ``'refused'``; any other exception (or a bad message) fails the test."""
    try:
        fn()
    except ExpressionError as exc:  # PrecisionError and CostError included
        message = str(exc)
        one_sentence(message, lowercase=False)
        assert "Traceback" not in message and len(message) < 600, message
        return "refused"
    return "value"


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                          HealthCheck.function_scoped_fixture])
@given(tree=TREES, digits=st.sampled_from([5, 30, 100]), bits=st.sampled_from([16, 64, 256]))
def test_evaluate_and_enclose_end_in_a_value_or_one_sentence(
    case_timer: Callable[[], None], one_sentence: Callable[..., None], tree: Node, digits: int, bits: int
) -> None:
    text = str(tree)
    start = time.monotonic()
    case_timer()
    try:
        try:
            node = parse_expression(text)  # the printed tree parses back (or is refused in one sentence)
        except ExpressionError as exc:
            one_sentence(str(exc), lowercase=False)
            return
        _outcome(lambda: evaluate(node, digits, budget=BUDGET), one_sentence)
        _outcome(lambda: enclose(node, bits, budget=BUDGET), one_sentence)
    except CaseTimeout:
        pytest.fail(f"{text!r} took more than {CASE_SECONDS} s")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    assert time.monotonic() - start < CASE_SECONDS
