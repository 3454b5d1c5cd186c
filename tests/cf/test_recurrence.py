"""Tests for cf.recurrence: lifting BM hits to exact integer recurrences and confirming them."""

from __future__ import annotations

import math
import random
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cf.bm import PRIME, SECOND_PRIME, BMResult, berlekamp_massey
from cf.recurrence import (
    IntegerRecurrence,
    confirm_recurrence,
    find_recurrence,
    integer_connection,
    rational_reconstruction,
)

E_REC = IntegerRecurrence((1, 0, 0, -2, 0, 0, 1, 0), 7)


def e_terms(n: int) -> list[int]:
    """Simple continued fraction of e: 2; 1, 2, 1, 1, 4, 1, 1, 6, ..."""
    out = [2]
    k = 1
    while len(out) < n:
        out += [1, 2 * k, 1]
        k += 1
    return out[:n]


# ---------------------------------------------------------------------------------------------
# rational reconstruction
# ---------------------------------------------------------------------------------------------


def test_rational_reconstruction_exhaustive_small_prime() -> None:
    p = 101
    N = math.isqrt(p // 2)  # 7
    for a in range(p):
        brute = {
            Fraction(r, s)
            for r in range(-N, N + 1)
            for s in range(1, N + 1)
            if math.gcd(r, s) == 1 and (r - a * s) % p == 0
        }
        assert len(brute) <= 1  # uniqueness: 2 N^2 < p
        got = rational_reconstruction(a, p)
        assert got == (brute.pop() if brute else None), a


@given(
    st.integers(min_value=-math.isqrt(PRIME // 2), max_value=math.isqrt(PRIME // 2)),
    st.integers(min_value=1, max_value=math.isqrt(PRIME // 2)),
    st.sampled_from([PRIME, SECOND_PRIME]),
)
def test_rational_reconstruction_roundtrip(r: int, s: int, p: int) -> None:
    a = r * pow(s, -1, p) % p
    assert rational_reconstruction(a, p) == Fraction(r, s)


def test_rational_reconstruction_fails_beyond_bound() -> None:
    # 1/65537 has no preimage with numerator and denominator <= 32767
    a = pow(65537, -1, PRIME)
    assert rational_reconstruction(a, PRIME) is None
    # most residues (about 6/pi^2 of them) do have a small preimage: reconstruction alone is no
    # evidence, only the exact check in confirm_recurrence is
    assert rational_reconstruction(123456789, PRIME) == Fraction(31250, 3879)
    assert (31250 - 123456789 * 3879) % PRIME == 0


def test_integer_connection() -> None:
    p = PRIME
    assert integer_connection((1, p - 3, 3, p - 1), p) == (1, -3, 3, -1)
    half = pow(2, -1, p)
    third = pow(3, -1, p)
    # 1 - x/2 + x^2/3  ->  6 - 3x + 2x^2
    assert integer_connection((1, p - half, third), p) == (6, -3, 2)
    assert integer_connection((1, 0, 0), p) == (1, 0, 0)
    assert integer_connection((1, pow(65537, -1, p)), p) is None


# ---------------------------------------------------------------------------------------------
# IntegerRecurrence
# ---------------------------------------------------------------------------------------------


def test_integer_recurrence_properties() -> None:
    assert E_REC.degree == 6 and E_REC.transient == 1
    fib = IntegerRecurrence((1, -1, -1), 2)
    assert fib.degree == 2 and fib.transient == 0
    assert fib.extend([0, 1], 8) == [1, 2, 3, 5, 8, 13, 21, 34]
    zero = IntegerRecurrence((1, 0, 0), 2)  # everything after two free terms is 0
    assert zero.degree == 0 and zero.transient == 2
    assert zero.holds_for([5, 7, 0, 0]) and not zero.holds_for([5, 7, 0, 1])
    assert IntegerRecurrence((1,), 0).holds_for([0, 0]) and not IntegerRecurrence((1,), 0).holds_for([1])


def test_integer_recurrence_extend_e() -> None:
    assert E_REC.extend(e_terms(7), 30) == e_terms(37)[7:]
    with pytest.raises(ValueError):
        E_REC.extend(e_terms(6), 1)  # fewer than L terms


def test_integer_recurrence_extend_requires_exact_division() -> None:
    rec = IntegerRecurrence((2, -3), 1)  # 2 a_n = 3 a_{n-1}
    assert rec.extend([8], 3) == [12, 18, 27]
    with pytest.raises(ValueError):
        rec.extend([8], 4)


def test_integer_recurrence_validation() -> None:
    with pytest.raises(ValueError):
        IntegerRecurrence((1, 2), 2)
    with pytest.raises(ValueError):
        IntegerRecurrence((-1, 2), 1)
    with pytest.raises(ValueError):
        IntegerRecurrence((0, 2), 1)
    with pytest.raises(TypeError):
        IntegerRecurrence((1, 2.5), 1)


@given(
    st.lists(st.integers(min_value=-(10**30), max_value=10**30), min_size=1, max_size=8).map(
        lambda c: [abs(c[0]) + 1] + c[1:]
    )
)
def test_integer_recurrence_repr_roundtrip(coeffs: list[int]) -> None:
    rec = IntegerRecurrence(tuple(coeffs), len(coeffs) - 1)
    text = repr(rec)
    assert text == f"IntegerRecurrence(coefficients={tuple(coeffs)!r}, length={len(coeffs) - 1})"
    back = eval(text, {"IntegerRecurrence": IntegerRecurrence})
    assert back == rec and hash(back) == hash(rec)


# ---------------------------------------------------------------------------------------------
# confirm_recurrence / find_recurrence
# ---------------------------------------------------------------------------------------------


def test_e_continued_fraction_is_confirmed_with_transient() -> None:
    terms = e_terms(60)
    rec = find_recurrence(terms)
    assert rec == E_REC
    assert (rec.length, rec.degree, rec.transient) == (7, 6, 1)
    # the transient is real: the relation fails at n = 6 (a_6 - 2 a_3 + a_0 = 1 - 2 + 2 != 0)
    assert terms[6] - 2 * terms[3] + terms[0] == 1
    assert confirm_recurrence(terms, berlekamp_massey(terms, SECOND_PRIME)) == E_REC
    # dropping the transient gives the pure length-6 recurrence
    assert find_recurrence(terms[1:]) == IntegerRecurrence((1, 0, 0, -2, 0, 0, 1), 6)


def test_polynomial_and_exponential_sequences() -> None:
    assert find_recurrence([n * n + 1 for n in range(20)]) == IntegerRecurrence((1, -3, 3, -1), 3)
    assert find_recurrence([2**n + 3**n for n in range(20)]) == IntegerRecurrence((1, -5, 6), 2)
    # huge terms (beyond int64) and a negative first term
    big = [-(10**40)] + [7 * 10**40 * (-5) ** n for n in range(30)]
    assert find_recurrence(big) == IntegerRecurrence((1, 5, 0), 2)
    # a finite integer sequence whose recurrence needs c_0 = 2: a_n = 3^n 2^(16-n)
    half = [3**n * 2 ** (16 - n) for n in range(17)]
    rec = find_recurrence(half)
    assert rec == IntegerRecurrence((2, -3), 1)
    assert rec.holds_for(half)


def test_interlaced_period_three() -> None:
    # a_{3k} = k^2 + 1, a_{3k+1} = 2, a_{3k+2} = -k - 4, after a 2-term transient
    tail = [x for k in range(30) for x in (k * k + 1, 2, -k - 4)]
    terms = [5, -9] + tail
    rec = find_recurrence(terms)
    assert rec is not None
    assert rec.transient == 2 and rec.degree == 9
    # C(x) = (1 - x^3)^3
    assert rec.coefficients == (1, 0, 0, -3, 0, 0, 3, 0, 0, -1, 0, 0)
    assert rec.extend(terms, 6) == [900 + 1, 2, -34, 31 * 31 + 1, 2, -35]


def test_rejects_sequence_equal_mod_p_but_broken_later() -> None:
    terms = e_terms(60)
    broken = list(terms)
    broken[45] += PRIME  # identical modulo PRIME: BM cannot see it
    hit = berlekamp_massey(broken, PRIME)
    assert hit == berlekamp_massey(terms, PRIME) and hit.length == 7
    assert confirm_recurrence(broken, hit) is None
    assert confirm_recurrence(terms, hit) == E_REC
    # identical modulo both primes: only the exact integer check catches it
    sneaky = list(terms)
    sneaky[50] -= PRIME * SECOND_PRIME
    assert berlekamp_massey(sneaky, PRIME).length == 7
    assert berlekamp_massey(sneaky, SECOND_PRIME).length == 7
    assert confirm_recurrence(sneaky, berlekamp_massey(sneaky, PRIME)) is None
    assert find_recurrence(sneaky) is None


def test_rejects_hit_that_breaks_on_later_terms() -> None:
    terms = e_terms(60)
    hit = berlekamp_massey(terms[:30])
    assert hit.length == 7
    later = terms[:40] + [terms[40] + 1] + terms[41:]
    assert confirm_recurrence(later, hit) is None
    assert confirm_recurrence(terms, hit) == E_REC
    assert find_recurrence(later) is None  # full BM: L = 41 - 7 = 34 > 60/2 -> not confirmable
    assert berlekamp_massey(later).length == 34


def test_rejects_when_fewer_than_2L_terms() -> None:
    terms = e_terms(60)
    hit = berlekamp_massey(terms)
    assert hit.length == 7
    assert confirm_recurrence(terms[:13], hit) is None
    assert confirm_recurrence(terms[:14], hit) == E_REC
    # BM on 13 terms itself has L = 7 > 13/2
    assert berlekamp_massey(terms[:13]).length == 7
    assert find_recurrence(terms[:13]) is None


def test_two_L_terms_is_only_a_minimum() -> None:
    # Documented limitation of the contract: with exactly 2L terms *some* length-L recurrence
    # always fits, so a "confirmed" recurrence can be spurious.  Here 12 terms of e give L = 6,
    # and the recurrence found does not continue e.  Callers must demand a margin (the engine
    # approves only L < depth / 4).
    rec = find_recurrence(e_terms(12))
    assert rec == IntegerRecurrence((3, -4, -1, -7, 6, 1, 4), 6)
    assert rec.holds_for(e_terms(12)) and not rec.holds_for(e_terms(13))


def test_rejects_aborted_and_inconsistent_results() -> None:
    rng = random.Random(5)
    noise = [rng.randint(1, 50) for _ in range(100)]
    hit = berlekamp_massey(noise, bound=10)
    assert hit.aborted
    assert confirm_recurrence(noise, hit) is None
    assert find_recurrence(noise, bound=10) is None
    assert find_recurrence(noise) is None  # L = 50: needs 100 terms and never lifts cleanly
    assert find_recurrence(e_terms(60), bound=6) is None
    assert find_recurrence(e_terms(60), bound=7) == E_REC
    # a result whose connection does not lift to small rationals
    fake = BMResult(1, (1, pow(65537, -1, PRIME)), PRIME, False, 10)
    assert confirm_recurrence([65537**n for n in range(10)], fake) is None


def test_second_prime_guard() -> None:
    # exact recurrence a_n = 2 a_{n-1}, but every term vanishes mod SECOND_PRIME (L = 0 there)
    terms = [SECOND_PRIME * 2**n for n in range(20)]
    hit = berlekamp_massey(terms, PRIME)
    assert hit.length == 1
    assert IntegerRecurrence((1, -2), 1).holds_for(terms)
    assert berlekamp_massey(terms, SECOND_PRIME).length == 0
    assert confirm_recurrence(terms, hit) is None


@settings(max_examples=150, deadline=None)
@given(
    st.integers(min_value=1, max_value=5).flatmap(
        lambda L: st.tuples(
            st.lists(st.integers(min_value=-3, max_value=3), min_size=L, max_size=L),
            st.lists(st.integers(min_value=-(10**6), max_value=10**6), min_size=L, max_size=L),
        )
    ),
    st.integers(min_value=0, max_value=12),
)
def test_random_integer_recurrences_are_recovered(
    spec: tuple[list[int], list[int]], extra: int
) -> None:
    coeffs, init = spec
    L = len(coeffs)
    terms = list(init)
    while len(terms) < 2 * L + extra + 8:
        n = len(terms)
        terms.append(-sum(coeffs[i - 1] * terms[n - i] for i in range(1, L + 1)))
    known, future = terms[: 2 * L + extra], terms[2 * L + extra :]
    rec = find_recurrence(known)
    assert rec is not None
    assert rec.length <= L
    assert rec.holds_for(terms)
    assert rec.extend(known, len(future)) == future
    if rec.length == 0:
        assert all(t == 0 for t in terms)
    # with >= 2L terms the length-L recurrence is unique: the generating one comes back
    if rec.length == L:
        assert rec.coefficients == (1, *coeffs)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(-3, 3), min_size=1, max_size=8), st.integers(1, 3),
       st.lists(st.integers(-2**50, 2**50), min_size=1, max_size=120), st.booleans())
def test_holds_for_agrees_with_the_plain_sum(tail, c0, seed_terms, extend):
    """The int64 vector check (and its fallbacks) says what the defining sum says, term by term."""
    rec = IntegerRecurrence((c0, *tail), len(tail))
    terms = list(seed_terms)
    if extend and len(terms) >= rec.length:
        try:
            terms = terms[:rec.length] + rec.extend(terms[:rec.length], 100)
        except ValueError:
            pass
    c = rec.coefficients
    plain = all(sum(c[i] * terms[n - i] for i in range(rec.degree + 1)) == 0 for n in range(rec.length, len(terms)))
    assert rec.holds_for(terms) == plain
