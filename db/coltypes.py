"""Column types and the time convention of the database layer.

Convention: every timestamp is a timezone-aware ``datetime`` in UTC.  It is stored as a naive
UTC ``DATETIME`` (SQLite text ``YYYY-MM-DD HH:MM:SS.ffffff`` compares correctly as a string;
PostgreSQL ``timestamp without time zone``) and comes back aware again.  The plain dicts the
repository returns carry timestamps as ISO 8601 text with a ``+00:00`` offset.

>>> from datetime import datetime, timezone
>>> iso(in_seconds(90, datetime(2024, 1, 1, tzinfo=timezone.utc)))
'2024-01-01T00:01:30+00:00'
>>> UTCDateTime().process_result_value(datetime(2024, 1, 1), None).tzinfo
datetime.timezone.utc
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy.engine import Dialect
from sqlalchemy.types import DateTime, TypeDecorator


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(timezone.utc)


def in_seconds(seconds: float, now: datetime | None = None) -> datetime:
    """``now`` (default: the current UTC time) plus ``seconds``."""
    return (now or utcnow()) + timedelta(seconds=seconds)


def iso(value: datetime | None) -> str | None:
    """ISO 8601 text of an aware UTC datetime, or None."""
    return None if value is None else value.isoformat()


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime stored as a naive UTC ``DATETIME``.

    Binding a naive datetime is refused: the whole layer works with aware UTC values.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        """An aware datetime to the naive UTC value stored."""
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise ValueError(f"a database timestamp must be an aware datetime, not {value!r}")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        """A stored (naive UTC) value to an aware UTC datetime."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)
