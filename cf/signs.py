"""Sign periods of signed continued fractions.

A sign period is a non-empty word over ``{'+', '-'}``; the n-th partial numerator of the
expansion is ``b_n = sign[n mod J]`` (``'+'`` is +1, ``'-'`` is -1).  ``"+"`` gives the ordinary
(simple) continued fraction.

>>> sign_values("+-")
(1, -1)
>>> sign_at("+-", 3)
-1
"""

from __future__ import annotations

MAX_PERIOD_LENGTH = 64


class SignPeriodError(ValueError):
    """A sign period that is not a non-empty word over '+' and '-'."""


def validate_signs(signs: str) -> str:
    """Return ``signs`` unchanged if it is a valid sign period, else raise SignPeriodError."""
    if not isinstance(signs, str) or not signs:
        raise SignPeriodError("the sign period must be a non-empty word over '+' and '-'")
    for i, ch in enumerate(signs):
        if ch not in "+-":
            raise SignPeriodError(
                f"the sign period {signs!r} has the character {ch!r} at position {i + 1}; "
                "only '+' and '-' are allowed"
            )
    if len(signs) > MAX_PERIOD_LENGTH:
        raise SignPeriodError(
            f"the sign period has length {len(signs)}, above the limit of {MAX_PERIOD_LENGTH}"
        )
    return signs


def sign_values(signs: str) -> tuple[int, ...]:
    """The period as a tuple of +1/-1."""
    return tuple(1 if ch == "+" else -1 for ch in validate_signs(signs))


def sign_at(signs: str, n: int) -> int:
    """``b_n`` for the period ``signs``: +1 or -1."""
    return 1 if signs[n % len(signs)] == "+" else -1


def primitive_period(signs: str) -> str:
    """The shortest word whose repetition is ``signs`` (``'+-+-'`` -> ``'+-'``, ``'++'`` -> ``'+'``)."""
    validate_signs(signs)
    n = len(signs)
    for d in range(1, n + 1):
        if n % d == 0 and signs[:d] * (n // d) == signs:
            return signs[:d]
    return signs  # pragma: no cover - d = n always matches
