r"""One conjecture record as a notebook object: fields, value types, LaTeX and HTML, checks.

The record is a plain dict as the database stores it (or as a search returns it); the value types
come from the engine (:func:`search.pipeline.record.pattern_of`, :class:`search.space.lhs.RationalFunction`), the
LaTeX of the constant from :mod:`search.expressions.latex` and the checks from :mod:`.checks`.  Euler's continued
fraction of ``e - 1``:

>>> euler = Conjecture({"constant": "e", "lhs": "c - 1", "lhs_num": [-1, 1], "lhs_den": [1], "signs": "+",
...                     "transient": [], "channel_coefficients": [["1"], ["1"], ["2", "2"]], "rate": 1.8})
>>> euler.terms(9), euler.expression
([1, 1, 2, 1, 1, 4, 1, 1, 6], '(e) - 1')
>>> print(euler.formula)
e - 1 = 1 + \cfrac{1}{1 + \cfrac{1}{2 + \cfrac{1}{1 + \cfrac{1}{\ddots}}}}, \quad a_{3k} = 1,\ a_{3k+1} = 1,\ a_{3k+2} = 2 k + 2
>>> check = euler.check(50)
>>> check.ok, check.agreeing_digits, check.terms
(True, 50, 82)
>>> euler.proved, euler.proof_status, euler.proof_text()
(False, 'verified', 'Open: verified by digits only.')
>>> euler._repr_latex_().endswith(r"\qquad\text{(open)}$")
True
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any

from search.expressions.latex import factor_latex

from .checks import Check, check_formula, digits_curve

if TYPE_CHECKING:
    import mpmath

    from cf.pattern import CFPattern
    from search.space.lhs import RationalFunction

__all__ = ["Conjecture", "Formula"]


class Formula:
    """Only the typeset formula of a conjecture (``display(c.formula)`` shows it as math)."""

    def __init__(self, latex: str) -> None:
        self.latex = latex

    def _repr_latex_(self) -> str:
        return f"${self.latex}$"

    def __str__(self) -> str:
        return self.latex

    def __repr__(self) -> str:
        return f"Formula({self.latex!r})"


class Conjecture:
    """One conjecture record (a dict as stored by the database, or as returned by a search).

    Record fields read as attributes or items: ``c.rate``, ``c["verified_digits"]``,
    ``c.record`` (the whole dict).  In Jupyter a conjecture shows as a compact card
    (:meth:`_repr_html_`); ``c.formula`` shows only the typeset formula (:meth:`_repr_latex_`).
    """

    def __init__(self, record: Mapping[str, Any]) -> None:
        self.record: dict[str, Any] = dict(record)

    # -- record access --------------------------------------------------------------------------

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "record":
            raise AttributeError(name)
        try:
            return self.record[name]
        except KeyError:
            raise AttributeError(f"{type(self).__name__!s} has no attribute or field {name!r}") from None

    def __getitem__(self, key: str) -> Any:
        return self.record[key]

    def get(self, key: str, default: Any = None) -> Any:
        """The record field ``key``, or ``default`` when the record has none."""
        return self.record.get(key, default)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Conjecture) and self.record == other.record

    __hash__ = None  # type: ignore[assignment]

    # -- value types ----------------------------------------------------------------------------

    @cached_property
    def pattern(self) -> CFPattern:
        """The :class:`cf.pattern.CFPattern` (transient, channel polynomials, signs)."""
        from search.pipeline.record import pattern_of

        return pattern_of(self.record)

    @cached_property
    def lhs_function(self) -> RationalFunction:
        """The LHS as a :class:`search.space.lhs.RationalFunction` ``P(c)/Q(c)``."""
        from search.space.lhs import RationalFunction

        return RationalFunction(tuple(self.record["lhs_num"]), tuple(self.record["lhs_den"]))

    @property
    def expression(self) -> str:
        """The LHS as an expression of the constant, e.g. ``((e) + 1)/((e) - 1)`` (for :mod:`search.constants`)."""
        return self.lhs_function.to_string(f"({self.record['constant']})")

    def terms(self, n: int = 20) -> list[int]:
        """The first ``n`` partial denominators ``a_0 .. a_{n-1}`` of the pattern."""
        return self.pattern.a.terms(n)

    def numerators(self, n: int = 20) -> list[int]:
        """The first ``n`` partial numerators ``b_0 .. b_{n-1}`` (the signs, +1/-1)."""
        return self.pattern.b.terms(n)

    def general_term(self) -> list[str]:
        """The general term as text, one line per residue class: ``a(3k+2) = 2*k + 2``."""
        return self.pattern.a.general_term()

    def value(self, digits: int = 50) -> mpmath.mpf:
        """The LHS evaluated with mpmath (through :func:`search.constants.evaluate`) to ``digits`` digits."""
        from search.expressions import evaluate

        return evaluate(self.expression, digits)

    # -- rendering ------------------------------------------------------------------------------

    def lhs_latex(self) -> str:
        r"""The LHS with the constant written in: ``\frac{e + 1}{e - 1}``."""
        try:
            return self.lhs_function.latex(factor_latex(self.record["constant"]))
        except Exception:  # noqa: BLE001 - an unparsable constant: keep the stored form in c
            return self.record["lhs_latex"]

    def latex(self, terms_shown: int = 3) -> str:
        r"""``LHS = a_0 + \cfrac{b_0}{a_1 + ...}, \quad a_{3k+2} = 2 k + 2, ...`` (no ``$``)."""
        return self.pattern.latex(self.lhs_latex(), terms_shown=terms_shown)

    @property
    def formula(self) -> Formula:
        """The typeset formula alone (:meth:`latex`), for ``display``."""
        return Formula(self.latex())

    def _repr_latex_(self) -> str:
        r"""The formula and its proof status: ``$LHS = ... \qquad\text{(proved)}$`` (or ``(open)``)."""
        return "$" + self.latex() + r"\qquad\text{(" + ("proved" if self.proved else "open") + ")}$"

    # -- proof ----------------------------------------------------------------------------------

    @property
    def proof_status(self) -> str:
        """``proved`` (a certificate, or derived exactly from a proved representative) or ``verified`` (digits)."""
        return self.record.get("proof_status") or "verified"

    @property
    def proved(self) -> bool:
        """Whether the formula is a theorem (``proof_status == "proved"``)."""
        return self.proof_status == "proved" and isinstance(self.record.get("proof"), dict)

    @property
    def proof_source(self) -> str | None:
        """The registry formula (classical continued fraction) the proof follows from, or None."""
        return self.record["proof"].get("source") if self.proved else None

    def proof_text(self) -> str:
        """The proof in words (:func:`cf.proof.words.proof_text` for a certificate), or why it is open.

        The stored certificate is given as stored; :meth:`check_proof` re-checks it.
        """
        proof = self.record.get("proof")
        if not self.proved:
            note = self.record.get("proof_note")
            return f"Open: verified by digits only ({note})." if note else "Open: verified by digits only."
        if proof.get("kind") == "certificate":
            from cf.proof.words import proof_text

            cert = proof["certificate"]
            return proof_text(cert, proof["source"], str(cert.get("value", self.record["constant"])))
        origin = proof.get("from") or {}
        rep = ""
        if {"lhs_num", "lhs_den"} <= set(origin):
            from search.space.lhs import RationalFunction

            rep = f" {RationalFunction(tuple(origin['lhs_num']), tuple(origin['lhs_den'])).to_string('c')}"
            rep += f" (signs {origin.get('signs')!r})"
        return (f"Derived exactly from its family's representative{rep}, which is proved from "
                f"{proof['source']} (the composed Moebius maps agree as rational functions of c).")

    def proof_latex(self) -> str | None:
        """The certificate's map and states in LaTeX (:func:`cf.proof.words.proof_latex`), else None."""
        proof = self.record.get("proof")
        if not self.proved or proof.get("kind") != "certificate":
            return None
        from cf.proof.words import proof_latex

        from discovery.cli.proof_show import value_tex

        return proof_latex(proof["certificate"], value_tex(self.record["constant"], proof["certificate"]))

    def check_proof(self) -> dict[str, Any] | None:
        """Re-check a stored certificate against this record's own claim (constant, LHS, signs, pattern)
        with the independent checker: ``{"accepted": bool, "reason": str}``; None without a certificate."""
        proof = self.record.get("proof")
        if not self.proved or proof.get("kind") != "certificate":
            return None
        from discovery.cli.proof_show import recheck

        return recheck(self.record, proof.get("certificate"))

    def _status(self) -> str:
        """``new``, ``known`` or ``known (<the classical formula>)``."""
        if self.record.get("known"):
            return f"known ({self.record['known_as']})" if self.record.get("known_as") else "known"
        return "new"

    def _repr_html_(self) -> str:
        r = self.record
        e = html.escape
        ident = f"#{r['id']} " if r.get("id") is not None else ""
        pattern = "<br>".join(e(line) for line in self.general_term())
        if r.get("transient"):
            pattern = f"transient [{e(', '.join(map(str, r['transient'])))}]; period {r['period']}<br>" + pattern
        simple = r.get("simple_rate")
        rate = f"{r['rate']:.3f} digits/term" + (f" (simple CF {simple:.3f})" if simple else "")
        colour = "#2a7" if r.get("known") else "#c52"
        family = e(str(r.get("family", ""))) + (" (best member)" if r.get("best_in_family") else " (member)")
        rows = [
            ("formula", (f"<code>{e(r['lhs'])}</code> = SICF with signs <code>{e(repr(r['signs']))}</code>, "
                         f"c = <code>{e(r['constant'])}</code>")),
            ("pattern", pattern),
            ("first terms", e(", ".join(map(str, self.terms(12)))) + ", &hellip;"),
            ("digits", f"{r['verified_digits']} verified"),
            ("rate", e(rate)),
            ("family", family),
            ("status", f'<span style="color:{colour};font-weight:bold">{e(self._status())}</span>'),
            ("proof", e(f"proved from {self.proof_source}" if self.proved else
                        f"open{': ' + r['proof_note'] if r.get('proof_note') else ''}")),
        ]
        body = "".join(f'<tr><th style="text-align:right;padding-right:0.6em">{k}</th>'
                       f'<td style="text-align:left">{v}</td></tr>' for k, v in rows)
        return (f'<div class="esma-conjecture" style="border:1px solid #bbb;border-radius:6px;padding:0.4em 0.8em;'
                f'margin:0.3em 0;display:inline-block"><b>{e(ident)}{e(r["lhs"])}</b>'
                f'<table style="margin:0.2em 0">{body}</table></div>')

    def __repr__(self) -> str:
        r = self.record
        ident = f"#{r['id']} " if r.get("id") is not None else ""
        return (f"<Conjecture {ident}{r['lhs']} = SICF {r['signs']!r} (c = {r['constant']}): "
                f"{r['verified_digits']} digits, {r['rate']:.3f} digits/term, family {r.get('family')}, "
                f"{self._status()}, {'proved' if self.proved else 'open'}>")

    # -- checks ---------------------------------------------------------------------------------

    def check(self, digits: int | None = None, terms: int | None = None) -> Check:
        """Check the formula independently of the search: evaluate the LHS with mpmath
        (:func:`search.constants.evaluate`, ``digits`` + 20 digits) and compare it with an exact
        integer convergent of the pattern (:func:`.checks.check_formula`).

        ``digits`` defaults to the verified digits.  The number of terms starts from the recorded
        rate (or ``terms``) and doubles, up to 5 times, until the convergent agrees to ``digits``.
        """
        digits = int(digits if digits is not None else self.record["verified_digits"])
        return check_formula(self.pattern, self.value, digits, float(self.record.get("rate") or 0.0), terms)

    def convergence(self, terms: int = 100, step: int = 1) -> list[tuple[int, float]]:
        """``(n, digits)``: how many digits the convergent built from the first n partial quotients
        of this formula gets right, for n = 1 .. ``terms`` (every ``step``-th n)."""
        return digits_curve(self.terms(terms), self.numerators(terms), self.value, step)

    def simple_cf(self, terms: int = 100) -> list[int]:
        """The first ``terms`` certified partial quotients of the simple continued fraction of the same value."""
        from search.expansion import expand

        return list(expand(self.expression, "+", terms).terms)

    def simple_convergence(self, terms: int = 100, step: int = 1) -> list[tuple[int, float]]:
        """Like :meth:`convergence`, for the simple continued fraction of the same value (the yardstick)."""
        a = self.simple_cf(terms)
        return digits_curve(a, [1] * len(a), self.value, step)
