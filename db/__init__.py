"""esma persistence: SQLAlchemy models, engine/session setup, Alembic migrations and the repository.

Stores plain records (dicts and JSON); imports nothing from ``search`` or ``discovery``, and of
``cf`` only the family order :func:`cf.family.simplicity_key` (plain Python: no numba or mpmath).  Opening a database creates it, or upgrades an older schema (see
:mod:`db.migrations`).

>>> from db import open_db, get_or_create_search, lease_units, complete_unit, search_progress
>>> db = open_db("sqlite://")          # in memory; a file path or any SQLAlchemy URL works alike
>>> search_id, created = get_or_create_search(db, {"constant": "e"}, "spec-hash", "e", [(0, 0, 10), (1, 10, 20)])
>>> [unit.index for unit in lease_units(db, "worker-1", limit=5, lease_seconds=60)]
[0, 1]
>>> complete_unit(db, 1, "worker-1", [], {"seconds": 0.5, "pairs": 10})
0
>>> progress = search_progress(db, search_id)
>>> (progress["status"], progress["units_done"], progress["fraction_done"])
('running', 1, 0.5)
>>> db.close()
"""

from db import repository as _repository
from db.engine import Database, DatabaseError, NotFound, default_url, open_db, resolve_url
from db.migrations import HEAD_REVISION, SCHEMA_VERSION, SchemaUpgrade
from db.repository import *  # noqa: F403  (the repository's public functions, listed once there)

__all__ = sorted({"HEAD_REVISION", "SCHEMA_VERSION", "Database", "DatabaseError", "NotFound", "SchemaUpgrade",
                  "default_url", "open_db", "resolve_url", *_repository.__all__})
