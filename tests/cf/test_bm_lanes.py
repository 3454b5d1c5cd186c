"""The lockstep Berlekamp–Massey flags exactly the lanes whose complexity profile is not the generic one.

Reference: the textbook (normalised, with inverses) Berlekamp–Massey over GF(p), written here
independently of :mod:`cf.bm`, giving the complexity L_k of every prefix.  A lane is unflagged
exactly when L_k = floor((k - 1) / 2) + 1 for every prefix length k = 1 .. steps, and then its
first complexity above ``bound`` is ``bound + 1``, after ``2 bound + 1`` terms.
"""

from __future__ import annotations

import numpy as np
import pytest

from cf.bm import berlekamp_massey
from cf.bm_lanes import LANES, M31, generic_lanes, lane_work

P = M31


def profile(seq: list[int], p: int = P) -> list[int]:
    """L of each prefix (lengths 1..n), textbook Berlekamp–Massey over GF(p)."""
    C, B = [1], [1]
    L, m, b = 0, 1, 1
    out = []
    for n, s in enumerate(seq):
        d = s % p
        for i in range(1, L + 1):
            d = (d + C[i] * seq[n - i]) % p
        if d == 0:
            m += 1
        else:
            coef = d * pow(b, -1, p) % p
            T = C[:]
            C = C + [0] * max(0, len(B) + m - len(C))
            for i, bi in enumerate(B):
                C[i + m] = (C[i + m] - coef * bi) % p
            if 2 * L <= n:
                L, B, b, m = n + 1 - L, T, d, 1
            else:
                m += 1
        out.append(L)
    return out


def generic(steps: int) -> list[int]:
    return [(k - 1) // 2 + 1 for k in range(1, steps + 1)]


def run_lanes(seqs: list[list[int]], bound: int, nl: int = LANES) -> list[int]:
    steps = 2 * bound + 1
    s = np.zeros(steps * nl, dtype=np.uint32)
    for lane, seq in enumerate(seqs):
        s[lane::nl][:steps] = [v % P for v in seq[:steps]]
    work = lane_work(bound, nl)
    generic_lanes(s, steps, nl, *work)
    return work[-1][: len(seqs)].tolist()


def sequences(rng: np.random.Generator, bound: int) -> list[list[int]]:
    """Random residues, small integers (coincidences such as 1, 1, 1), planted recurrences,
    and planted zero discrepancies at chosen steps."""
    steps = 2 * bound + 1
    out = [rng.integers(0, P, steps).tolist() for _ in range(16)]
    out += [rng.integers(1, 4, steps).tolist() for _ in range(24)]        # mostly non-generic starts
    out += [rng.integers(-3, 9, steps).tolist() for _ in range(8)]
    for order in (1, 2, 5, bound, bound + 1):                                # recurrences of each order
        coef = rng.integers(1, P, order).tolist()
        seq = rng.integers(1, P, order).tolist()
        while len(seq) < steps:
            seq.append(sum(c * seq[-1 - i] for i, c in enumerate(coef)) % P)
        out.append(seq)
    for at in sorted({a for a in (1, 2, 3, 10, 11, 2 * bound - 1, 2 * bound) if 0 < a < steps}):  # term `at` continues the recurrence
        seq = rng.integers(1, P, steps).tolist()
        r = berlekamp_massey(seq[:at], P)
        c = list(r.connection)
        seq[at] = (-sum(c[i] * seq[at - i] for i in range(1, len(c)))) * pow(c[0], -1, P) % P
        out.append(seq)
    return out


@pytest.mark.parametrize("bound", [1, 2, 5, 24])
def test_flags_are_exactly_the_non_generic_profiles(bound):
    rng = np.random.default_rng(bound)
    seqs = sequences(rng, bound)
    steps = 2 * bound + 1
    flags = []
    for i in range(0, len(seqs), LANES):
        flags += run_lanes(seqs[i:i + LANES], bound)
    expected = [int(profile(s[:steps]) != generic(steps)) for s in seqs]
    assert flags == expected
    assert 0 < sum(expected) < len(expected)  # both kinds are present


def test_an_unflagged_lane_is_rejected_with_bound_plus_one():
    """The one-sequence kernel's verdict on the generic lanes: complexity bound + 1 after 2 bound + 1 terms."""
    bound = 24
    rng = np.random.default_rng(7)
    seqs = [rng.integers(0, P, 2 * bound + 1).tolist() for _ in range(LANES)]
    flags = run_lanes(seqs, bound)
    for seq, flag in zip(seqs, flags):
        if not flag:
            r = berlekamp_massey(seq, P, bound=bound)
            assert r.length == bound + 1
            assert profile(seq)[2 * bound] == bound + 1 and profile(seq)[2 * bound - 1] == bound


def test_zero_discrepancy_on_an_odd_step_keeps_the_lane():
    """1, 1 has discrepancy s1 - s0^2 = 0 at its second term, yet the profile can stay generic."""
    bound = 3
    seq = [1, 1, 5, 2, 7, 3, 11]
    assert profile(seq) == generic(7)
    assert run_lanes([seq], bound, nl=4) == [0]


def test_work_arrays_too_small_are_refused():
    s = np.zeros(9 * 4, dtype=np.uint32)
    with pytest.raises(ValueError):
        generic_lanes(s, 9, 4, *lane_work(2, 4))
