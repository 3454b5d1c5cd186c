"""The notebook API (discovery/notebook.py): queries, search, rendering, checks, tables."""

from __future__ import annotations

import html
import re
import sys
from fractions import Fraction

import mpmath
import pytest
import sympy

from discovery import notebook as nb

# ------------------------------------------------------------------------------------------------
# fixtures: one small in-memory search per constant, shared by the module (no database involved)
# ------------------------------------------------------------------------------------------------

CONSTANTS = ("e", "tan(1)", "exp(1/2)")


@pytest.fixture(scope="module")
def found() -> dict[str, nb.ConjectureList]:
    return {c: nb.search(c, coeff_limit=1, periods="1-2", store=False, workers=1).conjectures for c in CONSTANTS}


@pytest.fixture(scope="module")
def euler(found) -> nb.Conjecture:
    return next(c for c in found["e"] if c.lhs == "c - 1" and c.signs == "+")


def _all(found):
    return [c for cs in found.values() for c in cs]


# ------------------------------------------------------------------------------------------------
# LaTeX: structure, a LaTeX-to-text round trip, and sympy's parser
# ------------------------------------------------------------------------------------------------

ALLOWED_COMMANDS = {"frac", "cfrac", "ddots", "quad", "text", "bmod", "left", "right", "tan", "pi", "sqrt",
                    "zeta", "ln", "varphi", "gamma", "cdot"}
_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|[{}]|[^\\{}]")


def _check_structure(latex: str) -> str:
    """``$...$`` with balanced braces, known commands only, and two arguments after each fraction."""
    assert latex.startswith("$") and latex.endswith("$") and latex.count("$") == 2
    body = latex[1:-1]
    depth = 0
    tokens = _TOKEN.findall(body)
    assert "".join(tokens) == body
    for i, tok in enumerate(tokens):
        if tok == "{":
            depth += 1
        elif tok == "}":
            depth -= 1
            assert depth >= 0, f"unbalanced '}}' in {body}"
        elif tok.startswith("\\") and tok[1:].isalpha():
            assert tok[1:] in ALLOWED_COMMANDS, f"unexpected command {tok} in {body}"
            if tok in (r"\frac", r"\cfrac"):
                assert tokens[i + 1] == "{", f"{tok} without arguments"
    assert depth == 0, f"unbalanced braces in {body}"
    for m in re.finditer(r"\\c?frac", body):  # each fraction has exactly two brace groups
        j = m.end()
        for _ in range(2):
            assert body[j] == "{"
            level = 0
            while True:
                level += {"{": 1, "}": -1}.get(body[j], 0)
                j += 1
                if level == 0:
                    break
    return body


def _split(body: str) -> tuple[str, str, list[str]]:
    """``LHS = CF, \\quad general terms`` -> (LHS, CF, [general term, ...])."""
    head, _, general = body.partition(r", \quad ")
    lhs, _, cf = head.partition(" = ")
    return lhs, cf, [g for g in general.split(r",\ ") if g]


def _group(s: str, i: int) -> tuple[str, int]:
    """The brace group starting at s[i] == '{': (its content, index after it)."""
    assert s[i] == "{"
    level, j = 0, i
    while True:
        level += {"{": 1, "}": -1}.get(s[j], 0)
        j += 1
        if level == 0:
            return s[i + 1 : j - 1], j


def latex_to_text(s: str) -> str:
    """A LaTeX-to-text converter for the subset esma emits (fractions, powers, \\left(, functions)."""
    out, i = [], 0
    while i < len(s):
        if s.startswith(r"\cfrac", i) or s.startswith(r"\frac", i):
            i += 6 if s.startswith(r"\cfrac", i) else 5
            num, i = _group(s, i)
            den, i = _group(s, i)
            out.append(f"(({latex_to_text(num)})/({latex_to_text(den)}))")
        elif s.startswith(r"\left(", i):
            out.append("(")
            i += 6
        elif s.startswith(r"\right)", i):
            out.append(")")
            i += 7
        elif s.startswith(r"\ddots", i):
            out.append(" tail ")
            i += 6
        elif s.startswith(r"\tan", i):
            out.append(" tan")
            i += 4
        elif s[i] == "^":
            body, i = _group(s, i + 1)
            out.append(f"**({latex_to_text(body)})")
        elif s[i] == "{":
            body, i = _group(s, i)
            out.append(f"({latex_to_text(body)})")
        elif s[i] == "\\":
            raise AssertionError(f"unexpected command at {s[i:]!r}")
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def _sympify(text: str) -> sympy.Expr:
    from sympy.parsing.sympy_parser import (
        implicit_multiplication_application,
        parse_expr,
        standard_transformations,
    )

    return parse_expr(text, local_dict={"e": sympy.E, "tail": sympy.Symbol("tail"), "k": sympy.Symbol("k")},
                      transformations=standard_transformations + (implicit_multiplication_application,))


