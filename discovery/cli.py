"""The ``esma`` command line: a click group whose subcommands are imported on first use.

Only click is imported at start-up; each command module imports numba, mpmath, gmpy2 and the
engine inside the command body, so ``esma --help`` and every ``--help`` answer instantly.
"""

from __future__ import annotations

import importlib

import click

# name -> (module, attribute, one-line help shown by `esma --help`)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "cf": ("discovery.commands.cf_cmd", "cf", "Expand and analyse continued fractions of expressions."),
    "constants": ("discovery.commands.constants_cmd", "constants", "List and evaluate named constants."),
    "search": ("discovery.commands.search_cmd", "search", "Run, queue and inspect ESMA searches."),
    "conjectures": ("discovery.commands.conjectures_cmd", "conjectures", "Query the stored conjectures."),
    "daemon": ("discovery.commands.daemon_cmd", "daemon", "Start, stop and inspect the search daemon."),
    "db": ("discovery.commands.db_cmd", "db_group", "Inspect and check the conjecture database."),
    "experiment": ("discovery.commands.experiment_cmd", "experiment", "Complexity, prime-coding and coffee-automaton experiments."),
}


class LazyGroup(click.Group):
    """A click group that imports a subcommand's module only when that subcommand is used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        spec = COMMANDS.get(cmd_name)
        if spec is None:
            return None
        module = importlib.import_module(spec[0])
        return getattr(module, spec[1])

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="esma", prog_name="esma")
def main() -> None:
    """esma: find continued-fraction formulas for mathematical constants.

    Expand a constant with `esma cf expand e --signs +-`, analyse it with `esma cf analyze`,
    and list what the engine knows with `esma constants list`.
    """
