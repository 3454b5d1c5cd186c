"""Proofs in the notebook API: conjectures and families say proved/open, give the proof in words and
LaTeX, and re-check a stored certificate (a tampered copy is rejected).

Oracles: the records' own ``proof_status``/``proof``, :func:`cf.proof.words.proof_text` applied here
to the stored certificate, and :func:`cf.proof.checker.check`.
"""

from __future__ import annotations

import copy

from cf.proof.checker import check
from cf.proof.words import proof_text
from discovery import notebook as nb


def test_conjectures_expose_their_proof(found):
    e = list(found["e"])
    certified = [c for c in e if c.record["proof"] and c.record["proof"]["kind"] == "certificate"]
    derived = [c for c in e if c.record["proof"] and c.record["proof"]["kind"] == "derived"]
    assert certified and derived
    for c in e:
        assert c.proved == (c.record["proof_status"] == "proved") and c.proof_status == c.record["proof_status"]
        assert ("proved from" in c._repr_html_()) == c.proved and repr(c).endswith("proved>" if c.proved else "open>")
    for c in certified:
        cert = c.record["proof"]["certificate"]
        assert check(cert).ok and c.check_proof() == {"accepted": True, "reason": "every condition holds"}
        assert c.proof_text() == proof_text(cert, c.record["proof"]["source"], cert["value"])
        assert c.proof_latex().startswith("x = ") and c.proof_source == c.record["proof"]["source"]
    for c in derived:
        assert c.check_proof() is None and c.proof_latex() is None
        assert c.proof_text().startswith("Derived exactly from its family's representative ")
        assert c.record["proof"]["source"] in c.proof_text()


def test_a_tampered_certificate_is_rejected_and_an_open_record_says_why(found):
    good = next(c for c in found["e"] if c.record["proof"] and c.record["proof"]["kind"] == "certificate")
    bad = copy.deepcopy(good.record)
    bad["proof"]["certificate"]["moebius"][1] += 1
    verdict = nb.Conjecture(bad).check_proof()
    assert verdict["accepted"] is False and verdict["reason"] == "the certificate is for another left-hand side or constant"
    other = copy.deepcopy(good.record)
    other["signs"] = "-" if other["signs"] == "+" else "+"  # the same certificate claimed for another formula
    assert nb.Conjecture(other).check_proof()["accepted"] is False
    note = "the left-hand side has degree 2 in the constant; only Moebius (degree-1) images are proved"
    unproved = nb.Conjecture({**good.record, "proof_status": "verified", "proof": None, "proof_note": note})
    assert not unproved.proved and unproved.proof_source is None and unproved.check_proof() is None
    assert unproved.proof_text() == f"Open: verified by digits only ({note})."
    assert unproved._repr_latex_().endswith(r"\qquad\text{(open)}$") and note in unproved._repr_html_()


def test_families_are_proved_exactly_when_their_best_member_is(found):
    rows = found["e"].records() + [{**r, "proof_status": "verified", "proof": None, "family": "open-" + r["family"]}
                                   for r in found["e"].records()]
    fams = nb.FamilyList.of(rows)
    assert len(fams.proved()) + len(fams.open()) == len(fams) and fams.proved() and fams.open()
    for f in fams:
        assert f.proved == (f.best.record["proof_status"] == "proved") == f.key.startswith("F")
        assert f.proved_from == (f.best.record["proof"]["source"] if f.proved else None)
        assert f.row()["proved"] == f.proved and f.proof_status == ("proved" if f.proved else "open")
    assert f"; {len(fams.proved())} proved, {len(fams.open())} open" in fams._repr_html_()
