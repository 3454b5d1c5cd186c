"""Shared oracles of the expression tests: one-sentence messages and exact mpmath references."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from fractions import Fraction
from typing import Any

import gmpy2
import mpmath
import pytest


@pytest.fixture(autouse=True)
def _restore_mpmath_precision() -> Iterator[None]:
    prec = mpmath.mp.prec
    yield
    assert mpmath.mp.prec == prec, "evaluate/enclose must not change the global mpmath precision"
    mpmath.mp.prec = prec


def _one_sentence(message: str, lowercase: bool = True) -> None:
    """A single sentence: one line, no sentence break, no trailing period (and, by default, lowercase)."""
    assert "\n" not in message
    assert not re.search(r"[.!?]\s+[A-Z]", message), message
    assert not message.endswith("."), message
    if lowercase:
        assert message[0].islower() or message[0] in "'\"", message


def _to_fraction(x: Any) -> Fraction:
    """Exact rational value of an mpf or gmpy2.mpq (the test's own reading of the mpf tuple)."""
    if isinstance(x, type(gmpy2.mpq())):
        return Fraction(int(x.numerator), int(x.denominator))
    sign, man, exp, _bc = x._mpf_
    value = Fraction(man) * (Fraction(2) ** exp)
    return -value if sign else value


def _high(value_fn: Callable[[], Any], digits: int) -> Any:
    """Reference value computed directly with mpmath at ``digits`` decimal digits."""
    with mpmath.workdps(digits):
        return +value_fn()


def _rel_error(a: Any, b: Any) -> Any:
    with mpmath.workdps(400):
        return abs(mpmath.mpf(a) - mpmath.mpf(b)) / abs(mpmath.mpf(b))


@pytest.fixture(scope="session")
def one_sentence() -> Callable[..., None]:
    return _one_sentence


@pytest.fixture(scope="session")
def to_fraction() -> Callable[[Any], Fraction]:
    return _to_fraction


@pytest.fixture(scope="session")
def high() -> Callable[[Callable[[], Any], int], Any]:
    return _high


@pytest.fixture(scope="session")
def rel_error() -> Callable[[Any, Any], Any]:
    return _rel_error
