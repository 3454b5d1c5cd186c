"""Tests of the complexity estimators (discovery.kolmogorov, discovery.lz76) and `esma experiment complexity`.

Every assertion compares with a value computed independently here (hand parses, a pure-Python
reference, explicit code constructions, exact rationals) or with a property of the data (the
entropy of a Bernoulli source, the recurrence of e's partial quotients); none holds by
construction of the code under test.
"""

from __future__ import annotations

import json
import math
from fractions import Fraction

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from cf.bm import linear_complexity_profile
from cf.pattern import CFPattern, InterlacedSequence
from cf.polynomial import Polynomial
from discovery import kolmogorov as K
from discovery.cli import main
from discovery.lz76 import (
    longest_previous_factor,
    lz76_complexity,
    lz76_kaspar_schuster,
    lz76_normalized,
    lz76_reference,
    suffix_array,
)
from search.expansion import expand


def h2(q: float) -> float:
    return -(q * math.log2(q) + (1 - q) * math.log2(1 - q))


# --------------------------------------------------------------------------------------------
# LZ76
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("s, c", [
    ("", 0),
    ("0", 1),
    ("01", 2),
    ("0000", 2),            # 0 | 000  (the copy may overlap the phrase)
    ("0101", 3),            # 0 | 1 | 01
    ("0001101001000101", 6),  # 0 | 001 | 10 | 100 | 1000 | 101   (Kaspar & Schuster 1987)
    ("1001111011000010", 6),  # 1 | 0 | 01 | 1110 | 1100 | 0010   (parsed by hand)
    ("abcabcabc", 4),       # a | b | c | abcabc
])
def test_lz76_hand_parses(s, c):
    assert lz76_complexity(s) == c
    assert lz76_kaspar_schuster(s) == c
    assert lz76_reference(s) == c


def _lpf_brute(s: str) -> list[int]:
    out = []
    for l in range(len(s)):
        best = 0
        for j in range(l):
            m = 0
            while l + m < len(s) and s[j + m] == s[l + m]:
                m += 1
            best = max(best, m)
        out.append(best)
    return out


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abc", max_size=80) | st.text(alphabet="01", max_size=300))
def test_lz76_agrees_with_pure_python_reference(s):
    c = lz76_reference(s)
    assert lz76_complexity(s) == c
    assert lz76_kaspar_schuster(s) == c


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="ab", max_size=40))
def test_suffix_array_and_lpf_against_brute_force(s):
    assert suffix_array(s).tolist() == sorted(range(len(s)), key=lambda i: s[i:])
    assert longest_previous_factor(s).tolist() == _lpf_brute(s)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=-(2**70), max_value=2**70) | st.sampled_from([1, 2, 3]), max_size=60))
def test_lz76_on_integer_symbols_including_huge(xs):
    assert lz76_complexity(xs) == lz76_reference(xs)


def test_lz76_long_random_strings_match_kaspar_schuster():
    rng = np.random.default_rng(7)
    for A in (2, 3, 10):
        x = rng.integers(0, A, 20000)
        assert lz76_complexity(x) == lz76_kaspar_schuster(x)
    x = np.tile(rng.integers(0, 2, 37), 300)  # periodic: long overlapping copies
    assert lz76_complexity(x) == lz76_kaspar_schuster(x)


@pytest.mark.parametrize("q", [0.5, 0.2])
def test_lz76_normalised_of_iid_bits_is_near_entropy(q):
    rng = np.random.default_rng(2024)
    x = (rng.random(100_000) < q).astype(np.uint8)
    v = lz76_normalized(x)
    assert abs(v - h2(q)) < 0.05, (q, v, h2(q))


def test_lz76_normalised_of_periodic_sequence_is_small():
    assert lz76_normalized("0110" * 25_000) < 0.01


# --------------------------------------------------------------------------------------------
# Compressors, serialisations, NCD
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("comp", K.available_compressors())
def test_compressed_bits_per_symbol(comp):
    assert K.compressed_bits(b"", comp) == 0
    assert K.bits_per_symbol(b"", 0, comp) == 0.0
    assert K.bits_per_symbol(bytes(100_000), 100_000, comp) < 0.05
    rand = np.random.default_rng(3).bytes(100_000)
    assert 7.95 < K.bits_per_symbol(rand, 100_000, comp) < 8.1
    # one byte of data costs a few bytes beyond the empty stream (bz2: a block with its Huffman tables, 23 bytes)
    assert 0 < K.compressed_bits(b"x", comp) <= 8 * 24


def test_zstd_is_used_when_installed():
    pytest.importorskip("zstandard")
    assert "zstd" in K.available_compressors()


def _decode_escape(data: bytes) -> list[int]:
    out, i = [], 0
    while i < len(data):
        b = data[i]
        i += 1
        if b < 255:
            out.append(b)
            continue
        z, shift = 0, 0
        while True:
            byte = data[i]
            i += 1
            z |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
        z += 1  # zigzag value
        out.append((z - 1) // 2 if z % 2 else -(z // 2))
    return out


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(min_value=-(10**30), max_value=10**30) | st.integers(0, 300)))
def test_escape_serialisation_round_trips(xs):
    assert _decode_escape(K.serialise(xs, "bytes with escape")) == xs
    assert K.serialise(xs, "decimal text").decode() == ",".join(map(str, xs))


