"""The registry of classical continued fractions against the engine's certified expansions.

Every pattern in cf/classical_entries.py is typed from its theorem; here each one must reproduce
the certified signed expansion of its value (search.expansion.expand, exact interval arithmetic)
term for term, and the families must resolve the way the mathematics says.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from cf.classical import (
    QUADRATIC_RULE,
    classical_entry,
    classical_families,
    classical_match,
    coth_inverse,
    cot_inverse_signed,
    euler_exp_inverse,
    euler_exp_two_over,
    lehmer_bessel,
    registry,
    tan_inverse,
    tanh_inverse,
)
from cf.family import family_key
from cf.pattern import InterlacedSequence, decode_interlaced
from cf.polynomial import Polynomial as P
from search.expansion import expand

TERMS = 64
REGISTRY = registry()


def _decoded(expr: str, signs: str, n: int = 120) -> InterlacedSequence:
    inter = decode_interlaced(expand(expr, signs, n).terms)
    assert inter is not None
    return inter


@pytest.mark.parametrize("entry", REGISTRY, ids=[f"{e.value}[{e.signs}]" for e in REGISTRY])
def test_every_entry_is_the_certified_expansion_of_its_value(entry):
    assert list(expand(entry.value, entry.signs, TERMS).terms) == entry.pattern.terms(TERMS)


def test_registry_covers_every_theorem_and_both_ends_of_each_range():
    values = {(e.value, e.signs) for e in REGISTRY}
    for v in ("exp(1)", "exp(1/24)", "exp(2)", "exp(2/23)", "coth(1)", "coth(1/24)", "tanh(1)",
              "tanh(1/24)", "tan(1)", "tan(1/24)"):
        assert (v, "+") in values
    assert ("cot(1)", "-") in values and ("cot(1/24)", "-") in values
    assert ("besseli(0,2)/besseli(1,2)", "+") in values          # A = 0, D = 1
    assert ("besseli(7/8,1/4)/besseli(15/8,1/4)", "+") in values  # A = 7, D = 8
    assert "exp(2/2)" not in {v for v, _ in values} and len(REGISTRY) == 24 * 5 + 12 + 36
    assert registry(3, 1) == (
        *(euler_exp_inverse(m) for m in (1, 2, 3)), euler_exp_two_over(1), euler_exp_two_over(3),
        *(coth_inverse(m) for m in (1, 2, 3)), *(tanh_inverse(m) for m in (1, 2, 3)),
        *(tan_inverse(m) for m in (1, 2, 3)), *(cot_inverse_signed(m) for m in (1, 2, 3)),
        lehmer_bessel(0, 1))


@pytest.mark.parametrize("expr, entry", [
    ("exp(1/3)", euler_exp_inverse(3)),
    ("coth(1/3)", coth_inverse(3)),
    ("besseli(0,1)/besseli(1,1)", lehmer_bessel(0, 2)),
    ("tan(1/2)", tan_inverse(2)),
    ("exp(2/3)", euler_exp_two_over(3)),
    ("e", euler_exp_inverse(1)),
    ("sqrt(e)", euler_exp_inverse(2)),
    ("exp(2)", euler_exp_two_over(1)),
    ("tan(1)", tan_inverse(1)),
    ("tanh(1)", coth_inverse(1)),             # tanh's family is coth's
    ("(e+1)/(e-1)", coth_inverse(2)),         # coth(1/2)
    ("besseli(0,2)/besseli(1,2)", lehmer_bessel(0, 1)),
    ("1/tan(1/5)", tan_inverse(5)),           # cot's simple CF shares tan's tail
])
def test_the_simple_cf_of_a_classical_constant_is_matched_to_its_entry(expr, entry):
    inter = _decoded(expr, "+")
    found = classical_entry(inter, "+")
    assert found is not None
    assert (found.value, found.parameters, found.signs) == (entry.value, entry.parameters, "+")
    text = classical_match(inter, "+")
    assert text == found.describe() and text.startswith(entry.instance + " (")


def test_signed_lambert_cot_is_matched_and_its_simple_cf_is_another_family():
    signed = _decoded("cot(1/4)", "-")
    assert classical_entry(signed, "-").value == "cot(1/4)"
    simple = _decoded("cot(1/4)", "+")
    assert classical_entry(simple, "+").value == "tan(1/4)"
    assert family_key(signed, "-") != family_key(simple, "+")


def test_a_family_key_passed_in_gives_the_same_answer():
    inter = _decoded("exp(1/5)", "+")
    assert classical_match(inter, "+", key=family_key(inter, "+")) == classical_match(inter, "+")
    assert classical_match(inter, "+", key="F000000000000") is None


@pytest.mark.parametrize("pattern, signs", [
    (InterlacedSequence((), (P((1, 0, 3)),)), "+"),             # 3k^2 + 1
    (InterlacedSequence((2,), (P((1, 0, 3)), P((2,)))), "+-"),
    (InterlacedSequence((1,), (P((1, 1, 1)), P((5, 2)))), "+"),  # k^2 + k + 1, 2k + 5
    (InterlacedSequence((3,), (P((2,)),)), "-"),                # 3 - 1/(2 - 1/(2 - ...)) = 2: rational
    (InterlacedSequence((), (P((1,)),)), "-"),                  # 1 - 1/(1 - ...): does not converge
])
def test_non_classical_patterns_are_not_matched(pattern, signs):
    assert classical_match(pattern, signs) is None
    assert classical_entry(pattern, signs) is None


def test_the_minus_expansion_of_pi_is_not_classical():
    # 100 terms of pi's '-' expansion end in a run of 2s: a periodic tail whose fraction is rational
    inter = _decoded("pi", "-", 100)
    assert all(p.degree == 0 for p in inter.channels)
    assert classical_match(inter, "-") is None


@pytest.mark.parametrize("expr, signs", [("sqrt(2)", "+"), ("(1+sqrt(5))/2", "+"), ("sqrt(7)", "+"),
                                         ("sqrt(3)", "-"), ("(3+sqrt(13))/2", "+-")])
def test_periodic_patterns_of_quadratic_irrationals_are_named_by_the_rule(expr, signs):
    inter = _decoded(expr, signs, 80)
    assert all(p.degree == 0 for p in inter.channels)
    assert classical_match(inter, signs) == QUADRATIC_RULE
    assert classical_entry(inter, signs) is None


def test_families_coincide_exactly_where_the_tails_do():
    groups: dict[str, list[str]] = defaultdict(list)
    for e in REGISTRY:
        groups[family_key(e.pattern, e.signs)].append(e.value)
    shared = sorted(sorted(g) for g in groups.values() if len(g) > 1)
    # tanh(1/m) = [0; coth(1/m)], and coth(1/m) = [m; 3m, 5m, ...] shares the tail of Lehmer's
    # [3m; 5m, 7m, ...] with D = 2m, A = m (listed for 2m <= 8 only)
    expected = []
    for m in range(1, 25):
        group = [coth_inverse(m).value, tanh_inverse(m).value]
        if 2 * m <= 8:
            group.append(lehmer_bessel(m, 2 * m).value)
        expected.append(sorted(group))
    assert shared == sorted(expected)
    assert len(classical_families()) == len(groups) == len(REGISTRY) - 24 - 4


def test_a_shared_family_keeps_the_simplest_entry_and_mentions_the_others():
    fam = classical_families()[family_key(coth_inverse(2).pattern, "+")]
    assert fam.value == "coth(1/2)"
    assert fam.also == ("tanh(1/2) (J. H. Lambert, 1768)", "besseli(1/2,1/2)/besseli(3/2,1/2) (D. H. Lehmer, 1973)")
    assert "same family: tanh(1/2)" in fam.describe()
    lone = classical_families()[family_key(euler_exp_inverse(7).pattern, "+")]
    assert lone.also == () and lone.describe() == "Euler: e^(1/m) = [1; m-1, 1, 1, 3m-1, ...], m = 7 (L. Euler, 1744)"


def test_the_contracted_m1_forms_share_the_general_formula_tail():
    # [1; 0, 1, 1, 2, 1, 1, 4, ...] (e^(1/m) at m = 1) and [1; 0, 6, 2, 1, 1, 3, 18, ...] (e^(2/m) at m = 1)
    general_e = InterlacedSequence((1,), (P((0, 2)), P((1,)), P((1,))))
    general_e2 = InterlacedSequence((1,), (P((0, 3)), P((6, 12)), P((2, 3)), P((1,)), P((1,))))
    general_tan = InterlacedSequence((0, 0), (P((1,)), P((1, 2))))
    assert family_key(general_e, "+") == family_key(euler_exp_inverse(1).pattern, "+")
    assert family_key(general_e2, "+") == family_key(euler_exp_two_over(1).pattern, "+")
    assert family_key(general_tan, "+") == family_key(tan_inverse(1).pattern, "+")


def test_citations_and_latex():
    for e in REGISTRY:
        assert e.citation and e.short_citation[-4:].isdigit() and e.short_citation in e.describe()
    assert "Scripta Math. 29 (1973)" in lehmer_bessel(1, 3).citation
    tex = euler_exp_two_over(3).latex()
    assert tex.startswith(r"e^{2/3} = 1 + \cfrac{1}{1 + \cfrac{1}{18 + \cfrac{1}{7 + ")
    assert cot_inverse_signed(2).latex().startswith(r"\cot(1/2) = 2 - \cfrac{1}{6 - ")


@pytest.mark.parametrize("make, args", [(euler_exp_two_over, (4,)), (euler_exp_inverse, (0,)),
                                        (lehmer_bessel, (-1, 1)), (lehmer_bessel, (0, 0)), (coth_inverse, (-2,))])
def test_parameters_outside_a_theorem_are_refused(make, args):
    with pytest.raises(ValueError):
        make(*args)
