"""Tests for cf.bm: Berlekamp–Massey over GF(p).

Two independent oracles:
* python-flint's ``fmpz_mod_poly_ctx(p).minpoly(seq)``, which returns the *monic minimal
  polynomial* ``M(x) = x^L + m_{L-1} x^{L-1} + ... + m_0`` with ``sum_j m_j s_{k-L+j} = 0``.
  It is the reversal of our connection polynomial: ``M(x) = x^L C(1/x)``, so
  ``reversed(M.coeffs()) == C`` (a transient shows up as ``m_0 = 0``, i.e. trailing zeros of C).
  When ``n < 2L`` the shortest recurrence is not unique and flint may pick another one (e.g. for
  ``[0, 0, 0, 1]`` flint returns ``x^4 + 1`` while BM gives ``1 - x^4``): then only ``L`` is
  compared, and our polynomial is checked to annihilate the sequence.
* a plain textbook Berlekamp–Massey in Python (normalised update with modular inverses), written
  independently of the inversion-free Numba kernel.
"""

from __future__ import annotations

import random

import flint
import gmpy2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cf.bm import (
    PRIME,
    SECOND_PRIME,
    BMResult,
    batch_linear_complexity,
    berlekamp_massey,
    linear_complexity_profile,
    reduce_mod,
)

PRIMES = [PRIME, SECOND_PRIME, 101, 3, 2]


# ---------------------------------------------------------------------------------------------
# oracles
# ---------------------------------------------------------------------------------------------


def ref_bm(seq: list[int], p: int) -> tuple[int, list[int], list[int]]:
    """Textbook BM: (L, connection c_0..c_L with c_0 = 1, profile L_1..L_n)."""
    s = [x % p for x in seq]
    C, B = [1], [1]
    L, m, b = 0, 1, 1
    profile = []
    for k in range(len(s)):
        d = sum(C[i] * s[k - i] for i in range(len(C)) if i <= k) % p
        if d == 0:
            m += 1
        else:
            coef = d * pow(b, -1, p) % p
            T = list(C)
            C = C + [0] * max(0, len(B) + m - len(C))
            for j, bj in enumerate(B):
                C[j + m] = (C[j + m] - coef * bj) % p
            if 2 * L <= k:
                L, B, b, m = k + 1 - L, T, d, 1
            else:
                m += 1
        profile.append(L)
    C = (C + [0] * (L + 1))[: L + 1]
    # BM keeps deg C <= L, so nothing non-zero was cut off
    return L, C, profile


def flint_connection(seq: list[int], p: int) -> list[int]:
    """Connection polynomial (c_0..c_L) from flint's monic minimal polynomial, by reversal."""
    M = flint.fmpz_mod_poly_ctx(p).minpoly([x % p for x in seq])
    coeffs = [int(c) for c in M.coeffs()]  # m_0, ..., m_L with m_L = 1
    return coeffs[::-1]


def annihilates(conn: tuple[int, ...] | list[int], seq: list[int], p: int) -> bool:
    L = len(conn) - 1
    return all(
        sum(conn[i] * seq[k - i] for i in range(L + 1)) % p == 0 for k in range(L, len(seq))
    )


def check_against_oracles(seq: list[int], p: int) -> BMResult:
    r = berlekamp_massey(seq, p)
    L, C, _ = ref_bm(seq, p)
    fl = flint_connection(seq, p)
    assert r.prime == p and not r.aborted and r.n == len(seq)
    assert r.length == L == len(fl) - 1
    assert list(r.connection) == C
    assert r.connection[0] == 1 and all(0 <= c < p for c in r.connection)
    assert annihilates(r.connection, seq, p)
    if 2 * L <= len(seq):  # unique shortest recurrence: flint must agree coefficient-wise
        assert list(r.connection) == fl
    else:
        assert annihilates(fl, seq, p)
    return r


def e_terms(n: int) -> list[int]:
    """Simple continued fraction of e: 2; 1, 2, 1, 1, 4, 1, 1, 6, ..."""
    out = [2]
    k = 1
    while len(out) < n:
        out += [1, 2 * k, 1]
        k += 1
    return out[:n]


