"""discovery/notebook/conjecture.py: a conjecture's fields, its LaTeX (checked by a LaTeX-to-text round
trip and by sympy's parser) and its HTML card."""

from __future__ import annotations

import html
import re
from fractions import Fraction

import mpmath
import pytest
import sympy

from discovery import notebook as nb

# ------------------------------------------------------------------------------------------------
# helpers: the structure of the LaTeX, a LaTeX-to-text converter, sympy
# ------------------------------------------------------------------------------------------------

ALLOWED_COMMANDS = {"frac", "cfrac", "ddots", "quad", "text", "bmod", "left", "right", "tan", "pi", "sqrt",
                    "zeta", "ln", "varphi", "gamma", "cdot"}
_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|[{}]|[^\\{}]")
#: LaTeX commands that latex_to_text replaces by plain text.
_PLAIN = {r"\left(": "(", r"\right)": ")", r"\ddots": " tail ", r"\tan": " tan"}


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
            _, j = _group(body, j)
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
        plain = next((cmd for cmd in _PLAIN if s.startswith(cmd, i)), None)
        if s.startswith(r"\cfrac", i) or s.startswith(r"\frac", i):
            i += 6 if s.startswith(r"\cfrac", i) else 5
            num, i = _group(s, i)
            den, i = _group(s, i)
            out.append(f"(({latex_to_text(num)})/({latex_to_text(den)}))")
        elif plain is not None:
            out.append(_PLAIN[plain])
            i += len(plain)
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


# ------------------------------------------------------------------------------------------------
# LaTeX
# ------------------------------------------------------------------------------------------------


STATUS_TEX = {True: r"\qquad\text{(proved)}$", False: r"\qquad\text{(open)}$"}


def _formula_part(conj) -> str:
    """``_repr_latex_`` without its proof status, which must say proved exactly when the record is proved."""
    latex = conj._repr_latex_()
    suffix = STATUS_TEX[conj.record.get("proof_status") == "proved"]
    assert latex.endswith(suffix), latex
    return latex[: -len(suffix)] + "$"


def test_latex_is_lhs_equals_cf_with_general_term(euler):
    latex = _formula_part(euler)
    assert latex == "$" + euler.latex() + "$"
    assert latex.startswith("$e - 1 = 1 + \\cfrac{1}{1 + \\cfrac{1}{2 + ")
    assert "a_{3k+2} = 2 k + 2" in latex  # the general term of Euler's continued fraction
    assert euler.formula._repr_latex_() == latex  # the formula alone carries no status
    assert str(euler.formula) == euler.latex()
    assert euler.proved and euler._repr_latex_().endswith(r"\text{(proved)}$")  # Euler's CF is a theorem


def test_latex_structure_and_text_round_trip(every):
    """Every rendered conjecture: valid structure; LHS, CF and general terms survive a LaTeX-to-text trip."""
    k = sympy.Symbol("k")
    for conj in every:
        body = _check_structure(_formula_part(conj))
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


def test_latex_parses_with_sympy(every):
    """sympy's LaTeX parser (ANTLR) reads the LHS, the CF levels and the general terms, with the right values."""
    pytest.importorskip("antlr4")
    from sympy.parsing.latex import parse_latex

    k = sympy.Symbol("k")
    for conj in every:
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
                                      "log2", "pi^2/6", "ln(3) - 1"])
def test_constant_latex_has_the_constant_value(constant):
    pytest.importorskip("antlr4")
    from sympy.parsing.latex import parse_latex

    from search.expressions import evaluate

    expr = _known_names(parse_latex(nb.constant_latex(constant)))
    assert _close(expr, evaluate(constant, 50))


def test_symbol_is_bracketed_when_it_is_a_sum():
    conj = nb.Conjecture({"constant": "2*pi + 1", "lhs_num": [1, 2], "lhs_den": [0, 1], "lhs_latex": "x"})
    assert conj.lhs_latex() == r"\frac{2 \left(2 \cdot \pi + 1\right) + 1}{\left(2 \cdot \pi + 1\right)}"
    # a constant the expression language cannot read keeps the stored LHS
    assert nb.Conjecture({**conj.record, "constant": "no such constant"}).lhs_latex() == "x"


# ------------------------------------------------------------------------------------------------
# HTML card, repr, record access
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


def test_record_access(euler):
    assert euler["lhs"] == euler.lhs == "c - 1"
    assert euler.get("missing", 3) == 3
    with pytest.raises(AttributeError):
        euler.no_such_field  # noqa: B018
    assert euler.terms(9) == [1, 1, 2, 1, 1, 4, 1, 1, 6]
    assert euler.numerators(3) == [1, 1, 1]
    assert euler.general_term() == ["a(3k) = 1", "a(3k+1) = 1", "a(3k+2) = 2*k + 2"]
    assert euler.expression == "(e) - 1"
    assert nb.Conjecture(euler.record) == euler and nb.Conjecture({**euler.record, "rate": 0}) != euler
