"""A small API for Jupyter notebooks (and scripts) on top of the search engine and the database.

Typical use in a notebook::

    from discovery import notebook as nb

    run = nb.search("e", coeff_limit=1, periods="1")   # stored in $ESMA_DB, like `esma search run`
    best = nb.conjectures(constant="e", best_per_family=True, sort="rate")
    best[0]                 # an HTML card: pattern, digits, rate, family, known/new
    best[0].formula         # the typeset formula: LHS = continued fraction, general term
    best[0].check(200)      # an independent check against the constant with mpmath
    best.to_frame()         # a pandas DataFrame when pandas is installed, else a list of dicts

Everything here is a thin layer over the same code as the ``esma`` command line:

- :func:`connect` opens the conjecture database (``$ESMA_DB`` or the user data folder by
  default, or any file path or SQLAlchemy URL);
- :func:`conjectures` queries it with the filters of ``esma conjectures list`` (constant,
  known/new, minimum digits and rate, best per family, sort, limit, search id) and returns a
  :class:`ConjectureList`; :func:`conjecture` fetches one by id;
- :func:`search` runs a search in this process (worker processes on the local cores), storing its
  results like ``esma search run`` (or only in memory with ``store=False``) and returns a
  :class:`SearchRun`;
- :class:`Conjecture` wraps one stored record: ``_repr_latex_`` is ``LHS = continued fraction``
  followed by its general term, ``_repr_html_`` a compact card, and :meth:`Conjecture.check`,
  :meth:`Conjecture.convergence` and :meth:`Conjecture.simple_convergence` recompute the claims.

The notebooks in ``notebooks/`` read ``$ESMA_NOTEBOOK_SMALL`` (see :func:`small`) to shrink
their computations to a few seconds each; the test suite runs them that way.
"""

from __future__ import annotations

import html
import math
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import Any

__all__ = [
    "COLUMNS",
    "SMALL_ENV",
    "Check",
    "Conjecture",
    "ConjectureList",
    "Formula",
    "SearchRun",
    "conjecture",
    "conjectures",
    "connect",
    "constant_latex",
    "convergence_curve",
    "plot_convergence",
    "search",
    "small",
    "table",
]

#: The environment variable the notebooks read to run a small configuration (tests, CI).
SMALL_ENV = "ESMA_NOTEBOOK_SMALL"

#: The columns of :meth:`ConjectureList.to_frame` (the ``esma conjectures list`` columns and a few more).
COLUMNS = ["id", "constant", "lhs", "signs", "transient", "period", "channels", "verified_digits", "rate",
           "simple_rate", "family", "best_in_family", "known", "known_as"]

#: Searches above this many (LHS, sign period) pairs are refused unless ``max_pairs`` is raised
#: (the same guard as ``esma search run --max-pairs``).
DEFAULT_MAX_PAIRS = 5_000_000


def small() -> bool:
    """True when ``$ESMA_NOTEBOOK_SMALL`` is set to a non-empty value other than ``0``/``false``/``no``."""
    value = os.environ.get(SMALL_ENV, "").strip().lower()
    return value not in ("", "0", "false", "no")


# ----------------------------------------------------------------------------------------------
# The database.
# ----------------------------------------------------------------------------------------------


def connect(url: str | os.PathLike[str] | None = None, create: bool = True):
    """Open the conjecture database: ``url`` is a file path, an SQLAlchemy URL, or None for the
    default (``$ESMA_DB``, else ``~/.local/share/esma/esma.sqlite``).

    Returns a :class:`db.engine.Database`; pass it as ``db=`` to the other functions to reuse one
    connection, and ``close()`` it when done.  A missing SQLite file is created unless ``create``
    is False.
    """
    from db.engine import open_db

    return open_db(url, create=create)


@contextmanager
def _using(db: Any) -> Iterator[Any]:
    """A :class:`Database` as given (left open), or one opened from a URL/path/None (closed after)."""
    from db.engine import Database

    if isinstance(db, Database):
        yield db
        return
    database = connect(db)
    try:
        yield database
    finally:
        database.close()


