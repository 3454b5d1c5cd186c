"""Numba started without scipy.linalg still compiles what needs BLAS (it imports SciPy then)."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
from cf import jit
jit.ready()
hidden = "scipy.linalg" not in sys.modules
import numpy as np
from numba import njit
from cf.bm import berlekamp_massey
dot = njit(lambda a, b: np.dot(a, b))
print(hidden, dot(np.arange(3.0), np.arange(3.0)), berlekamp_massey([1, 1, 2, 3, 5, 8, 13, 21]).length,
      "scipy.linalg" in sys.modules)
"""


def test_ready_hides_scipy_linalg_only_while_numba_starts():
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["True", "5.0", "2", "True"]
