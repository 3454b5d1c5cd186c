r"""The independent checker of proof certificates: exact arithmetic on plain data, no prover code.

A certificate (:mod:`cf.proof.certificate` writes them) claims that ``x = X(v)``, an integer
Moebius image ``X = (a v + b)/(c v + d)`` of a constant ``v`` with a classical simple continued
fraction ``v = [e_0; e_1, e_2, ...]`` (a theorem of the registry: Euler, Lambert, Lehmer), equals the
signed continued fraction ``a_0 + s_0/(a_1 + s_1/(a_2 + ...))`` of the conjecture.  With
``E_n = [[e_n, 1], [1, 0]]``, ``Q_m = [[a_m, s_m], [1, 0]]`` and products ``E^(n) = E_0 ... E_{n-1}``,
``Q^(m) = Q_0 ... Q_{m-1}``, the certificate gives for every position ``m >= 1`` a count ``n(m) >= 1``
and a state matrix ``S_m`` with

    X E^(n(m))  ~  Q^(m) S_m        (equal up to a non-zero scalar),

explicitly for ``m < m0`` (the head) and, for ``m = m0 + L k + j``, ``n = n0 + K k + nu_j``, as
polynomial matrices ``S_j(k)`` (the block).  The checker verifies

1. the base cases exactly: the head's identities and the block's at ``k = 0, j = 0``;
2. the induction step ``Q_{m} S_{j+1}(k) ~ S_j(k) E_{n} ... E_{n'-1}`` (``S_L(k) = S_0(k + 1)``) as an
   identity of polynomials in k: every 2x2 minor of the pair vanishes at more points than its degree;
   ``det S_j(k)`` is a non-zero constant, so neither side vanishes;
3. the range condition: each ``S_m`` maps ``(1, inf)`` into ``(1, inf)``.  With ``y = 1 + t``,
   ``S(y) = 1 + (A t + B)/(C t + D)`` where ``A = s00 - s10``, ``B = s00 + s01 - s10 - s11``,
   ``C = s10``, ``D = s10 + s11``; all four ``>= 0`` (as polynomials: for every integer k >= 0,
   shown by a Taylor shift with non-negative coefficients plus the finitely many values before it)
   suffices, since then numerator and denominator are positive for ``t > 0``;
4. that the classical terms ``e_n`` (n >= 1) and the conjecture's terms are integers, ``e_n >= 1``.

Why that proves the formula.  The classical tail ``y_n = [e_n; e_{n+1}, ...]`` lies in ``(1, inf)``
for ``n >= 1`` and ``v = E^(n)(y_n)``, so ``x = X E^(n)(y_n) = Q^(m)(w_m)`` with ``w_m = S_m(y_n) > 1``
for every ``m >= 1``; then ``w_m = a_m + s_m/w_{m+1}``, which forces the integers ``a_m >= 1`` and
``a_m >= 2`` where ``s_m = -1``.  Lemma: such a continued fraction converges to x.  With
``Q^(m) = [[p_{m-1}, s_{m-1} p_{m-2}], [q_{m-1}, s_{m-1} q_{m-2}]]``, the denominator
``D_m = q_{m-1} w_m + s_{m-1} q_{m-2}`` satisfies ``D_{m+1} = w_{m+1} D_m`` and ``D_1 = w_1``, so
``|x - p_{m-1}/q_{m-1}| = 1/(|q_{m-1}| w_1 ... w_m)``; ``q_{m-1} != 0`` because
``Q_1 ... Q_{m-1}`` maps ``inf`` into ``[1, inf)``.  The product diverges: grouping the w's, a run of
``(a, s) = (2, -1)`` is followed by some ``w > 2``, or by ``(1, +1)`` with ``w_m w_{m+1} = w_{m+1} + 1 > 2``;
an endless run is impossible (``1/(w_m - 1) = 1/(w_{m+1} - 1) + 1`` would make ``w - 1`` negative).
(This is the convergence of semi-regular continued fractions, O. Perron, Die Lehre von den
Kettenbruechen, 1929, ch. 5.)

The checker imports nothing of the project: it reads the terms from the certificate's own copy of
both patterns.

>>> cert = {"version": 1, "moebius": [1, 0, 0, 1],
...         "classical": {"transient": [1], "channels": [["1", "1"]]},
...         "conjecture": {"signs": "+", "transient": [1], "channels": [["1", "1"]]},
...         "head": [], "block": {"m0": 1, "n0": 1, "length": 1, "ingest": 1, "offsets": [0],
...                               "states": [[["1"], ["0"], ["0"], ["1"]]]}}
>>> check(cert)                     # [1; 1, 2, 3, ...] equals itself: the identity state
Verdict(ok=True, reason='every condition holds')
>>> cert["conjecture"]["channels"] = [["1", "2"]]
>>> check(cert).ok
False
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import comb, lcm
from typing import Any

Mat = tuple[Any, Any, Any, Any]
_LIMITS = {"terms": 5_000, "degree": 12, "length": 4096, "shift": 10_000, "products": 2_000_000}
"""Sizes beyond which a certificate is refused as too large to check (no certificate the prover
writes comes near them; they keep a hostile one from running for hours)."""


@dataclass(frozen=True)
class Verdict:
    """The checker's answer: ``ok`` and one sentence saying which condition failed (or that all hold)."""

    ok: bool
    reason: str