def conjectures(db: Any = None, *, constant: str | None = None, known: bool | None = None, new: bool = False,
                min_digits: int | None = None, min_rate: float | None = None, best_per_family: bool = False,
                sort: str = "digits", limit: int | None = None, search_id: int | None = None) -> ConjectureList:
    """Stored conjectures matching every given filter, as a :class:`ConjectureList`.

    The filters are those of ``esma conjectures list``: ``constant`` (a name or an expression,
    normalised like the command line does: ``"tan( 1 )"`` finds ``tan(1)``), ``known=True`` for
    classical formulas only, ``known=False`` or ``new=True`` for new ones only, ``min_digits``,
    ``min_rate`` (digits per term), ``best_per_family``, ``sort`` (``digits``, ``rate``,
    ``simplicity`` or ``created``), ``limit`` and ``search_id``.  ``db`` is a database from
    :func:`connect`, a path or URL, or None for the default database.
    """
    from db import repository as repo

    if new:
        if known:
            raise ValueError("new=True and known=True exclude each other")
        known = False
    if constant is not None:
        from search.constants import parse_expression

        constant = str(parse_expression(constant))
    with _using(db) as database:
        rows = repo.query_conjectures(database, constant=constant, known=known, min_digits=min_digits,
                                      min_rate=min_rate, best_per_family=best_per_family, sort=sort, limit=limit,
                                      search_id=search_id)
    return ConjectureList(Conjecture(r) for r in rows)


def conjecture(conjecture_id: int, db: Any = None) -> Conjecture:
    """One stored conjecture by id (``db.errors.NotFound`` if there is none)."""
    from db import repository as repo

    with _using(db) as database:
        return Conjecture(repo.get_conjecture(database, conjecture_id))


def table(db: Any = None, columns: Iterable[str] | None = None, **filters: Any) -> Any:
    """``conjectures(db, **filters).to_frame(columns)``: a DataFrame (pandas) or a list of dicts."""
    return conjectures(db, **filters).to_frame(columns)


# ----------------------------------------------------------------------------------------------
# Searching.
# ----------------------------------------------------------------------------------------------


@dataclass
class SearchRun:
    """What :func:`search` found: the conjectures, the run's statistics, and where they were stored."""

    conjectures: ConjectureList
    stats: dict[str, Any]
    spec: dict[str, Any]
    search_id: int | None = None
    database: str | None = None
    interrupted: bool = False

    def __len__(self) -> int:
        return len(self.conjectures)

    def __iter__(self) -> Iterator[Conjecture]:
        return iter(self.conjectures)

    def __getitem__(self, i: Any) -> Any:
        return self.conjectures[i]

    def best(self) -> ConjectureList:
        """The best member of each family."""
        return self.conjectures.best()

    def summary(self) -> str:
        s = self.stats
        where = f"search {self.search_id} in {self.database}" if self.search_id is not None else "not stored"
        pps = s.get("pairs_per_second") or 0
        text = (f"{self.spec.get('constant')}: {s.get('pairs', 0):,} pairs screened, {len(self.conjectures)} "
                f"conjectures in {len(self.conjectures.families())} families, {s.get('seconds', 0):.1f} s "
                f"({pps:,.0f} pairs/s); {where}")
        return text + ("  -- interrupted, partial results" if self.interrupted else "")

    def __repr__(self) -> str:
        return f"<SearchRun {self.summary()}>"

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(self.summary())}</p>" + self.conjectures._repr_html_()


