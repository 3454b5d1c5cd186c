"""The cost budget of an evaluation: a ceiling on working precision and on wall time.

Every :func:`~search.expressions.evaluate` and :func:`~search.expressions.enclose`
runs under a :class:`Budget`.  The engine's default is generous (16.7 million
bits, ten minutes); the command line uses a tighter time limit.  Running out
raises :class:`~search.expressions.errors.CostError`, one sentence that says
what was exceeded and what to do:

    >>> budget = Budget(seconds=30, advice="raise --time-limit").started()
    >>> budget.remaining() <= 30
    True
    >>> budget.check_bits(1000)
    >>> Budget(max_bits=500).check_bits(1000)
    Traceback (most recent call last):
    ...
    search.expressions.errors.CostError: the evaluation needs more than 500 bits of working precision (ask for fewer digits)

A budget that has been :meth:`~Budget.started` carries an absolute deadline,
so several evaluations (the precision steps of ``esma cf expand``) can share it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from .deadline import TimeExpired, call_with_deadline
from .errors import CostError

__all__ = ["DEFAULT_SECONDS", "MAX_WORK_BITS", "Budget"]

T = TypeVar("T")

#: Highest working precision, in bits (about 5 million digits).  At this size one gmpy2
#: multiplication or division of two mantissas takes about 0.1-0.6 s, so an interruption
#: (Ctrl-C or the time limit) is never held up for long by one C call.
MAX_WORK_BITS = 1 << 24

#: Wall-time limit of one evaluation for the engine (the command line passes its own).
DEFAULT_SECONDS = 600.0


@dataclass(frozen=True)
class Budget:
    """Limits of one evaluation, or of several sharing a deadline.

    Attributes:
        seconds: wall-time limit (``None``: none); counted from :meth:`started`.
        max_bits: highest working precision, at most :data:`MAX_WORK_BITS`.
        advice: what the user can do about a refusal, ending the message.
        until: the absolute deadline (``time.monotonic()``) once started.
    """

    seconds: float | None = DEFAULT_SECONDS
    max_bits: int = MAX_WORK_BITS
    advice: str = "ask for fewer digits"
    until: float | None = None

    def __post_init__(self) -> None:
        if self.seconds is not None and not self.seconds > 0:
            raise ValueError(f"the time limit must be positive, not {self.seconds!r}")
        if not 64 <= self.max_bits <= MAX_WORK_BITS:
            raise ValueError(f"max_bits must be from 64 to {MAX_WORK_BITS}, not {self.max_bits!r}")

    def started(self) -> Budget:
        """This budget with its deadline fixed ``seconds`` from now (unchanged if already started)."""
        if self.until is not None or self.seconds is None:
            return self
        return replace(self, until=time.monotonic() + self.seconds)

    def remaining(self) -> float | None:
        """Seconds left before the deadline (``None`` without one; ``0.0`` once it passed)."""
        return None if self.until is None else max(self.until - time.monotonic(), 0.0)

    def check_bits(self, bits: int, why: str | None = None) -> None:
        """Refuse a working precision of ``bits`` above :attr:`max_bits` (:class:`CostError`)."""
        if bits > self.max_bits:
            hint = f"{why}; {self.advice}" if why else self.advice
            raise CostError(f"needs more than {self.max_bits} bits of working precision", hint=hint)

    def run(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` within the time limit; :class:`CostError` when it runs out."""
        budget = self.started()
        try:
            return call_with_deadline(budget.until, fn, *args)
        except TimeExpired:
            raise CostError(f"needs more than {self.seconds:g} s", hint=f"the time limit; {self.advice}") from None