class _Reject(Exception):
    pass


def _need(cond: bool, reason: str) -> None:
    if not cond:
        raise _Reject(reason)


def _rational(x: Any, what: str) -> Fraction:
    _need(isinstance(x, (int, str)) and not isinstance(x, bool), f"{what} must be an integer or a fraction text")
    if type(x) is int:
        return x  # type: ignore[return-value]  # an int is an exact rational too, and cheaper
    try:
        if x.lstrip("-").isdigit():
            return int(x)  # type: ignore[return-value]
        return Fraction(x)
    except (ValueError, ZeroDivisionError):
        raise _Reject(f"{what} is not a rational number: {x!r}") from None


def _integer(x: Any, what: str) -> int:
    _need(isinstance(x, int) and not isinstance(x, bool), f"{what} must be an integer")
    return x


def _poly(coeffs: Any, what: str) -> tuple[Fraction, ...]:
    _need(isinstance(coeffs, list) and 1 <= len(coeffs) <= _LIMITS["degree"] + 1,
          f"{what} must be a list of 1 to {_LIMITS['degree'] + 1} coefficients")
    cs = [_rational(c, what) for c in coeffs]
    while len(cs) > 1 and cs[-1] == 0:
        cs.pop()
    return tuple(cs)


def _at(p: tuple[Fraction, ...], k: int) -> Fraction:
    out = Fraction(0)
    for c in reversed(p):
        out = out * k + c
    return out


def _scaled(polys: Any) -> tuple[list[list[int]], int]:
    """The polynomials times the common denominator ``D`` of their coefficients, and ``D``."""
    D = lcm(*(c.denominator for p in polys for c in p))
    return [[int(c * D) for c in p] for p in polys], D


def _at_int(p: list[int], k: int) -> int:
    out = 0
    for c in reversed(p):
        out = out * k + c
    return out


class _Pattern:
    """Terms ``t_n``: the transient, then ``channels[r](k)`` at ``n = T + N k + r``."""

    def __init__(self, doc: Any, what: str) -> None:
        _need(isinstance(doc, dict), f"the {what} pattern must be an object")
        tr = doc.get("transient")
        _need(isinstance(tr, list) and len(tr) <= _LIMITS["length"], f"the {what} transient must be a list")
        self.transient = [_integer(t, f"a {what} transient term") for t in tr]
        ch = doc.get("channels")
        _need(isinstance(ch, list) and 1 <= len(ch) <= _LIMITS["length"], f"the {what} channels must be a non-empty list")
        self.channels = [_poly(c, f"a {what} channel") for c in ch]
        for r, p in enumerate(self.channels):  # integer-valued on k >= 0 iff p(0), ..., p(deg) are integers
            _need(all(_at(p, k).denominator == 1 for k in range(len(p))), f"{what} channel {r} is not integer-valued")
        self.degree = max(len(p) - 1 for p in self.channels)
        self._ints = [_scaled([p]) for p in self.channels]  # integer arithmetic, one exact division

    def term(self, n: int) -> int:
        T = len(self.transient)
        if n < T:
            return self.transient[n]
        k, r = divmod(n - T, len(self.channels))
        (coeffs,), D = self._ints[r]
        return _at_int(coeffs, k) // D


def _mul(x: Mat, y: Mat) -> Mat:
    return (x[0] * y[0] + x[1] * y[2], x[0] * y[1] + x[1] * y[3], x[2] * y[0] + x[3] * y[2], x[2] * y[1] + x[3] * y[3])


def _proportional(x: Mat, y: Mat) -> bool:
    """Every 2x2 minor of the rows x, y vanishes (with y != 0: x = lambda y)."""
    return all(x[i] * y[j] == x[j] * y[i] for i in range(4) for j in range(i + 1, 4))


