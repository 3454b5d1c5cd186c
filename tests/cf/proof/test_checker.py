"""The independent checker: it accepts the prover's certificates, and rejects every one-entry change.

The certificates come from the prover on classical claims written here from their theorems (e's
Moebius images, Lambert's coth, Lehmer's Bessel ratio); each numeric leaf of each certificate is
changed by +1 (and a coefficient text by +1/2) and the checker must refuse the result.
"""

from __future__ import annotations

import copy
from fractions import Fraction

import pytest

from cf.classical_entries import coth_inverse, euler_exp_inverse, lehmer_bessel, tan_inverse
from cf.pattern import InterlacedSequence
from cf.polynomial import Polynomial as P
from cf.proof.checker import _nonnegative, check
from cf.proof.prover import _Expansion, prove

E = euler_exp_inverse(1).pattern


def _expanded(classical: InterlacedSequence, x, signs: str, count: int = 400) -> InterlacedSequence:
    """The claim's pattern, decoded from the prover's own certified terms (an honest claim)."""
    from cf.pattern import decode_interlaced

    exp = _Expansion(classical, x, signs)
    assert exp.extend(count)
    seq = decode_interlaced(exp.terms, max_period=48, max_degree=2, confirm=4)
    assert seq is not None
    return seq


CLAIMS = [
    ("e, (e+1)/(2e-2), +", E, (1, 1, 2, -2), "+"),
    ("e, 1/(2e-2), ++-", E, (0, 1, 2, -2), "++-"),
    ("e, (2e+1)/(e+2), -+", E, (2, 1, 1, 2), "-+"),
    ("coth(1/3), (c-1)/(2c), +-", coth_inverse(3).pattern, (1, -1, 2, 0), "+-"),
    ("I0(1)/I1(1), (2c-1)/(2c+2), +", lehmer_bessel(0, 2).pattern, (2, -1, 2, 2), "+"),
    ("tan(1), (c+2)/(2c-1), ++-", tan_inverse(1).pattern, (1, 2, 2, -1), "++-"),
]


@pytest.fixture(scope="module", params=CLAIMS, ids=[c[0] for c in CLAIMS])
def certificate(request):
    _, classical, x, signs = request.param
    out = prove(classical, x, _expanded(classical, x, signs), signs)
    assert out.status == "proved", out.reason
    return out.certificate


def _leaves(doc, path=()):
    """Paths of every int and coefficient text in a JSON-shaped document."""
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from _leaves(v, (*path, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from _leaves(v, (*path, i))
    elif isinstance(doc, (int, str)) and not isinstance(doc, bool) and path[-1] != "signs":
        yield path


def _changed(cert, path):
    out = copy.deepcopy(cert)
    node = out
    for p in path[:-1]:
        node = node[p]
    v = node[path[-1]]
    node[path[-1]] = v + 1 if isinstance(v, int) else str(Fraction(v) + Fraction(1, 2))
    return out


def test_the_prover_s_certificates_are_accepted(certificate):
    assert check(certificate).ok


def test_every_one_entry_change_is_rejected(certificate):
    paths = list(_leaves(certificate))
    assert len(paths) >= 12
    accepted = [p for p in paths if check(_changed(certificate, p)).ok]
    assert not accepted, f"changed entries that the checker accepted: {accepted}"


def test_a_changed_sign_or_a_dropped_position_is_rejected(certificate):
    flipped = copy.deepcopy(certificate)
    s = flipped["conjecture"]["signs"]
    flipped["conjecture"]["signs"] = ("-" if s[0] == "+" else "+") + s[1:]
    assert not check(flipped).ok
    shorter = copy.deepcopy(certificate)
    shorter["block"]["states"] = shorter["block"]["states"][:-1]
    assert not check(shorter).ok
    assert not check({**certificate, "version": 2}).ok


@pytest.mark.parametrize("bad", [None, [], {"version": 1}, {"version": 1, "moebius": "x"},
                                 {"version": 1, "moebius": [1, 0, 0, 1], "classical": {"transient": [1.5], "channels": [[1]]}}])
def test_malformed_certificates_are_rejected_with_a_sentence(bad):
    verdict = check(bad)
    assert not verdict.ok and verdict.reason and "\n" not in verdict.reason


def test_a_certificate_for_a_false_claim_cannot_pass():
    """The identity state proves v = v; with the formula's first term raised it must fail."""
    cert = prove(E, (1, 0, 0, 1), E, "+").certificate
    assert check(cert).ok
    wrong = copy.deepcopy(cert)
    wrong["conjecture"]["transient"] = [3]
    assert not check(wrong).ok


@pytest.mark.parametrize("coeffs, expected", [
    ((0,), True), ((1, -3, 1), False), ((4, -4, 1), True), ((2, -3, 1), True),   # (k-1)(k-2) >= 0 at integers
    ((-1, 0, 0, 1), False), ((6, -5, 1), True), ((Fraction(1, 4), -1, 1), True), ((-1, 1), False),
])
def test_polynomials_nonnegative_on_the_naturals(coeffs, expected):
    p = tuple(Fraction(c) for c in coeffs)
    assert _nonnegative(p) is expected
    assert expected == all(sum(c * k ** i for i, c in enumerate(p)) >= 0 for k in range(200))


def test_a_hostile_certificate_is_refused_quickly(certificate):
    """Sizes that would take hours (a huge ingest per block, many huge head entries) are refused at once."""
    import time

    big_block = copy.deepcopy(certificate)
    L = big_block["block"]["length"]
    big_block["block"]["ingest"] = 4_998
    big_block["block"]["ingest"] -= big_block["block"]["ingest"] % len(big_block["classical"]["channels"])
    big_block["block"]["offsets"] = [0] * L
    long_head = copy.deepcopy(certificate)
    long_head["head"] = [[5_000, [1, 0, 0, 1]] for _ in range(4000)]
    long_head["block"]["m0"] = 4001
    for bad in (big_block, long_head):
        t = time.perf_counter()
        assert not check(bad).ok
        assert time.perf_counter() - t < 5
