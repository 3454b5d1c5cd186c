"""The two errors of the expression language, and their one-sentence messages.

Every problem with an expression -- bad syntax, an unknown name, a value that
is complex or infinite, a precision that cannot be certified -- is reported as
one sentence naming the problem, the 1-based character position and the text:

    >>> err = ExpressionError("unknown name 'pii'", 1, "pii", did_you_mean("pii", ["pi", "e"]))
    >>> print(err)
    unknown name 'pii' at position 1 in "pii" (did you mean 'pi'?)
    >>> isinstance(PrecisionError("precision was lost"), (ValueError, ArithmeticError))
    True
"""

from __future__ import annotations

import difflib
from collections.abc import Collection

__all__ = ["ExpressionError", "PrecisionError", "did_you_mean"]

#: Longest quoted text; longer expressions are quoted as a window around the position.
_WINDOW = 60


class ExpressionError(ValueError):
    """An expression could not be parsed or evaluated.

    The message is a single sentence naming the problem and, where it makes
    sense, the 1-based character position and the offending text, e.g.
    ``missing ')' at position 6 in "exp(1" (to close '(' at position 4)``.

    Attributes:
        problem: the bare description, e.g. ``"unknown name 'foo'"``.
        position: 1-based character position, or ``None``.
        text: the expression text, or ``None`` when it is not known.
        hint: an optional trailing clarification.
    """

    def __init__(
        self,
        problem: str,
        position: int | None = None,
        text: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.problem = problem
        self.position = position
        self.text = text
        self.hint = hint
        super().__init__(self._format())

    def _format(self) -> str:
        msg = self.problem
        if self.position is not None:
            msg += f" at position {self.position}"
        if self.text is not None:
            msg += f" in {_quote(self.text, self.position)}"
        if self.hint:
            msg += f" ({self.hint})"
        return msg

    def with_text(self, text: str) -> ExpressionError:
        """Return a copy of this error (same class) that also quotes ``text``.

        Errors raised while evaluating a tree know the position but not the
        source text; callers that have the text attach it with this method.
        """
        if self.text is not None:
            return self
        err = type(self).__new__(type(self))
        err.__dict__.update(self.__dict__)
        err.text = text
        err.args = (err._format(),)
        return err


class PrecisionError(ExpressionError, ArithmeticError):
    """The working precision was not enough to certify the requested accuracy.

    Raised when catastrophic cancellation, a pole (``tan(pi/2)``), a value that
    is indistinguishable from zero (``sin(pi)`` asked for relative digits), or
    a value too large for an absolute enclosure prevents a reliable answer.
    It is both an :class:`ArithmeticError` and an :class:`ExpressionError`
    (hence a :class:`ValueError`).

    Example: ``enclose("tan(pi/2)", 64)`` raises ``PrecisionError``.
    """


def did_you_mean(word: str, pool: Collection[str]) -> str | None:
    """The hint ``"did you mean 'x'?"`` for the closest name of ``pool``, or ``None``.

    "Close" is a :func:`difflib.get_close_matches` similarity ratio of at
    least 0.75 (``pii`` -> ``pi``, ``catalen`` -> ``catalan``); ties go to the
    alphabetically first name, so the hint is deterministic.
    """
    close = difflib.get_close_matches(word, sorted(pool), n=1, cutoff=0.75)
    return f"did you mean '{close[0]}'?" if close else None


def _quote(text: str, position: int | None) -> str:
    """Quote ``text`` for an error message, showing a window if it is long."""
    flat = " ".join(text.split()) if ("\n" in text or "\r" in text or "\t" in text) else text
    if len(flat) <= _WINDOW:
        return f'"{flat}"'
    centre = (position or 1) - 1
    start = max(0, min(centre - _WINDOW // 2, len(flat) - _WINDOW))
    snippet = flat[start : start + _WINDOW]
    left = "…" if start > 0 else ""
    right = "…" if start + _WINDOW < len(flat) else ""
    return f'"{left}{snippet}{right}"'
