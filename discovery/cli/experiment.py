"""``esma experiment``: the experiment modules (complexity, prime coding, coffee automaton).

Each experiment lives in its own module of :mod:`discovery` and contributes one click command;
they are imported only when used.
"""

from __future__ import annotations

import click

from discovery.cli.lazy import CommandTable, LazyGroup

EXPERIMENTS: CommandTable = {
    "primes": ("discovery.primes_cli", "primes", "Prime density, Mertens' theorems and the independence model."),
    "erdos-kac": ("discovery.primes_cli", "erdos_kac", "omega(n) statistics against ln ln N and the normal law."),
    "prime-coding": ("discovery.primes_cli", "prime_coding", "Compression of the prime indicator string."),
    "learnability": ("discovery.primes_cli", "learnability", "Predicting primality from bits."),
    "complexity": ("discovery.kolmogorov_cli", "complexity", "Complexity of partial-quotient and prime sequences."),
    "coffee": ("discovery.coffee_cli", "coffee", "The coffee automaton: entropy and apparent complexity."),
}


@click.group(cls=LazyGroup, commands=EXPERIMENTS, section="Experiments")
def experiment() -> None:
    """Experiments on complexity and on the information content of the primes.

    Every experiment takes --format text|json, --plot FILE.png and --save (store the run in
    the database given by --db).
    """