def search(constant: str, *, degree: int = 1, coeff_limit: int = 2, periods: str = "1-2", depth: int = 100,
           approve_ratio: float = 0.25, min_digits: int = 100, check_digits: int = 1000,
           workers: int | None = None, db: Any = None, store: bool = True,
           max_pairs: int = DEFAULT_MAX_PAIRS) -> SearchRun:
    """Run an ESMA search for formulas of ``constant`` in this process, like ``esma search run``.

    The parameters are those of the command line (LHS = P(c)/Q(c) of ``degree`` with
    coefficients in ``[-coeff_limit, coeff_limit]``, sign periods ``periods``, ...); the work runs
    on ``workers`` processes (default: all cores).  With ``store=True`` (the default) the search
    and its conjectures go into the database ``db`` (default ``$ESMA_DB``): running the same
    search again resumes it and stores nothing twice, and the returned conjectures carry ids.
    With ``store=False`` nothing touches a database.  Searches above ``max_pairs`` pairs are
    refused (ValueError) before any work starts.  Interrupting the kernel stops the search and
    returns what was verified so far (``interrupted=True``).
    """
    from search.runner import default_unit_size, plan
    from search.spec import build_search

    space, config = build_search(constant, degree, coeff_limit, periods, depth, approve_ratio,
                                  min_digits, check_digits)
    pairs, units = plan(space)
    if pairs > max_pairs:
        raise ValueError(f"this search has {pairs:,} pairs, above max_pairs={max_pairs:,}; "
                         "raise max_pairs to run it")
    if workers is not None and workers < 1:
        raise ValueError("the number of workers must be at least 1")
    w = workers or os.cpu_count() or 1
    spec = {**space.spec(), **config.as_dict()}
    if not store:
        from search.runner import run_search

        result = run_search(space, config, workers=w)
        return SearchRun(ConjectureList(Conjecture(r) for r in result.records), result.stats_dict(), spec,
                         interrupted=result.interrupted)

    from discovery.service.stored import run_stored

    unit_size = default_unit_size(pairs, len(space.periods))
    with _using(db) as database:
        run = run_stored(database, space, config, w, "notebook", units, unit_size)
        where = database.where
    return SearchRun(ConjectureList(Conjecture(r) for r in run.records), run.stats, spec, run.search_id, where,
                     run.interrupted)


# ----------------------------------------------------------------------------------------------
# LaTeX of constants and expressions.
# ----------------------------------------------------------------------------------------------

_CONSTANT_LATEX = {
    "e": "e",
    "pi": r"\pi",
    "phi": r"\varphi",
    "sqrt2": r"\sqrt{2}",
    "log2": r"\ln 2",
    "log10": r"\ln 10",
    "euler_gamma": r"\gamma",
    "catalan": "G",
    "zeta3": r"\zeta(3)",
    "khinchin": "K_{0}",
    "glaisher": "A",
}
_FUNCTION_LATEX = {
    "log": r"\ln", "sin": r"\sin", "cos": r"\cos", "tan": r"\tan", "cot": r"\cot", "atan": r"\arctan",
    "sinh": r"\sinh", "cosh": r"\cosh", "tanh": r"\tanh", "coth": r"\coth", "zeta": r"\zeta",
    "gamma": r"\Gamma",
}


def _node_latex(node: Any) -> tuple[str, int]:
    """LaTeX of an expression tree node and its precedence (1 sum, 2 product, 3 unary, 4 power, 5 atom)."""
    from fractions import Fraction

    from search.expr import BinOp, Call, Name, Neg, Number

    if isinstance(node, Number):
        v = Fraction(node.value)
        if v.denominator == 1:
            return (str(v.numerator), 5) if v >= 0 else (str(v.numerator), 3)
        body = rf"\frac{{{abs(v.numerator)}}}{{{v.denominator}}}"
        return (body, 5) if v > 0 else ("-" + body, 3)
    if isinstance(node, Name):
        name = node.name
        if name in _CONSTANT_LATEX:
            return _CONSTANT_LATEX[name], 5
        from search.constants import resolve

        try:
            name = resolve(name).name
        except Exception:  # noqa: BLE001 - a variable name: typeset as text
            return rf"\mathrm{{{_text_escape(name)}}}", 5
        return _CONSTANT_LATEX.get(name, rf"\mathrm{{{_text_escape(name)}}}"), 5
    if isinstance(node, Neg):
        inner, prec = _node_latex(node.operand)
        return "-" + (inner if prec >= 3 else rf"\left({inner}\right)"), 3
    if isinstance(node, Call):
        args = [_node_latex(a)[0] for a in node.args]
        f = node.func
        if f == "exp":
            return f"e^{{{args[0]}}}", 4
        if f == "sqrt":
            return rf"\sqrt{{{args[0]}}}", 5
        if f in ("besseli", "besselj"):
            letter = "I" if f == "besseli" else "J"
            return rf"{letter}_{{{args[0]}}}\left({args[1]}\right)", 5
        if f == "polylog":
            return rf"\operatorname{{Li}}_{{{args[0]}}}\left({args[1]}\right)", 5
        head = _FUNCTION_LATEX.get(f, rf"\operatorname{{{_text_escape(f)}}}")
        return rf"{head}\left({', '.join(args)}\right)", 5
    if isinstance(node, BinOp):
        left, lp = _node_latex(node.left)
        right, rp = _node_latex(node.right)
        if node.op == "/":
            return rf"\frac{{{left}}}{{{right}}}", 5
        if node.op == "^":
            base = left if lp >= 5 else rf"\left({left}\right)"
            return f"{base}^{{{right}}}", 4
        if node.op == "*":
            left = left if lp >= 2 else rf"\left({left}\right)"
            right = right if rp >= 3 else rf"\left({right}\right)"
            return rf"{left} \cdot {right}", 2
        right = right if rp >= (2 if node.op == "-" else 1) else rf"\left({right}\right)"
        return f"{left} {node.op} {right}", 1
    raise TypeError(f"not an expression node: {node!r}")  # pragma: no cover - defensive


