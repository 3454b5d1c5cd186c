"""``esma experiment``: the experiment modules (complexity, prime coding, coffee automaton).

Each experiment lives in its own module of :mod:`discovery` and contributes one click command;
they are imported only when used.
"""

from __future__ import annotations

import importlib

import click

EXPERIMENTS: dict[str, tuple[str, str, str]] = {
    "primes": ("discovery.primes_cli", "primes", "Prime density, Mertens' theorems and the independence model."),
    "erdos-kac": ("discovery.primes_cli", "erdos_kac", "omega(n) statistics against ln ln N and the normal law."),
    "prime-coding": ("discovery.primes_cli", "prime_coding", "Compression of the prime indicator string."),
    "learnability": ("discovery.primes_cli", "learnability", "Predicting primality from bits."),
    "complexity": ("discovery.kolmogorov_cli", "complexity", "Complexity of partial-quotient and prime sequences."),
    "coffee": ("discovery.coffee_cli", "coffee", "The coffee automaton: entropy and apparent complexity."),
}


class _LazyExperiments(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(EXPERIMENTS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        spec = EXPERIMENTS.get(name)
        if spec is None:
            return None
        return getattr(importlib.import_module(spec[0]), spec[1])

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Experiments"):
            formatter.write_dl([(n, EXPERIMENTS[n][2]) for n in EXPERIMENTS])


@click.group(cls=_LazyExperiments)
def experiment() -> None:
    """Experiments on complexity and on the information content of the primes.

    Every experiment takes --format text|json, --plot FILE.png and --save (store the run in
    the database given by --db).
    """
