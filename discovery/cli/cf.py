"""``esma cf``: certified expansion and pattern analysis of one expression."""

from __future__ import annotations

import sys
from typing import Any

import click

from discovery.cli.cf_options import (  # noqa: F401  (re-exported for the cf commands' callers)
    DEFAULT_TIME_LIMIT, DIGITS, FORMAT, SIGNS, TIME_LIMIT, budget_for, stops_on_ctrl_c,
)
from discovery.cli.errors import user_errors

#: Largest integer (in decimal digits) printed in JSON; Python's own conversion is quadratic.
MAX_JSON_DIGITS = 200_000


def int_text(n: int) -> str:
    """Decimal text of ``n`` of any size (gmpy2's fast conversion beyond Python's 4300-digit limit).

    >>> int_text(-12), len(int_text(10**5000))
    ('-12', 5001)
    """
    if n.bit_length() < 10_000:
        return str(n)
    import gmpy2

    return gmpy2.mpz(n).digits(10)


def emit_json_ints(doc: dict[str, Any], ints: Any) -> None:
    """Print ``doc`` as JSON, allowing its integers ``ints`` beyond Python's 4300-digit limit.

    Integers of more than :data:`MAX_JSON_DIGITS` digits are refused with one sentence
    (``--format text`` prints them).
    """
    from discovery.cli.output import emit_json

    widest = max((abs(int(n)).bit_length() for n in ints), default=0)
    if widest * 0.30103 > MAX_JSON_DIGITS:
        raise click.ClickException(f"A term has more than {MAX_JSON_DIGITS} digits, too many for JSON output; "
                                   "use --format text.")
    old = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        emit_json(doc)
    finally:
        sys.set_int_max_str_digits(old)


def pattern_limit(a: Any, signs: str) -> str | None:
    """``"rational"`` when the pattern's continued fraction converges to a rational number (or not at all),
    ``"irrational"`` for a periodic pattern with a quadratic irrational limit, None when not judged
    (a channel grows with k); see :func:`cf.pattern.converges_to_irrational`.

    >>> from cf.pattern import InterlacedSequence
    >>> from cf.polynomial import Polynomial
    >>> pattern_limit(InterlacedSequence((4, 17), (Polynomial((2,)),)), "-")   # ... 2 - 1/(2 - ...) = 1
    'rational'
    >>> pattern_limit(InterlacedSequence((1,), (Polynomial((2,)),)), "+"), pattern_limit(
    ...     InterlacedSequence((2,), (Polynomial((1,)), Polynomial((2, 2)), Polynomial((1,)))), "+")
    ('irrational', None)
    """
    from cf.pattern import converges_to_irrational

    if any(p.degree > 0 for p in a.channels):
        return None
    return "irrational" if converges_to_irrational(a, signs) else "rational"


def rational_limit_note(a: Any, signs: str, digits: float | None, expression: str) -> str:
    """The one sentence that says why a pattern with a rational limit is no formula of an irrational value.

    >>> from cf.pattern import InterlacedSequence
    >>> from cf.polynomial import Polynomial
    >>> rational_limit_note(InterlacedSequence((4, 17), (Polynomial((2,)),)), "-", 3, "pi")[:77]
    "The pattern's continued fraction has a rational limit (or none): its periodic"
    """
    agree = f"; its {digits:g} agreeing digits come from its {len(a.transient)}-term transient" \
        if digits is not None else ""
    return (f"The pattern's continued fraction has a rational limit (or none): its periodic tail with signs "
            f"{signs!r} has no irrational fixed point, so it is no formula of {expression} or of any irrational "
            f"number{agree}.")


@click.group()
def cf() -> None:
    """Expand and analyse signed continued fractions of expressions.

    EXPR uses numbers, named constants (e, pi, zeta3, ...), + - * / ^, parentheses and
    functions such as exp, log, tan, besseli(nu, x); see `esma constants list`.
    """


@cf.command()
@click.argument("expr")
@SIGNS
@click.option("--terms", "-n", type=click.IntRange(min=1, max=1_000_000), default=30, show_default=True,
              help="Number of certified partial quotients.")
