"""Convergents and exact evaluation of (signed or general) continued fractions.

For ``x = a0 + b0/(a1 + b1/(a2 + ...))`` the convergents ``p_n/q_n`` satisfy

    p_-1 = 1, q_-1 = 0, p_0 = a0, q_0 = 1,
    p_n = a_n p_{n-1} + b_{n-1} p_{n-2}   (same for q),

equivalently ``[[p_n, b_n p_{n-1}], [q_n, b_n q_{n-1}]] = prod_{i<=n} [[a_i, b_i], [1, 0]]``, and
``p_n q_{n-1} - p_{n-1} q_n = (-1)^(n-1) b_0 ... b_{n-1}``.  The product is evaluated by binary
splitting (a balanced product tree of 2x2 integer matrices with gmpy2), which is much faster than
the forward recurrence for thousands of terms with growing entries.

>>> convergents([1, 2, 2, 2], [1, 1, 1])[-1]
(17, 12)
>>> cf_fraction([1, 2, 2, 2, 2], [1, 1, 1, 1])
(41, 29)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import gmpy2
from gmpy2 import mpz

_LOG10_2 = 0.30102999566398120


def convergents(a: Sequence[int], b: Sequence[int]) -> list[tuple[int, int]]:
    """All convergents ``(p_n, q_n)`` for n = 0..len(a)-1 (``b`` needs len(a)-1 entries)."""
    out: list[tuple[int, int]] = []
    p_prev, q_prev = mpz(1), mpz(0)
    p, q = mpz(a[0]), mpz(1)
    out.append((int(p), int(q)))
    for n in range(1, len(a)):
        bn = b[n - 1]
        p, p_prev = a[n] * p + bn * p_prev, p
        q, q_prev = a[n] * q + bn * q_prev, q
        out.append((int(p), int(q)))
    return out


def _tree(a: Sequence[int], b: Sequence[int], lo: int, hi: int):
    """Product of [[a_i, b_i], [1, 0]] for lo <= i < hi as a 4-tuple of mpz (row-major)."""
    if hi - lo == 1:
        return (mpz(a[lo]), mpz(b[lo]), mpz(1), mpz(0))
    if hi - lo == 2:
        a0, b0, a1, b1 = mpz(a[lo]), mpz(b[lo]), mpz(a[lo + 1]), mpz(b[lo + 1])
        return (a0 * a1 + b0, a0 * b1, a1, b1)
    mid = (lo + hi) // 2
    x00, x01, x10, x11 = _tree(a, b, lo, mid)
    y00, y01, y10, y11 = _tree(a, b, mid, hi)
    return (
        x00 * y00 + x01 * y10,
        x00 * y01 + x01 * y11,
        x10 * y00 + x11 * y10,
        x10 * y01 + x11 * y11,
    )


def matrix_product(a: Sequence[int], b: Sequence[int]) -> tuple[mpz, mpz, mpz, mpz]:
    """``prod_{i<n} [[a_i, b_i], [1, 0]]`` (len(b) >= len(a) = n >= 1) by binary splitting."""
    if len(a) == 0:
        raise ValueError("a continued fraction needs at least one term")
    bb = list(b[: len(a)]) + [1] * max(0, len(a) - len(b))
    return _tree(a, bb, 0, len(a))


def cf_fraction(a: Sequence[int], b: Sequence[int]) -> tuple[int, int]:
    """The last convergent ``p/q`` of ``a0 + b0/(a1 + ... + b_{n-2}/a_{n-1})`` (not reduced)."""
    m = matrix_product(a, b)
    return int(m[0]), int(m[2])


@dataclass(frozen=True)
class Evaluation:
    """Exact value of a finite continued fraction plus its self-consistency estimate.

    ``p/q`` is the n-th convergent, ``p_prev/q_prev`` the (n-1)-th, and ``digits`` estimates how
    many decimal digits ``p/q`` shares with the limit: ``-log10 |x_n - x_{n-1}| / |x_n|``.
    """

    p: int
    q: int
    p_prev: int
    q_prev: int
    terms: int

    @property
    def digits(self) -> float:
        return convergence_digits(self.p, self.q, self.p_prev, self.q_prev)


def evaluate(a: Sequence[int], b: Sequence[int]) -> Evaluation:
    """Convergents n and n-1 (n = len(a) - 1) of the continued fraction with terms ``a``, ``b``."""
    if len(a) < 2:
        raise ValueError("evaluation needs at least two terms")
    head = matrix_product(a[:-1], b)  # [[p_{n-1}, b_{n-1} p_{n-2}], [q_{n-1}, ...]]
    an = mpz(a[-1])
    # p_n = a_n p_{n-1} + b_{n-1} p_{n-2}; head[1] = b_{n-1} p_{n-2}.
    p = an * head[0] + head[1]
    q = an * head[2] + head[3]
    return Evaluation(int(p), int(q), int(head[0]), int(head[2]), len(a))


def _log10_abs(x: int) -> float:
    if x == 0:
        return float("-inf")
    return float(gmpy2.log10(gmpy2.mpfr(abs(mpz(x)), 64)))


def convergence_digits(p: int, q: int, p_prev: int, q_prev: int) -> float:
    """``-log10(|p/q - p'/q'| / |p/q|)``: digits on which two successive convergents agree."""
    num = mpz(p) * q_prev - mpz(p_prev) * q
    if num == 0:
        return float("inf")
    if p == 0:
        return 0.0
    # |num/(q q')| / |p/q| = |num| / |p q'|
    return _log10_abs(p) + _log10_abs(q_prev) - _log10_abs(num)


def convergence_rate(a: Sequence[int], b: Sequence[int]) -> float:
    """Digits per term: convergence digits at the last term divided by the number of terms."""
    ev = evaluate(a, b)
    d = ev.digits
    return d / (len(a) - 1) if d != float("inf") else float("inf")


def agreement_digits(p: int, q: int, value, precision_digits: int) -> float:
    """Decimal digits on which ``p/q`` agrees with the mpmath number ``value`` (relative error).

    Computed with mpmath at ``precision_digits + 20`` digits; capped at ``precision_digits``.
    """
    import mpmath

    with mpmath.workdps(precision_digits + 20):
        v = mpmath.mpf(value)
        x = mpmath.mpf(p) / mpmath.mpf(q)
        if v == 0:
            return float(precision_digits) if x == 0 else 0.0
        rel = abs(x - v) / abs(v)
        if rel == 0:
            return float(precision_digits)
        return min(float(precision_digits), float(-mpmath.log10(rel)))
