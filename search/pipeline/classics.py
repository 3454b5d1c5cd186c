"""Classical continued fractions: the reference list that marks a result *known*.

Each entry is an expression and a sign period whose expansion is a classical formula (Euler's
continued fractions of e and its Moebius images, Lambert's tan and tanh, quadratic
irrationals, Bessel-function ratios).  Their patterns are not typed in: they are derived at run
time by the engine's own certified expansion and decoding, then reduced to family keys, so a
search result is *known* exactly when it shares a tail with one of them.
"""

from __future__ import annotations

from functools import lru_cache

CLASSICS: tuple[tuple[str, str, str], ...] = (
    ("e", "+", "Euler: e = [2; 1, 2, 1, 1, 4, 1, ...]"),
    ("e/(e-1)", "+-", "Euler-type signed CF of e/(e-1)"),
    ("e-1", "-+", "signed CF of e-1"),
    ("(e+1)/(e-1)", "+", "coth(1/2) = [2; 6, 10, 14, ...]"),
    ("e^2", "+", "Euler: e^2 = [7; 2, 1, 1, 3, 18, ...]"),
    ("exp(1/2)", "+", "Euler: sqrt(e) = [1; 1, 1, 1, 5, 1, 1, 9, ...]"),
    ("tan(1)", "+", "Lambert: tan(1) = [1; 1, 1, 3, 1, 5, ...]"),
    ("1/tan(1)", "-", "Lambert: cot(1) = 1/(1 - 1/(3 - 1/(5 - ...)))"),
    ("tanh(1)", "+", "Lambert: tanh(1) = [0; 1, 3, 5, 7, ...]"),
    ("sqrt(2)", "+", "sqrt(2) = [1; 2, 2, 2, ...]"),
    ("(1+sqrt(5))/2", "+", "golden ratio = [1; 1, 1, ...]"),
    ("besseli(0,2)/besseli(1,2)", "+", "I0(2)/I1(2) = [1; 2, 3, 4, ...]"),
)


@lru_cache(maxsize=1)
def classical_families() -> dict[str, str]:
    """Family key -> description, derived from the certified expansions of :data:`CLASSICS`."""
    from cf.pattern import decode_interlaced
    from search.expansion import expand
    from cf.family import family_key

    out: dict[str, str] = {}
    for expr, signs, about in CLASSICS:
        terms = expand(expr, signs, 120).terms
        inter = decode_interlaced(terms)
        if inter is not None:
            out.setdefault(family_key(inter, signs), about)
    return out