def _text_escape(text: str) -> str:
    """Escape text for ``\\mathrm{}``/``\\text{}``: letters, digits and a few safe characters only."""
    out = []
    for ch in text:
        if ch.isalnum() or ch in " .,:;()[]+-*/=<>!?'":
            out.append(ch)
        elif ch == "_":
            out.append(r"\_")
        else:
            out.append(" ")
    return "".join(out)


def constant_latex(constant: str) -> str:
    """LaTeX of a constant or expression: ``pi`` -> ``\\pi``, ``tan(1)`` -> ``\\tan\\left(1\\right)``."""
    from search.constants import parse_expression

    return _node_latex(parse_expression(constant))[0]


def _symbol_for(constant: str) -> str:
    """The constant's LaTeX, bracketed when it could not stand as a factor (sums, products, negatives)."""
    from search.constants import parse_expression

    body, prec = _node_latex(parse_expression(constant))
    return body if prec >= 4 else rf"\left({body}\right)"


# ----------------------------------------------------------------------------------------------
# One conjecture.
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """The outcome of :meth:`Conjecture.check`."""

    digits: int            #: the precision asked for
    agreeing_digits: int   #: decimal digits on which the convergent agrees with the constant (capped at ``digits``)
    terms: int             #: partial quotients used for the convergent
    seconds: float

    @property
    def ok(self) -> bool:
        return self.agreeing_digits >= self.digits

    def __str__(self) -> str:
        verdict = "agrees" if self.ok else "DISAGREES"
        return (f"{verdict}: the convergent with {self.terms} terms matches the constant to "
                f"{self.agreeing_digits} of {self.digits} digits ({self.seconds:.2f} s)")


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


