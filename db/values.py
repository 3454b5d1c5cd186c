"""Constants' values as decimal text, compared as numbers with plain integer arithmetic.

A value text is ``[-]d.ddd...e<E>``: a sign, ``n`` significant digits (the first non-zero) and a
decimal exponent, meaning ``±d.ddd... * 10^E``; zero is ``0e0``.  (The engine writes them:
``search.expressions.identity.value_digits``; the database only reads them.)

Two texts are the same value when they agree to within :data:`TOLERANCE` units in the last
place of the shorter one, ``|a - b| <= 4 * 10^(E - n + 1)`` with ``E`` the larger exponent and
``n`` the fewer digits: never by string equality, since two correct roundings of one number can
differ in every digit (``1.9999...`` against ``2.0000...``).

A value's *prefix* (:func:`prefix_keys`) is its sign, exponent and first :data:`PREFIX_DIGITS`
digits truncated; it is indexed, so a lookup by value reads only the rows whose prefix equals the
value's, or its neighbour's one unit up or down (two equal values can straddle a truncation
boundary, but by at most one unit).

>>> same_value("2.7182818284590452354e0", "2.7182818284590452353e0", 20)
True
>>> same_value("1.99999999999999999999e0", "2.00000000000000000000e0", 21)      # one unit apart
True
>>> same_value("2.7182818284590452354e0", "2.7182818284590452454e0", 20)
False
>>> prefix_keys("9.99999999999999999999999999e-3")[1:]
('+-2:100000000000000000000000', '+-3:999999999999999999999998')
"""

from __future__ import annotations

import re
from typing import NamedTuple

TOLERANCE = 4
PREFIX_DIGITS = 24

_TEXT = re.compile(r"^(-?)(?:([1-9])(?:\.(\d+))?|(0))e([-+]?\d+)$")


class Decimal(NamedTuple):
    """``sign * digits * 10^(exponent - len(digits) + 1)``; ``digits`` is empty for zero."""

    sign: int
    digits: str
    exponent: int


def parse_value(text: str) -> Decimal:
    """The parts of a value text; ``ValueError`` (one sentence) when it is not one.

    >>> parse_value("-1.25e-3")
    Decimal(sign=-1, digits='125', exponent=-3)
    """
    match = _TEXT.match(text.strip()) if isinstance(text, str) else None
    if match is None:
        raise ValueError(f"{text!r} is not a value text such as 2.718281828e0")
    sign, lead, rest, zero, exponent = match.groups()
    if zero:
        return Decimal(0, "", 0)
    return Decimal(-1 if sign else 1, lead + (rest or ""), int(exponent))


def same_value(a: str, b: str, digits: int | None = None) -> bool:
    """Whether value texts ``a`` and ``b`` agree to within a few units in the last compared place.

    ``digits`` caps the significant digits compared (None: as many as the shorter text has).
    """
    x, y = parse_value(a), parse_value(b)
    if x.sign == 0 or y.sign == 0 or x.sign != y.sign:
        return x.sign == y.sign == 0
    if abs(x.exponent - y.exponent) > 1:
        return False
    n = min(len(x.digits), len(y.digits), digits if digits is not None else len(x.digits))
    if n < 1:
        raise ValueError(f"digits must be at least 1, not {digits!r}")
    low = min(x.exponent - len(x.digits), y.exponent - len(y.digits)) + 1  # common scale 10^low
    ix = int(x.digits) * 10 ** (x.exponent - len(x.digits) + 1 - low)
    iy = int(y.digits) * 10 ** (y.exponent - len(y.digits) + 1 - low)
    return abs(ix - iy) <= TOLERANCE * 10 ** (max(x.exponent, y.exponent) - n + 1 - low)


def _key(sign: int, mantissa: int, exponent: int) -> str:
    return f"{'-' if sign < 0 else '+'}{exponent}:{mantissa}"


def prefix_keys(text: str) -> tuple[str, ...]:
    """The indexed prefix of a value text first, then its neighbours one unit up and down.

    The text needs at least :data:`PREFIX_DIGITS` significant digits (``ValueError`` otherwise).
    """
    value = parse_value(text)
    if value.sign == 0:
        return ("0",)
    if len(value.digits) < PREFIX_DIGITS:
        raise ValueError(f"a constant's value needs at least {PREFIX_DIGITS} significant digits, "
                         f"not {len(value.digits)}")
    top = 10 ** PREFIX_DIGITS
    m = int(value.digits[:PREFIX_DIGITS])
    e = value.exponent
    up = (top // 10, e + 1) if m + 1 == top else (m + 1, e)
    down = (top - 1, e - 1) if m == top // 10 else (m - 1, e)
    return tuple(_key(value.sign, *pair) for pair in ((m, e), up, down))


def value_prefix(text: str) -> str:
    """The indexed prefix of a value text (the first of :func:`prefix_keys`)."""
    return prefix_keys(text)[0]
