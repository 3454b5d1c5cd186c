"""Integer-valued polynomials in one variable with exact rational coefficients.

Channel polynomials of interlaced sequences are stored here: ``Polynomial((2, 2))`` is
``2 k + 2``.  Fitting uses Newton's forward differences, so it is exact with Python integers.

>>> p = Polynomial.fit([2, 4, 6, 8])
>>> p, str(p), p(10)
(Polynomial((2, 2)), '2*k + 2', 22)
>>> str(Polynomial.fit([0, 1, 3, 6, 10]))
'1/2*k^2 + 1/2*k'
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Callable, Sequence


def _clean(c: Fraction) -> int | Fraction:
    if type(c) is int:  # the common case, without a Fraction round trip
        return c
    c = Fraction(c)
    return int(c) if c.denominator == 1 else c


@dataclass(frozen=True)
class Polynomial:
    """``sum_j coeffs[j] * k**j`` with exact rational coefficients (no trailing zeros)."""

    coeffs: tuple[int | Fraction, ...]

    def __post_init__(self) -> None:
        cs = [_clean(c) for c in self.coeffs]
        while len(cs) > 1 and cs[-1] == 0:
            cs.pop()
        if not cs:
            cs = [0]
        object.__setattr__(self, "coeffs", tuple(cs))

    @property
    def degree(self) -> int:
        return len(self.coeffs) - 1 if self.coeffs != (0,) else 0

    def __call__(self, k: int) -> int | Fraction:
        acc: Fraction | int = 0
        for c in reversed(self.coeffs):
            acc = acc * k + c
        return acc if type(acc) is int else _clean(Fraction(acc))

    def values(self, count: int, start: int = 0) -> list[int]:
        """``[P(start), ..., P(start + count - 1)]`` by forward differences in exact integers.

        Raises ValueError if P is not integer-valued there.
        """
        if count <= 0:
            return []
        d = self.degree
        if d <= 1 and type(self.coeffs[0]) is int and (d == 0 or type(self.coeffs[1]) is int):
            c0 = self.coeffs[0]
            if d == 0:
                return [c0] * count
            c1 = self.coeffs[1]
            first = c0 + c1 * start
            return list(range(first, first + c1 * count, c1)) if c1 else [first] * count
        head = [self(k) for k in range(start, start + min(count, d + 1))]
        if any(isinstance(v, Fraction) for v in head):
            raise ValueError(f"the polynomial {self} is not integer-valued at k = {start}..{start + d}")
        if count <= d + 1:
            return list(head)
        # difference table diag[j] = Delta^j P(start); Delta^d is constant
        diag = list(head)
        for j in range(1, d + 1):
            for i in range(d, j - 1, -1):
                diag[i] -= diag[i - 1]
        out = [diag[0]]
        for _ in range(count - 1):
            for j in range(d):
                diag[j] += diag[j + 1]
            out.append(diag[0])
        return out

    def __repr__(self) -> str:
        parts = []
        for c in self.coeffs:
            parts.append(f"Fraction({c.numerator}, {c.denominator})" if isinstance(c, Fraction) else str(c))
        inner = ", ".join(parts) + ("," if len(parts) == 1 else "")
        return f"Polynomial(({inner}))"

    def _terms(self) -> list[tuple[int | Fraction, int]]:
        return [(c, j) for j, c in reversed(list(enumerate(self.coeffs))) if c != 0]

    def _join(self, body: Callable[[int | Fraction, int], str]) -> str:
        """Signed sum of the nonzero terms, highest degree first; ``body(|c|, j)`` renders c k^j."""
        out = ""
        for i, (c, j) in enumerate(self._terms()):
            text = body(-c if c < 0 else c, j)
            out = (("-" if c < 0 else "") + text) if i == 0 else out + (" - " if c < 0 else " + ") + text
        return out or "0"

    def format(self, var: str = "k", power: str = "^", times: str = "*") -> str:
        """Human form, highest degree first: ``2*k^2 - k + 1``."""
        return _format(self, var, power, times)

    def _format(self, var: str, power: str, times: str) -> str:
        def body(mag: int | Fraction, j: int) -> str:
            if j == 0:
                return str(mag)
            mono = var if j == 1 else f"{var}{power}{j}"
            return mono if mag == 1 else f"{mag}{times}{mono}"

        return self._join(body)

    def __str__(self) -> str:
        return self.format()

    def latex(self, var: str = "k", power_base: str | None = None) -> str:
        """LaTeX form: ``\\frac{1}{2} k^{2} + 3`` (``power_base`` replaces ``var`` under a power)."""
        return _latex(self, var, power_base)

    def _latex(self, var: str, power_base: str | None) -> str:
        def body(mag: int | Fraction, j: int) -> str:
            coef = rf"\frac{{{mag.numerator}}}{{{mag.denominator}}}" if isinstance(mag, Fraction) else str(mag)
            if j == 0:
                return coef
            mono = var if j == 1 else f"{power_base or var}^{{{j}}}"
            return mono if mag == 1 else f"{coef} {mono}"

        return self._join(body)

    @staticmethod
    def fit(values: Sequence[int], max_degree: int | None = None, confirm: int = 0) -> "Polynomial | None":
        """The lowest-degree polynomial P with ``P(k) = values[k]`` for every k, or None.

        The degree D is the first order whose forward differences vanish identically; at least
        ``confirm`` values beyond the ``D + 1`` that determine P are required (they are the
        evidence).  ``max_degree`` bounds D.
        """
        vals = [int(v) for v in values]
        n = len(vals)
        if n == 0:
            return None
        heads = []          # heads[j] = Delta^j values (0), the Newton coefficients
        cur = vals
        degree = None
        limit = n - 1 if max_degree is None else min(max_degree, n - 1)
        for d in range(limit + 1):
            first = cur[0]
            heads.append(first)
            if cur.count(first) == len(cur):
                degree = d
                break
            cur = [b - a for a, b in zip(cur, cur[1:])]
        if degree is None:
            return None
        if n < degree + 1 + confirm:
            return None
        return Polynomial(_newton_to_monomial(heads))



# Channels repeat across the members of a family: their texts are computed once.
_format = lru_cache(maxsize=4096)(Polynomial._format)
_latex = lru_cache(maxsize=4096)(Polynomial._latex)


def _newton_to_monomial(heads: list[int]) -> tuple[int | Fraction, ...]:
    """Monomial coefficients of ``sum_j heads[j] * C(k, j)``, in integers until one final division.

    ``C(k, j) = k (k-1) ... (k-j+1) / j!``; with ``D = deg!`` every ``D / j!`` is an integer, so
    the sum times D has integer coefficients and only the result is reduced.

    >>> _newton_to_monomial([0, 1, 1])       # C(k,1) + C(k,2) = k^2/2 + k/2
    (0, Fraction(1, 2), Fraction(1, 2))
    """
    degree = len(heads) - 1
    total = [0] * (degree + 1)
    falling = [1]                 # coefficients of k (k-1) ... (k-j+1), ascending
    fact = 1
    big = 1
    for i in range(2, degree + 1):
        big *= i
    for j, dj in enumerate(heads):
        if j:
            falling = [0] + falling
            for m in range(len(falling) - 1):
                falling[m] -= (j - 1) * falling[m + 1]
            fact *= j
        if dj:
            scale = dj * (big // fact)
            for m, c in enumerate(falling):
                total[m] += scale * c
    if big == 1:
        return tuple(total)
    return tuple(c // big if c % big == 0 else Fraction(c, big) for c in total)
