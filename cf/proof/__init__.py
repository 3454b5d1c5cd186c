"""Proofs of continued-fraction formulas: the prover (:mod:`cf.proof.prover`), the plain-data
certificates (:mod:`cf.proof.certificate`) and their independent checker (:mod:`cf.proof.checker`)."""
