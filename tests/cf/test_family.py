"""Family keys and tail alignment (cf/family.py) against term-by-term computations.

Two signed continued fractions are of one family when their pairs ``(a_n, b_n)`` agree from
some indices ``i`` and ``j`` on.  The references here never look at the canonical form: they
generate the pairs with :meth:`InterlacedSequence.term` and a sign lookup written below, and
search for a common window by brute force.  Patterns are kept small (coefficients <= 5, degree
<= 2, periods <= 3) so that any true alignment has both indices below the search bound, and a
window of 160 pairs spans >= 26 periods, so a matching window proves the tails are equal.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from cf.family import _canonical, _cached_canonical, _canonical_with_offset, canonical_tail, family_key, tail_alignment
from cf.pattern import InterlacedSequence, decode_interlaced
from cf.polynomial import Polynomial as P

WINDOW = 160
BOUND = 48


def _b(signs: str, n: int) -> int:
    return 1 if signs[n % len(signs)] == "+" else -1


def _pairs(a: InterlacedSequence, signs: str, count: int, start: int = 0) -> list[tuple]:
    return [(a.term(n), _b(signs, n)) for n in range(start, start + count)]


def _brute_alignment(a1, s1, a2, s2):
    """Some (i, j) < BOUND with equal windows of WINDOW pairs, or None."""
    x = _pairs(a1, s1, BOUND + WINDOW)
    y = _pairs(a2, s2, BOUND + WINDOW)
    for i in range(BOUND):
        for j in range(BOUND):
            if x[i] == y[j] and x[i:i + WINDOW] == y[j:j + WINDOW]:
                return i, j
    return None


def _assert_aligned(a1, s1, a2, s2, ij, count=WINDOW):
    i, j = ij
    assert i >= len(a1.transient) and j >= len(a2.transient)
    assert _pairs(a1, s1, count, i) == _pairs(a2, s2, count, j)


def _rotate(signs: str, r: int) -> str:
    r %= len(signs)
    return signs[r:] + signs[:r]


@st.composite
def channels(draw):
    kind = draw(st.integers(0, 3))
    c0 = draw(st.integers(1, 5))
    if kind == 0:
        return P((c0,))
    if kind == 1:
        return P((c0, draw(st.integers(1, 4))))
    if kind == 2:
        return P((c0, draw(st.integers(0, 3)), draw(st.integers(1, 2))))
    m = draw(st.integers(1, 3))  # c0 + m k(k+1)/2: integer-valued with half-integer coefficients
    return P((c0, Fraction(m, 2), Fraction(m, 2)))


@st.composite
def patterns(draw, max_transient=3, max_period=3):
    transient = tuple(draw(st.lists(st.integers(1, 9), max_size=max_transient)))
    chans = tuple(draw(st.lists(channels(), min_size=1, max_size=max_period)))
    return InterlacedSequence(transient, chans)


signs_st = st.text(alphabet="+-", min_size=1, max_size=3)


def _shifted_member(a1, s1, drop, prefix):
    """Decode ``prefix + a1[drop:]`` from its terms; the sign period rotated to match."""
    L = len(prefix)
    truth = lambda m: prefix[m] if m < L else a1.term(m - L + drop)  # noqa: E731
    a2 = decode_interlaced([truth(m) for m in range(150)])
    assert a2 is not None
    assert a2.terms(300) == [truth(m) for m in range(300)]
    return a2, _rotate(s1, drop - L)


@settings(max_examples=100, deadline=None)
@given(patterns(), signs_st, st.integers(0, 10), st.lists(st.integers(1, 30), max_size=3))
def test_dropping_terms_and_prepending_a_transient_stays_in_the_family(a1, s1, drop, prefix):
    a2, s2 = _shifted_member(a1, s1, drop, prefix)
    # the construction itself: from m = len(prefix) on, member m is pattern m - L + drop
    L = len(prefix)
    assert _pairs(a2, s2, 100, L) == _pairs(a1, s1, 100, drop)
    ij = tail_alignment(a1, s1, a2, s2)
    assert ij is not None
    _assert_aligned(a1, s1, a2, s2, ij, count=120)
    ji = tail_alignment(a2, s2, a1, s1)
    assert ji is not None
    _assert_aligned(a2, s2, a1, s1, ji, count=120)
    assert family_key(a1, s1) == family_key(a2, s2)


@settings(max_examples=60, deadline=None)
@given(patterns(), signs_st, st.integers(0, 10), st.lists(st.integers(1, 30), max_size=3), st.integers(0, 2))
def test_a_flipped_sign_is_another_family(a1, s1, drop, prefix, pos):
    # a periodic sign word with another number of '-' per period is no rotation of the first
    a2, s2 = _shifted_member(a1, s1, drop, prefix)
    pos %= len(s2)
    flipped = s2[:pos] + ("+" if s2[pos] == "-" else "-") + s2[pos + 1:]
    assert tail_alignment(a1, s1, a2, flipped) is None
    assert family_key(a1, s1) != family_key(a2, flipped)
    assert _brute_alignment(a1, s1, a2, flipped) is None


@settings(max_examples=100, deadline=None)
@given(patterns(), signs_st, st.integers(0, 10), st.data())
def test_a_changed_channel_is_another_family(a1, s1, drop, data):
    # Shifts permute the channels (as polynomials in n) and keep their leading coefficients and
    # the values of the constant ones: raising one of those makes the multiset differ.
    r = data.draw(st.integers(0, a1.period - 1))
    cs = list(a1.channels[r].coeffs)
    cs[-1] += 1
    chans = list(a1.channels)
    chans[r] = P(tuple(cs))
    a2 = InterlacedSequence(a1.transient, tuple(chans))
    s2 = _rotate(s1, drop)
    assert tail_alignment(a1, s1, a2, s2) is None
    assert family_key(a1, s1) != family_key(a2, s2)
    assert _brute_alignment(a1, s1, a2, s2) is None


@st.composite
def pattern_pairs(draw):
    """Independent patterns, or one pattern and a variant that may or may not share its tail."""
    a1, s1 = draw(patterns()), draw(signs_st)
    how = draw(st.integers(0, 3))
    if how == 0:
        return a1, s1, draw(patterns()), draw(signs_st)
    if how == 1:  # same channels, other transient, any sign period
        t = tuple(draw(st.lists(st.integers(1, 9), max_size=3)))
        return a1, s1, InterlacedSequence(t, a1.channels), draw(signs_st)
    if how == 2:  # channels rotated, transient changed, period rotated by a random amount
        u = draw(st.integers(0, a1.period - 1))
        chans = a1.channels[u:] + a1.channels[:u]
        t = tuple(draw(st.lists(st.integers(1, 9), max_size=3)))
        return a1, s1, InterlacedSequence(t, chans), _rotate(s1, draw(st.integers(0, 2)))
    # channels shifted in k by a small amount (k -> k + m): a shift of the tail for one channel
    m = draw(st.integers(1, 3))
    chans = tuple(P(tuple(_shift(c.coeffs, m))) for c in a1.channels)
    return a1, s1, InterlacedSequence(a1.transient, chans), _rotate(s1, draw(st.integers(0, 2)))


def _shift(coeffs, m):
    """Coefficients of p(k + m), by expanding the powers (independent of cf.family)."""
    from math import comb

    out = [Fraction(0)] * len(coeffs)
    for j, c in enumerate(coeffs):
        for i in range(j + 1):
            out[i] += Fraction(c) * comb(j, i) * m ** (j - i)
    return out


@settings(max_examples=200, deadline=None)
@given(pattern_pairs())
def test_alignment_agrees_with_brute_force_and_the_key(case):
    a1, s1, a2, s2 = case
    ij = tail_alignment(a1, s1, a2, s2)
    brute = _brute_alignment(a1, s1, a2, s2)
    if brute is not None:
        assert ij is not None, f"tails agree from {brute} but no alignment was found"
    if ij is not None:
        _assert_aligned(a1, s1, a2, s2, ij)
    assert (family_key(a1, s1) == family_key(a2, s2)) == (ij is not None)
    assert (canonical_tail(a1, s1) == canonical_tail(a2, s2)) == (ij is not None)


@settings(max_examples=60, deadline=None)
@given(patterns(), signs_st, st.integers(2, 3), st.data())
def test_rewriting_the_same_sequence_keeps_key_and_aligns_at_equal_terms(a, signs, m, data):
    # the same sequence written with period m*N (channel r + N t is P_r(m k + t)) ...
    N = a.period
    chans = []
    for t in range(m):
        for r in range(N):
            cs = a.channels[r].coeffs
            # P_r(m k + t) by expanding (m k + t)^j
            poly = [Fraction(0)] * len(cs)
            for j, c in enumerate(cs):
                for i in range(j + 1):
                    from math import comb
                    poly[i] += Fraction(c) * comb(j, i) * m ** i * t ** (j - i)
            chans.append(P(tuple(poly)))
    wide = InterlacedSequence(a.transient, tuple(chans))
    assert wide.terms(200) == a.terms(200)
    # ... or with its first period moved into the transient
    longer = InterlacedSequence(tuple(a.terms(len(a.transient) + N)), tuple(P(tuple(_shift(c.coeffs, 1))) for c in a.channels))
    assert longer.terms(200) == a.terms(200)
    # ... or with the sign period written twice
    for other, s2 in ((wide, signs), (longer, signs), (a, signs * 2)):
        assert family_key(other, s2) == family_key(a, signs)
        ij = tail_alignment(a, signs, other, s2)
        assert ij is not None
        _assert_aligned(a, signs, other, s2, ij)
        # the sequences are equal, so the pattern's own pairs agree from i and from j
        i, j = ij
        assert _pairs(a, signs, 60, j) == _pairs(a, signs, 60, i)


@settings(max_examples=100, deadline=None)
@given(patterns(), signs_st)
def test_cached_and_uncached_canonical_forms_agree(a, signs):
    # the cache keys on the transient-free tail: the value must not depend on the transient
    assert _same_form(_canonical(a, signs), _canonical_with_offset(a, signs), a, signs)
    rebuilt = InterlacedSequence(tuple(t + 1 for t in a.transient),
                                 tuple(P(tuple(c.coeffs)) for c in a.channels))
    assert family_key(rebuilt, signs) == family_key(a, signs)
    assert _same_form(_canonical(rebuilt, signs), _canonical_with_offset(rebuilt, signs), rebuilt, signs)
    before = family_key(a, signs)
    _cached_canonical.cache_clear()
    assert family_key(a, signs) == before
    assert _same_form(_canonical(a, signs), _canonical_with_offset(a, signs), a, signs)


def _same_form(cached, direct, a, signs) -> bool:
    """One normal form, and each offset maps its terms onto the pattern's (a periodic tail
    admits several offsets, a period apart; a non-constant one exactly one)."""
    (key1, off1), (key2, off2) = cached, direct
    if key1 != key2:
        return False
    if any(p.degree > 0 for p in a.channels) and off1 != off2:
        return False
    return _maps_onto(key1, off1, a, signs) and _maps_onto(key2, off2, a, signs)


def _maps_onto(key, offset, a, signs) -> bool:
    """The normal form's pair ``n`` is the pattern's pair ``n + offset`` (from the transient's end on)."""
    M = len(key)
    start = max(0, len(a.transient) - offset)
    for n in range(start, start + 3 * M + 6):
        sign, coeffs = key[n % M]
        value = sum(Fraction(num, den) * n ** j for j, (num, den) in enumerate(coeffs))
        b = 1 if signs[(n + offset) % len(signs)] == "+" else -1
        if (value, sign) != (a.term(n + offset), b):
            return False
    return True


def test_classical_examples():
    e = InterlacedSequence((2,), (P((1,)), P((2, 2)), P((1,))))
    # (e + 1)/(e - 1) = [2; 6, 10, 14, ...] is not of e's family; 1/(e - 2) = [1; 2, 1, 1, 4, ...] is
    coth = InterlacedSequence((), (P((2, 4)),))
    assert tail_alignment(e, "+", coth, "+") is None
    inv = InterlacedSequence((1,), (P((2, 2)), P((1,)), P((1,))))
    i, j = tail_alignment(e, "+", inv, "+")
    assert i - j == 1 and _pairs(e, "+", 100, i) == _pairs(inv, "+", 100, j)
    assert family_key(e, "+") == family_key(inv, "+") != family_key(coth, "+")
    # the terms of e grow, so no shift maps them to themselves: '+-' and '-+' differ
    assert tail_alignment(e, "+-", e, "-+") is None
    assert tail_alignment(e, "+-", e, "+-") is not None
