"""Interlaced polynomial sequences, their decoding, and CF patterns (cf/pattern.py)."""

from __future__ import annotations

import json
import random
from fractions import Fraction
from pathlib import Path

import mpmath
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cf.convergents import agreement_digits
from cf.pattern import CFPattern, InterlacedSequence, decode_interlaced
from cf.polynomial import Polynomial
from cf.signs import SignPeriodError

_REPO = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())  # the repository

ORACLE_PATH = _REPO / "tests" / "data" / "classic_sicf.json"
NS = {
    "CFPattern": CFPattern,
    "InterlacedSequence": InterlacedSequence,
    "Polynomial": Polynomial,
    "Fraction": Fraction,
}

P = Polynomial
E_SEQ = InterlacedSequence((2,), (P((1,)), P((2, 2)), P((1,))))


def _e2(n: int) -> int:
    if n == 0:
        return 7
    k, r = divmod(n - 1, 5)
    return [3 * k + 2, 1, 1, 3 * k + 3, 12 * k + 18][r]


# Closed forms (from the oracle's notes and the classical formulas), to check that a decoded
# pattern is the true one and not just something that fits 60 terms.
CLOSED_FORMS = {
    ("e", "+"): lambda n: 2 if n == 0 else (2 * ((n - 1) // 3) + 2 if (n - 1) % 3 == 1 else 1),
    ("e/(e-1)", "+-"): lambda n: n + 1 if n % 2 == 0 else 2,
    ("e-1", "-+"): lambda n: 2 if n % 2 == 0 else n + 2,
    ("(e+1)/(e-1)", "+"): lambda n: 4 * n + 2,
    ("e^2", "+"): _e2,
    ("tan(1)", "+"): lambda n: 1 if n % 2 == 0 else n,
    ("1/tan(1)", "-"): lambda n: 2 * n + 1,
    ("tanh(1)", "+"): lambda n: 0 if n == 0 else 2 * n - 1,
    ("sqrt(2)", "+"): lambda n: 1 if n == 0 else 2,
    ("(1+sqrt(5))/2", "+"): lambda n: 1,
    ("besseli(0,2)/besseli(1,2)", "+"): lambda n: n + 1,
    ("exp(1/2)", "+"): lambda n: 4 * (n // 3) + 1 if n % 3 == 1 else 1,
}

# The decodings that are fixed by the brief / the classical formulas.
EXPECTED_DECODING = {
    ("e", "+"): E_SEQ,
    ("e/(e-1)", "+-"): InterlacedSequence((), (P((1, 2)), P((2,)))),
    ("e-1", "-+"): InterlacedSequence((), (P((2,)), P((3, 2)))),
    ("(e+1)/(e-1)", "+"): InterlacedSequence((), (P((2, 4)),)),
    ("e^2", "+"): InterlacedSequence((7,), (P((2, 3)), P((1,)), P((1,)), P((3, 3)), P((18, 12)))),
    ("tan(1)", "+"): InterlacedSequence((), (P((1,)), P((1, 2)))),
    ("1/tan(1)", "-"): InterlacedSequence((), (P((1, 2)),)),
    ("tanh(1)", "+"): InterlacedSequence((0,), (P((1, 2)),)),
    ("sqrt(2)", "+"): InterlacedSequence((1,), (P((2,)),)),
    ("(1+sqrt(5))/2", "+"): InterlacedSequence((), (P((1,)),)),
    ("besseli(0,2)/besseli(1,2)", "+"): InterlacedSequence((), (P((1, 1)),)),
    ("exp(1/2)", "+"): InterlacedSequence((), (P((1,)), P((1, 4)), P((1,)))),
}

MP_VALUES = {
    ("e", "+"): lambda: mpmath.e,
    ("e/(e-1)", "+-"): lambda: mpmath.e / (mpmath.e - 1),
    ("e-1", "-+"): lambda: mpmath.e - 1,
    ("(e+1)/(e-1)", "+"): lambda: (mpmath.e + 1) / (mpmath.e - 1),
    ("e^2", "+"): lambda: mpmath.exp(2),
    ("tan(1)", "+"): lambda: mpmath.tan(1),
    ("1/tan(1)", "-"): lambda: 1 / mpmath.tan(1),
    ("tanh(1)", "+"): lambda: mpmath.tanh(1),
    ("sqrt(2)", "+"): lambda: mpmath.sqrt(2),
    ("(1+sqrt(5))/2", "+"): lambda: (1 + mpmath.sqrt(5)) / 2,
    ("besseli(0,2)/besseli(1,2)", "+"): lambda: mpmath.besseli(0, 2) / mpmath.besseli(1, 2),
    ("exp(1/2)", "+"): lambda: mpmath.exp(mpmath.mpf(1) / 2),
}


def load_cases() -> list[dict]:
    return json.loads(ORACLE_PATH.read_text())["cases"]


STRUCTURED = [c for c in load_cases() if c["structured"]]
CONTROLS = [c for c in load_cases() if not c["structured"]]


def _id(c):
    return f"{c['expression']} {c['signs']}"


# ---------------------------------------------------------------------------------------------
# InterlacedSequence
# ---------------------------------------------------------------------------------------------


def test_interlaced_sequence_basics():
    assert E_SEQ.terms(9) == [2, 1, 2, 1, 1, 4, 1, 1, 6]
    assert E_SEQ.terms(3, start=6) == [1, 1, 6]
    assert E_SEQ.term(0) == 2 and E_SEQ.term(32) == 22
    assert E_SEQ.period == 3
    assert E_SEQ.max_degree == 1
    assert E_SEQ.size == 1 + 1 + 2 + 1
    assert E_SEQ.general_term() == ["a(3k+1) = 1", "a(3k+2) = 2*k + 2", "a(3k+3) = 1"]
    assert str(E_SEQ) == "[2] then (1, 2*k + 2, 1)"
    lin = InterlacedSequence((), (P((2, 4)),))
    assert lin.general_term("j") == ["a(j) = 4*j + 2"]
    assert str(lin) == "(4*k + 2)"
    # transient given as a list of integer-likes is normalised
    seq = InterlacedSequence([Fraction(2), 3], [P((1,))])
    assert seq.transient == (2, 3) and isinstance(seq.channels, tuple)
    assert seq == InterlacedSequence((2, 3), (P((1,)),))
    with pytest.raises(ValueError):
        InterlacedSequence((1,), ())


def test_non_integer_channels():
    half = InterlacedSequence((), (P((0, Fraction(1, 2))),))  # k/2
    assert half.term(1) == Fraction(1, 2)
    with pytest.raises(ValueError):
        half.terms(3)
    assert not half.is_integer_valued()
    tri = InterlacedSequence((5,), (P((0, Fraction(1, 2), Fraction(1, 2))), P((1,))))
    assert tri.is_integer_valued()
    assert tri.terms(9) == [5, 0, 1, 1, 1, 3, 1, 6, 1]


# ---------------------------------------------------------------------------------------------
# decode_interlaced on the oracle
# ---------------------------------------------------------------------------------------------


def test_closed_forms_match_oracle():
    for c in STRUCTURED:
        f = CLOSED_FORMS[(c["expression"], c["signs"])]
        assert [f(n) for n in range(60)] == c["terms"], _id(c)
    assert len(STRUCTURED) == len(CLOSED_FORMS)


def test_doc_example():
    assert decode_interlaced([2, 1, 2, 1, 1, 4, 1, 1, 6, 1, 1, 8, 1, 1, 10, 1, 1, 12]) == E_SEQ


@pytest.mark.parametrize("case", STRUCTURED, ids=_id)
def test_decode_structured_oracle_cases(case):
    key = (case["expression"], case["signs"])
    seq = decode_interlaced(case["terms"])
    assert seq is not None
    assert seq.period <= 6
    assert seq.terms(60) == case["terms"]
    assert seq == EXPECTED_DECODING[key]
    # the decoded pattern is the true formula: it predicts far beyond the 60 given terms
    f = CLOSED_FORMS[key]
    assert seq.terms(300) == [f(n) for n in range(300)]
    # and the pattern, extended to 120 terms, evaluates to the constant
    pat = CFPattern.signed(case["signs"], seq)
    ev = pat.evaluate(120)
    with mpmath.workdps(120):
        digits = agreement_digits(ev.p, ev.q, MP_VALUES[key](), 100)
    assert digits > 40, (key, digits)


def test_decode_e_plus_and_e_over_e_minus_1_explicitly():
    by = {(c["expression"], c["signs"]): c["terms"] for c in load_cases()}
    e = decode_interlaced(by[("e", "+")])
    assert e.transient == (2,)
    assert [str(p) for p in e.channels] == ["1", "2*k + 2", "1"]
    f = decode_interlaced(by[("e/(e-1)", "+-")])
    assert f.transient == () and [str(p) for p in f.channels] == ["2*k + 1", "2"]
    g = decode_interlaced(by[("(e+1)/(e-1)", "+")])
    assert g.transient == () and [str(p) for p in g.channels] == ["4*k + 2"]


@pytest.mark.parametrize("case", CONTROLS, ids=_id)
def test_negative_controls_do_not_decode(case):
    assert {(c["expression"], c["signs"]) for c in CONTROLS} == {("e", "-"), ("pi", "+")}
    assert decode_interlaced(case["terms"]) is None


def test_decode_random_sequences_is_none():
    rng = random.Random(20240601)
    for _ in range(40):
        vals = [rng.randint(1, 10**6) for _ in range(60)]
        assert decode_interlaced(vals) is None


def test_decode_parameters():
    by = {(c["expression"], c["signs"]): c["terms"] for c in load_cases()}
    e = by[("e", "+")]
    assert decode_interlaced(e, max_period=2) is None
    assert decode_interlaced(e, max_transient=0) is None  # the leading 2 must be a transient
    assert decode_interlaced(e, max_degree=0) is None
    assert decode_interlaced(by[("besseli(0,2)/besseli(1,2)", "+")], max_degree=0) is None
    # e^2 needs period 5
    assert decode_interlaced(by[("e^2", "+")], max_period=4) is None
    assert decode_interlaced(by[("e^2", "+")], max_period=5).period == 5
    assert decode_interlaced([]) is None
    assert decode_interlaced([5, 5]) is None  # not enough confirmation
    assert decode_interlaced([5, 5, 5]) == InterlacedSequence((), (P((5,)),))
    assert decode_interlaced(e[:8]) is None  # too short to confirm the 2k + 2 channel


# ---------------------------------------------------------------------------------------------
# decode_interlaced round trip (hypothesis)
# ---------------------------------------------------------------------------------------------


@st.composite
def interlaced(draw):
    period = draw(st.integers(1, 4))
    transient = tuple(draw(st.lists(st.integers(-20, 20), min_size=0, max_size=3)))
    channels = []
    for _ in range(period):
        deg = draw(st.integers(0, 2))
        cs = draw(st.lists(st.integers(-6, 6), min_size=deg + 1, max_size=deg + 1))
        channels.append(P(tuple(cs)))
    return InterlacedSequence(transient, tuple(channels))


@settings(max_examples=150, deadline=None)
@given(seq=interlaced())
def test_decode_round_trip(seq):
    terms = seq.terms(80)
    dec = decode_interlaced(terms)
    assert dec is not None
    # possibly simpler (e.g. equal channels merge) but it generates the same sequence
    assert dec.terms(200) == seq.terms(200)
    assert dec.size <= seq.size
    assert dec.period <= seq.period
    assert dec.max_degree <= seq.max_degree


# ---------------------------------------------------------------------------------------------
# CFPattern
# ---------------------------------------------------------------------------------------------


def test_cfpattern_signed_e():
    pat = CFPattern.signed("+", E_SEQ)
    assert pat.signs == "+"
    assert repr(pat) == (
        "CFPattern.signed('+', InterlacedSequence(transient=(2,), channels=(Polynomial((1,)), "
        "Polynomial((2, 2)), Polynomial((1,)))))"
    )
    assert eval(repr(pat), NS) == pat
    assert str(pat) == "signs '+': transient [2]; a(3k+1) = 1; a(3k+2) = 2*k + 2; a(3k+3) = 1"
    tex = pat.latex("e")
    assert tex == (
        r"e = 2 + \cfrac{1}{1 + \cfrac{1}{2 + \cfrac{1}{1 + \cfrac{1}{\ddots}}}}"
        r", \quad a_{3k+1} = 1,\ a_{3k+2} = 2 k + 2,\ a_{3k+3} = 1"
    )
    assert r"\cfrac" in tex and "2 k + 2" in tex
    assert pat._repr_latex_() == "$" + pat.latex() + "$"
    assert pat.partial_denominators(6) == [2, 1, 2, 1, 1, 4]
    assert pat.partial_numerators(6) == [1] * 6
    ev = pat.evaluate(150)
    with mpmath.workdps(400):
        assert agreement_digits(ev.p, ev.q, mpmath.e, 300) > 150


def test_cfpattern_signed_mixed_signs():
    seq = InterlacedSequence((), (P((1, 2)), P((2,))))
    pat = CFPattern.signed("+-", seq)
    assert pat.signs == "+-"
    assert pat.partial_numerators(5) == [1, -1, 1, -1, 1]
    assert eval(repr(pat), NS) == pat
    tex = pat.latex(r"\frac{e}{e-1}", terms_shown=2)
    assert tex.startswith(r"\frac{e}{e-1} = 1 + \cfrac{1}{2 - \cfrac{1}{3 + \cfrac{1}{\ddots}}}")
    assert r"a_{2k} = 2 k + 1" in tex and r"a_{2k+1} = 2" in tex
    assert r"b_n = \text{+-}[n \bmod 2]" in tex
    assert str(pat) == "signs '+-': a(2k) = 2*k + 1; a(2k+1) = 2"
    ev = pat.evaluate(100)
    with mpmath.workdps(200):
        assert agreement_digits(ev.p, ev.q, mpmath.e / (mpmath.e - 1), 150) > 80
    with pytest.raises(SignPeriodError):
        CFPattern.signed("+x", seq)


@settings(max_examples=100, deadline=None)
@given(seq=interlaced(), signs=st.text(alphabet="+-", min_size=1, max_size=6))
def test_cfpattern_signed_repr_round_trip(seq, signs):
    pat = CFPattern.signed(signs, seq)
    assert pat.signs == signs
    back = eval(repr(pat), NS)
    assert back == pat and back.signs == signs
    assert repr(back) == repr(pat)
    assert r"\cfrac" in pat.latex()
    for p in seq.channels:
        assert p.latex("k") in pat.latex()


def test_cfpattern_general_brouncker():
    """4/pi = 1 + 1^2/(2 + 3^2/(2 + 5^2/(2 + ...))): numerators (2k+1)^2, not a sign period."""
    a = InterlacedSequence((1,), (P((2,)),))
    b = InterlacedSequence((), (P((1, 4, 4)),))
    pat = CFPattern(a, b)
    assert pat.signs is None
    assert repr(pat).startswith("CFPattern(InterlacedSequence(")
    assert eval(repr(pat), NS) == pat
    assert pat.partial_numerators(4) == [1, 9, 25, 49]
    tex = pat.latex(r"\frac{4}{\pi}")
    assert tex.startswith(r"\frac{4}{\pi} = 1 + \cfrac{1}{2 + \cfrac{9}{2 + \cfrac{25}{2 + \cfrac{49}{\ddots}}}}")
    assert r"b_{k} = 4 k^{2} + 4 k + 1" in tex and r"a_{k+1} = 2" in tex
    assert str(pat).startswith("numerators (4*k^2 + 4*k + 1): ")
    ev = pat.evaluate(200)
    with mpmath.workdps(50):
        assert 2 < agreement_digits(ev.p, ev.q, 4 / mpmath.pi, 50) < 4


def test_cfpattern_signs_property_none_cases():
    a = InterlacedSequence((), (P((1, 1)),))
    assert CFPattern(a, InterlacedSequence((1,), (P((1,)),))).signs is None  # b transient
    assert CFPattern(a, InterlacedSequence((), (P((2,)),))).signs is None  # not +-1
    assert CFPattern(a, InterlacedSequence((), (P((1, 1)),))).signs is None  # not constant
    assert CFPattern(a, InterlacedSequence((), (P((-1,)), P((1,))))).signs == "-+"
    # a general pattern whose numerators happen to be a sign period reprs as .signed(...)
    pat = CFPattern(a, InterlacedSequence((), (P((-1,)), P((1,)))))
    assert repr(pat).startswith("CFPattern.signed('-+', ")
    assert eval(repr(pat), NS) == pat


def test_periodic_tails_that_cannot_be_irrational_are_recognised():
    from cf.pattern import converges_to_irrational

    two = (Polynomial((2,)),)
    # 2 - 1/(2 - 1/(2 - ...)) is parabolic: it converges (like 1/n) to the rational 1
    assert not converges_to_irrational(InterlacedSequence((3, 4), two), "-")
    # [1; 2, 2, ...] = sqrt(2), [1; 1, 1, ...] = golden ratio: hyperbolic, non-square discriminant
    assert converges_to_irrational(InterlacedSequence((1,), two), "+")
    assert converges_to_irrational(InterlacedSequence((), (Polynomial((1,)),)), "+")
    # 1 - 1/(1 - 1/(1 - ...)) cycles with period 3 (elliptic): no limit at all
    assert not converges_to_irrational(InterlacedSequence((), (Polynomial((1,)),)), "-")
    # 3 - 1/(3 - ...) has fixed points (3 +- sqrt 5)/2: irrational
    assert converges_to_irrational(InterlacedSequence((), (Polynomial((3,)),)), "-")
    # a channel that grows is not judged here
    assert converges_to_irrational(InterlacedSequence((), (Polynomial((1, 2)),)), "-")
