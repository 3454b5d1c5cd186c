"""The screen with shared tails gives exactly the verdicts, hits and fallbacks of the plain screen."""

from __future__ import annotations

import numpy as np
import pytest

from cf.bihomographic import quadratic_coeffs
from cf.bm import PRIME
from cf.gosper import signs_array
from cf.screen import HIT, REJECTED, screen_batch
from cf.screen_quadratic import (
    ENTRY_QUADRATIC,
    screen_quadratic_batch,
    screen_quadratic_tails_batch,
)
from cf.screen_tails import ENTRY, period_codes, screen_tails_batch
from cf.signs import sign_periods
from search.pipeline import tails
from search.pipeline.context import ConstantContext
from search.pipeline.terms import SCREEN_BITS
from search.space.lhs import RationalFunction, enumerate_classes


def _space(name: str, degree: int, limit: int):
    ctx = ConstantContext(name)
    rows = []
    for rf in enumerate_classes(degree, limit):
        if (degree == 1) != rf.is_moebius():
            continue
        sgn = ctx.sign_of(rf.num, rf.den)
        if sgn == 0:
            continue
        rf = rf if sgn > 0 else RationalFunction(tuple(-c for c in rf.num), rf.den)
        rows.append(rf.moebius() if degree == 1 else quadratic_coeffs(rf.num, rf.den))
    return ctx.simple_terms(SCREEN_BITS), np.array(rows, dtype=np.int64)


def _buffers(n: int, depth: int):
    return np.zeros((n, depth), dtype=np.int64), *(np.zeros(n, dtype=np.int64) for _ in range(3))


def _agree(plain, shared, mask):
    (o0, c0, s0, l0), (o1, c1, s1, l1) = plain, shared
    assert np.array_equal(s0[mask], s1[mask])
    kept = mask & (s0 != REJECTED)  # hits and exact fallbacks: identical terms, counts, complexities
    assert np.array_equal(c0[kept], c1[kept]) and np.array_equal(l0[kept], l1[kept])
    for k in np.nonzero(kept)[0]:
        assert np.array_equal(o0[k, : c0[k]], o1[k, : c1[k]])
    assert (l1[mask & (s1 == REJECTED)] > 24).all()


@pytest.mark.parametrize("name", ["e", "pi", "e**2"])
def test_degree1_tails_change_no_verdict(name):
    xs, coeffs = _space(name, 1, 4)
    periods = sign_periods(1, 4)
    sarr, slens = signs_array(periods)
    n, depth = len(coeffs) * len(periods), 100
    mask = np.random.default_rng(1).random(n) < 0.9
    plain = _buffers(n, depth)
    screen_batch(xs, len(xs), coeffs, sarr, slens, depth, PRIME, 24, mask, *plain)
    assert (plain[2][mask] == HIT).sum() > 0
    table = np.zeros((2, 1 << 16, ENTRY), dtype=np.int64)
    for region in (0, 1):  # cold, then with every tail already in the table (the other region)
        shared = _buffers(n, depth)
        stored = screen_tails_batch(xs, len(xs), coeffs, sarr, slens, period_codes(periods), depth, PRIME, 24, mask,
                                    *shared, table, region, 12345, 8)
        _agree(plain, shared, mask)
        assert (stored > 0) == (region == 0)
        if region == 0:
            assert stored < 0.6 * mask.sum()  # tails are shared: fewer classes than pairs


@pytest.mark.parametrize("name, limit, longest", [("e", 1, 3), ("pi", 2, 2)])
def test_degree2_tails_change_no_verdict(name, limit, longest):
    xs, coeffs = _space(name, 2, limit)
    periods = sign_periods(1, longest)
    sarr, slens = signs_array(periods)
    n, depth = len(coeffs) * len(periods), 100
    mask = np.ones(n, dtype=bool)
    plain = _buffers(n, depth)
    screen_quadratic_batch(xs, len(xs), coeffs, sarr, slens, depth, PRIME, 24, mask, *plain)
    table = np.zeros((1, 1 << 15, ENTRY_QUADRATIC), dtype=np.int64)
    shared = _buffers(n, depth)
    stored = screen_quadratic_tails_batch(xs, len(xs), coeffs, sarr, slens, period_codes(periods), depth, PRIME, 24,
                                          mask, *shared, table, 0, 99, 4)
    _agree(plain, shared, mask)
    assert 0 < stored < n


def test_the_widths_this_process_allocates_are_the_kernels():
    assert (tails.DEGREE1, tails.DEGREE2) == (ENTRY, ENTRY_QUADRATIC)
