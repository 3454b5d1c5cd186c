"""Sign periods of an ESMA search space.

A sign period is a word over ``{'+', '-'}``; the signed continued fraction uses
``b_n = word[n mod J]``.  A word that is a repetition of a shorter word describes the same
sequence as that shorter word (``'++'`` is ``'+'``, ``'+-+-'`` is ``'+-'``), so a search space
lists only *primitive* words.  Rotations (``'+-'`` and ``'-+'``) are different sequences and are
all kept.  The number of primitive words of length J over two letters is
``sum_{k | J} mu(k) 2^(J/k)``: 2, 2, 6, 12, 30, ... for J = 1, 2, 3, 4, 5.

>>> sign_periods(1, 3)
['+', '-', '+-', '-+', '++-', '+-+', '+--', '-++', '-+-', '--+']
>>> parse_period_range("1-3"), parse_period_range("2")
((1, 3), (2, 2))
>>> primitive_root("+-+-")
'+-'
"""

from __future__ import annotations

import re
from itertools import product

MAX_PERIOD_LENGTH = 12
"""Longest sign period a search space may contain."""

_RANGE = re.compile(r"^(\d+)(?:\s*-\s*(\d+))?$")


class SpaceError(ValueError):
    """An invalid search-space parameter; the message is one sentence meant for the user."""


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_period_range(j_min: int, j_max: int) -> tuple[int, int]:
    """Return ``(j_min, j_max)`` if ``1 <= j_min <= j_max <= 12``, else raise :class:`SpaceError`.

    >>> check_period_range(1, 3)
    (1, 3)
    """
    if not (_is_int(j_min) and _is_int(j_max)):
        raise SpaceError(f"Sign-period lengths must be whole numbers, not {j_min!r} and {j_max!r}.")
    if j_min < 1:
        raise SpaceError(f"Sign-period lengths start at 1, so a shortest length of {j_min} is invalid.")
    if j_min > j_max:
        raise SpaceError(f"The sign-period range {j_min}-{j_max} is reversed: {j_min} is larger than {j_max}.")
    if j_max > MAX_PERIOD_LENGTH:
        raise SpaceError(
            f"Sign periods longer than {MAX_PERIOD_LENGTH} are not supported, so a longest length of {j_max} is out of range."
        )
    return j_min, j_max


def is_primitive(word: str) -> bool:
    """True if ``word`` is not a repetition of a shorter word (``'+-'`` yes, ``'+-+-'`` no).

    A word w of length n is a proper power iff it occurs in ``w + w`` at an offset 0 < k < n.

    >>> is_primitive("+-"), is_primitive("++")
    (True, False)
    """
    return (word + word).find(word, 1) == len(word)


def primitive_root(word: str) -> str:
    """The shortest word whose repetition is ``word`` (``'++'`` -> ``'+'``, ``'-+-+'`` -> ``'-+'``).

    >>> primitive_root("--")
    '-'
    """
    k = (word + word).find(word, 1)
    return word[:k] if k > 0 else word


def sign_periods(j_min: int, j_max: int) -> list[str]:
    """All primitive words over ``{'+', '-'}`` with length in ``[j_min, j_max]``.

    Order: by length, then lexicographically with ``'+'`` before ``'-'``.

    >>> sign_periods(2, 2)
    ['+-', '-+']
    """
    check_period_range(j_min, j_max)
    out: list[str] = []
    for length in range(j_min, j_max + 1):
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
        raise SpaceError("The sign-period range is empty; write it as J_MIN-J_MAX, for example 1-3.")
    match = _RANGE.match(text.strip())
    if match is None:
        raise SpaceError(f"The sign-period range {text!r} is not of the form J_MIN-J_MAX, for example 1-3.")
    j_min = int(match.group(1))
    j_max = int(match.group(2)) if match.group(2) is not None else j_min
    return check_period_range(j_min, j_max)


def parse_signs(text: str) -> str:
    """Validate a sign period written as a word over ``'+'`` and ``'-'`` and return it.

    Surrounding whitespace is removed; the word itself is returned unchanged (``'++'`` stays
    ``'++'``; use :func:`primitive_root` to reduce it).

    >>> parse_signs(" +- ")
    '+-'
    """
    if not isinstance(text, str) or not text.strip():
        raise SpaceError("The sign period is empty; write it as a word over '+' and '-', for example +-.")
    word = text.strip()
    for position, char in enumerate(word, start=1):
        if char not in "+-":
            raise SpaceError(
                f"The sign period {word!r} has {char!r} at position {position}, but only '+' and '-' are allowed."
            )
    if len(word) > MAX_PERIOD_LENGTH:
        raise SpaceError(
            f"The sign period {word!r} has length {len(word)}, above the limit of {MAX_PERIOD_LENGTH}."
        )
    return word
