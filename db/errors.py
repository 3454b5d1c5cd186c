"""Exceptions of the persistence layer.

Every problem the database layer reports is a :class:`DatabaseError` whose message is one clear
sentence, so the command line can print it as is (no traceback reaches the user).

>>> issubclass(NotFound, DatabaseError) and issubclass(DatabaseError, ValueError)
True
"""

from __future__ import annotations


class DatabaseError(ValueError):
    """A database problem, described in one sentence."""


class NotFound(DatabaseError):
    """A requested row (search, conjecture, unit) does not exist."""
