"""esma persistence: SQLAlchemy models, engine/session setup and the repository.

Stores plain records (dicts and JSON); imports nothing from ``search``, ``cf`` or ``discovery``
(and no numba or mpmath).

>>> from db import open_db, get_or_create_search, lease_units      # doctest: +SKIP
>>> db = open_db("results.sqlite")                                  # doctest: +SKIP
"""

from db.engine import Database, DatabaseError, NotFound, default_url, open_db, resolve_url
from db.migrations import SCHEMA_VERSION
from db.repository import (
    LeasedUnit,
    cancel_search,
    complete_unit,
    count_conjectures,
    db_check,
    db_info,
    default_owner,
    get_conjecture,
    get_or_create_search,
    get_search,
    lease_units,
    list_searches,
    query_conjectures,
    release_units,
    renew_leases,
    resume_search,
    search_progress,
)

__all__ = [
    "SCHEMA_VERSION",
    "Database",
    "DatabaseError",
    "LeasedUnit",
    "NotFound",
    "cancel_search",
    "complete_unit",
    "count_conjectures",
    "db_check",
    "db_info",
    "default_owner",
    "default_url",
    "get_conjecture",
    "get_or_create_search",
    "get_search",
    "lease_units",
    "list_searches",
    "open_db",
    "query_conjectures",
    "release_units",
    "renew_leases",
    "resolve_url",
    "resume_search",
    "search_progress",
]
