"""``esma cf``: certified expansion and pattern analysis of one expression."""

from __future__ import annotations

import click

from discovery.cli.errors import user_errors


def _check_signs(ctx: click.Context, param: click.Parameter, value: str) -> str:
    from cf.signs import SignPeriodError, validate_signs

    try:
        return validate_signs(value)
    except SignPeriodError as exc:
        raise click.BadParameter(str(exc)) from None


SIGNS = click.option("--signs", "-s", default="+", show_default=True, callback=_check_signs,
                     help="Sign period over '+' and '-' ('+' is the simple continued fraction).")
FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                      show_default=True, help="Output format.")
DIGITS = click.option("--digits", type=click.IntRange(min=10), default=None,
                      help="Cap on the working precision in decimal digits (default: raise as needed up to 100000).")


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
@FORMAT
@user_errors
def expand(expr: str, signs: str, terms: int, digits: int | None, fmt: str) -> None:
    """Print the first certified partial quotients of EXPR.

    Every printed term is certified by exact interval arithmetic; the working precision is
    raised until enough terms are certified.
    """
    from search.expansion import expand as do_expand

    result = do_expand(expr, signs, terms, digits)
    if fmt == "json":
        from discovery.cli.output import emit_json

        emit_json(result.as_dict())
        return
    t = result.terms
    body = f"[{t[0]}; {', '.join(map(str, t[1:]))}]" if len(t) > 1 else f"[{t[0]}]"
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
@FORMAT
@user_errors
def analyze(expr: str, signs: str, terms: int, approve_ratio: float, check_digits: int,
            digits: int | None, fmt: str) -> None:
    """Find the recurrence and interlaced pattern of EXPR's partial quotients.

    Reports the linear complexity (Berlekamp-Massey over GF(p), confirmed exactly over the
    integers), the decoded pattern (transient, period, channel polynomials in k with
    n = transient + N*k + r), the digits to which the pattern's continued fraction agrees with
    EXPR, its convergence rate, and the rate of EXPR's simple continued fraction.
    """
    from search.expansion import analyze as do_analyze

    res = do_analyze(expr, signs, terms, digits, approve_ratio, check_digits)
    if fmt == "json":
        from discovery.cli.output import emit_json

        emit_json(res.as_dict())
        return
    e = res.expansion
    click.echo(f"{e.expression}  signs {signs!r}  ({len(e.terms)} terms at {e.digits} digits)")
    click.echo("terms: " + ", ".join(map(str, e.terms[:24])) + (", ..." if len(e.terms) > 24 else ""))
    conf = "confirmed over the integers" if res.recurrence_confirmed else "not confirmed"
    click.echo(f"linear complexity: {res.linear_complexity} ({conf})")
    if res.connection:
        click.echo("connection polynomial: " + " ".join(map(str, res.connection)))
    if res.pattern is not None:
        a = res.pattern.a
        click.echo(f"pattern: transient {list(a.transient)}, period {a.period}")
        for line in a.general_term():
            click.echo("  " + line)
        click.echo(f"verified digits: {res.verified_digits}  (pattern vs value at {check_digits} digits)")
        click.echo(f"convergence: {res.pattern_rate:.4f} digits/term")
    for note in res.notes:
        click.echo(note)
    click.echo(f"simple CF convergence: {res.simple_cf_rate:.4f} digits/term")
