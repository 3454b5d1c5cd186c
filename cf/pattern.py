"""Interlaced polynomial sequences and continued-fraction patterns.

An *interlaced polynomial* sequence has a transient prefix ``t_0 .. t_{T-1}`` and then a period N
of channel polynomials: for ``n = T + N k + r`` (``0 <= r < N``) the term is ``P_r(k)``.
The simple continued fraction of e is transient ``[2]`` then channels ``1, 2k + 2, 1``:

>>> seq = InterlacedSequence((2,), (Polynomial((1,)), Polynomial((2, 2)), Polynomial((1,))))
>>> seq.terms(9)
[2, 1, 2, 1, 1, 4, 1, 1, 6]
>>> decode_interlaced([2, 1, 2, 1, 1, 4, 1, 1, 6, 1, 1, 8, 1, 1, 10, 1, 1, 12]) == seq
True

A :class:`CFPattern` pairs partial denominators ``a_n`` with partial numerators ``b_n`` (both
interlaced sequences; a sign period is the special case of constant channels +1/-1) and stands
for ``a_0 + b_0/(a_1 + b_1/(a_2 + ...))``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any, Callable, Sequence

from cf.polynomial import Polynomial
from cf.signs import sign_values, validate_signs


@dataclass(frozen=True)
class InterlacedSequence:
    """Transient prefix + one polynomial in k per residue class ``r`` of ``n - T = N k + r``."""

    transient: tuple[int, ...]
    channels: tuple[Polynomial, ...]

    def __post_init__(self) -> None:
        if not self.channels:
            raise ValueError("an interlaced sequence needs at least one channel")
        transient = self.transient
        if type(transient) is not tuple or any(type(t) is not int for t in transient):
            object.__setattr__(self, "transient", tuple(int(t) for t in transient))
        if type(self.channels) is not tuple:
            object.__setattr__(self, "channels", tuple(self.channels))

    @property
    def period(self) -> int:
        return len(self.channels)

    @property
    def max_degree(self) -> int:
        return max(p.degree for p in self.channels)

    @property
    def size(self) -> int:
        """Description size: transient length plus the number of channel coefficients."""
        return len(self.transient) + sum(p.degree + 1 for p in self.channels)

    def term(self, n: int) -> int | Fraction:
        t = len(self.transient)
        if n < t:
            return self.transient[n]
        k, r = divmod(n - t, self.period)
        return self.channels[r](k)

    def terms(self, count: int, start: int = 0) -> list[int]:
        """Terms ``start .. start + count - 1`` (integers; a non-integer value raises ValueError)."""
        t = len(self.transient)
        stop = start + count
        out = list(self.transient[start:min(stop, t)])
        first = max(start, t)
        if stop <= first:
            return out
        N = self.period
        k0 = (first - t) // N
        k1 = (stop - 1 - t) // N + 1
        cols = [p.values(k1 - k0, k0) for p in self.channels]
        if N == 1:
            block = cols[0]
        else:  # interleave the channels: block[N k + r] = cols[r][k]
            block = [0] * (N * (k1 - k0))
            for r, col in enumerate(cols):
                block[r::N] = col
        skip = (first - t) - N * k0
        out += block[skip:skip + stop - first]
        return out

    def is_integer_valued(self, check: int = 64) -> bool:
        """Whether the first ``len(transient) + check * period`` terms are integers."""
        try:
            self.terms(len(self.transient) + check * self.period)
        except ValueError:
            return False
        return True

    def general_term(self, var: str = "k") -> list[str]:
        """One line per channel: ``a(3k+1) = 2*k + 2`` (index relative to the transient)."""
        t = len(self.transient)
        lines = []
        for r, p in enumerate(self.channels):
            idx = _index_text(self.period, r + t, var)
            lines.append(f"a({idx}) = {p.format(var)}")
        return lines

    def __str__(self) -> str:
        pre = f"[{', '.join(map(str, self.transient))}] then " if self.transient else ""
        return pre + "(" + ", ".join(p.format("k") for p in self.channels) + ")"


def _index_text(period: int, offset: int, var: str) -> str:
    base = var if period == 1 else f"{period}{var}"
    if offset == 0:
        return base
    return f"{base}+{offset}"


def _index_latex(period: int, offset: int, var: str) -> str:
    base = var if period == 1 else f"{period}{var}"
    return base if offset == 0 else f"{base}+{offset}"


def decode_interlaced(
    terms: Sequence[int],
    max_period: int = 24,
    max_transient: int | None = None,
    max_degree: int = 6,
    confirm: int = 2,
    transients: Sequence[int] | None = None,
) -> InterlacedSequence | None:
    """The simplest interlaced polynomial description of ``terms``, or None.

    Tries every period ``N <= max_period`` and transient length ``T <= max_transient`` (default
    ``len(terms) // 4``); a channel is accepted when one polynomial of degree <= ``max_degree``
    fits all its samples with at least ``confirm`` samples beyond the ``degree + 1`` that
    determine it.  ``transients`` restricts the transient lengths tried (a confirmed recurrence
    of length L whose connection polynomial has degree D fixes it to L - D).  Among all fits the smallest :attr:`InterlacedSequence.size` wins, then the
    smaller period, then the shorter transient.  The result regenerates every given term.
    """
    vals = [int(v) for v in terms]
    n = len(vals)
    if max_transient is None:
        max_transient = n // 4
    best: InterlacedSequence | None = None
    best_key: tuple[int, int, int] | None = None
    t_values = list(range(0, max_transient + 1)) if transients is None else sorted(transients)
    possible = _possible_periods(vals, t_values, max_period, max_degree, confirm)
    for period in range(1, max_period + 1):
        for t in t_values:
            if n - t < period * (1 + confirm):
                break
            # a cheap lower bound: cannot beat best on size
            if best_key is not None and t + period > best_key[0]:
                break
            if possible is not None and not possible[t][period]:
                continue
            channels = []
            size = t
            for r in range(period):
                p = Polynomial.fit(vals[t + r :: period], max_degree=max_degree, confirm=confirm)
                if p is None:
                    break
                channels.append(p)
                size += p.degree + 1
            else:
                key = (size, period, t)
                if best_key is None or key < best_key:
                    best_key = key
                    best = InterlacedSequence(tuple(vals[:t]), tuple(channels))
    return best


def _possible_periods(vals: list[int], t_values: list[int], max_period: int, max_degree: int,
                      confirm: int) -> dict[int, Any] | None:
    """Per transient, which periods can fit (:mod:`cf.fit_kernel`); None to try them all in Python.

    Only worth it, and only safe in int64, for a few transients of a long enough sequence with
    moderate values.
    """
    if len(vals) < 32 or len(t_values) > 4 or max_degree > 12:
        return None
    from cf.fit_kernel import SAFE_VALUE, fitting_periods
    import numpy as np

    if max(abs(v) for v in vals) >= SAFE_VALUE:
        return None
    arr = np.array(vals, dtype=np.int64)
    return {t: fitting_periods(arr, t, max_period, max_degree, confirm) for t in t_values if 0 <= t < len(vals)}


def terms_for_digits(own_digits: Callable[[int], float], min_terms: int, digits: int) -> tuple[float, int]:
    """``(own_digits(n), n)`` for the number of terms ``n`` at which a fraction is judged.

    From ``min_terms``, doubling (up to 16x) while the last two convergents agree on fewer than
    ``digits`` digits and each doubling still comes close to doubling their agreement: with
    sub-linear (e.g. logarithmic) convergence the target will not be reached, so stop paying.

    >>> terms_for_digits(lambda n: 0.3 * n, 100, 200)    # linear: doubled until 200 digits
    (240.0, 800)
    >>> terms_for_digits(lambda n: 10.0, 100, 200)       # no progress: stop after one doubling
    (10.0, 200)
    """
    n, previous = min_terms, None
    while True:
        own = own_digits(n)
        if own >= digits or n >= 16 * min_terms or (previous is not None and own < 1.5 * previous):
            return own, n
        previous, n = own, 2 * n


@dataclass(frozen=True)
class CFPattern:
    """``a_0 + b_0/(a_1 + b_1/(a_2 + ...))`` with interlaced ``a`` (denominators) and ``b`` (numerators)."""

    a: InterlacedSequence
    b: InterlacedSequence

    @classmethod
    def signed(cls, signs: str, a: InterlacedSequence) -> "CFPattern":
        """The signed continued fraction with sign period ``signs`` and partial quotients ``a``."""
        return cls(a, _sign_sequence(signs))

    @property
    def signs(self) -> str | None:
        """The sign period when every partial numerator is +1 or -1 with no transient, else None."""
        if self.b.transient or any(p.degree != 0 or abs(p.coeffs[0]) != 1 for p in self.b.channels):
            return None
        return "".join("+" if p.coeffs[0] == 1 else "-" for p in self.b.channels)

    def partial_denominators(self, count: int) -> list[int]:
        return self.a.terms(count)

    def partial_numerators(self, count: int) -> list[int]:
        return self.b.terms(count)

    def evaluate(self, terms: int):
        """Exact convergents n and n-1 (``n = terms - 1``), see :func:`cf.convergents.evaluate`."""
        from cf.convergents import evaluate

        return evaluate(self.a.terms(terms), self.b.terms(terms))

    def check(self, value, digits: int, min_terms: int = 1000) -> tuple[int, float, int]:
        """Compare the pattern's continued fraction with ``value`` (an mpmath number good to ``digits``).

        The pattern is extended to ``min_terms`` terms, doubling (up to 16x) while successive
        convergents agree on fewer than ``digits`` digits and each doubling still comes close to
        doubling their agreement (convergence at least linear); the last convergent is evaluated
        exactly with integers.  Returns ``(verified digits, digits per term, terms used)``:
        the agreement with ``value``, capped by the convergents' own agreement so the claim
        never exceeds what the truncated fraction supports.
        """
        import math

        from cf.convergents import agreement_digits

        evaluations = {}

        def own_digits(terms: int) -> float:
            evaluations[terms] = self.evaluate(terms)
            return evaluations[terms].digits

        own, n = terms_for_digits(own_digits, min_terms, digits)
        ev = evaluations[n]
        agree = agreement_digits(ev.p, ev.q, value, digits)
        rate = own / (n - 1) if math.isfinite(own) else float("inf")
        return int(math.floor(min(agree, own))), rate, n

    def __repr__(self) -> str:
        s = self.signs
        if s is not None:
            return f"CFPattern.signed({s!r}, {self.a!r})"
        return f"CFPattern({self.a!r}, {self.b!r})"

    def __str__(self) -> str:
        s = self.signs
        head = f"signs {s!r}: " if s is not None else f"numerators {self.b}: "
        pre = f"transient [{', '.join(map(str, self.a.transient))}]; " if self.a.transient else ""
        return head + pre + "; ".join(self.a.general_term())

    def latex(self, lhs: str | None = None, terms_shown: int = 3) -> str:
        """``lhs = a_0 + \\cfrac{b_0}{a_1 + \\cfrac{b_1}{\\ddots}}`` followed by the general terms."""
        a_terms = self.a.terms(terms_shown + 1)
        b_terms = self.b.terms(terms_shown + 1)
        inner = r"\ddots"
        for i in range(terms_shown, -1, -1):
            sign = "-" if b_terms[i] < 0 else "+"
            inner = rf"{a_terms[i]} {sign} \cfrac{{{abs(b_terms[i])}}}{{{inner}}}"
        general = self._general_latex()
        left = f"{lhs} = " if lhs else ""
        return f"{left}{inner}" + (rf", \quad {general}" if general else "")

    def _general_latex(self) -> str:
        t = len(self.a.transient)
        parts = []
        for r, p in enumerate(self.a.channels):
            idx = _index_latex(self.a.period, r + t, "k")
            parts.append(f"a_{{{idx}}} = {p.latex('k')}")
        s = self.signs
        if s is not None:
            if s == "-":
                parts.append("b_n = -1")
            elif s != "+":
                parts.append(rf"b_n = \text{{{s}}}[n \bmod {len(s)}]")
        else:
            tb = len(self.b.transient)
            for r, p in enumerate(self.b.channels):
                idx = _index_latex(self.b.period, r + tb, "k")
                parts.append(f"b_{{{idx}}} = {p.latex('k')}")
        return r",\ ".join(parts)

    def _repr_latex_(self) -> str:
        return "$" + self.latex() + "$"


@lru_cache(maxsize=1024)
def _sign_sequence(signs: str) -> InterlacedSequence:
    """The partial numerators of sign period ``signs`` as constant channels (immutable, so shared)."""
    return InterlacedSequence((), tuple(Polynomial((s,)) for s in sign_values(validate_signs(signs))))


def converges_to_irrational(a: InterlacedSequence, signs: str) -> bool:
    """False when a signed pattern with constant channels cannot converge to an irrational number.

    With every channel constant the tail is periodic with period ``M = lcm(N, J)``; its value is
    a fixed point of the Moebius map ``T`` given by the product of ``[[a_n, b_n], [1, 0]]`` over
    one period.  With ``disc = tr(T)^2 - 4 det(T)``: ``disc < 0`` (elliptic) does not converge,
    ``disc = 0`` (parabolic, e.g. ``2 - 1/(2 - 1/(2 - ...)) = 1``) converges like 1/n to a rational,
    and a perfect-square ``disc`` puts both fixed points, hence the limit, in Q.  Only a
    non-square ``disc > 0`` gives a quadratic irrational.  Patterns with a non-constant channel
    are not judged here (True).

    >>> from cf.polynomial import Polynomial
    >>> converges_to_irrational(InterlacedSequence((3,), (Polynomial((2,)),)), "-")
    False
    >>> converges_to_irrational(InterlacedSequence((1,), (Polynomial((2,)),)), "+")   # sqrt(2)
    True
    """
    from math import gcd, isqrt

    if any(p.degree > 0 for p in a.channels):
        return True
    N = a.period
    J = len(signs)
    M = N * J // gcd(N, J)
    t = len(a.transient)
    vals = a.terms(M, start=t)
    m00, m01, m10, m11 = 1, 0, 0, 1
    for i, av in enumerate(vals):
        b = 1 if signs[(t + i) % J] == "+" else -1
        m00, m01, m10, m11 = m00 * av + m01, m00 * b, m10 * av + m11, m10 * b
    disc = (m00 + m11) ** 2 - 4 * (m00 * m11 - m01 * m10)
    return disc > 0 and isqrt(disc) ** 2 != disc