def test_bit_serialisations():
    bits = [1, 0, 1, 1, 0, 0, 0, 0, 1]
    assert K.serialise(bits, "packed bits") == bytes([0b10110000, 0b10000000])
    assert K.serialise(bits, "ASCII 0/1") == b"101100001"
    with pytest.raises(ValueError):
        K.serialise([0, 2], "packed bits")


def test_ncd():
    rng = np.random.default_rng(11)
    x, y = rng.bytes(30_000), rng.bytes(30_000)
    assert K.ncd(x, x) < 0.05
    assert 0.95 < K.ncd(x, y) < 1.1
    assert K.ncd(b"", b"") == 0.0


# --------------------------------------------------------------------------------------------
# Linear complexity of partial quotients
# --------------------------------------------------------------------------------------------


def test_e_linear_complexity_is_bounded_and_pi_grows_like_half():
    e_terms = expand("e", "+", 1000).terms
    prof = linear_complexity_profile(e_terms)
    assert prof.max() <= 8
    s = K.linear_complexity_summary(list(e_terms))
    assert s["final_L"] == prof[-1] == 7 and s["stable_from"] == 13
    pi_terms = expand("pi", "+", 1000).terms
    L = linear_complexity_profile(pi_terms)[999]
    assert 0.45 <= L / 1000 <= 0.55


def test_bit_strings_use_gf2():
    s = K.linear_complexity_summary(np.array([1, 0, 1, 0, 1, 0, 1, 0], dtype=np.uint8))
    assert s["field"] == "GF(2)" and s["final_L"] == 2


# --------------------------------------------------------------------------------------------
# Surrogates and sources
# --------------------------------------------------------------------------------------------


def test_surrogates_reproducible_and_frequency_preserving():
    data = np.array(expand("pi", "+", 2000).terms)
    a = K.make_surrogates(data, seed=5, source="pi", k=2)
    b = K.make_surrogates(data, seed=5, source="pi", k=2)
    c = K.make_surrogates(data, seed=6, source="pi", k=2)
    for kind in ("shuffled", "iid"):
        for x, y in zip(a[kind], b[kind]):
            assert np.array_equal(x, y)
        assert not np.array_equal(a[kind][0], c[kind][0])
        assert not np.array_equal(a[kind][0], a[kind][1])
    vals, counts = np.unique(data, return_counts=True)
    for x in a["shuffled"]:
        v2, c2 = np.unique(x, return_counts=True)
        assert np.array_equal(v2, vals) and np.array_equal(c2, counts)
    # iid: symbols from the data, frequency of 1 within 4 binomial sigmas of the data's
    p1 = float(np.mean(data == 1))
    sigma = math.sqrt(p1 * (1 - p1) / data.size)
    for x in a["iid"]:
        assert set(np.unique(x).tolist()) <= set(vals.tolist())
        assert abs(float(np.mean(x == 1)) - p1) < 4 * sigma