@DIGITS
@TIME_LIMIT
@FORMAT
@stops_on_ctrl_c
@user_errors
def expand(expr: str, signs: str, terms: int, digits: int | None, time_limit: float, fmt: str) -> None:
    """Print the first certified partial quotients of EXPR.

    Every printed term is certified by exact interval arithmetic; the working precision is
    raised until enough terms are certified.  An EXPR that starts with '-' goes last, after
    the options and '--', so that it is not read as an option.

    \b
    Examples:
      esma cf expand "pi^2/6" --terms 20
      esma cf expand --signs +- -- "-e"
    """
    from search.expansion import expand as do_expand

    result = do_expand(expr, signs, terms, digits, budget=budget_for(time_limit, "terms"))
    if fmt == "json":
        emit_json_ints(result.as_dict(), result.terms)
        return
    t = [int_text(n) for n in result.terms]
    body = f"[{t[0]}; {', '.join(t[1:])}]" if len(t) > 1 else f"[{t[0]}]"
    click.echo(f"{result.expression}  signs {signs!r}")
    click.echo(body)
    note = "finite expansion (exact rational)" if result.finished else f"{len(t)} terms certified at {result.digits} digits"
    click.echo(note)


@cf.command()
@click.argument("expr")
@SIGNS
@click.option("--terms", "-n", type=click.IntRange(min=8, max=100_000), default=100, show_default=True,
              help="Number of certified terms given to Berlekamp-Massey.")
@click.option("--approve-ratio", type=click.FloatRange(0.01, 0.5), default=0.25, show_default=True,
              help="Approve a recurrence when its length is below this fraction of the terms.")
@click.option("--check-digits", type=click.IntRange(min=50, max=100_000), default=1000, show_default=True,
              help="Precision of the independent check of a decoded pattern.")
@DIGITS
@TIME_LIMIT
@FORMAT
@stops_on_ctrl_c
@user_errors
def analyze(expr: str, signs: str, terms: int, approve_ratio: float, check_digits: int,
            digits: int | None, time_limit: float, fmt: str) -> None:
    """Find the recurrence and interlaced pattern of EXPR's partial quotients.

    Reports the linear complexity (Berlekamp-Massey over GF(p), confirmed exactly over the
    integers), the decoded pattern (transient, period, channel polynomials in k with
    n = transient + N*k + r), the digits to which the pattern's continued fraction agrees with
    EXPR, its convergence rate, and the rate of EXPR's simple continued fraction.  An EXPR that
    starts with '-' goes last, after the options and '--', so that it is not read as an option.

    \b
    Examples:
      esma cf analyze e --signs +-
      esma cf analyze --check-digits 300 -- "-tan(1)"
    """
    from search.expansion import analyze as do_analyze

    res = do_analyze(expr, signs, terms, digits, approve_ratio, check_digits,
                     budget=budget_for(time_limit, "terms or check digits"))
    limit = pattern_limit(res.pattern.a, signs) if res.pattern is not None else None
    rational = rational_limit_note(res.pattern.a, signs, res.verified_digits, res.expansion.expression) if limit == "rational" else None
    if fmt == "json":
        doc = {**res.as_dict(), "limit": limit}
        if rational:
            doc["notes"] = [*doc.get("notes", []), rational]
        emit_json_ints(doc, [*res.expansion.terms, *(res.connection or ())])
        return
    e = res.expansion
    click.echo(f"{e.expression}  signs {signs!r}  ({len(e.terms)} terms at {e.digits} digits)")
    click.echo("terms: " + ", ".join(map(int_text, e.terms[:24])) + (", ..." if len(e.terms) > 24 else ""))
    conf = "confirmed over the integers" if res.recurrence_confirmed else "not confirmed"
    click.echo(f"linear complexity: {res.linear_complexity} ({conf})")
    if res.connection:
        click.echo("connection polynomial: " + " ".join(map(int_text, res.connection)))
    if res.pattern is not None:
        a = res.pattern.a
        what = f"pattern of the terms (not a formula of {e.expression})" if rational else "pattern"
        click.echo(f"{what}: transient {list(a.transient)}, period {a.period}")
        for line in a.general_term():
            click.echo("  " + line)
        if rational:
            click.echo(f"limit: rational. {rational}")
        else:
            click.echo(f"verified digits: {res.verified_digits}  (pattern vs value at {check_digits} digits)")
            click.echo(f"convergence: {res.pattern_rate:.4f} digits/term")
    for note in res.notes:
        click.echo(note)
    click.echo(f"simple CF convergence: {res.simple_cf_rate:.4f} digits/term")


from discovery.cli.prove import prove as _prove  # noqa: E402  (defined in its own module, one job each)

cf.add_command(_prove)