def convergence_curve(a: list[int], b: list[int], value: Any, precision: int, step: int = 1) -> list[tuple[int, float]]:
    """``(n, digits)`` for the convergents of ``a0 + b0/(a1 + b1/(...))``: the n-th point uses the
    first n partial quotients; digits is ``-log10`` of its relative error against ``value``
    (capped at ``precision``, the digits ``value`` is good to).
    """
    import mpmath

    out: list[tuple[int, float]] = []
    with mpmath.workdps(precision + 20):
        v = mpmath.mpf(value)
        p_prev, q_prev, p, q = 1, 0, a[0], 1
        for n in range(1, len(a) + 1):
            if n > 1:
                bn = b[n - 2]
                p, p_prev = a[n - 1] * p + bn * p_prev, p
                q, q_prev = a[n - 1] * q + bn * q_prev, q
            if n % step and n != len(a):
                continue
            if q == 0:
                continue
            err = abs(mpmath.mpf(p) / q - v)
            digits = float(precision) if err == 0 else min(float(precision), float(-mpmath.log10(err / abs(v))))
            out.append((n, max(digits, 0.0)))
    return out


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
        return self.record.get(key, default)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Conjecture) and self.record == other.record

    __hash__ = None  # type: ignore[assignment]

    # -- value types ----------------------------------------------------------------------------

    @cached_property
    def pattern(self):
        """The :class:`cf.pattern.CFPattern` (transient, channel polynomials, signs)."""
        from search.records import pattern_of

        return pattern_of(self.record)

    @cached_property
    def lhs_function(self):
        """The LHS as a :class:`search.lhs.RationalFunction` ``P(c)/Q(c)``."""
        from search.lhs import RationalFunction

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

    def value(self, digits: int = 50):
        """The LHS evaluated with mpmath (through :func:`search.constants.evaluate`) to ``digits`` digits."""
        from search.constants import evaluate

        return evaluate(self.expression, digits)

    # -- rendering ------------------------------------------------------------------------------

    def lhs_latex(self) -> str:
        """The LHS with the constant written in: ``\\frac{e + 1}{e - 1}``."""
        try:
            return self.lhs_function.latex(_symbol_for(self.record["constant"]))
        except Exception:  # noqa: BLE001 - an unparsable constant: keep the stored form in c
            return self.record["lhs_latex"]

    def latex(self, terms_shown: int = 3) -> str:
        """``LHS = a_0 + \\cfrac{b_0}{a_1 + ...}, \\quad a_{3k+2} = 2 k + 2, ...`` (no ``$``)."""
        return self.pattern.latex(self.lhs_latex(), terms_shown=terms_shown)

    @property
    def formula(self) -> Formula:
        return Formula(self.latex())

    def _repr_latex_(self) -> str:
        return "$" + self.latex() + "$"

    def _status(self) -> str:
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
        status = self._status()
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
            ("status", f'<span style="color:{colour};font-weight:bold">{e(status)}</span>'),
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
                f"{self._status()}>")

    # -- checks ---------------------------------------------------------------------------------

    def check(self, digits: int | None = None, terms: int | None = None) -> Check:
        """Check the formula independently of the search: evaluate the LHS with mpmath
        (:func:`search.constants.evaluate`, ``digits`` + 20 digits) and compare it with an exact
        integer convergent of the pattern.

        ``digits`` defaults to the verified digits.  The number of terms starts from the recorded
        rate (or ``terms``) and doubles, up to 5 times, until the convergent agrees to ``digits``.
        """
        import time

        import mpmath

        digits = int(digits if digits is not None else self.record["verified_digits"])
        if digits < 1:
            raise ValueError("digits must be at least 1")
        t0 = time.perf_counter()
        value = self.value(digits + 20)
        rate = max(float(self.record.get("rate") or 0.0), 0.05)
        n = int(terms) if terms is not None else max(16, math.ceil(1.1 * digits / rate) + 10)
        agree = 0.0
        for _ in range(6):
            ev = self.pattern.evaluate(n)
            with mpmath.workdps(digits + 40):
                v = mpmath.mpf(value)
                err = abs(mpmath.mpf(ev.p) / ev.q - v)
                agree = float(digits) if err == 0 else min(float(digits), float(-mpmath.log10(err / abs(v))))
            if agree >= digits or terms is not None:
                break
            n *= 2
        return Check(digits, math.floor(agree + 1e-9), n, time.perf_counter() - t0)

    def convergence(self, terms: int = 100, step: int = 1) -> list[tuple[int, float]]:
        """``(n, digits)``: how many digits the convergent built from the first n partial quotients
        of this formula gets right, for n = 1 .. ``terms`` (every ``step``-th n)."""
        from cf.convergents import evaluate as cf_evaluate

        a, b = self.pattern.a.terms(terms), self.pattern.b.terms(terms)
        precision = _precision_for(cf_evaluate(a, b).digits if terms >= 2 else 10)
        return convergence_curve(a, b, self.value(precision), precision, step)

    def simple_cf(self, terms: int = 100) -> list[int]:
        """The first ``terms`` certified partial quotients of the simple continued fraction of the same value."""
        from search.expansion import expand

        return list(expand(self.expression, "+", terms).terms)

    def simple_convergence(self, terms: int = 100, step: int = 1) -> list[tuple[int, float]]:
        """Like :meth:`convergence`, for the simple continued fraction of the same value (the yardstick)."""
        from cf.convergents import evaluate as cf_evaluate

        a = self.simple_cf(terms)
        b = [1] * len(a)
        precision = _precision_for(cf_evaluate(a, b).digits if len(a) >= 2 else 10)
        return convergence_curve(a, b, self.value(precision), precision, step)


