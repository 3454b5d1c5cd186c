"""A constant's identity is its value: decimal value texts, and comparing two of them as numbers.

:func:`value_digits` writes the value of an expression, correctly rounded to ``digits``
significant digits, as ``[-]d.ddd...e<E>`` (``±d.ddd... * 10^E``; zero is ``0e0``).  The
expression is evaluated by the certified evaluator at 10 guard digits and rounded once, exactly,
from the binary result, so the text is the correct rounding of the true value except when the
true value lies within ``10^-10`` units of a rounding boundary (then it is off by one unit).

:func:`same_value` compares two such texts as numbers: equal to within :data:`TOLERANCE` units in
the last place of the shorter, ``|a - b| <= 4 * 10^(E - n + 1)``, never as strings (two correct
roundings of one number can differ in every digit: ``1.999...`` and ``2.000...``).  Two
expressions whose values agree to 1000 digits are taken to be one constant.

>>> value_digits("e", 20)
'2.7182818284590452354e0'
>>> same_value(value_digits("exp(1/2)", 1000), value_digits("sqrt(e)", 1000), 1000)
True
>>> same_value(value_digits("exp(1/2)", 1000), value_digits("exp(1/2) + 10^-900", 1000), 1000)
False
"""

from __future__ import annotations

import re
from fractions import Fraction

from .evaluator import evaluate
from .mpnumbers import exact_rational
from .registry import parse_expression

GUARD_DIGITS = 10
TOLERANCE = 4

_TEXT = re.compile(r"^-?(?:[1-9](?:\.\d+)?|0)e[-+]?\d+$")


def _decimal_exponent(q: Fraction) -> int:
    """``E`` with ``10^E <= q < 10^(E+1)`` for a rational ``q > 0`` (exact)."""
    guess = len(str(q.numerator)) - len(str(q.denominator))
    while Fraction(10) ** guess > q:
        guess -= 1
    while Fraction(10) ** (guess + 1) <= q:
        guess += 1
    return guess


def format_value(q: Fraction, digits: int) -> str:
    """A rational rounded (half to even) to ``digits`` significant digits, as a value text.

    >>> format_value(Fraction(-1, 8), 2), format_value(Fraction(9999, 1000), 3), format_value(Fraction(0), 5)
    ('-1.2e-1', '1.00e1', '0e0')
    """
    if q == 0:
        return "0e0"
    sign, q = ("-" if q < 0 else ""), abs(q)
    exponent = _decimal_exponent(q)
    mantissa = round(q * Fraction(10) ** (digits - 1 - exponent))
    if mantissa == 10 ** digits:  # rounded up to the next power of ten
        mantissa, exponent = mantissa // 10, exponent + 1
    text = str(mantissa)
    return f"{sign}{text[0]}{'.' + text[1:] if digits > 1 else ''}e{exponent}"


def value_digits(expression: str, digits: int = 1000) -> str:
    """The value of ``expression`` (the registry's grammar) to ``digits`` significant digits, as text.

    Raises what :func:`search.expressions.evaluate` raises: ``ExpressionError`` for bad text,
    ``PrecisionError`` when the value cannot be certified (``sin(pi)``).
    """
    if isinstance(digits, bool) or not isinstance(digits, int) or digits < 1:
        raise ValueError(f"digits must be a whole number >= 1, not {digits!r}")
    value = evaluate(parse_expression(expression), digits + GUARD_DIGITS)
    return format_value(exact_rational(value, expression), digits)  # sign * man * 2^exp, exactly


def _parse(text: str) -> tuple[Fraction, int, int]:
    """(exact value, decimal exponent, significant digits) of a value text."""
    if not isinstance(text, str) or not _TEXT.match(text.strip()):
        raise ValueError(f"{text!r} is not a value text such as 2.718281828e0")
    body, _, exponent = text.strip().lstrip("-").partition("e")
    return Fraction(text.strip()), int(exponent), len(body.replace(".", "")) if body != "0" else 0


def same_value(a: str, b: str, digits: int) -> bool:
    """Whether value texts ``a`` and ``b`` are one number to ``digits`` significant digits.

    Compared on at most as many digits as the shorter text has, with a tolerance of
    :data:`TOLERANCE` units in that last place.

    >>> same_value("1.99999999e0", "2.00000000e0", 9), same_value("1.99990e0", "2.00010e0", 6)
    (True, False)
    """
    if isinstance(digits, bool) or not isinstance(digits, int) or digits < 1:
        raise ValueError(f"digits must be a whole number >= 1, not {digits!r}")
    (x, ex, nx), (y, ey, ny) = _parse(a), _parse(b)
    if x == 0 or y == 0:
        return x == y
    if (x < 0) != (y < 0) or abs(ex - ey) > 1:
        return False
    n = min(digits, nx, ny)
    return abs(x - y) <= TOLERANCE * Fraction(10) ** (max(ex, ey) - n + 1)


__all__ = ["GUARD_DIGITS", "TOLERANCE", "format_value", "same_value", "value_digits"]