def _known_names(expr: sympy.Expr) -> sympy.Expr:
    """sympy's LaTeX parser leaves e, pi and zeta as plain symbols/functions: make them sympy's."""
    from sympy.core.function import AppliedUndef

    expr = expr.subs({sympy.Symbol("e"): sympy.E, sympy.Symbol("pi"): sympy.pi})
    return expr.replace(lambda x: isinstance(x, AppliedUndef) and x.func.__name__ == "zeta",
                        lambda x: sympy.zeta(*x.args))


def _close(expr: sympy.Expr, value: mpmath.mpf, digits: int = 30) -> bool:
    """A sympy expression agrees with an mpmath value to ``digits`` digits."""
    with mpmath.workdps(digits + 20):
        x = mpmath.mpf(str(sympy.N(expr, digits + 15)))
        return abs(x - value) <= abs(value) * mpmath.mpf(10) ** -digits


def _convergent(conj: nb.Conjecture, count: int) -> Fraction:
    a, b = conj.terms(count), conj.numerators(count)
    x = Fraction(a[-1])
    for i in range(count - 2, -1, -1):
        x = a[i] + Fraction(b[i]) / x
    return x


def test_latex_is_lhs_equals_cf_with_general_term(euler):
    latex = euler._repr_latex_()
    assert latex == "$" + euler.latex() + "$"
    assert latex.startswith("$e - 1 = 1 + \\cfrac{1}{1 + \\cfrac{1}{2 + ")
    assert "a_{3k+2} = 2 k + 2" in latex  # the general term of Euler's continued fraction
    assert euler.formula._repr_latex_() == latex
    assert str(euler.formula) == euler.latex()


def test_latex_structure_and_text_round_trip(found):
    """Every rendered conjecture: valid structure; LHS, CF and general terms survive a LaTeX-to-text trip."""
    k = sympy.Symbol("k")
    for conj in _all(found):
        body = _check_structure(conj._repr_latex_())
        lhs, cf, general = _split(body)
        # the LHS as text is the LHS value
        assert _close(_sympify(latex_to_text(lhs)), conj.value(50)), (conj, lhs)
        # the displayed levels of the CF, cut at \ddots, are the convergent of the first four terms
        shown = _sympify(latex_to_text(cf)).subs(sympy.Symbol("tail"), sympy.oo)
        assert sympy.Rational(shown) == sympy.Rational(_convergent(conj, 4)), (conj, cf)
        # each general term reproduces the pattern's partial quotients
        a_terms = [g for g in general if g.startswith("a_")]
        assert len(a_terms) == conj.period
        for g in a_terms:
            m = re.fullmatch(r"a_\{(.+)\} = (.+)", g)
            assert m, g
            index, poly = _sympify(latex_to_text(m.group(1))), _sympify(latex_to_text(m.group(2)))
            for kk in range(6):
                n = int(index.subs(k, kk))
                assert conj.pattern.a.term(n) == poly.subs(k, kk), (conj, g, n)
        if conj.signs == "-":
            assert "b_n = -1" in general
        elif conj.signs != "+":
            assert rf"b_n = \text{{{conj.signs}}}[n \bmod {len(conj.signs)}]" in general


def test_latex_parses_with_sympy(found):
    """sympy's LaTeX parser (ANTLR) reads the LHS, the CF levels and the general terms, with the right values."""
    pytest.importorskip("antlr4")
    from sympy.parsing.latex import parse_latex

    k = sympy.Symbol("k")
    for conj in _all(found):
        lhs, cf, general = _split(conj.latex())
        lhs_expr = _known_names(parse_latex(lhs))
        assert _close(lhs_expr, conj.value(50)), lhs
        cf_expr = parse_latex(cf.replace(r"\cfrac", r"\frac").replace(r"\ddots", "x"))
        assert sympy.Rational(cf_expr.subs(sympy.Symbol("x"), sympy.oo)) == sympy.Rational(_convergent(conj, 4))
        for g in general:
            if not g.startswith("a_"):
                continue
            eq = parse_latex(g)
            assert isinstance(eq, sympy.Equality)
            index = parse_latex(re.fullmatch(r"a_\{(.+)\} = .+", g).group(1))
            for kk in range(4):
                assert conj.pattern.a.term(int(index.subs(k, kk))) == eq.rhs.subs(k, kk), g


