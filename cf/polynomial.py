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
from typing import Callable, Sequence


def _clean(c: Fraction) -> int | Fraction:
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
        return _clean(Fraction(acc))

    def values(self, count: int, start: int = 0) -> list[int]:
        """``[P(start), ..., P(start + count - 1)]`` by forward differences in exact integers.

        Raises ValueError if P is not integer-valued there.
        """
        if count <= 0:
            return []
        d = self.degree
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
        diffs = [vals]
        cur = vals
        degree = None
        limit = n - 1 if max_degree is None else min(max_degree, n - 1)
        for d in range(limit + 1):
            if all(v == cur[0] for v in cur):
                degree = d
                break
            cur = [cur[i + 1] - cur[i] for i in range(len(cur) - 1)]
            diffs.append(cur)
        if degree is None:
            return None
        if n < degree + 1 + confirm:
            return None
        # Newton form: P(k) = sum_j Delta^j(0) * C(k, j); convert to monomials.
        coeffs = [Fraction(0)] * (degree + 1)
        for j in range(degree + 1):
            dj = diffs[j][0]
            if dj == 0:
                continue
            # C(k, j) = k (k-1) ... (k-j+1) / j!
            falling = [Fraction(1)]
            for i in range(j):
                nxt = [Fraction(0)] * (len(falling) + 1)
                for m, c in enumerate(falling):
                    nxt[m + 1] += c
                    nxt[m] -= i * c
                falling = nxt
            fact = Fraction(1, 1)
            for i in range(2, j + 1):
                fact *= i
            for m, c in enumerate(falling):
                coeffs[m] += dj * c / fact
        return Polynomial(tuple(coeffs))