def _nonnegative(p: tuple[Fraction, ...]) -> bool:
    """``p(k) >= 0`` for every integer ``k >= 0``: the coefficients of ``p(k + t)`` are all >= 0 for
    some shift t, and ``p(0), ..., p(t - 1) >= 0``."""
    if all(c >= 0 for c in p):
        return True
    p = tuple(p)
    while p[-1] == 0:  # a nonzero coefficient exists: one is negative
        p = p[:-1]
    if p[-1] < 0:
        return False
    d = len(p) - 1
    bound = 1 + max(abs(Fraction(c) / p[-1]) for c in p[:-1])
    t = int(min(2 * d * bound + 1, _LIMITS["shift"]))  # a generous bound; checked, not trusted
    shifted = [sum(p[j] * comb(j, i) * t ** (j - i) for j in range(i, d + 1)) for i in range(d + 1)]
    return all(c >= 0 for c in shifted) and all(_at(p, k) >= 0 for k in range(t))


def _range_polys(s: tuple) -> list[tuple[Fraction, ...]]:
    """``A, B, C, D`` of the module docstring, as coefficient tuples."""
    def lin(*terms):
        n = max(len(p) for _, p in terms)
        return tuple(sum(c * (p[i] if i < len(p) else 0) for c, p in terms) for i in range(n))
    a, b, c, d = s
    return [lin((1, a), (-1, c)), lin((1, a), (1, b), (-1, c), (-1, d)), c, lin((1, c), (1, d))]


def _maps_into_range(s: tuple) -> bool:
    return all(_nonnegative(p) for p in _range_polys(s))


def _state(doc: Any, what: str) -> tuple:
    _need(isinstance(doc, list) and len(doc) == 4, f"{what} must have four entries")
    return tuple(_poly(e if isinstance(e, list) else [e], what) for e in doc)


class _Claim:
    def __init__(self, cert: dict) -> None:
        self.e = _Pattern(cert.get("classical"), "classical")
        conj = cert.get("conjecture")
        self.q = _Pattern(conj, "conjecture")
        signs = conj.get("signs")
        _need(isinstance(signs, str) and 1 <= len(signs) <= 64 and set(signs) <= {"+", "-"},
              "the conjecture's sign period must be a word over '+' and '-'")
        self.signs = [1 if ch == "+" else -1 for ch in signs]
        m = cert.get("moebius")
        _need(isinstance(m, list) and len(m) == 4, "the Moebius map must have four entries")
        self.x = tuple(_integer(v, "a Moebius coefficient") for v in m)
        _need(self.x[0] * self.x[3] - self.x[1] * self.x[2] != 0, "the Moebius map is degenerate")
        self._left: list[Mat] = [self.x]            # X E^(n) for n = 0, 1, ...
        self._right: list[Mat] = [(1, 0, 0, 1)]     # Q^(m) for m = 0, 1, ...

    def big_e(self, n: int) -> Mat:
        return (self.e.term(n), 1, 1, 0)

    def big_q(self, m: int) -> Mat:
        return (self.q.term(m), self.signs[m % len(self.signs)], 1, 0)

    def identity_holds(self, m: int, n: int, s: Mat) -> bool:
        """``X E^(n) ~ Q^(m) S`` by direct products (prefix products kept, each computed once)."""
        while len(self._left) <= n:
            self._left.append(_mul(self._left[-1], self.big_e(len(self._left) - 1)))
        while len(self._right) <= m:
            self._right.append(_mul(self._right[-1], self.big_q(len(self._right) - 1)))
        return _proportional(self._left[n], _mul(self._right[m], s))


def _classical_terms_ok(e: _Pattern) -> None:
    _need(all(t >= 1 for t in e.transient[1:]), "a classical transient term after the first is below 1")
    for r, p in enumerate(e.channels):
        first = 1 if (not e.transient and r == 0) else 0  # n = 0 may be any integer
        shifted = tuple(c - (1 if i == 0 else 0) for i, c in enumerate(_shift(p, first)))
        _need(_nonnegative(shifted), f"classical channel {r} is not >= 1 for every k")


def _shift(p: tuple[Fraction, ...], t: int) -> tuple[Fraction, ...]:
    d = len(p) - 1
    return tuple(sum(p[j] * comb(j, i) * t ** (j - i) for j in range(i, d + 1)) for i in range(d + 1))


