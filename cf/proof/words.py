r"""A certificate in words and in LaTeX: what was proved, from which theorem, and how.

>>> from cf.polynomial import Polynomial as P
>>> from cf.pattern import InterlacedSequence
>>> from cf.proof.prover import prove
>>> e = InterlacedSequence((2,), (P((1,)), P((2, 2)), P((1,))))
>>> cert = prove(e, (1, 1, 2, -2), InterlacedSequence((), (P((1, 4)), P((12, 16)))), "+").certificate
>>> print(moebius_text(cert["moebius"], "v"))
(v + 1)/(2*v - 2)
>>> print(proof_text(cert, "Euler's continued fraction of e", "e"))      # doctest: +NORMALIZE_WHITESPACE
Follows from Euler's continued fraction of e by the Moebius map x = (v + 1)/(2*v - 2) of v = e.
Induction on blocks: 2 terms of the formula for every 6 terms of v's continued fraction, from term 1
of the formula and term 1 of v's; the state matrices S_j(k) (x's remaining part as S_j(k) applied to
v's remaining tail) are [[2, 2], [1, -1]], [[2, 1], [0, 2]]. Base case, induction step (an identity of
polynomial matrices in k) and range condition (each state maps (1, inf) into (1, inf)) were verified
by the independent checker; with the convergence of semi-regular continued fractions this proves the
formula.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Sequence

from cf.polynomial import Polynomial


def _linear(a: int, b: int, var: str, times: str = "*") -> str:
    if a == 0:
        return str(b)
    head = var if a == 1 else ("-" + var if a == -1 else f"{a}{times}{var}")
    if b == 0:
        return head
    return f"{head} {'+' if b > 0 else '-'} {abs(b)}"


def moebius_text(m: Sequence[int], var: str = "v") -> str:
    """``(a v + b)/(c v + d)`` as text, simplified where a part is 0 or 1."""
    a, b, c, d = m
    num, den = _linear(a, b, var), _linear(c, d, var)
    if den == "1":
        return num
    wrap = (lambda s: f"({s})" if (" " in s or "*" in s) else s)
    return f"{wrap(num)}/{wrap(den)}"


def _poly_text(coeffs: Sequence[Any], tex: bool = False) -> str:
    p = Polynomial(tuple(Fraction(c) for c in coeffs))
    return p.latex("k") if tex else p.format("k")


def _matrix_text(state: Sequence[Sequence[Any]]) -> str:
    a, b, c, d = (_poly_text(e) for e in state)
    return f"[[{a}, {b}], [{c}, {d}]]"


def _matrix_latex(state: Sequence[Sequence[Any]]) -> str:
    a, b, c, d = (_poly_text(e, tex=True) for e in state)
    return rf"\begin{{pmatrix}} {a} & {b} \\ {c} & {d} \end{{pmatrix}}"


def proof_text(cert: dict[str, Any], theorem: str, value: str) -> str:
    """The proof in words: the theorem it follows from, the map, the blocks and the states."""
    block = cert["block"]
    states = ", ".join(_matrix_text(s) for s in block["states"])
    return (f"Follows from {theorem} by the Moebius map x = {moebius_text(cert['moebius'])} of v = {value}. "
            f"Induction on blocks: {block['length']} terms of the formula for every {block['ingest']} terms of v's "
            f"continued fraction, from term {block['m0']} of the formula and term {block['n0']} of v's; the state "
            f"matrices S_j(k) (x's remaining part as S_j(k) applied to v's remaining tail) are {states}. "
            "Base case, induction step (an identity of polynomial matrices in k) and range condition (each state "
            "maps (1, inf) into (1, inf)) were verified by the independent checker; with the convergence of "
            "semi-regular continued fractions this proves the formula.")


def proof_latex(cert: dict[str, Any], value_tex: str) -> str:
    r"""The map and the states in LaTeX: ``x = \frac{a v + b}{c v + d},\ v = ...;\ S_0(k) = ...``."""
    a, b, c, d = cert["moebius"]
    num, den = _linear(a, b, "v", ""), _linear(c, d, "v", "")
    x = num if den == "1" else rf"\frac{{{num}}}{{{den}}}"
    states = r",\quad ".join(f"S_{{{j}}}(k) = {_matrix_latex(s)}" for j, s in enumerate(cert["block"]["states"]))
    return rf"x = {x},\ v = {value_tex};\quad {states}"
