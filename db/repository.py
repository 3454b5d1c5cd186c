"""The repository: every operation on an esma database, taking a :class:`Database` and plain values.

This module only gathers the functions of the small modules that implement them:

- :mod:`db.searches` — creating searches with their units, listing, progress, cancel, resume;
- :mod:`db.leases` — leasing units to workers, renewing and releasing leases;
- :mod:`db.results` — storing a finished unit's conjectures and statistics (idempotent);
- :mod:`db.queries` — reading conjectures;
- :mod:`db.summaries` — one summary per family (best member, size, known, best rate);
- :mod:`db.constants` — constants identified by value, with their aliases;
- :mod:`db.health` — ``db_info`` and ``db_check``;
- :mod:`db.experiments` — saved experiment runs.

Everything returned is plain data (dicts, frozen dataclasses); timestamps are ISO 8601 text in
UTC.  Every failure is a :class:`DatabaseError` (``NotFound`` for a missing id).

>>> sorted(name for name in __all__ if name.startswith("lease"))
['lease_owners', 'lease_units']
"""

from __future__ import annotations

from db.constants import constant_names, find_constant, register_constant
from db.errors import DatabaseError, NotFound
from db.experiments import get_experiment_run, list_experiment_runs, save_experiment_run
from db.health import db_check, db_info
from db.leases import LeasedUnit, lease_owners, lease_units, release_units, renew_leases
from db.queries import SORTS, count_conjectures, find_conjecture, get_conjecture, query_conjectures
from db.records import lhs_key
from db.results import complete_unit
from db.summaries import SUMMARY_SORTS, family_summaries
from db.searches import (
    cancel_search,
    get_or_create_search,
    get_search,
    list_searches,
    resume_search,
    search_progress,
)

__all__ = [
    "SORTS",
    "SUMMARY_SORTS",
    "DatabaseError",
    "LeasedUnit",
    "NotFound",
    "cancel_search",
    "complete_unit",
    "constant_names",
    "count_conjectures",
    "db_check",
    "db_info",
    "family_summaries",
    "find_conjecture",
    "find_constant",
    "get_conjecture",
    "get_or_create_search",
    "get_search",
    "get_experiment_run",
    "list_experiment_runs",
    "save_experiment_run",
    "lease_owners",
    "lease_units",
    "lhs_key",
    "list_searches",
    "query_conjectures",
    "register_constant",
    "release_units",
    "renew_leases",
    "resume_search",
    "search_progress",
]
