"""The constants of a database, named as users write them: registration by value and lookup.

A constant is identified by its value (:mod:`db.constants`): ``exp(1/2)`` and ``sqrt(e)``, or
``e``, ``exp(1)`` and ``2*e/2``, are one constant, stored under the first name registered, with
every other name an alias.  The value is the expression's :data:`VALUE_DIGITS` significant
digits (:func:`search.expressions.identity.value_digits`), computed once per registration.

>>> from db import open_db
>>> with open_db("sqlite://") as db:
...     names = [register_search_constant(db, text)[0] for text in ("exp(1/2)", "sqrt(e)", " sqrt( e ) ")]
...     (names, canonical_constant(db, "e^(1/2)"), canonical_constant(db, "e"))
(['exp(1/2)', 'exp(1/2)', 'exp(1/2)'], 'exp(1/2)', None)
"""

from __future__ import annotations

from db import repository as repo
from search.expressions import PrecisionError, parse_expression
from search.expressions.identity import value_digits

VALUE_DIGITS = 1000


def _value(expression: str) -> str | None:
    """The value text of ``expression``; None when it cannot be certified to that many digits."""
    try:
        return value_digits(expression, VALUE_DIGITS)
    except PrecisionError:
        return None


def register_search_constant(db, text: str) -> tuple[str, str | None]:
    """Register the constant a search names by ``text``; ``(canonical name, value text)``.

    The expression's normal form (``str`` of its parse) is registered first, then ``text`` itself
    as an alias when it is written differently (and the value is known).  Bad text raises the parser's ``ExpressionError``.
    """
    name = str(parse_expression(text))
    value = _value(name)
    canonical = repo.register_constant(db, name, value)
    if text.strip() != name and value is not None:  # (without a value it would be a constant of its own)
        repo.register_constant(db, text.strip(), value)
    return canonical, value


def canonical_constant(db, text: str) -> str | None:
    """The canonical name of the stored constant ``text`` denotes (by any name or by value); None if none.

    Bad text raises the parser's ``ExpressionError`` (one sentence); the value is only computed
    when no stored name matches.
    """
    name = str(parse_expression(text))
    for candidate in dict.fromkeys((text.strip(), name)):
        found = repo.find_constant(db, candidate)
        if found is not None:
            return found
    value = _value(name)
    return None if value is None else repo.find_constant(db, name, value)
