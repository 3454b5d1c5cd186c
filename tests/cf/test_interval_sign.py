"""rational_sign decides exactly what the rational interval enclosure decides, on integers only."""

from __future__ import annotations

import random

from gmpy2 import mpq

from cf.interval import rational_function_interval, rational_sign, sign_of_interval


def test_rational_sign_matches_the_enclosure_decision():
    rng = random.Random(15)
    cases = 0
    for _ in range(3000):
        num = tuple(rng.randint(-4, 4) for _ in range(rng.randint(1, 4)))
        den = tuple(rng.randint(-4, 4) for _ in range(rng.randint(1, 4)))
        if not any(den) or not any(num):
            continue
        lo = mpq(rng.randint(-300, 300), rng.randint(1, 97))
        hi = lo + mpq(rng.choice([0, 1, 3, 50]), rng.randint(1, 2**rng.randint(1, 60)))
        expected = sign_of_interval(rational_function_interval(num, den, lo, hi))
        assert rational_sign(num, den, lo, hi) == expected, (num, den, lo, hi)
        cases += 1
    assert cases > 2000


def test_roots_and_poles_inside_the_enclosure_leave_the_sign_open():
    third = (mpq(1, 3) - mpq(1, 10**9), mpq(1, 3) + mpq(1, 10**9))
    assert rational_sign((-1, 3), (1,), *third) == 0          # 3x - 1 vanishes at 1/3
    assert rational_sign((1,), (-1, 3), *third) == 0          # a pole
    assert rational_sign((1, 3), (-1, 3), *third) == 0
    assert rational_sign((2, 3), (1,), *third) == 1 and rational_sign((2, 3), (-5, 1), *third) == -1
