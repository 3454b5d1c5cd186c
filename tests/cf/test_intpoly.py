"""Integer polynomial arithmetic: the closed-form coprimality test agrees with the gcd, and gcds
of known factorisations."""

from itertools import product

from hypothesis import given, strategies as st

from cf.intpoly import content, coprime, exact_quotient, gcd_z, horner, primitive_part, trim

def test_fast_coprime_matches_gcd():
    polys = []
    for coeffs in product(range(-2, 3), repeat=3):
        p = list(coeffs)
        while p and p[-1] == 0:
            p.pop()
        if p:
            polys.append(tuple(p))
    for p in polys:
        for q in polys[::7]:
            assert coprime(p, q) == (len(gcd_z(p, q)) == 1), (p, q)


def testgcd_z():
    assert gcd_z((-1, 0, 1), (2, 2)) == (1, 1)
    assert gcd_z((2, 4), (6, 12)) == (1, 2)
    assert gcd_z((1, 0, 1), (1, 1)) == (1,)
    assert gcd_z((-6, 11, -6, 1), (2, -3, 1)) == (2, -3, 1)  # (c-1)(c-2)(c-3), (c-1)(c-2)


small_polys = st.lists(st.integers(-9, 9), min_size=1, max_size=4).map(trim).filter(bool)


@given(small_polys, small_polys)
def test_gcd_divides_both_and_the_cofactors_are_exact(f, g):
    """By Gauss's lemma the primitive gcd divides the primitive part of f and of g over Z."""
    d = gcd_z(f, g)
    assert d and d[-1] > 0 and content(d) == 1
    for p in (f, g):
        part = primitive_part(p)
        q = exact_quotient(part, d)
        assert all(horner(q, x) * horner(d, x) == horner(part, x) for x in range(-3, 4))
    cf, cg = exact_quotient(primitive_part(f), d), exact_quotient(primitive_part(g), d)
    assert coprime(cf, cg)