@pytest.mark.parametrize("constant", ["e", "pi", "tan(1)", "exp(1/2)", "sqrt2", "zeta3", "2*pi + 1", "exp(-1/2)",
                                      "log2", "pi^2/6"])
def test_constant_latex_has_the_constant_value(constant):
    pytest.importorskip("antlr4")
    from sympy.parsing.latex import parse_latex

    from search.constants import evaluate

    expr = _known_names(parse_latex(nb.constant_latex(constant)))
    assert _close(expr, evaluate(constant, 50))


def test_symbol_is_bracketed_when_it_is_a_sum():
    conj = nb.Conjecture({"constant": "2*pi + 1", "lhs_num": [1, 2], "lhs_den": [0, 1], "lhs_latex": "x"})
    assert conj.lhs_latex() == r"\frac{2 \left(2 \cdot \pi + 1\right) + 1}{\left(2 \cdot \pi + 1\right)}"


# ------------------------------------------------------------------------------------------------
# HTML card and table
# ------------------------------------------------------------------------------------------------


def test_html_card_shows_the_facts(euler):
    card = euler._repr_html_()
    for fact in ("a(3k+2) = 2*k + 2", "1000 verified", f"{euler.rate:.3f} digits/term", euler.family, "known"):
        assert html.escape(fact) in card
    assert card.count("<table") == card.count("</table>") == 1


def test_html_card_escapes_markup(euler):
    evil = nb.Conjecture({**euler.record, "lhs": "<script>alert(1)</script>", "known_as": 'x < y & "z"',
                          "family": "<b>F</b>", "constant": "<i>e</i>", "id": 7})
    card = evil._repr_html_()
    assert "<script>" not in card and "&lt;script&gt;alert(1)&lt;/script&gt;" in card
    assert "x &lt; y &amp; &quot;z&quot;" in card
    assert "<b>F</b>" not in card and "<i>e</i>" not in card
    table = nb.ConjectureList([evil])._repr_html_()
    assert "<script>" not in table and "&lt;script&gt;" in table


def test_repr_is_one_line_summary(euler):
    assert repr(euler).startswith("<Conjecture c - 1 = SICF '+' (c = e): 1000 digits")


# ------------------------------------------------------------------------------------------------
# checks and convergence
# ------------------------------------------------------------------------------------------------


def test_check_agrees_with_the_verified_digits(found):
    for conj in _all(found):
        res = conj.check()
        assert res.digits == conj.verified_digits
        assert res.ok and res.agreeing_digits >= conj.verified_digits, (conj, res)
        assert "agrees" in str(res)


def test_check_catches_a_wrong_formula(euler):
    wrong = nb.Conjecture({**euler.record, "transient": [2]})  # e - 1 with a_0 = 2: off by one
    res = wrong.check(100)
    assert not res.ok and res.agreeing_digits < 2
    assert "DISAGREES" in str(res)


def test_check_against_mpmath_directly(euler):
    with mpmath.workdps(80):
        assert abs(euler.value(60) - (mpmath.e - 1)) < mpmath.mpf(10) ** -55
    assert euler.check(300).ok


def test_convergence_grows_and_matches_the_rate(found, euler):
    curve = euler.convergence(60)
    assert [n for n, _ in curve] == list(range(1, 61))
    digits = [d for _, d in curve]
    assert digits[-1] > digits[10] > digits[0] >= 0
    # Euler's CF of e - 1 is the simple CF of e - 1: the two curves coincide
    assert euler.simple_cf(20) == euler.terms(20)
    simple = euler.simple_convergence(60)
    assert [n for n, _ in simple] == [n for n, _ in curve]
    assert [d for _, d in simple] == pytest.approx(digits)
    # an alternating-sign formula of e converges faster than the simple CF of its value
    fast = next(c for c in found["e"] if c.lhs == "c - 1" and c.signs == "-+")
    assert fast.convergence(60)[-1][1] > 1.3 * fast.simple_convergence(60)[-1][1]
    assert len(euler.convergence(60, step=10)) == 6


def test_plot_convergence(euler):
    import matplotlib

    matplotlib.use("Agg")
    ax = nb.plot_convergence(euler, 20)
    assert len(ax.lines) == 2
    import matplotlib.pyplot as plt

    plt.close("all")


# ------------------------------------------------------------------------------------------------
# tables
# ------------------------------------------------------------------------------------------------


