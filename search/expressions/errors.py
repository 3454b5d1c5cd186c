"""The two errors of the expression language, and their one-sentence messages.

Every problem with an expression -- bad syntax, an unknown name, a value that
is complex or infinite, a precision that cannot be certified -- is reported as
one sentence naming the problem, the 1-based character position and the text:

    >>> err = ExpressionError("unknown name 'pii'", 1, "pii", did_you_mean("pii", ["pi", "e"]))
    >>> print(err)
    unknown name 'pii' at position 1 in "pii" (did you mean 'pi'?)
    >>> isinstance(PrecisionError("precision was lost"), (ValueError, ArithmeticError))
    True
    >>> print(CostError("needs more than 60 s", text="khinchin", hint="the time limit"))
    evaluating "khinchin" needs more than 60 s (the time limit)

Messages that come from elsewhere (mpmath) are cut to their first sentence
by :func:`first_sentence`, and huge integers are described by
:func:`describe_int` rather than printed (Python refuses to print integers of
more than 4300 digits).
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Collection

__all__ = ["CostError", "ExpressionError", "PrecisionError", "describe_int", "did_you_mean", "first_sentence"]

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


class CostError(PrecisionError):
    """An evaluation would exceed its cost budget (working precision, magnitude or wall time).

    Raised before an expensive computation starts when a cheap check can tell
    (``polylog(-10^6, 1/2)``, whose series would need millions of terms: then
    the message names the call and its position like any other) and when the
    precision or the wall time of a whole evaluation runs out; that message
    reads ``evaluating "<text>" needs more than 60 s (<what to do>)``, or
    starts with ``the evaluation`` before the text is attached.
    """

    def _format(self) -> str:
        if self.position is not None:
            return super()._format()
        msg = f"evaluating {_quote(self.text, None)} " if self.text is not None else "the evaluation "
        return msg + self.problem + (f" ({self.hint})" if self.hint else "")


def describe_int(n: int) -> str:
    """``n`` in digits when it has at most 30 of them, else ``"about 10^k"`` (never a huge ``str``).

    Example: ``describe_int(12345) == '12345'`` and ``describe_int(7 * 10**400) == 'about 10^400'``.
    """
    n = int(n)
    if abs(n) < 10**30:
        return str(n)
    sign = "-" if n < 0 else ""
    return f"about {sign}10^{math.floor(math.log10(abs(n)))}"


def first_sentence(text: str, limit: int = 120) -> str:
    """The first sentence of a foreign (e.g. mpmath) message, on one line, without its final period.

    Example: ``first_sentence("Series converges too slowly. Try increasing maxterms.")`` is
    ``'Series converges too slowly'``; an empty message gives ``''``.
    """
    flat = " ".join(str(text).split())
    head = re.split(r"(?<=[.!?;])\s", flat, maxsplit=1)[0].rstrip(".;!? ")
    return head if len(head) <= limit else head[: limit - 1].rstrip() + "…"


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
