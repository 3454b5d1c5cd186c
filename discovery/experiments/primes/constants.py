"""Constants of prime number theory that the prime experiments compare their measurements with.

All are given to double precision; the tests check them against mpmath (``mpmath.mertens``,
``mpmath.euler``, ``mpmath.primezeta(2)``, ``mpmath.zeta``) and E1 against its Möbius series.

* ``B1`` (Meissel–Mertens):  ``sum_{p<=N} 1/p - ln ln N -> B1``;
* ``E1 = -gamma - sum_p ln p/(p(p-1))``:  ``sum_{p<=N} ln(p)/p - ln N -> E1``;
* ``gamma`` (Euler):  ``ln N * prod_{p<=N}(1 - 1/p) -> exp(-gamma)`` (Mertens' third theorem);
* ``P(2) = sum_p 1/p^2`` (prime zeta) and ``zeta(2) = pi^2/6``;
* ``c0 = B1 - P(2) - zeta(2)``:  ``Var(omega(n), n uniform on [1, N]) - ln ln N -> c0``.

>>> round(C0_VARIANCE, 6), round(MERTENS_E1, 5)
(-1.835684, -1.33258)
"""

from __future__ import annotations

import math

B1 = 0.26149721284764278375542683860869585905
"""Meissel–Mertens constant: sum_{p<=N} 1/p - ln ln N -> B1."""
EULER_GAMMA = 0.57721566490153286060651209008240243104
PRIME_ZETA_2 = 0.45224742004106549850654336483224793417
"""P(2) = sum over primes of 1/p^2."""
ZETA_2 = math.pi**2 / 6
C0_VARIANCE = B1 - PRIME_ZETA_2 - ZETA_2
"""c0 = B1 - P(2) - zeta(2) = -1.83568...: Var(omega on [1, N]) - ln ln N -> c0."""
MERTENS_E1 = -1.33258227573322088176582877607
"""E1 = -gamma - sum_p ln p/(p(p-1)): sum_{p<=N} ln(p)/p - ln N -> E1 (checked with mpmath primezeta')."""
