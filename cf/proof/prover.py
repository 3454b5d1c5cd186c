r"""The prover: certificates for signed continued fractions of Moebius images of classical ones.

Claim: ``x = X(v)`` with ``X = (a v + b)/(c v + d)`` integer and ``v = [e_0; e_1, ...]`` a classical
simple continued fraction (a theorem), equals the signed continued fraction with sign period
``signs`` and terms ``pattern``.  The prover runs Gosper's homographic algorithm exactly: the state
``S`` (``x``'s not-yet-written part as ``S(y)`` of ``v``'s not-yet-read tail ``y``) ingests a term e
as ``S [[e, 1], [1, 0]]``, and once ``S`` maps ``[1, inf]`` into one unit interval it writes that
term ``q`` and becomes ``s [[0, 1], [1, -q]]^... = s Q^-1 S``.  Every written term is certified.
A written term that differs from the pattern refutes the claim (a semi-regular continued fraction
is the signed expansion of its value).  Otherwise the recorded positions ``(n(m), S_m)`` are cut into
blocks of ``L`` output terms over which the input count grows by a fixed ``K`` (one output block
spans ``K`` input terms: the alignment by growth), and each state entry is fitted, over the blocks,
by a polynomial in the block index k.  The result is a certificate for :func:`cf.proof.checker.check`;
the prover's own fits are not trusted, the checker verifies them for every k.

>>> from cf.polynomial import Polynomial as P
>>> e = InterlacedSequence((2,), (P((1,)), P((2, 2)), P((1,))))       # e = [2; 1, 2, 1, 1, 4, ...]
>>> conj = InterlacedSequence((), (P((1, 4)), P((12, 16))))          # (e+1)/(2e-2) = [1, 12, 5, 28, ...]
>>> out = prove(e, (1, 1, 2, -2), conj, "+")
>>> out.status, out.certificate["block"]["length"], out.certificate["block"]["ingest"]
('proved', 2, 6)
>>> prove(e, (1, 1, 2, -2), InterlacedSequence((), (P((1, 4)), P((12, 15)))), "+").status
'refuted'
"""

from __future__ import annotations

from math import lcm
from typing import Any

from cf.pattern import InterlacedSequence
from cf.polynomial import Polynomial
from cf.proof.checker import check
from cf.proof.certificate import OPEN, PROVED, REFUTED, Outcome, pattern_doc

Mat = tuple[int, int, int, int]
MAX_DEGREE = 3          # state entries fitted by polynomials in k up to this degree
MIN_BLOCKS = MAX_DEGREE + 3
MAX_BLOCK_FACTOR = 12    # blocks of up to 12 periods of the conjecture
MAX_STALL = 400          # input terms read without writing one: give up