def _check_head(claim: _Claim, head: Any, m0: int) -> None:
    _need(isinstance(head, list) and len(head) == m0 - 1, f"the head must list positions 1 to {m0 - 1}")
    for m, entry in enumerate(head, start=1):
        _need(isinstance(entry, list) and len(entry) == 2, f"head entry {m} must be [n, state]")
        n = _integer(entry[0], f"head entry {m}'s count")
        _need(1 <= n <= _LIMITS["terms"], f"head entry {m} must have read at least one classical term")
        s = tuple(_integer(v, f"head entry {m}'s state") for v in entry[1]) if isinstance(entry[1], list) and len(entry[1]) == 4 else None
        _need(s is not None, f"head entry {m}'s state must be four integers")
        _need(s[0] * s[3] - s[1] * s[2] != 0, f"head state {m} is singular")
        _need(claim.identity_holds(m, n, s), f"the identity fails at head position {m}")
        _need(_maps_into_range(tuple((v,) for v in s)), f"head state {m} does not map (1, inf) into (1, inf)")


def _check_block(claim: _Claim, block: Any) -> None:
    _need(isinstance(block, dict), "the block must be an object")
    m0, n0 = _integer(block.get("m0"), "m0"), _integer(block.get("n0"), "n0")
    L, K = _integer(block.get("length"), "the block length"), _integer(block.get("ingest"), "the block's ingest")
    nu = block.get("offsets")
    _need(1 <= L <= _LIMITS["length"] and 1 <= K <= _LIMITS["terms"], "the block's lengths are out of range")
    _need(m0 >= max(1, len(claim.q.transient)) and n0 >= max(1, len(claim.e.transient)),
          "the block must start after both transients and after the first classical term")
    _need(L % len(claim.q.channels) == 0 and L % len(claim.signs) == 0,
          "the block length must be a multiple of the conjecture's period and sign period")
    _need(K % len(claim.e.channels) == 0, "the block's ingest must be a multiple of the classical period")
    _need(isinstance(nu, list) and len(nu) == L and all(isinstance(v, int) for v in nu), "there must be one offset per position")
    _need(nu[0] == 0 and all(0 <= a <= b for a, b in zip(nu, nu[1:])) and nu[-1] <= K, "the offsets must rise from 0 to at most the ingest")
    states = block.get("states")
    _need(isinstance(states, list) and len(states) == L, "there must be one state per position")
    S = [_state(s, f"state {j}") for j, s in enumerate(states)]
    d_s = max(len(p) - 1 for s in S for p in s)
    # Each state times a positive scalar: proportionality, a constant determinant and the range
    # condition are unchanged, and the arithmetic stays in integers.
    ints = [_scaled(s)[0] for s in S]
    for j, s in enumerate(ints):
        dets = {_at_int(s[0], k) * _at_int(s[3], k) - _at_int(s[1], k) * _at_int(s[2], k) for k in range(2 * d_s + 1)}
        _need(len(dets) == 1 and 0 not in dets, f"the determinant of state {j} is not a non-zero constant")
        _need(_maps_into_range(tuple(tuple(p) for p in s)), f"state {j} does not map (1, inf) into (1, inf) for every k")
    base = tuple(_at_int(p, 0) for p in ints[0])
    _need(claim.identity_holds(m0, n0, base), "the identity fails at the start of the block")
    work = sum((claim.q.degree + 2 * d_s + ((nu[j + 1] if j + 1 < L else K) - nu[j]) * claim.e.degree + 1)
               * ((nu[j + 1] if j + 1 < L else K) - nu[j] + 2) for j in range(L))
    _need(work <= _LIMITS["products"], "the certificate is too large to check")
    for j in range(L):
        lo, hi = nu[j], (nu[j + 1] if j + 1 < L else K)
        bound = claim.q.degree + 2 * d_s + (hi - lo) * claim.e.degree
        nxt, shift = (ints[j + 1], 0) if j + 1 < L else (ints[0], 1)
        for k in range(bound + 1):
            left = _mul(claim.big_q(m0 + L * k + j), tuple(_at_int(p, k + shift) for p in nxt))
            right = tuple(_at_int(p, k) for p in ints[j])
            for i in range(n0 + K * k + lo, n0 + K * k + hi):
                right = _mul(right, claim.big_e(i))
            _need(_proportional(left, right), f"the induction step fails at position {j} for k = {k}")


def check(cert: Any) -> Verdict:
    """Verify a certificate (a JSON-shaped dict); see the module docstring for what is checked."""
    try:
        _need(isinstance(cert, dict) and cert.get("version") == 1, "the certificate must be a version-1 object")
        claim = _Claim(cert)
        _classical_terms_ok(claim.e)
        block = cert.get("block")
        _need(isinstance(block, dict), "the certificate has no block")
        m0 = _integer(block.get("m0"), "m0")
        _need(1 <= m0 <= _LIMITS["length"], "m0 is out of range")
        _check_head(claim, cert.get("head"), m0)
        _check_block(claim, block)
    except _Reject as err:
        return Verdict(False, str(err))
    return Verdict(True, "every condition holds")