def _precision_for(last_digits: float) -> int:
    """A working precision comfortably above the digits of the last convergent."""
    if not math.isfinite(last_digits):
        last_digits = 100.0
    return int(max(30, math.ceil(last_digits * 1.2) + 30))


# ----------------------------------------------------------------------------------------------
# Lists of conjectures.
# ----------------------------------------------------------------------------------------------


class ConjectureList(list):
    """A list of :class:`Conjecture` with table views (``to_frame``, ``records``) and family helpers."""

    def __getitem__(self, i: Any) -> Any:
        out = super().__getitem__(i)
        return ConjectureList(out) if isinstance(i, slice) else out

    def records(self) -> list[dict[str, Any]]:
        """The full record dicts."""
        return [dict(c.record) for c in self]

    def to_frame(self, columns: Iterable[str] | None = None) -> Any:
        """A pandas DataFrame of ``columns`` (default :data:`COLUMNS`) when pandas is installed,
        otherwise a list of dicts with those keys (same rows, same order)."""
        cols = list(columns) if columns is not None else list(COLUMNS)
        rows = [{k: c.record.get(k) for k in cols} for c in self]
        try:
            import pandas as pd
        except ImportError:
            return rows
        return pd.DataFrame(rows, columns=cols)

    def best(self) -> ConjectureList:
        """The best member of each family, in the current order."""
        return ConjectureList(c for c in self if c.record.get("best_in_family"))

    def families(self) -> dict[str, ConjectureList]:
        """Family key -> its members (best member first, then in the current order)."""
        out: dict[str, ConjectureList] = {}
        for c in self:
            out.setdefault(c.record.get("family"), ConjectureList()).append(c)
        for members in out.values():
            members.sort(key=lambda c: not c.record.get("best_in_family"))
        return out

    def known(self) -> ConjectureList:
        return ConjectureList(c for c in self if c.record.get("known"))

    def new(self) -> ConjectureList:
        return ConjectureList(c for c in self if not c.record.get("known"))

    def _repr_html_(self) -> str:
        if not self:
            return "<p><i>(no conjectures)</i></p>"
        e = html.escape
        head = ["id", "constant", "lhs", "signs", "pattern", "digits", "rate", "family", "status"]
        rows = []
        for c in self:
            r = c.record
            pattern = "; ".join(c.general_term())
            if r.get("transient"):
                pattern = f"[{', '.join(map(str, r['transient']))}] then " + pattern
            cells = [r.get("id", ""), r["constant"], r["lhs"], repr(r["signs"]), pattern, r["verified_digits"],
                     f"{r['rate']:.3f}", str(r.get("family", "")) + ("" if r.get("best_in_family") else " *"),
                     c._status()]
            rows.append("<tr>" + "".join(f'<td style="text-align:left">{e(str(x))}</td>' for x in cells) + "</tr>")
        th = "".join(f'<th style="text-align:left">{h}</th>' for h in head)
        return (f'<table class="esma-conjectures"><thead><tr>{th}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
                f"<p><small>{len(self)} conjectures; * = not the best member of its family</small></p>")

    def __repr__(self) -> str:
        return "ConjectureList([" + ",\n ".join(repr(c) for c in self) + "])"


# ----------------------------------------------------------------------------------------------
# Plots.
# ----------------------------------------------------------------------------------------------


def plot_convergence(conj: Conjecture, terms: int = 60, ax: Any = None, simple: bool = True, label: str | None = None):
    """Plot digits vs terms for a conjecture (and, with ``simple``, for the simple CF of the same value).

    Returns the matplotlib Axes.
    """
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(6, 4))
    xs, ys = zip(*conj.convergence(terms))
    line, = ax.plot(xs, ys, label=label or f"{conj.lhs} (signs {conj.signs})")
    if simple:
        sx, sy = zip(*conj.simple_convergence(terms))
        ax.plot(sx, sy, linestyle="--", color=line.get_color(), alpha=0.6, label="simple CF of the same value")
    ax.set_xlabel("partial quotients used")
    ax.set_ylabel("correct decimal digits")
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small")
    return ax