def test_to_frame_without_pandas(found, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas -> ImportError
    rows = found["e"].to_frame()
    assert isinstance(rows, list) and len(rows) == len(found["e"])
    assert all(list(r) == nb.COLUMNS for r in rows)
    assert rows[0]["lhs"] == found["e"][0].lhs
    few = found["e"].to_frame(["lhs", "rate"])
    assert few == [{"lhs": c.lhs, "rate": c.rate} for c in found["e"]]
    assert nb.ConjectureList().to_frame() == []


def test_to_frame_with_pandas(found):
    pd = pytest.importorskip("pandas")
    frame = found["e"].to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == nb.COLUMNS and len(frame) == len(found["e"])


def test_list_helpers(found):
    cs = found["e"]
    assert isinstance(cs[:2], nb.ConjectureList) and len(cs[:2]) == 2
    assert len(cs.best()) == len(cs.families())
    assert len(cs.known()) + len(cs.new()) == len(cs)
    for key, members in cs.families().items():
        assert members[0].best_in_family and all(m.family == key for m in members)
    assert cs.records()[0] == cs[0].record
    assert "<table" in cs._repr_html_() and "(no conjectures)" in nb.ConjectureList()._repr_html_()


def test_record_access(euler):
    assert euler["lhs"] == euler.lhs == "c - 1"
    assert euler.get("missing", 3) == 3
    with pytest.raises(AttributeError):
        euler.no_such_field  # noqa: B018
    assert euler.terms(9) == [1, 1, 2, 1, 1, 4, 1, 1, 6]
    assert euler.numerators(3) == [1, 1, 1]
    assert euler.general_term() == ["a(3k) = 1", "a(3k+1) = 1", "a(3k+2) = 2*k + 2"]
    assert euler.expression == "(e) - 1"


# ------------------------------------------------------------------------------------------------
# the database: search, query with the CLI's filters
# ------------------------------------------------------------------------------------------------


def test_search_stores_and_conjectures_query_like_the_cli(tmp_path):
    from db import repository as repo

    url = str(tmp_path / "nb.sqlite")
    run = nb.search("e", coeff_limit=1, periods="1-2", db=url, workers=1)
    assert run.search_id is not None and run.database and len(run) > 0
    assert all(c.id is not None for c in run)
    assert "conjectures in" in run.summary() and "<table" in run._repr_html_()
    # running it again resumes: nothing left to do, the same conjectures
    again = nb.search("e", coeff_limit=1, periods="1-2", db=url, workers=1)
    assert again.search_id == run.search_id and again.stats["pairs"] == 0
    assert sorted(c.id for c in again) == sorted(c.id for c in run)

    db = nb.connect(url)
    try:
        for filters in ({}, {"constant": "e"}, {"best_per_family": True, "sort": "rate"}, {"known": True},
                        {"known": False}, {"min_digits": 1000, "limit": 3}, {"min_rate": 2.5},
                        {"search_id": run.search_id, "sort": "simplicity"}):
            mine = nb.conjectures(db, **filters)
            theirs = repo.query_conjectures(db, **filters)
            assert [c.record for c in mine] == theirs, filters
        assert [c.id for c in nb.conjectures(db, new=True)] == [c.id for c in nb.conjectures(db, known=False)]
        assert nb.conjectures(db, constant="tan( 1 )") == []  # normalised like the CLI, nothing stored
        assert len(nb.conjectures(db, constant=" e ")) == len(run)
        one = nb.conjecture(run[0].id, db)
        assert one.record == run[0].record
    finally:
        db.close()
    # the default database ($ESMA_DB, per test) is separate and empty
    assert nb.conjectures() == []
    assert nb.table(url, columns=["id"], limit=2) == [{"id": c.id} for c in nb.conjectures(url, limit=2)]
    with pytest.raises(ValueError):
        nb.conjectures(url, known=True, new=True)


def test_search_without_store_and_size_guard():
    run = nb.search("sqrt2", coeff_limit=1, periods="1", store=False, workers=1)
    assert run.search_id is None and all(c.get("id") is None for c in run)
    assert all(c.check(200).ok for c in run.best())
    with pytest.raises(ValueError, match="max_pairs"):
        nb.search("e", coeff_limit=3, periods="1-3", max_pairs=10, store=False)
    with pytest.raises(ValueError):
        nb.search("e", coeff_limit=0)


def test_small_flag(monkeypatch):
    monkeypatch.delenv(nb.SMALL_ENV, raising=False)
    assert not nb.small()
    for value, expected in (("1", True), ("yes", True), ("0", False), ("false", False), ("", False)):
        monkeypatch.setenv(nb.SMALL_ENV, value)
        assert nb.small() is expected
