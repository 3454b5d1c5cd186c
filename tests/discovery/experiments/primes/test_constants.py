"""Tests of discovery.experiments.primes.constants against mpmath and against the primes themselves."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest

from discovery.experiments.primes import constants as P
from discovery.experiments.primes.sieve import primes_up_to


@mpmath.workdps(30)
def test_constants_against_mpmath():
    assert abs(P.B1 - float(mpmath.mertens)) < 1e-15
    assert abs(P.EULER_GAMMA - float(mpmath.euler)) < 1e-15
    assert abs(P.PRIME_ZETA_2 - float(mpmath.primezeta(2))) < 1e-15
    assert abs(P.ZETA_2 - float(mpmath.zeta(2))) < 1e-15
    assert abs(P.C0_VARIANCE - float(mpmath.mertens - mpmath.primezeta(2) - mpmath.zeta(2))) < 1e-14
    assert P.C0_VARIANCE == pytest.approx(-1.8356843, abs=1e-7)
    # E1 = -gamma - sum_p ln p/(p(p-1)); sum_p ln p/(p(p-1)) = -sum_{k>=2} P'(k) = sum_{j>=2} mu(j) zeta'(j)/zeta(j)
    # (P(s) = sum_m mu(m)/m ln zeta(ms) and sum_{m | j, m < j} mu(m) = -mu(j)); the tail beyond j = 120 is < 2^-120
    import sympy

    e1 = -mpmath.euler - mpmath.fsum(sympy.mobius(j) * mpmath.zeta(j, derivative=1) / mpmath.zeta(j)
                                     for j in range(2, 121))
    assert abs(P.MERTENS_E1 - float(e1)) < 1e-14


def test_e1_from_primes():
    p = primes_up_to(10**7).astype(float)
    partial = -P.EULER_GAMMA - np.sum(np.log(p) / (p * (p - 1)))
    assert partial - P.MERTENS_E1 == pytest.approx(1 / 1e7, rel=0.2)  # the tail is ~ 1/N by PNT
