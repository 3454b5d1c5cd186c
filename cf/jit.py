"""Numba's one-time start-up in a process, without the SciPy import it does not need here.

The first compiled call of a process makes Numba load its implementation registries, and one of
them (``numba.np.arraymath``) imports ``scipy.linalg`` only to learn whether BLAS is there: 0.12-0.26
s of every ``esma search run`` and of every spawned worker, for kernels that use no linear algebra.
:func:`ready` does that start-up with ``scipy.linalg`` hidden from the import system, so Numba records "no
BLAS" for that one module; its only use of the fact is to pick a plain loop over a BLAS call in
``np.convolve``-style helpers (the same values).  ``np.dot`` and ``np.linalg`` in compiled code
check for SciPy again when they compile, after SciPy is visible again.  Nothing is hidden when
``scipy.linalg`` is already imported (then there is nothing to save).

Hand-written because Numba has no setting for this (its BLAS probe runs at import time).

>>> ready()
>>> ready()          # once per process; later calls return at once
>>> import sys
>>> "numba.np.arraymath" in sys.modules
True
"""

from __future__ import annotations

import importlib.abc
import sys

__all__ = ["ready"]

_READY = [False]  # a forked child inherits its parent's ready Numba, and this flag with it


class _HideScipyLinalg(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "scipy.linalg" or name.startswith("scipy.linalg."):
            raise ModuleNotFoundError(f"{name} is hidden while Numba starts (cf.jit)", name=name)


def ready() -> None:
    """Make Numba's CPU target ready in this process (its registries loaded), once."""
    if _READY[0]:
        return
    from numba.core.registry import cpu_target

    hide = "scipy.linalg" not in sys.modules  # (``import numba`` imports the bare package: cheap)
    finder = _HideScipyLinalg()
    if hide:
        sys.meta_path.insert(0, finder)
    try:
        cpu_target.target_context.refresh()
    finally:
        if hide:
            sys.meta_path.remove(finder)
    _READY[0] = True
