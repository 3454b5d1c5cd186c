"""Every limit on a search request, checked in one place before any work starts.

A search request is a space (constant, LHS degree d, coefficient limit L, sign-period lengths
J_min..J_max) and a pipeline configuration (depth, approve ratio, digit floor, validation
precision).  Each check raises :class:`SpaceError` with one sentence meant for the user; the
size guard refuses spaces with more (LHS, sign period) pairs than the caller allows.

>>> check_space(1, 2, 1, 3)
>>> check_space(0, 2, 1, 3)
Traceback (most recent call last):
    ...
search.space.limits.SpaceError: The LHS degree must be a whole number from 1 to 4, not 0.
>>> check_size(448, 5_000_000)
>>> check_size(448, 100, hint="pass --yes to run it")
Traceback (most recent call last):
    ...
search.space.limits.SearchTooLarge: This search has 448 pairs, above the limit of 100; pass --yes to run it.
"""

from __future__ import annotations

from cf.signs import SignPeriodError, check_period_range

MAX_DEGREE = 4
MAX_COEFF_LIMIT = 100
MIN_DEPTH, MAX_DEPTH = 8, 5000
MIN_DIGITS_FLOOR = 10
MAX_CHECK_DIGITS = 100_000
DEFAULT_MAX_PAIRS = 5_000_000
"""Spaces with more pairs are refused unless the caller raises the limit (``--max-pairs``, ``--yes``)."""


class SpaceError(ValueError):
    """An invalid search request; the message is one sentence meant for the user."""


class SearchTooLarge(SpaceError):
    """A search space above the size limit the caller set."""

    def __init__(self, pairs: int, limit: int, hint: str, qualifier: str = "") -> None:
        self.pairs, self.limit = pairs, limit
        super().__init__(f"This search has {qualifier}{pairs:,} pairs, above the limit of {limit:,}; {hint}.")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_space(degree: int, coeff_limit: int, j_min: int, j_max: int) -> None:
    """Check the LHS degree (1..4), the coefficient limit (1..100) and the period lengths (1..12)."""
    if not _is_int(degree) or not 1 <= degree <= MAX_DEGREE:
        raise SpaceError(f"The LHS degree must be a whole number from 1 to {MAX_DEGREE}, not {degree!r}.")
    if not _is_int(coeff_limit) or not 1 <= coeff_limit <= MAX_COEFF_LIMIT:
        raise SpaceError(
            f"The coefficient limit must be a whole number from 1 to {MAX_COEFF_LIMIT}, not {coeff_limit!r}."
        )
    try:
        check_period_range(j_min, j_max)
    except SignPeriodError as exc:
        raise SpaceError(str(exc)) from None


def check_config(depth: int, approve_ratio: float, min_digits: int, check_digits: int) -> None:
    """Check the extraction depth, the approval ratio and the two precisions of validation.

    >>> check_config(100, 0.25, 100, 1000)
    """
    if not _is_int(check_digits) or not MIN_DIGITS_FLOOR <= check_digits <= MAX_CHECK_DIGITS:
        raise SpaceError(f"The validation precision (check digits) must be between {MIN_DIGITS_FLOOR} and "
                         f"{MAX_CHECK_DIGITS} digits, not {check_digits}.")
    if not _is_int(depth) or not MIN_DEPTH <= depth <= MAX_DEPTH:
        raise SpaceError(f"The depth must be between {MIN_DEPTH} and {MAX_DEPTH} terms, not {depth}.")
    if not 0 < approve_ratio <= 0.5:  # NaN fails this too
        raise SpaceError(f"The approve ratio must be in (0, 0.5], not {approve_ratio}.")
    if not MIN_DIGITS_FLOOR <= min_digits <= check_digits:
        raise SpaceError(
            f"The digit floor (min digits, {min_digits}) must be at least {MIN_DIGITS_FLOOR} and at most the "
            f"validation precision (check digits, {check_digits})."
        )


def check_size_estimate(lhs_lower: int, lhs_estimate: int, periods: int, limit: int | None = DEFAULT_MAX_PAIRS,
                        hint: str = "raise the limit to run it") -> None:
    """The size guard before enumeration: refuse at once when even the lower bound or the
    estimate of the pair count (LHS classes times sign periods) is above ``limit``.

    >>> check_size_estimate(10**11, 10**22, 2, hint="pass --yes to run it")
    Traceback (most recent call last):
        ...
    search.space.limits.SearchTooLarge: This search has at least 200,000,000,000 pairs, above the limit of 5,000,000; pass --yes to run it.
    """
    if limit is None:
        return
    if lhs_lower * periods > limit:
        raise SearchTooLarge(lhs_lower * periods, limit, hint, "at least ")
    if lhs_estimate * periods > limit:
        raise SearchTooLarge(lhs_estimate * periods, limit, hint, "at least about ")


def check_size(pairs: int, limit: int | None = DEFAULT_MAX_PAIRS, hint: str = "raise the limit to run it") -> None:
    """The size guard: refuse a space of more than ``limit`` pairs (:class:`SearchTooLarge`; None: no limit)."""
    if limit is not None and pairs > limit:
        raise SearchTooLarge(pairs, limit, hint)
