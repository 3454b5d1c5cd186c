"""The ``esma`` command line: a click group whose subcommands are imported on first use.

Only click is imported at start-up; each command module imports numba, mpmath, gmpy2 and the
engine inside the command body, so ``esma --help`` and every ``--help`` answer instantly.
"""

from __future__ import annotations

import click

from discovery.cli.lazy import CommandTable, LazyGroup

# name -> (module, attribute, one-line help shown by `esma --help`)
COMMANDS: CommandTable = {
    "cf": ("discovery.cli.cf", "cf", "Expand and analyse continued fractions of expressions."),
    "constants": ("discovery.cli.constants", "constants", "List and evaluate named constants."),
    "search": ("discovery.cli.search", "search", "Run, queue and inspect ESMA searches."),
    "conjectures": ("discovery.cli.conjectures", "conjectures", "Query the stored conjectures."),
    "daemon": ("discovery.cli.daemon", "daemon", "Start, stop and inspect the search daemon."),
    "db": ("discovery.cli.db", "db_group", "Inspect, check and upgrade the conjecture database."),
    "experiment": ("discovery.cli.experiment", "experiment", "Complexity, prime-coding and coffee-automaton experiments."),
    "warm-up": ("discovery.cli.warmup", "warm_up", "Compile every Numba kernel into the cache, in parallel (once)."),
}


@click.group(cls=LazyGroup, commands=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="esma", prog_name="esma")
def main() -> None:
    """esma: find continued-fraction formulas for mathematical constants.

    Expand a constant with `esma cf expand e --signs +-`, analyse it with `esma cf analyze`,
    and list what the engine knows with `esma constants list`.
    """
    from discovery.cli.interrupts import deliver_stray_interrupts

    deliver_stray_interrupts()
