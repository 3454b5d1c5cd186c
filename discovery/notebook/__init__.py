r"""A small API for Jupyter notebooks (and scripts) on top of the search engine and the database.

Typical use in a notebook::

    from discovery import notebook as nb

    run = nb.search("e", coeff_limit=1, periods="1")   # stored in $ESMA_DB, like `esma search run`
    best = nb.conjectures(constant="e", best_per_family=True, sort="rate")
    best[0]                 # an HTML card: pattern, digits, rate, family, known/new
    best[0].formula         # the typeset formula: LHS = continued fraction, general term
    best[0].check(200)      # an independent check against the constant with mpmath
    best.to_frame()         # a pandas DataFrame when pandas is installed, else a list of dicts

Everything here is a thin layer over the same code as the ``esma`` command line:

- :func:`connect` opens the conjecture database (``$ESMA_DB`` or the user data folder by
  default, or any file path or SQLAlchemy URL);
- :func:`conjectures` queries it with the filters of ``esma conjectures list`` (constant,
  known/new, minimum digits and rate, best per family, sort, limit, search id) and returns a
  :class:`ConjectureList`; :func:`conjecture` fetches one by id (module :mod:`.database`);
- :func:`families` groups them into one :class:`Family` per (constant, family) -- best member,
  members, known/new, best rate -- as the text of ``esma conjectures list`` (module :mod:`.families`);
- :func:`search` runs a search in this process (worker processes on the local cores), storing its
  results like ``esma search run`` (or only in memory with ``store=False``) and returns a
  :class:`SearchRun` (module :mod:`.searches`);
- :class:`Conjecture` wraps one stored record: ``_repr_latex_`` is ``LHS = continued fraction``
  followed by its general term, ``_repr_html_`` a compact card, and :meth:`Conjecture.check`,
  :meth:`Conjecture.convergence` and :meth:`Conjecture.simple_convergence` recompute the claims
  (modules :mod:`.conjecture` and :mod:`.checks`, on :mod:`cf.convergents`);
- :class:`ConjectureList` gives tables (module :mod:`.results`), :func:`plot_convergence` plots
  (module :mod:`.plots`), and :func:`constant_latex` is :func:`search.expressions.latex.constant_latex`.

The notebooks in ``notebooks/`` read ``$ESMA_NOTEBOOK_SMALL`` (see :func:`small`) to shrink
their computations to a few seconds each; the test suite runs them that way.

>>> print(constant_latex("pi^2/6"), small({SMALL_ENV: "1"}), COLUMNS[:3])
\frac{\pi^{2}}{6} True ['id', 'constant', 'lhs']
"""

from __future__ import annotations

from search.expressions.latex import constant_latex

from .checks import Check, convergence_curve
from .config import SMALL_ENV, small
from .conjecture import Conjecture, Formula
from .database import conjecture, conjectures, connect, table
from .families import FAMILY_COLUMNS, Family, FamilyList, families
from .plots import plot_convergence
from .results import COLUMNS, ConjectureList
from .searches import DEFAULT_MAX_PAIRS, SearchRun, search  # noqa: F401 - DEFAULT_MAX_PAIRS: as before, not in __all__

__all__ = [
    "COLUMNS",
    "FAMILY_COLUMNS",
    "SMALL_ENV",
    "Check",
    "Conjecture",
    "ConjectureList",
    "Family",
    "FamilyList",
    "Formula",
    "SearchRun",
    "conjecture",
    "conjectures",
    "connect",
    "constant_latex",
    "convergence_curve",
    "families",
    "plot_convergence",
    "search",
    "small",
    "table",
]
