"""What the experiment tests share: which modules a fresh interpreter loads with a given import."""

from __future__ import annotations

import ast
import subprocess
import sys
from typing import Callable

import pytest

HEAVY = ("numpy", "numba", "mpmath", "matplotlib")


@pytest.fixture
def heavy_imports() -> Callable[[str, tuple[str, ...]], list[str]]:
    """``heavy_imports(module, light)``: the numeric libraries and the ``discovery.experiments``
    modules (other than those ending in one of ``light``) that ``import module`` loads."""

    def run(module: str, light: tuple[str, ...]) -> list[str]:
        code = (f"import sys, {module}; "
                f"print(sorted(m for m in sys.modules if m in {HEAVY!r} "
                f"or (m.startswith('discovery.experiments.') and not m.endswith({light!r}))))")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        return ast.literal_eval(out)

    return run
