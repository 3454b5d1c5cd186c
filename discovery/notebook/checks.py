"""Recomputing a conjecture's claims: how many digits of the constant its convergents get right.

Everything numeric is the engine's: the exact integer convergents ``p_n/q_n`` come from
:mod:`cf.convergents` (``convergents``, ``evaluate``, and ``CFPattern.evaluate`` built on them) and
their digits from :func:`cf.convergents.agreement_digits` (``-log10`` of the relative error against
an mpmath value, capped at the working precision).  ``sqrt(2) = [1; 2, 2, 2, ...]``:

>>> import mpmath
>>> [(n, round(d, 2)) for n, d in convergence_curve([1, 2, 2, 2, 2, 2], [1] * 5, mpmath.sqrt(2), 30, step=2)]
[(2, 1.22), (4, 2.76), (6, 4.29)]
>>> str(Check(digits=100, agreeing_digits=100, terms=140, seconds=0.01))
'agrees: the convergent with 140 terms matches the constant to 100 of 100 digits (0.01 s)'
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cf.convergents import agreement_digits, convergents, evaluate

if TYPE_CHECKING:
    from cf.pattern import CFPattern

__all__ = ["Check", "check_formula", "convergence_curve", "digits_curve", "working_precision"]


@dataclass(frozen=True)
class Check:
    """The outcome of :meth:`Conjecture.check <discovery.notebook.Conjecture.check>`."""

    digits: int            #: the precision asked for
    agreeing_digits: int   #: decimal digits on which the convergent agrees with the constant (capped at ``digits``)
    terms: int             #: partial quotients used for the convergent
    seconds: float

    @property
    def ok(self) -> bool:
        """Whether the convergent agrees with the constant on all the digits asked for."""
        return self.agreeing_digits >= self.digits

    def __str__(self) -> str:
        verdict = "agrees" if self.ok else "DISAGREES"
        return (f"{verdict}: the convergent with {self.terms} terms matches the constant to "
                f"{self.agreeing_digits} of {self.digits} digits ({self.seconds:.2f} s)")


def check_formula(pattern: CFPattern, value_at: Callable[[int], Any], digits: int, rate: float,
                  terms: int | None = None) -> Check:
    """Compare ``value_at(digits + 20)`` (the LHS, an mpmath number) with an exact convergent of ``pattern``.

    The convergent starts with ``terms`` partial quotients, or enough for ``digits`` at ``rate``
    digits per term, and (unless ``terms`` is given) doubles them, up to 5 times, until it agrees
    with the value on ``digits`` digits.  The time includes evaluating the value.
    """
    if digits < 1:
        raise ValueError("digits must be at least 1")
    t0 = time.perf_counter()
    value = value_at(digits + 20)
    n = int(terms) if terms is not None else max(16, math.ceil(1.1 * digits / max(rate, 0.05)) + 10)
    agree = 0.0
    for _ in range(6):
        ev = pattern.evaluate(n)
        agree = agreement_digits(ev.p, ev.q, value, digits)
        if agree >= digits or terms is not None:
            break
        n *= 2
    return Check(digits, math.floor(agree + 1e-9), n, time.perf_counter() - t0)


def convergence_curve(a: Sequence[int], b: Sequence[int], value: Any, precision: int,
                      step: int = 1) -> list[tuple[int, float]]:
    """``(n, digits)`` for the convergents of ``a0 + b0/(a1 + b1/(...))``: the n-th point uses the
    first n partial quotients; digits is ``-log10`` of its relative error against ``value``
    (capped at ``precision``, the digits ``value`` is good to; never below 0).  Every ``step``-th n
    is kept, and the last; convergents with ``q = 0`` are left out.
    """
    out: list[tuple[int, float]] = []
    for n, (p, q) in enumerate(convergents(a, b), start=1):
        if (n % step and n != len(a)) or q == 0:
            continue
        out.append((n, max(agreement_digits(p, q, value, precision), 0.0)))
    return out


def working_precision(last_digits: float) -> int:
    """A working precision (decimal digits) comfortably above ``last_digits``, the digits of the last
    convergent (100 when that is not finite)."""
    if not math.isfinite(last_digits):
        last_digits = 100.0
    return int(max(30, math.ceil(last_digits * 1.2) + 30))


def digits_curve(a: Sequence[int], b: Sequence[int], value_at: Callable[[int], Any],
                 step: int = 1) -> list[tuple[int, float]]:
    """:func:`convergence_curve` against ``value_at(precision)``, at a precision a little above the
    digits the last convergent reaches (its agreement with the one before, :func:`cf.convergents.evaluate`)."""
    precision = working_precision(evaluate(a, b).digits if len(a) >= 2 else 10)
    return convergence_curve(a, b, value_at(precision), precision, step)
