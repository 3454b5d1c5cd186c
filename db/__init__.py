"""esma persistence: SQLAlchemy models, engine/session setup and the repository.

Stores plain records (dicts and JSON); imports nothing from ``search``, ``cf`` or ``discovery``
(and no numba or mpmath).

>>> from db import open_db, get_or_create_search, lease_units      # doctest: +SKIP
>>> db = open_db("results.sqlite")                                  # doctest: +SKIP
"""

from db import repository as _repository
from db.engine import Database, DatabaseError, NotFound, default_url, open_db, resolve_url
from db.migrations import SCHEMA_VERSION
from db.repository import *  # noqa: F403  (the repository's public functions, listed once there)

__all__ = sorted({"SCHEMA_VERSION", "Database", "DatabaseError", "NotFound", "default_url", "open_db",
                  "resolve_url", *_repository.__all__})
