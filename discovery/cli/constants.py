"""``esma constants``: the named constants and functions the grammar knows."""

from __future__ import annotations

import click

from discovery.cli.cf_options import TIME_LIMIT, budget_for, stops_on_ctrl_c
from discovery.cli.errors import user_errors


@click.group()
def constants() -> None:
    """List named constants and evaluate them at any precision."""


@constants.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_(fmt: str) -> None:
    """List the named constants (with aliases) and the functions of the expression grammar."""
    from search import expressions as reg

    consts = [{"name": c.name, "aliases": list(c.aliases), "description": c.description}
              for c in reg.list_constants()]
    funcs = [{"name": f.name, "signature": f.signature, "aliases": list(f.aliases), "description": f.description}
             for f in reg.list_functions()]
    if fmt == "json":
        from discovery.cli.output import emit_json

        emit_json({"constants": consts, "functions": funcs})
        return
    from discovery.cli.output import table_text

    click.echo(table_text(["name", "aliases", "description"],
                          [(c["name"], ", ".join(c["aliases"]), c["description"]) for c in consts]))
    click.echo()
    click.echo(table_text(["function", "description"], [(f["signature"], f["description"]) for f in funcs]))


@constants.command()
@click.argument("name")
@click.option("--digits", "-d", type=click.IntRange(min=1, max=1_000_000), default=50, show_default=True,
              help="Significant decimal digits to print.")
@TIME_LIMIT
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@stops_on_ctrl_c
@user_errors
def show(name: str, digits: int, time_limit: float, fmt: str) -> None:
    """Print NAME (a constant or any expression) to the requested number of digits.

    An expression that starts with '-' goes last, after the options and '--', so that it is not
    read as an option.

    \b
    Examples:
      esma constants show catalan --digits 100
      esma constants show --digits 20 -- "-log(2)/3"
    """
    import mpmath

    from search import expressions as reg

    node = reg.parse_expression(name)
    value = reg.evaluate(node, digits + 10, budget=budget_for(time_limit, "digits"))
    text = mpmath.nstr(value, digits, strip_zeros=False)
    info = None
    try:
        info = reg.resolve(name.strip()).description
    except ValueError:
        pass  # an expression rather than a single name
    if fmt == "json":
        from discovery.cli.output import emit_json

        emit_json({"expression": str(node), "digits": digits, "value": text, "about": info})
        return
    if info:
        click.echo(f"{str(node)}: {info}")
    click.echo(text)
