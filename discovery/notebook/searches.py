"""Running an ESMA search from a notebook: in memory (:func:`search.execution.runner.run_search`) or stored
in the database like ``esma search run`` (:func:`discovery.service.stored.run_stored`).

Both paths are the engine's own; this module only builds the search from the command line's
parameters, guards its size, and wraps what comes back as a :class:`SearchRun`.

>>> search("e", coeff_limit=3, periods="1-3", max_pairs=10, store=False)   # doctest: +ELLIPSIS
Traceback (most recent call last):
search.space.limits.SearchTooLarge: This search has ... pairs, above the limit of 10; raise max_pairs to run it.
>>> SearchRun(ConjectureList(), {"pairs": 24, "seconds": 0.5, "pairs_per_second": 48.0}, {"constant": "e"}).summary()
'e: 24 pairs screened, 0 conjectures in 0 families, 0.5 s (48 pairs/s); not stored'
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from search.space.limits import DEFAULT_MAX_PAIRS  # the same guard as esma search run --max-pairs

from .conjecture import Conjecture
from .database import using
from .families import FamilyList
from .results import ConjectureList

__all__ = ["DEFAULT_MAX_PAIRS", "SearchRun", "search"]



@dataclass
class SearchRun:
    """What :func:`search` found: the conjectures, the run's statistics, and where they were stored."""

    conjectures: ConjectureList
    stats: dict[str, Any]
    spec: dict[str, Any]
    search_id: int | None = None
    database: str | None = None
    interrupted: bool = False

    def __len__(self) -> int:
        return len(self.conjectures)

    def __iter__(self) -> Iterator[Conjecture]:
        return iter(self.conjectures)

    def __getitem__(self, i: Any) -> Any:
        return self.conjectures[i]

    def best(self) -> ConjectureList:
        """The best member of each family."""
        return self.conjectures.best()

    def families(self, sort: str = "simplicity") -> FamilyList:
        """One :class:`~.families.Family` per (constant, family) of what the search found."""
        return FamilyList.of(self.conjectures.records(), sort)

    def summary(self) -> str:
        """One line: pairs screened, conjectures and families found, time and speed, where stored."""
        s = self.stats
        where = f"search {self.search_id} in {self.database}" if self.search_id is not None else "not stored"
        pps = s.get("pairs_per_second") or 0
        text = (f"{self.spec.get('constant')}: {s.get('pairs', 0):,} pairs screened, {len(self.conjectures)} "
                f"conjectures in {len(self.conjectures.families())} families, {s.get('seconds', 0):.1f} s "
                f"({pps:,.0f} pairs/s); {where}")
        return text + ("  -- interrupted, partial results" if self.interrupted else "")

    def __repr__(self) -> str:
        return f"<SearchRun {self.summary()}>"

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(self.summary())}</p>" + self.conjectures._repr_html_()


def _found(records: list[dict[str, Any]]) -> ConjectureList:
    return ConjectureList(Conjecture(r) for r in records)


def search(constant: str, *, degree: int = 1, coeff_limit: int = 2, periods: str = "1-2", depth: int = 100,
           approve_ratio: float = 0.25, min_digits: int = 100, check_digits: int = 1000,
           workers: int | None = None, db: Any = None, store: bool = True,
           max_pairs: int = DEFAULT_MAX_PAIRS) -> SearchRun:
    """Run an ESMA search for formulas of ``constant`` in this process, like ``esma search run``.

    The parameters are those of the command line (LHS = P(c)/Q(c) of ``degree`` with
    coefficients in ``[-coeff_limit, coeff_limit]``, sign periods ``periods``, ...); the work runs
    on ``workers`` processes (default: all cores).  With ``store=True`` (the default) the search
    and its conjectures go into the database ``db`` (default ``$ESMA_DB``): running the same
    search again resumes it and stores nothing twice, and the returned conjectures carry ids.
    With ``store=False`` nothing touches a database.  Searches above ``max_pairs`` pairs are
    refused (ValueError) before any work starts.  Interrupting the kernel stops the search and
    returns what was verified so far (``interrupted=True``).
    """
    from search.execution.runner import default_unit_size, plan
    from search.space.spec import build_search

    space, config = build_search(constant, degree, coeff_limit, periods, depth, approve_ratio,
                                 min_digits, check_digits, max_pairs=max_pairs,
                                 too_large_hint="raise max_pairs to run it")
    pairs, units = plan(space)
    if workers is not None and workers < 1:
        raise ValueError("the number of workers must be at least 1")
    w = workers or os.cpu_count() or 1
    spec = {**space.spec(), **config.as_dict()}
    if not store:
        from search.execution.runner import run_search

        result = run_search(space, config, workers=w)
        return SearchRun(_found(result.records), result.stats_dict(), spec, interrupted=result.interrupted)

    from discovery.service.stored import run_stored

    unit_size = default_unit_size(pairs, len(space.periods))
    with using(db) as database:
        run = run_stored(database, space, config, w, "notebook", units, unit_size)
        where = database.where
    return SearchRun(_found(run.records), run.stats, spec, run.search_id, where, run.interrupted)
