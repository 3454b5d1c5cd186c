"""Options and wrappers shared by the ``esma cf`` commands (and ``esma constants``): sign period,
output format, time limit, the evaluation budget, and Ctrl-C handling."""

from __future__ import annotations

import functools
import signal
import sys
import threading
from typing import Any, Callable, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

#: Default wall-time limit of one interactive command, in seconds.
DEFAULT_TIME_LIMIT = 60.0


def stops_on_ctrl_c(func: F) -> F:
    """Decorator for interactive commands: Ctrl-C (SIGINT) ends the command at once with exit code 130.

    A SIGINT that the parent left ignored (a background job of a non-interactive shell) is
    honoured again, so ``kill -INT`` always stops an expression evaluation; the message is one
    line on stderr, never a traceback.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
            signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            return func(*args, **kwargs)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


def budget_for(time_limit: float, what: str) -> Any:
    """The evaluation budget of an interactive command: ``time_limit`` seconds for all its evaluations.

    >>> budget_for(30, "terms").seconds
    30
    """
    from search.expressions import Budget

    return Budget(seconds=time_limit, advice=f"ask for fewer {what}, or raise --time-limit")


TIME_LIMIT = click.option("--time-limit", type=click.FloatRange(min=0.1), default=DEFAULT_TIME_LIMIT,
                          show_default=True, metavar="SECONDS",
                          help="Give up (with a one-line error) when evaluating EXPR takes longer than this.")


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
DIGITS = click.option("--digits", type=click.IntRange(min=10, max=1_000_000), default=None,
                      help="Cap on the working precision in decimal digits (default: raise as needed up to 100000).")
