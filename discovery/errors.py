"""Turn the engine's error types into one clear CLI sentence and a non-zero exit."""

from __future__ import annotations

import functools
from typing import Callable, TypeVar

import click

F = TypeVar("F", bound=Callable)


def user_errors(func: F) -> F:
    """Decorator: ValueError/ArithmeticError raised by the engine become ``Error: <sentence>``.

    The engine's own exceptions (expression, sign-period, precision and search-space errors)
    derive from ValueError or ArithmeticError and carry one sentence; anything else is a bug and
    keeps its traceback.
    """

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (ValueError, ArithmeticError) as exc:
            msg = str(exc).strip() or exc.__class__.__name__
            if not msg.endswith("."):
                msg += "."
            raise click.ClickException(msg[0].upper() + msg[1:]) from None

    return wrapper  # type: ignore[return-value]
