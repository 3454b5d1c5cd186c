"""A stored conjecture's proof as ``esma conjectures show`` presents it, re-checked now.

A row's ``proof`` is what the search stored; nothing about it is taken on trust here:

- a ``certificate`` proof is re-checked against the row's *own* claim (its constant, LHS
  coefficients, sign period and pattern) by :func:`search.proof.claims.check_stored`, which runs
  the independent checker :func:`cf.proof.checker.check`; the proof is then given in words
  (:func:`cf.proof.words.proof_text`) and LaTeX (:func:`cf.proof.words.proof_latex`);
- a ``derived`` proof names its representative (same constant, same family), whose stored
  certificate is re-checked the same way;
- a verified row gives its ``proof_note`` (why it is not proved).

:func:`proof_report` gathers that as plain data (the JSON of ``show``); :func:`proof_lines` writes
it for people.

>>> report = {"status": "verified", "kind": None, "source": None, "note": "no classical continued fraction of pi",
...           "check": None, "text": None, "latex": None, "representative": None}
>>> proof_lines(report)
['proof:      open (verified by digits only): no classical continued fraction of pi']
"""

from __future__ import annotations

from typing import Any

# What a certificate of arbitrary (tampered) shape can raise before the checker's own verdict
_MALFORMED = (AttributeError, IndexError, KeyError, TypeError, ValueError, ZeroDivisionError)


def recheck(rec: dict[str, Any], certificate: Any) -> dict[str, Any]:
    """``{"accepted": bool, "reason": str}``: does ``certificate`` prove the conjecture ``rec`` states?

    The claim is read off the row (constant, ``lhs_num``/``lhs_den``, signs, pattern), never off
    the certificate; a certificate that is not even well-formed is rejected with that reason.
    """
    from search.pipeline.record import pattern_of
    from search.proof.claims import check_stored

    if not isinstance(certificate, dict):
        return {"accepted": False, "reason": "the stored proof holds no certificate object"}
    try:
        verdict = check_stored(rec["constant"], rec["lhs_num"], rec["lhs_den"], rec["signs"], pattern_of(rec).a,
                               certificate)
    except _MALFORMED as exc:
        return {"accepted": False, "reason": f"the certificate is malformed ({type(exc).__name__}: {exc})"}
    return {"accepted": bool(verdict.ok), "reason": str(verdict.reason)}


def value_tex(constant: str, certificate: dict[str, Any]) -> str:
    """The LaTeX of the registry value the certificate starts from (its ``value`` text if none)."""
    from search.proof.source import classical_source

    value = str(certificate.get("value", "v"))
    found = classical_source(constant)
    if found is not None and found[0].value == value and found[0].tex:
        return found[0].tex
    return value


def _words(rec: dict[str, Any], proof: dict[str, Any], check: dict[str, Any]) -> tuple[str | None, str | None]:
    """The proof in words and in LaTeX, for a certificate the checker accepted (else None, None)."""
    if not check["accepted"]:
        return None, None
    from cf.proof.words import proof_latex, proof_text

    cert = proof["certificate"]
    value = str(cert.get("value", rec["constant"]))
    return proof_text(cert, proof["source"], value), proof_latex(cert, value_tex(rec["constant"], cert))


def proof_report(db: Any, rec: dict[str, Any]) -> dict[str, Any]:
    """The proof of the stored conjecture ``rec`` (a row of ``db``) as plain data, re-checked now.

    Keys: ``status`` (``proved``/``verified``), ``kind`` (``certificate``, ``derived`` or None),
    ``source`` (the registry formula), ``note`` (why it is not proved), ``check`` (the re-check of
    this row's certificate, or of the representative's for a derived proof), ``text`` and
    ``latex`` (the proof, when the certificate is accepted) and ``representative`` (a derived
    proof's: ``id``, ``lhs``, ``signs``, ``family``, ``same_family``; None if not stored).
    """
    proof = rec.get("proof") if isinstance(rec.get("proof"), dict) else None
    out: dict[str, Any] = {"status": rec.get("proof_status") or "verified", "kind": proof.get("kind") if proof else None,
                           "source": proof.get("source") if proof else None, "note": rec.get("proof_note"),
                           "check": None, "text": None, "latex": None, "representative": None}
    if proof is None:
        return out
    if out["kind"] == "certificate":
        out["check"] = recheck(rec, proof.get("certificate"))
        out["text"], out["latex"] = _words(rec, proof, out["check"])
    elif out["kind"] == "derived":
        out["representative"], out["check"] = _representative(db, rec, proof.get("from"))
    return out


def _representative(db: Any, rec: dict[str, Any], origin: Any) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """A derived proof's representative (as stored) and the re-check of its certificate."""
    from db import repository as repo

    if not isinstance(origin, dict):
        return None, {"accepted": False, "reason": "the derived proof does not name its representative"}
    try:
        rep = repo.find_conjecture(db, rec["constant"], list(origin["lhs_num"]), list(origin["lhs_den"]),
                                   str(origin["signs"]))
    except _MALFORMED:
        rep = None
    if rep is None:
        return None, {"accepted": False, "reason": "the representative it was derived from is not in this database"}
    about = {"id": rep["id"], "lhs": rep["lhs"], "signs": rep["signs"], "family": rep["family"],
             "same_family": rep["family"] == rec["family"]}
    if not about["same_family"]:
        return about, {"accepted": False, "reason": "the representative is in another family"}
    rep_proof = rep.get("proof")
    if rep.get("proof_status") != "proved" or not isinstance(rep_proof, dict) or rep_proof.get("kind") != "certificate":
        return about, {"accepted": False, "reason": "the representative has no stored certificate"}
    return about, recheck(rep, rep_proof.get("certificate"))


def proof_lines(report: dict[str, Any]) -> list[str]:
    """The report for people: status, source, the re-check's verdict, the proof in words and LaTeX."""
    if report["status"] != "proved":
        note = f": {report['note']}" if report["note"] else ""
        return [f"proof:      open (verified by digits only){note}"]
    check = report["check"] or {"accepted": False, "reason": "no proof is stored"}
    verdict = "accepted" if check["accepted"] else f"REJECTED: {check['reason']}"
    lines = [f"proof:      proved from {report['source']}"]
    if report["kind"] == "derived":
        rep = report["representative"]
        named = f"#{rep['id']} {rep['lhs']}, signs {rep['signs']!r}" if rep else "a representative not stored here"
        lines.append(f"            derived exactly from its family's representative {named}")
        lines.append(f"            representative's certificate re-checked: {verdict}")
        return lines
    lines.append(f"            certificate re-checked: {verdict}")
    if report["text"]:
        lines += [f"            {report['text']}", f"proof LaTeX: {report['latex']}"]
    return lines