class _Expansion:
    """Gosper's algorithm on ``X`` and ``v``'s terms, writing signed terms and recording positions."""

    def __init__(self, classical: InterlacedSequence, x: Mat, signs: str) -> None:
        self.classical = classical
        self.signs = [1 if ch == "+" else -1 for ch in signs]
        self.state = x
        self.read = 0
        self.terms: list[int] = []
        self.counts: list[int] = [0]        # n(m): input terms read when m terms were written
        self.states: list[Mat] = [x]        # S_m

    def _ingest(self) -> None:
        a, b, c, d = self.state
        t = self.classical.term(self.read)
        self.state = (a * t + b, a, c * t + d, c)
        self.read += 1

    def _term(self, s: int) -> int | None:
        """The next term when ``S`` maps ``[1, inf]`` into one interval of the rounding, else None."""
        a, b, c, d = self.state
        if self.read == 0 or c == 0 or c + d == 0 or (c > 0) != (c + d > 0):
            return None
        lo, hi = (a // c, (a + b) // (c + d)) if s > 0 else (-(-a // c), -(-(a + b) // (c + d)))
        return lo if lo == hi else None

    def extend(self, count: int) -> bool:
        """Write terms until ``count`` are written; False when ``MAX_STALL`` reads write nothing."""
        while len(self.terms) < count:
            s = self.signs[len(self.terms) % len(self.signs)]
            stall = 0
            q = self._term(s)
            while q is None:
                if stall >= MAX_STALL:
                    return False
                self._ingest()
                stall += 1
                q = self._term(s)
            a, b, c, d = self.state
            self.state = (s * c, s * d, a - q * c, b - q * d)
            self.terms.append(q)
            self.counts.append(self.read)
            self.states.append(self.state)
        return True


def _range_coordinates(s: Mat) -> Mat:
    a, b, c, d = s
    return (a - c, a + b - c - d, c, c + d)


def _normalised(s: Mat) -> Mat | None:
    """``S`` or ``-S``, whichever has all range coordinates ``>= 0``; None when neither has."""
    r = _range_coordinates(s)
    if all(v >= 0 for v in r):
        return s
    if all(v <= 0 for v in r):
        return (-s[0], -s[1], -s[2], -s[3])
    return None


def _admissible(term: int, position: int, sign: int) -> bool:
    """A term that a semi-regular continued fraction may have there (>= 1, >= 2 before a minus)."""
    return position == 0 or term >= (2 if sign < 0 else 1)


def _first_mismatch(exp: _Expansion, pattern: InterlacedSequence) -> int | None:
    want = pattern.terms(len(exp.terms))
    return next((m for m, (got, w) in enumerate(zip(exp.terms, want)) if got != w), None)


def _fit_block(exp: _Expansion, m0: int, L: int, K: int, blocks: int) -> list[list[Polynomial]] | None:
    states = []
    for j in range(L):
        cols: list[list[int]] = [[], [], [], []]
        for k in range(blocks):
            s = _normalised(exp.states[m0 + L * k + j])
            if s is None:
                return None
            for i in range(4):
                cols[i].append(s[i])
        fitted = [Polynomial.fit(col, max_degree=MAX_DEGREE, confirm=2) for col in cols]
        if any(p is None for p in fitted):
            return None
        states.append(fitted)
    return states


def _block_for(exp: _Expansion, L: int, t_q: int, t_e: int, n_e: int, total: int) -> dict[str, Any] | None:
    counts = exp.counts
    diffs = [counts[m + L] - counts[m] for m in range(1, total - L + 1)]
    K = diffs[-1]
    start = len(diffs)
    while start > 0 and diffs[start - 1] == K:
        start -= 1
    first = start + 1  # the earliest m from which n(m + L) - n(m) = K to the end of the sample
    if K <= 0 or K % n_e:
        return None
    first = max(first, t_q, 1)
    while counts[first] < max(1, t_e):
        first += 1
    for m0 in range(first, first + 2 * L):
        blocks = (total - m0 - L + 1) // L + 1
        if blocks < MIN_BLOCKS:
            return None
        states = _fit_block(exp, m0, L, K, blocks)
        if states is not None:
            return {"m0": m0, "n0": counts[m0], "length": L, "ingest": K,
                    "offsets": [counts[m0 + j] - counts[m0] for j in range(L)],
                    "states": [[pattern_doc_coeffs(p) for p in s] for s in states]}
    return None


def pattern_doc_coeffs(p: Polynomial) -> list[str]:
    """A polynomial's coefficients as texts, lowest degree first (the certificate's form)."""
    return pattern_doc(InterlacedSequence((), (p,)))["channels"][0]


def prove(classical: InterlacedSequence, x: Mat, pattern: InterlacedSequence, signs: str,
          max_terms: int = 2048) -> Outcome:
    """Prove or refute ``X(v) = `` the signed continued fraction (``signs``, ``pattern``); see the module docstring.

    ``classical`` is ``v``'s simple continued fraction (sign period '+', terms ``>= 1`` after the
    first), ``x`` the integer matrix ``(a, b, c, d)`` of ``X``.
    """
    if x[0] * x[3] - x[1] * x[2] == 0:
        return Outcome(OPEN, "the left-hand side is not a Moebius map of the constant (its determinant is 0)")
    t_e, n_e = len(classical.transient), classical.period
    t_q, lam = len(pattern.transient), lcm(pattern.period, len(signs))
    exp = _Expansion(classical, x, signs)
    total = 64
    while True:
        if not exp.extend(total):
            return Outcome(OPEN, f"the expansion wrote no term in {MAX_STALL} input terms after term {len(exp.terms)}")
        bad = _first_mismatch(exp, pattern)
        if bad is not None:
            claimed = pattern.term(bad)
            sign = exp.signs[bad % len(exp.signs)]
            details = {"certified": exp.terms[bad], "claimed": int(claimed)}
            if not _admissible(int(claimed), bad, sign):
                return Outcome(OPEN, f"the pattern's term {bad} ({claimed}) cannot be a term of a semi-regular "
                               "continued fraction, so this method does not apply", position=bad, details=details)
            return Outcome(REFUTED, f"term {bad} of the signed expansion is {exp.terms[bad]}, the pattern says {claimed}",
                           position=bad, details=details)
        for r in range(1, MAX_BLOCK_FACTOR + 1):
            L = r * lam
            if total - L < MIN_BLOCKS * L:
                break
            block = _block_for(exp, L, t_q, t_e, n_e, total)
            if block is not None:
                m0 = block["m0"]
                head = [[exp.counts[m], list(_normalised(exp.states[m]) or exp.states[m])] for m in range(1, m0)]
                cert = {"version": 1, "moebius": list(x),
                        "classical": pattern_doc(classical),
                        "conjecture": {"signs": signs, **pattern_doc(pattern)},
                        "head": head, "block": block}
                verdict = check(cert)
                if not verdict.ok:  # the fits are guesses; only the checker's word counts
                    return Outcome(OPEN, f"the certificate was rejected by the checker: {verdict.reason}")
                return Outcome(PROVED, "the certificate was accepted by the independent checker", certificate=cert)
        if total >= max_terms:
            return Outcome(OPEN, f"no block of at most {MAX_BLOCK_FACTOR} periods with states polynomial in k "
                           f"(degree <= {MAX_DEGREE}) within {total} terms")
        total *= 2