def interlaced(polys: list[list[int]], n: int) -> list[int]:
    """a_{N k + r} = P_r(k) with P_r given by integer coefficient lists (constant term first)."""
    N = len(polys)
    return [sum(c * (j // N) ** e for e, c in enumerate(polys[j % N])) for j in range(n)]


# ---------------------------------------------------------------------------------------------
# reduce_mod
# ---------------------------------------------------------------------------------------------


def test_reduce_mod_negative_huge_and_mpz() -> None:
    terms = [-1, 0, 5, 2**100, -(2**100), gmpy2.mpz(3) ** 70, -gmpy2.mpz(7), 2**63, -(2**63) - 1]
    out = reduce_mod(terms, PRIME)
    assert out.dtype == np.int64
    assert out.tolist() == [int(t) % PRIME for t in terms]
    assert out.tolist()[:3] == [PRIME - 1, 0, 5]


def test_reduce_mod_numpy_inputs() -> None:
    assert reduce_mod(np.array([-1, 100, -128], dtype=np.int8), 101).tolist() == [100, 100, 74]
    assert reduce_mod(np.array([2**64 - 1], dtype=np.uint64), 7).tolist() == [(2**64 - 1) % 7]
    assert reduce_mod(np.array([-(2**63)], dtype=np.int64), PRIME).tolist() == [-(2**63) % PRIME]
    assert reduce_mod([], 5).shape == (0,)


def test_reduce_mod_rejects_non_integers_and_bad_moduli() -> None:
    with pytest.raises(TypeError):
        reduce_mod([1.0, 2])
    with pytest.raises(TypeError):
        reduce_mod(np.array([1.5]))
    with pytest.raises(ValueError):
        reduce_mod([1, 2], 2**31 + 11)  # too large for int64 products
    with pytest.raises(ValueError):
        reduce_mod([1, 2], 91)  # 7 * 13


@given(st.lists(st.integers(min_value=-(2**200), max_value=2**200), max_size=30))
def test_reduce_mod_matches_python(terms: list[int]) -> None:
    for p in (PRIME, SECOND_PRIME, 3):
        assert reduce_mod(terms, p).tolist() == [t % p for t in terms]


# ---------------------------------------------------------------------------------------------
# flint convention (pinned, so a change in the oracle is noticed)
# ---------------------------------------------------------------------------------------------


def test_flint_minpoly_is_reversed_connection() -> None:
    ctx = flint.fmpz_mod_poly_ctx(101)
    assert [int(c) for c in ctx.minpoly([1, 1, 2, 3, 5, 8]).coeffs()] == [100, 100, 1]
    assert flint_connection([1, 1, 2, 3, 5, 8], 101) == [1, 100, 100]
    # transient prefix: 5, then 1, 2, 4, 8, ...  ->  x^2 - 2x  <->  C = 1 - 2x (+ 0 x^2)
    assert flint_connection([5, 1, 2, 4, 8, 16], 101) == [1, 99, 0]
    # non-unique case n < 2L: flint and BM legitimately differ
    assert flint_connection([0, 0, 0, 1], 101) == [1, 0, 0, 0, 1]
    assert berlekamp_massey([0, 0, 0, 1], 101).connection == (1, 0, 0, 0, 100)


# ---------------------------------------------------------------------------------------------
# single-sequence BM against the oracles
# ---------------------------------------------------------------------------------------------


def test_known_small_cases() -> None:
    assert berlekamp_massey([]) == BMResult(0, (1,), PRIME, False, 0)
    assert berlekamp_massey([0, 0, 0]) == BMResult(0, (1,), PRIME, False, 3)
    assert berlekamp_massey([5]) == BMResult(1, (1, PRIME - 5), PRIME, False, 1)
    fib = berlekamp_massey([1, 1, 2, 3, 5, 8, 13, 21])
    assert fib == BMResult(2, (1, PRIME - 1, PRIME - 1), PRIME, False, 8)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(PRIMES),
    st.lists(st.integers(min_value=-(2**70), max_value=2**70), max_size=40),
)
def test_random_sequences_match_oracles(p: int, seq: list[int]) -> None:
    check_against_oracles(seq, p)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(PRIMES),
    st.lists(st.integers(min_value=0, max_value=3), max_size=40),
)
def test_small_alphabet_sequences_match_oracles(p: int, seq: list[int]) -> None:
    # many zero discrepancies: exercises the m += 1 path and the non-length-changing update
    check_against_oracles(seq, p)


def test_random_uniform_sequences_have_half_length_complexity() -> None:
    rng = random.Random(20240601)
    for _ in range(50):
        n = rng.randint(1, 120)
        seq = [rng.randrange(PRIME) for _ in range(n)]
        r = check_against_oracles(seq, PRIME)
        assert r.length == (n + 1) // 2  # holds with probability ~ 1 - n/p


@pytest.mark.parametrize("degree", [0, 1, 2, 3, 5])
def test_polynomial_sequences(degree: int) -> None:
    rng = random.Random(degree)
    coeffs = [rng.randint(-50, 50) for _ in range(degree)] + [rng.choice([-3, -1, 1, 2])]
    seq = [sum(c * k**e for e, c in enumerate(coeffs)) for k in range(40)]
    r = check_against_oracles(seq, PRIME)
    assert r.length == degree + 1
    # C(x) = (1 - x)^(degree + 1)
    from math import comb

    expected = tuple((-1) ** i * comb(degree + 1, i) % PRIME for i in range(degree + 2))
    assert r.connection == expected


@settings(max_examples=100, deadline=None)
@given(
    st.integers(min_value=2, max_value=4).flatmap(
        lambda N: st.lists(
            st.lists(st.integers(min_value=-20, max_value=20), min_size=1, max_size=4),
            min_size=N,
            max_size=N,
        )
    ),
    st.lists(st.integers(min_value=-(10**6), max_value=10**6), max_size=4),
)
def test_interlaced_polynomials_with_transient(polys: list[list[int]], prefix: list[int]) -> None:
    N = len(polys)
    seq = prefix + interlaced(polys, 60)
    r = check_against_oracles(seq, PRIME)
    # every channel is annihilated by (1 - x^N)^(d+1), so L <= transient + N (d + 1)
    d = max(len(q) for q in polys) - 1
    assert r.length <= len(prefix) + N * (d + 1)
    check_against_oracles(seq, SECOND_PRIME)


@settings(max_examples=100, deadline=None)
@given(
    st.integers(min_value=-(10**9), max_value=10**9).filter(lambda x: x != 0),
    st.integers(min_value=-50, max_value=50).filter(lambda x: x != 0),
    st.lists(st.integers(min_value=-9, max_value=9), max_size=3),
)
def test_geometric_sequences(a0: int, ratio: int, prefix: list[int]) -> None:
    seq = prefix + [a0 * ratio**k for k in range(30)]  # terms up to ~2^200: big ints
    r = check_against_oracles(seq, PRIME)
    if not prefix:
        assert r.length == 1 and r.connection == (1, -ratio % PRIME)
    else:
        assert r.length <= len(prefix) + 1


def test_e_continued_fraction() -> None:
    seq = e_terms(60)
    assert seq[:12] == [2, 1, 2, 1, 1, 4, 1, 1, 6, 1, 1, 8]
    r = check_against_oracles(seq, PRIME)
    # a_n = 2 a_{n-3} - a_{n-6} for n >= 7: L = 7, deg C = 6 (one-term transient a_0 = 2)
    assert r.length == 7
    assert r.connection == (1, 0, 0, PRIME - 2, 0, 0, 1, 0)
    # flint shows the transient as the factor x in x^7 - 2 x^4 + x
    M = flint.fmpz_mod_poly_ctx(PRIME).minpoly(seq)
    assert [int(c) for c in M.coeffs()] == [0, 1, 0, 0, PRIME - 2, 0, 0, 1]
    # without the transient the recurrence has length 6
    assert berlekamp_massey(seq[1:]).length == 6


def test_structured_sequence_after_long_transient() -> None:
    rng = random.Random(7)
    prefix = [rng.randint(-100, 100) for _ in range(10)]
    seq = prefix + interlaced([[1, 2], [3], [0, 0, 1]], 80)
    r = check_against_oracles(seq, PRIME)
    tail = berlekamp_massey(seq[10:])
    assert r.length <= tail.length + 10
    assert r.length > tail.length  # a random prefix cannot be absorbed


# ---------------------------------------------------------------------------------------------
# early abort
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bound", [0, 1, 5, 10, 25])
def test_early_abort_on_random_data(bound: int) -> None:
    rng = random.Random(bound)
    seq = [rng.randrange(PRIME) for _ in range(100)]
    _, _, prof = ref_bm(seq, PRIME)
    r = berlekamp_massey(seq, bound=bound)
    assert r.aborted
    assert r.length > bound
    # random data: L_k = ceil(k/2), so the complexity first exceeds the bound at k = 2 bound + 1
    assert r.n == 2 * bound + 1
    assert r.length == prof[r.n - 1] == bound + 1
    assert r.n == 1 or prof[r.n - 2] <= bound
    # the returned connection describes the processed prefix exactly
    L, C, _ = ref_bm(seq[: r.n], PRIME)
    assert (r.length, list(r.connection)) == (L, C)


def test_abort_reports_first_prefix_exceeding_bound() -> None:
    # a jump of several units: 0 0 0 0 1 has L = 5 after five terms
    r = berlekamp_massey([0, 0, 0, 0, 1, 0, 0], bound=2)
    assert r == BMResult(5, (1, 0, 0, 0, 0, PRIME - 1), PRIME, True, 5)


def test_no_abort_when_bound_is_met() -> None:
    seq = e_terms(50)
    assert berlekamp_massey(seq, bound=7) == berlekamp_massey(seq)
    assert not berlekamp_massey(seq, bound=7).aborted
    r6 = berlekamp_massey(seq, bound=6)
    assert r6.aborted and r6.length == 7 and r6.n == 13


# ---------------------------------------------------------------------------------------------
# batch kernel
# ---------------------------------------------------------------------------------------------


def _batch_fixture(p: int) -> tuple[list[list[int]], np.ndarray, np.ndarray]:
    rng = random.Random(p)
    n = 100
    rows: list[list[int]] = []
    rows.append(e_terms(n))
    rows.append([rng.randrange(p) for _ in range(n)])
    rows.append(interlaced([[1, 1], [2, 0, 1]], n))
    rows.append([rng.randrange(p) for _ in range(n)])
    rows.append([3 * 2**k for k in range(n)])
    rows.append([0] * n)
    rows.append([rng.randint(-5, 5) for _ in range(7)] + interlaced([[1], [2], [2, 2]], n - 7))
    rows.append([rng.randint(1, 4) for _ in range(n)])  # small random partial quotients
    rows.append([1] * 60 + [2] + [1] * 39)  # long run then a break: L jumps to 61
    rows.append([rng.randrange(p) for _ in range(n)])
    lengths = np.array([n, n, n, 40, n, n, n, n, n, 0], dtype=np.int64)
    seqs = np.stack([reduce_mod(r, p) for r in rows])
    return rows, seqs, lengths


@pytest.mark.parametrize("p", [PRIME, SECOND_PRIME, 101])
@pytest.mark.parametrize("bound", [0, 3, 7, 25, 60, 100, 1000])
def test_batch_matches_single_sequence_kernel(p: int, bound: int) -> None:
    rows, seqs, lengths = _batch_fixture(p)
    out = batch_linear_complexity(seqs, lengths, p, bound)
    assert out.dtype == np.int64 and out.shape == (len(rows),)
    for r, (row, n) in enumerate(zip(rows, lengths)):
        full = berlekamp_massey(row[:n], p)  # no bound: exact complexity
        L_ref, _, _ = ref_bm(row[:n], p)
        assert full.length == L_ref
        expected = full.length if full.length <= bound else bound + 1
        assert out[r] == expected, (r, out[r], expected)
        single = berlekamp_massey(row[:n], p, bound=bound)
        assert single.aborted == (full.length > bound)


def test_batch_reports_exact_values() -> None:
    rows, seqs, lengths = _batch_fixture(PRIME)
    out = batch_linear_complexity(seqs, lengths, PRIME, 25)
    # e: 7; random: 26 (= bound + 1); interlaced quadratic, period 2: (1-x^2)^3 -> 6;
    # random with 40 valid terms: 20 <= bound; geometric: 1; zeros: 0;
    # 7-term transient + period 3 linear channels (1-x^3)^2: 7 + 6 = 13; random small: 26;
    # sixty 1s then a 2: L jumps from 1 to 61 - 1 = 60 > bound; empty row: 0
    assert out.tolist() == [7, 26, 6, 20, 1, 0, 13, 26, 26, 0]
    assert batch_linear_complexity(seqs, lengths, PRIME, 100).tolist() == [
        7, 50, 6, 20, 1, 0, 13, 50, 60, 0
    ]


def test_batch_reuses_work_arrays_between_rows() -> None:
    # a long random row followed by short structured rows: stale state must not leak
    rng = random.Random(3)
    rows = [[rng.randrange(PRIME) for _ in range(50)], [1, 2, 3, 4, 5, 6, 7, 8], [2, 4, 8, 16, 32, 64]]
    seqs = np.zeros((3, 50), dtype=np.int64)
    for i, r in enumerate(rows):
        seqs[i, : len(r)] = reduce_mod(r)
    lengths = np.array([50, 8, 6])
    assert batch_linear_complexity(seqs, lengths, PRIME, 40).tolist() == [25, 2, 1]
    assert batch_linear_complexity(seqs[::-1], lengths[::-1], PRIME, 40).tolist() == [1, 2, 25]


def test_batch_validates_input() -> None:
    seqs = np.zeros((2, 5), dtype=np.int64)
    with pytest.raises(ValueError):
        batch_linear_complexity(seqs + PRIME, np.array([5, 5]), PRIME, 3)  # not reduced
    with pytest.raises(ValueError):
        batch_linear_complexity(seqs - 1, np.array([5, 5]), PRIME, 3)
    with pytest.raises(ValueError):
        batch_linear_complexity(seqs, np.array([6, 5]), PRIME, 3)
    with pytest.raises(ValueError):
        batch_linear_complexity(seqs, np.array([5]), PRIME, 3)
    with pytest.raises(ValueError):
        batch_linear_complexity(seqs, np.array([5, 5]), PRIME, -1)
    with pytest.raises(ValueError):
        batch_linear_complexity(seqs, np.array([5, 5]), 2**31 - 3, 3)  # 5 * 429496729
    assert batch_linear_complexity(np.zeros((0, 5), dtype=np.int64), np.zeros(0), PRIME, 3).shape == (0,)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from([PRIME, SECOND_PRIME, 5]),
    st.integers(min_value=0, max_value=30),
    st.lists(st.lists(st.integers(min_value=0, max_value=6), max_size=40), min_size=1, max_size=8),
)
def test_batch_property(p: int, bound: int, rows: list[list[int]]) -> None:
    n = max(len(r) for r in rows)
    seqs = np.zeros((len(rows), n), dtype=np.int64)
    for i, r in enumerate(rows):
        seqs[i, : len(r)] = reduce_mod(r, p)
    out = batch_linear_complexity(seqs, np.array([len(r) for r in rows]), p, bound)
    expected = [min(ref_bm(r, p)[0], bound + 1) for r in rows]
    assert out.tolist() == expected


# ---------------------------------------------------------------------------------------------
# linear complexity profile
# ---------------------------------------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(PRIMES),
    st.lists(st.integers(min_value=-(10**12), max_value=10**12), max_size=40),
)
def test_profile_matches_reference(p: int, seq: list[int]) -> None:
    prof = linear_complexity_profile(seq, p)
    assert prof.dtype == np.int64
    assert prof.tolist() == ref_bm(seq, p)[2]


def test_profile_values() -> None:
    assert linear_complexity_profile([]).tolist() == []
    assert linear_complexity_profile([1, 1, 2, 3, 5, 8]).tolist() == [1, 1, 2, 2, 2, 2]
    prof = linear_complexity_profile(e_terms(30))
    assert prof.tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7] + [7] * 17
    seq = e_terms(30)
    ctx = flint.fmpz_mod_poly_ctx(PRIME)
    assert prof.tolist() == [ctx.minpoly(seq[:k]).degree() for k in range(1, 31)]
