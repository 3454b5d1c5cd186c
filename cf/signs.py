"""Sign words of signed continued fractions, and the sign periods of a search.

A sign period is a non-empty word over ``{'+', '-'}``; the n-th partial numerator of the
expansion is ``b_n = word[n mod J]`` (``'+'`` is +1, ``'-'`` is -1).  ``"+"`` gives the ordinary
(simple) continued fraction.

A word that is a repetition of a shorter word describes the same sequence as that shorter word
(``'++'`` is ``'+'``, ``'+-+-'`` is ``'+-'``), so a search lists only *primitive* words; rotations
(``'+-'`` and ``'-+'``) are different sequences and are all kept.  The number of primitive words
of length J over two letters is ``sum_{k | J} mu(k) 2^(J/k)``: 2, 2, 6, 12, 30, ... for
J = 1, 2, 3, 4, 5.

>>> sign_values("+-")
(1, -1)
>>> sign_at("+-", 3)
-1
>>> sign_periods(1, 3)
['+', '-', '+-', '-+', '++-', '+-+', '+--', '-++', '-+-', '--+']
>>> parse_period_range("1-3"), parse_period_range("2")
((1, 3), (2, 2))
"""

from __future__ import annotations

import re
from itertools import product

MAX_PERIOD_LENGTH = 64
"""Longest sign word accepted anywhere (an expansion's ``--signs``)."""

MAX_SEARCH_PERIOD_LENGTH = 12
"""Longest period length a search enumerates (2^12 words of that length)."""

_RANGE = re.compile(r"^(\d+)(?:\s*-\s*(\d+))?$")


class SignPeriodError(ValueError):
    """A sign word or period range that is not valid; the message is one sentence."""


def validate_signs(signs: str) -> str:
    """Return ``signs`` unchanged if it is a valid sign period, else raise SignPeriodError.

    >>> validate_signs("+-+")
    '+-+'
    """
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
    """The period as a tuple of +1/-1.

    >>> sign_values("--+")
    (-1, -1, 1)
    """
    return tuple(1 if ch == "+" else -1 for ch in validate_signs(signs))


def sign_at(signs: str, n: int) -> int:
    """``b_n`` for the period ``signs``: +1 or -1.

    >>> [sign_at("--+", n) for n in range(4)]
    [-1, -1, 1, -1]
    """
    return 1 if signs[n % len(signs)] == "+" else -1


def is_primitive(word: str) -> bool:
    """True if ``word`` is not a repetition of a shorter word (``'+-'`` yes, ``'+-+-'`` no).

    A word w of length n is a proper power iff it occurs in ``w + w`` at an offset 0 < k < n.

    >>> is_primitive("+-"), is_primitive("++")
    (True, False)
    """
    return (word + word).find(word, 1) == len(word)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_period_range(j_min: int, j_max: int) -> tuple[int, int]:
    """Return ``(j_min, j_max)`` if ``1 <= j_min <= j_max <= 12``, else raise SignPeriodError.

    >>> check_period_range(1, 3)
    (1, 3)
    """
    if not (_is_int(j_min) and _is_int(j_max)):
        raise SignPeriodError(f"Sign-period lengths must be whole numbers, not {j_min!r} and {j_max!r}.")
    if j_min < 1:
        raise SignPeriodError(f"Sign-period lengths start at 1, so a shortest length of {j_min} is invalid.")
    if j_min > j_max:
        raise SignPeriodError(f"The sign-period range {j_min}-{j_max} is reversed: {j_min} is larger than {j_max}.")
    if j_max > MAX_SEARCH_PERIOD_LENGTH:
        raise SignPeriodError(
            f"Sign periods longer than {MAX_SEARCH_PERIOD_LENGTH} are not supported, so a longest length "
            f"of {j_max} is out of range."
        )
    return j_min, j_max


def sign_periods(j_min: int, j_max: int) -> list[str]:
    """Every sign sequence with a period length in ``[j_min, j_max]``, each once, as its shortest period.

    A sign sequence has period length J when it repeats after J terms; '++' and '+' are one
    sequence, written '+'.  So the sequences with a period length in the range are the primitive
    words whose length divides some J in ``[j_min, j_max]``: ``--periods 2-2`` means the four
    length-2 words ++, +-, -+, --, which are the sequences '+', '-', '+-', '-+'.  Order: by length,
    then lexicographically with ``'+'`` before ``'-'`` (for ``j_min = 1`` these are all primitive
    words up to ``j_max``).

    >>> sign_periods(2, 2)
    ['+', '-', '+-', '-+']
    >>> len(sign_periods(3, 4)), sign_periods(3, 3)
    (22, ['+', '-', '++-', '+-+', '+--', '-++', '-+-', '--+'])
    """
    check_period_range(j_min, j_max)
    out: list[str] = []
    for length in range(1, j_max + 1):
        if not any(J % length == 0 for J in range(j_min, j_max + 1)):
            continue
        for letters in product("+-", repeat=length):
            word = "".join(letters)
            if is_primitive(word):
                out.append(word)
    return out


def parse_period_range(text: str) -> tuple[int, int]:
    """Parse ``"J_MIN-J_MAX"`` (or a single ``"J"``, meaning exactly J) into ``(j_min, j_max)``.

    >>> parse_period_range(" 2 - 4 ")
    (2, 4)
    """
    if not isinstance(text, str) or not text.strip():
        raise SignPeriodError("The sign-period range is empty; write it as J_MIN-J_MAX, for example 1-3.")
    match = _RANGE.match(text.strip())
    if match is None:
        raise SignPeriodError(f"The sign-period range {text!r} is not of the form J_MIN-J_MAX, for example 1-3.")
    j_min = int(match.group(1))
    j_max = int(match.group(2)) if match.group(2) is not None else j_min
    return check_period_range(j_min, j_max)
