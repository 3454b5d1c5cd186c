"""The registry of classical continued fractions: what makes a result *known*.

A result is known when its family (the tail of its continued fraction, :func:`cf.family.family_key`)
is the family of a classical theorem's continued fraction (:mod:`cf.classical_entries`: Euler's
e^(1/m) and e^(2/m), Lambert's tan, cot, tanh and coth of 1/m, Lehmer's Bessel ratios), or when
its channels are all constant: a periodic continued fraction is a quadratic irrational (Euler),
and every quadratic irrational has a periodic simple continued fraction (Lagrange's converse).
A periodic signed pattern that converges to a rational number, or not at all
(:func:`cf.pattern.converges_to_irrational`), is not that theorem's and is not matched.

>>> from cf.polynomial import Polynomial as P
>>> e3 = InterlacedSequence((1, 2), (P((1,)), P((1,)), P((8, 6))))   # exp(1/3) = [1; 2, 1, 1, 8, ...]
>>> classical_match(e3, "+")
'Euler: e^(1/m) = [1; m-1, 1, 1, 3m-1, ...], m = 3 (L. Euler, 1744)'
>>> classical_match(InterlacedSequence((1,), (P((2,)),)), "+")       # sqrt(2) = [1; 2, 2, ...]
'periodic continued fraction: a quadratic irrational (L. Euler, 1744; converse J.-L. Lagrange, 1770)'
>>> classical_match(InterlacedSequence((), (P((1, 0, 3)),)), "+") is None   # 3k^2 + 1
True
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from cf.classical_entries import (
    ClassicalCF,
    coth_inverse,
    cot_inverse_signed,
    euler_exp_inverse,
    euler_exp_two_over,
    lehmer_bessel,
    registry,
    tan_inverse,
    tanh_inverse,
)
from cf.family import family_key
from cf.pattern import InterlacedSequence, converges_to_irrational

__all__ = [
    "ClassicalCF", "QUADRATIC_RULE", "classical_entry", "classical_families", "classical_match",
    "coth_inverse", "cot_inverse_signed", "euler_exp_inverse", "euler_exp_two_over",
    "lehmer_bessel", "registry", "tan_inverse", "tanh_inverse",
]

QUADRATIC_RULE = ("periodic continued fraction: a quadratic irrational "
                  "(L. Euler, 1744; converse J.-L. Lagrange, 1770)")
QUADRATIC_CITATION = ("L. Euler, De fractionibus continuis dissertatio (E71), 1744 (a periodic continued "
                      "fraction is a quadratic irrational); J.-L. Lagrange, Additions au memoire sur la "
                      "resolution des equations numeriques, Mem. Acad. Berlin, 1770 (the converse)")


@lru_cache(maxsize=1)
def classical_families() -> dict[str, ClassicalCF]:
    """Family key -> the first (simplest) registry entry with that tail, over :func:`registry`'s defaults.

    Entries sharing a tail are one family: the first keeps its description and lists the others
    in ``also`` (e.g. ``coth(1/3) = [3; 9, 15, ...]`` and ``tanh(1/3) = [0; 3, 9, 15, ...]``).

    >>> fam = classical_families()[family_key(coth_inverse(3).pattern, "+")]
    >>> fam.value, fam.also
    ('coth(1/3)', ('tanh(1/3) (J. H. Lambert, 1768)', 'besseli(1/2,1/3)/besseli(3/2,1/3) (D. H. Lehmer, 1973)'))
    """
    first: dict[str, ClassicalCF] = {}
    others: dict[str, list[str]] = {}
    for entry in registry():
        key = family_key(entry.pattern, entry.signs)
        if key in first:
            others[key].append(entry.short)
        else:
            first[key] = entry
            others[key] = []
    return {key: replace(entry, also=tuple(others[key])) if others[key] else entry
            for key, entry in first.items()}


def _all_constant(pattern: InterlacedSequence) -> bool:
    return all(p.degree == 0 for p in pattern.channels)


def classical_entry(pattern: InterlacedSequence, signs: str, key: str | None = None) -> ClassicalCF | None:
    """The registry family that the signed pattern belongs to, or None.

    ``key`` is the pattern's :func:`cf.family.family_key` when the caller already has it.
    Periodic patterns are not registry entries (see :func:`classical_match`).
    """
    if _all_constant(pattern):
        return None
    return classical_families().get(key if key is not None else family_key(pattern, signs))


def classical_match(pattern: InterlacedSequence, signs: str, key: str | None = None) -> str | None:
    """The ``known_as`` text of the signed pattern's classical family, or None when it is not classical.

    Constant channels only: :data:`QUADRATIC_RULE` when the periodic continued fraction converges
    to an irrational number (so to a quadratic irrational), else None.  Otherwise the
    :meth:`ClassicalCF.describe` line of the registry family with the same tail.
    """
    if _all_constant(pattern):
        return QUADRATIC_RULE if converges_to_irrational(pattern, signs) else None
    entry = classical_entry(pattern, signs, key)
    return entry.describe() if entry is not None else None
