"""``esma cf prove``: prove or refute a signed continued fraction of an expression."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from discovery.cli.cf_options import FORMAT, SIGNS, TIME_LIMIT, budget_for, stops_on_ctrl_c
from discovery.cli.errors import user_errors


def _pattern_option(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    if value is None:
        return None
    from cf.proof.certificate import PatternDocError, pattern_from_doc

    try:
        doc = json.loads(value)
    except json.JSONDecodeError as exc:
        raise click.BadParameter(f"not JSON ({exc.msg} at character {exc.pos})") from None
    try:
        return pattern_from_doc(doc)
    except PatternDocError as exc:
        raise click.BadParameter(str(exc)) from None


@click.command("prove")
@click.argument("expr")
@SIGNS
@click.option("--pattern", "pattern", callback=_pattern_option, metavar="JSON",
              help='The claimed terms: {"transient": [1, 2], "channels": [["1", "4"], ["12", "16"]]} '
                   "(coefficients lowest degree first; a_(T+Nk+r) = channel_r(k)).  Default: the pattern "
                   "that `esma cf analyze` finds.")
@TIME_LIMIT
@FORMAT
@stops_on_ctrl_c
@user_errors
def prove(expr: str, signs: str, pattern: Any, time_limit: float, fmt: str) -> None:
    """Prove or refute that EXPR equals a signed continued fraction with sign period --signs.

    EXPR must be an integer Moebius image (a v + b)/(c v + d) of a value v with a classical
    continued fraction (Euler's e^(1/m) and e^(2/m), Lambert's tan, tanh, coth, Lehmer's Bessel
    ratios).  The proof is a certificate (induction on blocks of Gosper's homographic states)
    that an independent checker verifies; a refutation names the first certified term that
    differs from the pattern.  The exit status is 0 when the formula is proved, 1 when it is
    refuted or stays open (the reason says where the method stopped).

    \b
    Examples:
      esma cf prove "(e + 1)/(2*e - 2)"
      esma cf prove e --signs +- --format json
      esma cf prove "(e + 1)/(2*e - 2)" --pattern '{"transient": [], "channels": [["1", "4"], ["12", "16"]]}'
    """
    from cf.proof.certificate import PROVED, pattern_doc
    from discovery.cli.output import emit_json
    from search.proof.expression import prove_expression

    out = prove_expression(expr, signs, pattern, budget=budget_for(time_limit, "terms"))
    res = out.result
    words = latex = None
    if res.status == PROVED:
        from cf.proof.words import proof_latex, proof_text

        params = ", ".join(f"{k} = {v}" for k, v in out.entry.parameters)
        words = proof_text(res.certificate, f"{out.entry.name} ({params})" if params else out.entry.name, out.entry.value)
        latex = proof_latex(res.certificate, out.entry.tex)
    if fmt == "json":
        emit_json({"expression": expr, "signs": signs, "status": res.status, "reason": res.reason,
                   "pattern": pattern_doc(out.pattern) if out.pattern is not None else None,
                   "pattern_from": out.found_by, "source": res.source,
                   "moebius": list(res.moebius) if res.moebius else None,
                   "proof": words, "latex": latex, "certificate": res.certificate})
    else:
        click.echo(f"{expr}  signs {signs!r}")
        if out.pattern is not None:
            a = out.pattern
            click.echo(f"pattern ({out.found_by}): transient {list(a.transient)}, period {a.period}")
            for line in a.general_term():
                click.echo("  " + line)
        click.echo(f"status: {res.status}")
        if res.status == PROVED:
            click.echo(f"from: {res.source}")
            click.echo(words)
            click.echo(f"LaTeX: {latex}")
        else:
            click.echo(f"reason: {res.reason}")
    sys.exit(0 if res.status == PROVED else 1)
