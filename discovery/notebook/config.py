"""The notebooks' small configuration: ``$ESMA_NOTEBOOK_SMALL`` shrinks their computations.

The test suite runs every notebook with ``ESMA_NOTEBOOK_SMALL=1``; a notebook reads
:func:`small` and picks smaller search spaces and fewer terms.

>>> small({SMALL_ENV: "yes"}), small({SMALL_ENV: "0"}), small({})
(True, False, False)
"""

from __future__ import annotations

import os
from collections.abc import Mapping

__all__ = ["SMALL_ENV", "small"]

#: The environment variable the notebooks read to run a small configuration (tests, CI).
SMALL_ENV = "ESMA_NOTEBOOK_SMALL"


def small(environ: Mapping[str, str] | None = None) -> bool:
    """True when ``$ESMA_NOTEBOOK_SMALL`` (in ``environ``, default ``os.environ``) is set to a
    non-empty value other than ``0``/``false``/``no`` (case and surrounding blanks ignored)."""
    env = os.environ if environ is None else environ
    return env.get(SMALL_ENV, "").strip().lower() not in ("", "0", "false", "no")
