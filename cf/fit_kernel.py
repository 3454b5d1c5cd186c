"""Which periods can describe a sequence as interlaced polynomials: a compiled pre-test for decoding.

:func:`cf.pattern.decode_interlaced` fits one polynomial per residue class for every candidate
period; in Python most of its time goes to periods that fail.  For a period ``N`` and transient
``t`` the class ``r`` holds ``values[t + r :: N]``, which is a polynomial of degree ``D`` exactly
when its ``D``-th forward differences are all equal (and ``D`` is the first such order); a fit
needs ``D <= max_degree`` and at least ``confirm`` samples beyond the ``D + 1`` that determine it.
This kernel answers that question for all periods at once in int64 arithmetic, the same rule as
:meth:`cf.polynomial.Polynomial.fit`; the caller fits exactly only the periods that pass.  Values
of 2^50 or more could overflow the differences, so the caller skips the pre-test for them.

>>> import numpy as np
>>> e = np.array([2, 1, 2, 1, 1, 4, 1, 1, 6, 1, 1, 8, 1, 1, 10, 1, 1, 12], dtype=np.int64)
>>> [int(n) for n in np.nonzero(fitting_periods(e, 1, 6, 6, 2))[0]]   # period 3 after one term (6: too few samples)
[3]
"""

from __future__ import annotations

import numpy as np
from numba import njit

#: Largest absolute value for which the int64 differences cannot overflow (max_degree <= 12).
SAFE_VALUE = 2**50


@njit(cache=True)
def _fits(values: np.ndarray, t: int, period: int, r: int, max_degree: int, confirm: int, work: np.ndarray) -> bool:
    n = 0
    for i in range(t + r, values.shape[0], period):
        work[n] = values[i]
        n += 1
    if n == 0:
        return False
    limit = min(max_degree, n - 1)
    for d in range(limit + 1):
        m = n - d
        same = True
        for i in range(1, m):
            if work[i] != work[0]:
                same = False
                break
        if same:
            return n >= d + 1 + confirm
        for i in range(m - 1):
            work[i] = work[i + 1] - work[i]
    return False


@njit(cache=True)
def fitting_periods(values: np.ndarray, t: int, max_period: int, max_degree: int, confirm: int) -> np.ndarray:
    """``ok[N]`` (N = 1..max_period) is True when every residue class mod N after ``t`` terms fits."""
    ok = np.zeros(max_period + 1, dtype=np.bool_)
    work = np.empty(values.shape[0], dtype=np.int64)
    for period in range(1, max_period + 1):
        good = True
        for r in range(period):
            if not _fits(values, t, period, r, max_degree, confirm, work):
                good = False
                break
        ok[period] = good
    return ok
