"""Description length of a continued-fraction pattern: a minimum-description-length score.

:func:`description_bits` counts the bits of a self-delimiting code for a
:class:`cf.pattern.CFPattern` (sign period, transient, period, channel polynomials), built from
the prefix-free integer codes of :mod:`discovery.experiments.complexity.codes`.  It is usable for
ranking conjectures: simpler formulas (smaller coefficients, shorter transients and periods,
lower degrees) cost fewer bits.

>>> description_bits(E_PATTERN)
41
"""

from __future__ import annotations

from typing import Any

from cf.pattern import CFPattern, InterlacedSequence
from cf.polynomial import Polynomial
from discovery.experiments.complexity.codes import elias_gamma_bits, integer_bits, rational_bits


def _polynomial_bits(p: Polynomial) -> int:
    return elias_gamma_bits(p.degree + 1) + sum(rational_bits(c) for c in p.coeffs)


def interlaced_bits(seq: InterlacedSequence) -> dict[str, Any]:
    """Code length of an interlaced sequence, by part (see :func:`description_bits`)."""
    transient = elias_gamma_bits(len(seq.transient) + 1) + sum(integer_bits(t) for t in seq.transient)
    period = elias_gamma_bits(seq.period)
    channels = [_polynomial_bits(p) for p in seq.channels]
    return {"transient": transient, "period": period, "channels": channels,
            "total": transient + period + sum(channels)}


def description_breakdown(pattern: CFPattern | InterlacedSequence) -> dict[str, Any]:
    """The parts of :func:`description_bits`: ``signs``, ``a`` (transient/period/channels), ``total``.

    >>> description_breakdown(E_PATTERN)["a"]
    {'transient': 8, 'period': 3, 'channels': [6, 15, 6], 'total': 38}
    """
    if isinstance(pattern, InterlacedSequence):
        a = interlaced_bits(pattern)
        return {"a": a, "total": a["total"]}
    if not isinstance(pattern, CFPattern):
        raise TypeError(f"expected a CFPattern or InterlacedSequence, not {type(pattern).__name__}")
    a = interlaced_bits(pattern.a)
    signs = pattern.signs
    if signs is not None:
        b: dict[str, Any] = {"kind": "sign period", "signs": signs,
                             "total": 1 + elias_gamma_bits(len(signs)) + len(signs)}
    else:
        b = {"kind": "interlaced numerators", **interlaced_bits(pattern.b)}
        b["total"] += 1
    return {"signs" if signs is not None else "b": b, "a": a, "total": b["total"] + a["total"]}


def description_bits(pattern: CFPattern | InterlacedSequence) -> int:
    """Length in bits of a self-delimiting code for a continued-fraction pattern (an MDL score).

    The code, read left to right (gamma = Elias gamma, delta = Elias delta, both prefix-free):

    * partial numerators: 1 flag bit; for a sign period ``s`` (numerators +-1, no transient)
      ``gamma(len s)`` then one bit per sign; otherwise the numerators as an interlaced sequence;
    * partial denominators (an interlaced sequence, also used for general numerators):
      ``gamma(T + 1)`` for the transient length T, each transient term as
      ``delta(zigzag(t))``; ``gamma(N)`` for the period N; for each of the N channel
      polynomials ``gamma(degree + 1)`` and each coefficient ``u/v`` (lowest terms) as
      ``delta(zigzag(u)) + delta(v)``.

    ``zigzag`` maps ``0, -1, 1, -2, 2, ...`` to ``1, 2, 3, 4, 5, ...``.  Every part is
    prefix-free, so the total is the length of a decodable description; smaller coefficients,
    a shorter transient, a shorter period or lower degrees all cost fewer bits.

    Example: the simple continued fraction of e, signs ``+``, transient ``[2]``, channels
    ``1, 2k + 2, 1``: signs 1 + 1 + 1 = 3 bits; transient 3 + 5 = 8; period 3; channels
    ``1``: 1 + (4 + 1) = 6, ``2k + 2``: 3 + 2 (5 + 1) = 15, ``1``: 6; total 41 bits.

    >>> description_bits(E_PATTERN)
    41
    """
    return int(description_breakdown(pattern)["total"])


E_PATTERN = CFPattern.signed("+", InterlacedSequence((2,), (Polynomial((1,)), Polynomial((2, 2)), Polynomial((1,)))))
"""The simple continued fraction of e: ``[2; 1, 2, 1, 1, 4, 1, 1, 6, ...]``."""