def test_random_real_terms_are_the_cf_of_the_drawn_real():
    terms, B = K.random_real_terms(500, seed=9)
    assert terms == K.random_real_terms(500, seed=9)[0]
    assert terms != K.random_real_terms(500, seed=10)[0]
    assert len(terms) == 500 and terms[0] == 0
    # recompute the leading terms of the lower end of the drawn interval with exact rationals
    x = K.surrogate_rng(9, "random real")
    m = int.from_bytes(x.bytes((4 * 500 + 256) // 8), "big")
    assert B == 4 * 500 + 256  # enough bits at the first draw for this seed
    r, cf = Fraction(m, 1 << B), []
    while len(cf) < 500:
        a = math.floor(r)
        cf.append(a)
        r = 1 / (r - a)
    assert cf == terms
    # Gauss-Kuzmin: P(a = 1) = log2(4/3) = 0.415
    assert abs(sum(t == 1 for t in terms[1:]) / 499 - math.log2(4 / 3)) < 0.07


def test_prime_indicator():
    n = 5000
    ref = [int(k > 1 and all(k % d for d in range(2, math.isqrt(k) + 1))) for k in range(n)]
    assert K.prime_indicator(n).tolist() == ref
    assert int(K.prime_indicator(1_000_001).sum()) == 78498
    assert K.prime_indicator(0).size == 0 and K.prime_indicator(2).tolist() == [0, 0]


def test_gauss_kuzmin_entropy_constant():
    k = np.arange(1, 10**6, dtype=np.float64)
    p = -np.log2(1 - 1 / (k + 1) ** 2)
    partial = float(-(p * np.log2(p)).sum())
    tail = (2 * (math.log2(1e6) + 1 / math.log(2)) + math.log2(math.log(2))) / (1e6 * math.log(2))
    assert abs(partial + tail - K.GAUSS_KUZMIN_ENTROPY) < 1e-5


# --------------------------------------------------------------------------------------------
# Description length
# --------------------------------------------------------------------------------------------


def _gamma(n: int) -> str:
    b = bin(n)[2:]
    return "0" * (len(b) - 1) + b


def _delta(n: int) -> str:
    b = bin(n)[2:]
    return _gamma(len(b)) + b[1:]


def test_integer_codes_match_explicit_constructions():
    for n in list(range(1, 600)) + [2**40 + 3, 10**18]:
        assert K.elias_gamma_bits(n) == len(_gamma(n))
        assert K.elias_delta_bits(n) == len(_delta(n))
    assert sorted(K.zigzag(z) for z in range(-50, 51)) == list(range(1, 102))
    # the delta code is prefix-free on a sample
    words = [_delta(n) for n in range(1, 300)]
    assert not any(a != b and b.startswith(a) for a in words for b in words)


def _seq(transient, *channels):
    return InterlacedSequence(tuple(transient), tuple(Polynomial(tuple(c)) for c in channels))


def test_description_bits_of_e_and_ordering():
    e = CFPattern.signed("+", _seq([2], [1], [2, 2], [1]))
    assert K.description_bits(e) == 41  # worked out in the docstring of description_bits
    bigger = CFPattern.signed("+", _seq([2], [1], [6, 4], [1]))
    longer = CFPattern.signed("+", _seq([2, 1, 2, 1, 1], [4, 2], [1], [1]))
    noisier = CFPattern.signed("+-", _seq([2], [1], [2, 2], [1]))
    rational = CFPattern.signed("+", _seq([2], [1], [2, Fraction(1, 2)], [1]))
    for other in (bigger, longer, noisier, rational):
        assert K.description_bits(e) < K.description_bits(other)
    tan1 = CFPattern.signed("+", _seq([], [1], [1, 2]))
    assert K.description_bits(tan1) < K.description_bits(e)
    # a general (non-sign) numerator sequence is coded as an interlaced sequence
    gen = CFPattern(_seq([1], [2]), _seq([], [1, 0, 1]))
    assert "b" in K.description_breakdown(gen) and K.description_bits(gen) > 0


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(-20, 20), min_size=1, max_size=4), st.lists(st.integers(1, 30), max_size=4),
       st.integers(0, 3))
def test_description_bits_monotone_in_coefficients_and_transient(coeffs, transient, pos):
    pos %= len(coeffs)
    base = CFPattern.signed("+", _seq(transient, coeffs, [1]))
    grown = list(coeffs)
    grown[pos] += 1 if grown[pos] >= 0 else -1
    assert K.description_bits(CFPattern.signed("+", _seq(transient, grown, [1]))) >= K.description_bits(base)
    assert K.description_bits(CFPattern.signed("+", _seq(transient + [1], coeffs, [1]))) > K.description_bits(base)


# --------------------------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------------------------

ARGS = ["experiment", "complexity", "--terms", "300", "--bits", "20000"]


def test_cli_json():
    res = CliRunner().invoke(main, ARGS + ["--format", "json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert doc["experiment"] == "complexity" and doc["parameters"]["terms"] == 300
    src = doc["results"]["sources"]
    assert list(src) == ["e", "tan(1)", "pi", "random real", "primes", "random bits"]
    for name, rec in src.items():
        assert rec["verdict"].startswith(name)
        for ser in rec["compression"].values():
            assert ser["serialisation"]
            for comp, e in ser["compressors"].items():
                assert comp in ("zlib", "bz2", "lzma", "zstd")
                assert {"bits_per_symbol", "shuffled", "iid"} <= set(e)
        assert {"normalized", "shuffled", "iid"} <= set(rec["lz76"])
    assert src["e"]["linear_complexity"]["final_L"] == 7
    assert abs(src["pi"]["linear_complexity"]["final_L_over_n"] - 0.5) < 0.05
    assert src["e"]["pattern"]["found"] and src["e"]["pattern"]["description_bits"] == 41
    lz = src["e"]["compression"]["decimal text"]["compressors"]["lzma"]
    assert lz["bits_per_symbol"] < lz["shuffled"]["mean"]
    rb = src["random bits"]["compression"]["packed bits"]["compressors"]["lzma"]
    assert 0.95 < rb["bits_per_symbol"] < 1.1


def test_cli_plot_and_text(tmp_path):
    out = tmp_path / "cx.png"
    res = CliRunner().invoke(main, ARGS + ["--surrogates", "1", "--plot", str(out), "--save"])
    assert res.exit_code == 0, res.output
    assert out.stat().st_size > 1000 and out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "verdict: e:" in res.output and "plot written to" in res.output
    assert "saved as experiment run" in res.output


@pytest.mark.parametrize("bad", [["--terms", "5"], ["--bits", str(10**8)], ["--surrogates", "0"],
                                 ["--seed", "-1"]])
def test_cli_bad_parameters(bad):
    res = CliRunner().invoke(main, ["experiment", "complexity", *bad])
    assert res.exit_code != 0
    assert "Error:" in res.output and "Traceback" not in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)
