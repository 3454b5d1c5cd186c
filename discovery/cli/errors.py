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
            raise click.ClickException(_sentence(str(exc).strip() or exc.__class__.__name__)) from None
        except OSError as exc:  # a file that went away or cannot be written while the command ran
            where = f" ({exc.filename})" if exc.filename else ""
            raise click.ClickException(_sentence(f"{exc.strerror or exc}{where}")) from None
        except Exception as exc:
            if type(exc).__module__.startswith("sqlalchemy"):
                orig = getattr(exc, "orig", None) or exc
                first = str(orig).strip().splitlines()[0] if str(orig).strip() else type(exc).__name__
                raise click.ClickException(_sentence(f"the database failed: {first}")) from None
            raise

    return wrapper  # type: ignore[return-value]


def _sentence(msg: str) -> str:
    msg = msg.rstrip()
    if not msg.endswith("."):
        msg += "."
    return msg[0].upper() + msg[1:]
