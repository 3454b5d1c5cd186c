"""Proving a conjecture of the engine: ``LHS(c) = `` a signed continued fraction, for a constant c.

The LHS ``(p1 c + p0)/(q1 c + q0)`` is the Moebius map ``M = (p1, p0, q1, q0)`` of c, and c is
``G(v)`` for a registry value v (:func:`search.proof.source.classical_source`), so the claim is
``(M G)(v) = `` the fraction, which :func:`cf.proof.prover.prove` proves or refutes with a
certificate that :func:`cf.proof.checker.check` verifies.  A degree-2 LHS, or a constant that is
not a Moebius image of a registry value, stays open with that reason.

>>> from cf.polynomial import Polynomial as P
>>> conj = InterlacedSequence((), (P((1, 4)), P((12, 16))))
>>> res = prove_claim("e", (1, 1), (-2, 2), "+", conj)        # (c + 1)/(2c - 2)
>>> res.status, res.source
('proved', 'Euler: e^(1/m) = [1; m-1, 1, 1, 3m-1, ...], m = 1 (L. Euler, 1744)')
>>> prove_claim("e", (1, 0, 1), (-1, 0, 1), "+", InterlacedSequence((), (P((1, 2)),))).status   # (e^2+1)/(e^2-1) = coth(1)
'proved'
>>> prove_claim("pi", (0, 1), (1,), "+", conj).reason
'no classical continued fraction of pi in the registry (pi is not a Moebius image of one of its values)'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from cf.pattern import InterlacedSequence
from cf.proof.certificate import OPEN, PROVED, pattern_doc
from cf.proof.checker import Verdict, check
from cf.proof.prover import prove
from search.proof.source import classical_source

Mat = tuple[int, int, int, int]


@dataclass(frozen=True)
class ProofResult:
    """``status`` ('proved', 'refuted' or 'open'), the reason, and for a proof its certificate
    and the registry formula it follows from (``source``)."""

    status: str
    reason: str
    certificate: dict[str, Any] | None = None
    source: str | None = None
    moebius: Mat | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"status": self.status, "reason": self.reason, "source": self.source,
                "moebius": list(self.moebius) if self.moebius else None, "certificate": self.certificate}


def lhs_moebius(num: Sequence[int], den: Sequence[int]) -> Mat | None:
    """``(p1, p0, q1, q0)`` for a LHS of degree <= 1 (coefficients lowest first), else None.

    >>> lhs_moebius([1, 1], [-2, 2]), lhs_moebius([0, 0, 1], [1])
    ((1, 1, 2, -2), None)
    """
    if len(num) > 2 or len(den) > 2:
        if any(num[2:]) or any(den[2:]):
            return None
    p = list(num) + [0, 0]
    q = list(den) + [0, 0]
    return int(p[1]), int(p[0]), int(q[1]), int(q[0])


def _even(p: Sequence[int]) -> bool:
    """Degree <= 2 with no linear term."""
    return len(p) <= 3 and (len(p) < 2 or p[1] == 0)


def _compose(m: Mat, g: Mat) -> Mat:
    return (m[0] * g[0] + m[1] * g[2], m[0] * g[1] + m[1] * g[3], m[2] * g[0] + m[3] * g[2], m[2] * g[1] + m[3] * g[3])


def claim_moebius(constant: str, num: Sequence[int], den: Sequence[int]) -> tuple[Any, Mat] | str:
    """``(registry entry, M G)`` for the claim, or the sentence saying why there is none."""
    m = lhs_moebius(num, den)
    base = constant
    if m is None and _even(num) and _even(den):  # P(c^2)/Q(c^2): a Moebius image of c^2 (e^2 = exp(2))
        m, base = lhs_moebius([num[0], num[2] if len(num) > 2 else 0], [den[0], den[2] if len(den) > 2 else 0]), f"({constant})^2"
        if classical_source(base) is None:
            m = None
    if m is None:
        return ("the left-hand side has degree 2 in the constant (and is not a Moebius image of its square with "
                "a classical continued fraction); only Moebius images are proved")
    found = classical_source(base)
    if found is None:
        return (f"no classical continued fraction of {constant} in the registry "
                f"({constant} is not a Moebius image of one of its values)")
    entry, g = found
    return entry, _compose(m, g)


def prove_claim(constant: str, num: Sequence[int], den: Sequence[int], signs: str,
                pattern: InterlacedSequence) -> ProofResult:
    """Prove, refute or leave open ``num(c)/den(c) = `` the signed continued fraction (see the module docstring)."""
    found = claim_moebius(constant, num, den)
    if isinstance(found, str):
        return ProofResult(OPEN, found)
    entry, x = found
    return prove_image(entry, x, signs, pattern)


def prove_image(entry: Any, x: Mat, signs: str, pattern: InterlacedSequence) -> ProofResult:
    """Prove, refute or leave open ``X(v) = `` the fraction, for the registry entry ``v`` and the map ``x``."""
    out = prove(entry.pattern, x, pattern, signs)
    if out.status != PROVED:
        return ProofResult(out.status, out.reason, moebius=x)
    cert = {**out.certificate, "theorem": entry.describe(), "citation": entry.citation, "value": entry.value}
    return ProofResult(PROVED, out.reason, certificate=cert, source=entry.describe(), moebius=x)


def check_stored(constant: str, num: Sequence[int], den: Sequence[int], signs: str,
                 pattern: InterlacedSequence, certificate: dict[str, Any]) -> Verdict:
    """Whether a stored certificate proves *this* conjecture: its claim is the conjecture's (the
    registry's formula, the composed map, the pattern and signs) and the checker accepts it."""
    found = claim_moebius(constant, num, den)
    if isinstance(found, str):
        return Verdict(False, found)
    entry, x = found
    if certificate.get("moebius") != list(x):
        return Verdict(False, "the certificate is for another left-hand side or constant")
    if certificate.get("classical") != pattern_doc(entry.pattern):
        return Verdict(False, "the certificate's classical continued fraction is not the registry's")
    if certificate.get("conjecture") != {"signs": signs, **pattern_doc(pattern)}:
        return Verdict(False, "the certificate is for another continued fraction")
    return check(certificate)
