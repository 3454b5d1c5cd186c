"""``esma experiment``: the experiments (complexity, prime coding, coffee automaton).

Each experiment is a package of :mod:`discovery.experiments` whose ``commands`` module holds its
click commands; they are imported only when used.  A ``ValueError`` (or ``ArithmeticError``) that
a running experiment raises becomes one ``Error:`` sentence here, in the CLI layer.
"""

from __future__ import annotations

from typing import Any

import click

from discovery.cli.errors import user_errors
from discovery.cli.lazy import CommandTable, LazyGroup


def _commands(package: str, helps: dict[str, str]) -> CommandTable:
    """Table rows for the commands of ``discovery.experiments.<package>.commands``; the command
    ``some-name`` is the module's attribute ``some_name``."""
    module = f"discovery.experiments.{package}.commands"
    return {name: (module, name.replace("-", "_"), text) for name, text in helps.items()}


EXPERIMENTS: CommandTable = {
    **_commands("primes", {
        "primes": "Prime density, Mertens' theorems and the independence model.",
        "erdos-kac": "omega(n) statistics against ln ln N and the normal law.",
        "prime-coding": "Compression of the prime indicator string.",
        "learnability": "Predicting primality from bits.",
    }),
    **_commands("complexity", {"complexity": "Complexity of partial-quotient and prime sequences."}),
    **_commands("coffee", {"coffee": "The coffee automaton: entropy and apparent complexity."}),
}

SAVED_RUNS: CommandTable = {
    "runs": ("discovery.cli.experiment_runs", "runs", "List the runs saved with --save."),
    "run": ("discovery.cli.experiment_runs", "run", "Show one saved run."),
}


class ExperimentGroup(LazyGroup):
    """The lazy group of the experiments, turning the engine's errors into one sentence."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the chosen experiment; its ``ValueError`` or ``ArithmeticError`` ends it with ``Error: <sentence>``."""
        return user_errors(super().invoke)(ctx)


@click.group(cls=ExperimentGroup, commands={**EXPERIMENTS, **SAVED_RUNS}, section="Experiments and saved runs")
def experiment() -> None:
    """Experiments on complexity and on the information content of the primes.

    Every experiment takes --format text|json, --plot FILE.png and --save (store the run in
    the database given by --db).
    """
