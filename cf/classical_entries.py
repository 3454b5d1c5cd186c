"""The classical continued fractions, one constructor per theorem, typed from the theorem.

Every entry is a value (in esma's expression grammar), a sign period and the exact interlaced
pattern of its partial quotients (``a_{T + N k + r} = channel_r(k)``), with the citation of the
theorem that proves it.  Nothing here is computed from an expansion; the tests compare every
pattern with the engine's certified expansion of the value.

The theorems (m >= 1 an integer; the m = 1 cases whose general first quotient would be 0 are
written in contracted form, ``[a; 0, b, ...] = [a + b; ...]``):

- Euler: ``e^(1/m) = [1; m-1, 1, 1, 3m-1, 1, 1, 5m-1, ...]`` (m >= 2), ``e = [2; 1, 2, 1, 1, 4, ...]``;
- ``e^(2/m) = [1; (m-1)/2, 6m, (5m-1)/2, 1, 1, (7m-1)/2, 18m, (11m-1)/2, 1, 1, ...]`` for odd m
  (m = 1: ``e^2 = [7; 2, 1, 1, 3, 18, 5, 1, 1, 6, 30, ...]``);
- Lambert: ``coth(1/m) = [m; 3m, 5m, ...]`` and ``tanh(1/m) = [0; m, 3m, 5m, ...]``;
- Lambert: ``tan(1/m) = 1/(m - 1/(3m - 1/(5m - ...)))``, so ``cot(1/m) = m - 1/(3m - 1/(5m - ...))``
  (sign period '-') and, by ``1/(n - 1/x) = 1/((n-1) + 1/(1 + 1/(x-1)))``, the simple CF
  ``tan(1/m) = [0; m-1, 1, 3m-2, 1, 5m-2, 1, ...]`` (m >= 2), ``tan(1) = [1; 1, 1, 3, 1, 5, ...]``;
- Lehmer: ``I_{A/D}(2/D) / I_{1+A/D}(2/D) = [A+D; A+2D, A+3D, ...]`` (modified Bessel functions).

>>> e3 = euler_exp_inverse(3)
>>> e3.value, e3.pattern.terms(8)
('exp(1/3)', [1, 2, 1, 1, 8, 1, 1, 14])
>>> lehmer_bessel(0, 2).pattern.terms(4), lehmer_bessel(0, 2).value
([2, 4, 6, 8], 'besseli(0,1)/besseli(1,1)')
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from cf.pattern import CFPattern, InterlacedSequence
from cf.polynomial import Polynomial as P

EULER_1744 = ("L. Euler, De fractionibus continuis dissertatio, Commentarii academiae scientiarum "
              "Petropolitanae 9 (1737), published 1744 (Enestrom E71)")
OSLER_2006 = "T. J. Osler, A proof of the continued fraction expansion of e^(1/M), Amer. Math. Monthly 113 (2006) 62-66"
LAMBERT_1768 = ("J. H. Lambert, Memoire sur quelques proprietes remarquables des quantites transcendantes "
                "circulaires et logarithmiques, Histoire de l'Academie royale des sciences de Berlin 17 (1761), "
                "published 1768")
PERRON_1929 = "O. Perron, Die Lehre von den Kettenbruechen, 2nd ed., Teubner, Leipzig, 1929, p. 138"
LEHMER_1973 = "D. H. Lehmer, Continued fractions containing arithmetic progressions, Scripta Math. 29 (1973) 17-24"


@dataclass(frozen=True)
class ClassicalCF:
    r"""One classical continued fraction: ``value = a_0 + b_0/(a_1 + b_1/(a_2 + ...))``.

    ``b_n = signs[n mod len(signs)]`` (+1 or -1) and ``a_n = pattern.term(n)``.  ``label`` is the
    theorem in a few words (``"Euler: e^(1/m)"``), ``parameters`` its instance, ``also`` the other
    registry entries that share this one's tail (filled in by :func:`cf.classical.classical_families`).

    >>> c = coth_inverse(3)
    >>> c.describe()
    'Lambert: coth(1/m) = [m; 3m, 5m, ...], m = 3 (J. H. Lambert, 1768)'
    >>> print(c.latex())
    \coth(1/3) = 3 + \cfrac{1}{9 + \cfrac{1}{15 + \cfrac{1}{21 + \cfrac{1}{\ddots}}}}, \quad a_{k} = 6 k + 3
    """

    name: str
    label: str
    citation: str
    short_citation: str
    parameters: tuple[tuple[str, int], ...]
    value: str
    tex: str
    signs: str
    pattern: InterlacedSequence
    also: tuple[str, ...] = ()

    @property
    def short(self) -> str:
        """The value and its source: ``"tanh(1/3) (J. H. Lambert, 1768)"``."""
        return f"{self.value} ({self.short_citation})"

    @property
    def instance(self) -> str:
        """The label with its parameter values: ``"Euler: e^(1/m), m = 3"``."""
        params = ", ".join(f"{k} = {v}" for k, v in self.parameters)
        return f"{self.label}, {params}" if params else self.label

    def describe(self) -> str:
        """One line naming the theorem, its instance and its source (the ``known_as`` text)."""
        text = f"{self.instance} ({self.short_citation})"
        if self.also:
            text += "; same family: " + ", ".join(self.also)
        return text

    def latex(self) -> str:
        """``value = a_0 + \\cfrac{b_0}{...}`` with the general terms."""
        return CFPattern.signed(self.signs, self.pattern).latex(lhs=self.tex)


def _frac(x: Fraction) -> str:
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def _inv(m: int) -> str:
    """``1/m`` as expression text (``1`` for m = 1)."""
    return "1" if m == 1 else f"1/{m}"


def _positive(name: str, v: int) -> None:
    if not isinstance(v, int) or v < 1:
        raise ValueError(f"the parameter {name} must be a positive integer, not {v!r}")


def euler_exp_inverse(m: int) -> ClassicalCF:
    """``e^(1/m) = [1; m-1, 1, 1, 3m-1, 1, 1, 5m-1, ...]``; ``e = [2; 1, 2, 1, 1, 4, 1, 1, 6, ...]``.

    Channels for m >= 2 after the transient ``[1]``: ``(2k+1) m - 1, 1, 1``.

    >>> euler_exp_inverse(1).pattern.terms(9)
    [2, 1, 2, 1, 1, 4, 1, 1, 6]
    """
    _positive("m", m)
    if m == 1:
        pattern = InterlacedSequence((2,), (P((1,)), P((2, 2)), P((1,))))
    else:
        pattern = InterlacedSequence((1,), (P((m - 1, 2 * m)), P((1,)), P((1,))))
    return ClassicalCF(
        name="Euler's continued fraction of e^(1/m)",
        label="Euler: e^(1/m) = [1; m-1, 1, 1, 3m-1, ...]",
        citation=f"{EULER_1744} (e); general m: {OSLER_2006}",
        short_citation="L. Euler, 1744",
        parameters=(("m", m),),
        value=f"exp({_inv(m)})",
        tex="e" if m == 1 else f"e^{{1/{m}}}",
        signs="+",
        pattern=pattern,
    )


def euler_exp_two_over(m: int) -> ClassicalCF:
    """``e^(2/m)`` for odd m: channels ``((6k+1)m-1)/2, 6m(2k+1), ((6k+5)m-1)/2, 1, 1`` after ``[1]``.

    It is the Moebius image ``(c + 1)/(c - 1)`` of ``c = coth(1/m) = [m; 3m, 5m, ...]``.

    >>> euler_exp_two_over(1).pattern.terms(11)
    [7, 2, 1, 1, 3, 18, 5, 1, 1, 6, 30]
    """
    _positive("m", m)
    if m % 2 == 0:
        raise ValueError(f"e^(2/m) has this continued fraction for odd m only (m = {m} gives e^(1/{m // 2}))")
    if m == 1:
        pattern = InterlacedSequence((7,), (P((2, 3)), P((1,)), P((1,)), P((3, 3)), P((18, 12))))
    else:
        h = (m - 1) // 2
        pattern = InterlacedSequence((1,), (P((h, 3 * m)), P((6 * m, 12 * m)), P((2 * m + h, 3 * m)),
                                            P((1,)), P((1,))))
    return ClassicalCF(
        name="continued fraction of e^(2/m), m odd",
        label="e^(2/m) = [1; (m-1)/2, 6m, (5m-1)/2, 1, 1, ...]",
        citation=(f"{PERRON_1929} (e^2); for odd m the Moebius image (c+1)/(c-1) of "
                  f"Lambert's c = coth(1/m) = [m; 3m, 5m, ...] ({LAMBERT_1768})"),
        short_citation="O. Perron, 1929",
        parameters=(("m", m),),
        value=f"exp({2 if m == 1 else f'2/{m}'})",
        tex="e^2" if m == 1 else f"e^{{2/{m}}}",
        signs="+",
        pattern=pattern,
    )


def _lambert_hyperbolic(fn: str, m: int, head: tuple[int, ...]) -> ClassicalCF:
    """coth(1/m) or tanh(1/m): the channel ``(2k+1) m`` after ``head``."""
    _positive("m", m)
    shown = {"coth": "[m; 3m, 5m, ...]", "tanh": "[0; m, 3m, 5m, ...]"}[fn]
    return ClassicalCF(
        name=f"Lambert's continued fraction of {fn}(1/m)",
        label=f"Lambert: {fn}(1/m) = {shown}",
        citation=LAMBERT_1768,
        short_citation="J. H. Lambert, 1768",
        parameters=(("m", m),),
        value=f"{fn}({_inv(m)})",
        tex=rf"\{fn}({_inv(m)})",
        signs="+",
        pattern=InterlacedSequence(head, (P((m, 2 * m)),)),
    )


def coth_inverse(m: int) -> ClassicalCF:
    """``coth(1/m) = [m; 3m, 5m, 7m, ...]``: one channel ``(2k+1) m``."""
    return _lambert_hyperbolic("coth", m, ())


def tanh_inverse(m: int) -> ClassicalCF:
    """``tanh(1/m) = [0; m, 3m, 5m, ...]`` (the reciprocal of :func:`coth_inverse`, same tail)."""
    return _lambert_hyperbolic("tanh", m, (0,))


def tan_inverse(m: int) -> ClassicalCF:
    """Simple CF ``tan(1/m) = [0; m-1, 1, 3m-2, 1, 5m-2, ...]`` (m >= 2), ``tan(1) = [1; 1, 1, 3, 1, 5, ...]``.

    >>> tan_inverse(1).pattern.terms(8), tan_inverse(2).pattern.terms(8)
    ([1, 1, 1, 3, 1, 5, 1, 7], [0, 1, 1, 4, 1, 8, 1, 12])
    """
    _positive("m", m)
    if m == 1:
        pattern = InterlacedSequence((1,), (P((1, 2)), P((1,))))
    else:
        pattern = InterlacedSequence((0, m - 1), (P((1,)), P((3 * m - 2, 2 * m))))
    return ClassicalCF(
        name="Lambert's continued fraction of tan(1/m), simple form",
        label="Lambert: tan(1/m) = [0; m-1, 1, 3m-2, 1, 5m-2, ...]",
        citation=(f"{LAMBERT_1768} (tan(1/m) = 1/(m - 1/(3m - ...))); simple form by "
                  "1/(n - 1/x) = 1/((n-1) + 1/(1 + 1/(x-1)))"),
        short_citation="J. H. Lambert, 1768",
        parameters=(("m", m),),
        value=f"tan({_inv(m)})",
        tex=rf"\tan({_inv(m)})",
        signs="+",
        pattern=pattern,
    )


def cot_inverse_signed(m: int) -> ClassicalCF:
    """``cot(1/m) = m - 1/(3m - 1/(5m - ...))`` (sign period '-'): one channel ``(2k+1) m``.

    >>> c = cot_inverse_signed(1)
    >>> c.signs, c.pattern.terms(5)
    ('-', [1, 3, 5, 7, 9])
    """
    _positive("m", m)
    return ClassicalCF(
        name="Lambert's signed continued fraction of cot(1/m)",
        label="Lambert: cot(1/m) = m - 1/(3m - 1/(5m - ...))",
        citation=LAMBERT_1768,
        short_citation="J. H. Lambert, 1768",
        parameters=(("m", m),),
        value=f"cot({_inv(m)})",
        tex=rf"\cot({_inv(m)})",
        signs="-",
        pattern=InterlacedSequence((), (P((m, 2 * m)),)),
    )


def lehmer_bessel(A: int, D: int) -> ClassicalCF:
    """``I_{A/D}(2/D) / I_{1+A/D}(2/D) = [A+D; A+2D, A+3D, ...]``: one channel ``A + D + D k``.

    Needs ``D >= 1`` and ``A + D >= 1``.  ``lehmer_bessel(0, 1)`` is ``I_0(2)/I_1(2) = [1; 2, 3, ...]``.
    """
    _positive("D", D)
    if not isinstance(A, int) or A + D < 1:
        raise ValueError(f"Lehmer's continued fraction needs an integer A with A + D >= 1, not A = {A!r}")
    nu, z = Fraction(A, D), Fraction(2, D)
    return ClassicalCF(
        name="Lehmer's continued fraction of a ratio of modified Bessel functions",
        label="Lehmer: I_(A/D)(2/D)/I_(1+A/D)(2/D) = [A+D; A+2D, A+3D, ...]",
        citation=LEHMER_1973,
        short_citation="D. H. Lehmer, 1973",
        parameters=(("A", A), ("D", D)),
        value=f"besseli({_frac(nu)},{_frac(z)})/besseli({_frac(1 + nu)},{_frac(z)})",
        tex=rf"\frac{{I_{{{_frac(nu)}}}({_frac(z)})}}{{I_{{{_frac(1 + nu)}}}({_frac(z)})}}",
        signs="+",
        pattern=InterlacedSequence((), (P((A + D, D)),)),
    )


def registry(max_m: int = 24, max_d: int = 8) -> tuple[ClassicalCF, ...]:
    """Every entry for every parameter in range, simplest theorems first.

    ``m = 1..max_m`` for e^(1/m), coth, tanh, tan and the signed cot; odd ``m <= max_m`` for
    e^(2/m); ``D = 1..max_d`` and ``A = 0..D-1`` for Lehmer's Bessel ratios (one entry per tail:
    ``[A+D; A+2D, ...]`` and ``[A+2D; A+3D, ...]`` share theirs).  The defaults give 168 entries.

    >>> len(registry()), len(registry(2, 2))
    (168, 14)
    """
    ms = range(1, max_m + 1)
    out: list[ClassicalCF] = []
    out += [euler_exp_inverse(m) for m in ms]
    out += [euler_exp_two_over(m) for m in ms if m % 2]
    out += [coth_inverse(m) for m in ms]
    out += [tanh_inverse(m) for m in ms]
    out += [tan_inverse(m) for m in ms]
    out += [cot_inverse_signed(m) for m in ms]
    out += [lehmer_bessel(A, D) for D in range(1, max_d + 1) for A in range(D)]
    return tuple(out)
