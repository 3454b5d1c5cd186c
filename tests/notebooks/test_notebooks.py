"""Every notebook in notebooks/ runs top to bottom, headless, on the small configuration.

The kernel is this interpreter's ipykernel (a kernel spec written to a temporary JUPYTER_PATH, so a
``python3`` kernel installed elsewhere on the machine is never picked up); it inherits the test's
environment: ``ESMA_DB`` (a fresh database per test, from tests/conftest.py) and
``ESMA_NOTEBOOK_SMALL=1``, which the notebooks read to shrink their computations.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

_REPO = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())  # the repository

NOTEBOOK_DIR = _REPO / "notebooks"
NOTEBOOKS = ["01_quickstart.ipynb", "02_conjecture_gallery.ipynb", "03_prime_coding.ipynb",
             "04_complexity_and_coffee.ipynb"]
CELL_TIMEOUT = 180  # seconds per cell; the small configuration needs a few seconds per notebook
BUDGET = 120        # seconds per notebook (the "under two minutes")


@pytest.fixture
def kernel_env(tmp_path, monkeypatch):
    """A ``python3`` kernel spec for this interpreter, and the small configuration."""
    spec_dir = tmp_path / "jupyter" / "kernels" / "python3"
    spec_dir.mkdir(parents=True)
    spec = {"argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "Python 3 (esma tests)", "language": "python"}
    (spec_dir / "kernel.json").write_text(json.dumps(spec))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "jupyter-runtime"))
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / "mpl"))
    monkeypatch.setenv("ESMA_NOTEBOOK_SMALL", "1")
    return tmp_path


def test_the_four_notebooks_are_there():
    assert sorted(p.name for p in NOTEBOOK_DIR.glob("*.ipynb")) == NOTEBOOKS


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_committed_notebook_is_clean(name):
    """Valid nbformat, no error outputs, and any kept outputs come from one top-to-bottom run."""
    book = nbformat.read(NOTEBOOK_DIR / name, as_version=4)
    nbformat.validate(book)
    assert book.metadata["kernelspec"]["name"] == "python3"
    counts = []
    for cell in book.cells:
        if cell.cell_type != "code":
            continue
        for out in cell.outputs:
            assert out.output_type != "error", f"{name}: a stale error output is committed"
            if out.output_type == "stream" and out.name == "stderr":
                assert "Traceback" not in out.text, f"{name}: a traceback is committed"
        counts.append(cell.execution_count)
    if any(c is not None for c in counts):
        assert counts == list(range(1, len(counts) + 1)), f"{name}: outputs are not from one run top to bottom"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs(name, kernel_env):
    book = nbformat.read(NOTEBOOK_DIR / name, as_version=4)
    client = NotebookClient(book, timeout=CELL_TIMEOUT, kernel_name="python3",
                            resources={"metadata": {"path": str(kernel_env)}})
    start = time.perf_counter()
    client.execute()  # raises CellExecutionError on the first failing cell
    seconds = time.perf_counter() - start
    errors = [o for c in book.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    assert seconds < BUDGET, f"{name} took {seconds:.0f} s on the small configuration"
    # every code cell ran, and the notebooks show something: text, tables, formulas or plots
    code = [c for c in book.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code)
    kinds = {k for c in code for o in c.outputs for k in (o.get("data") or {})}
    assert "image/png" in kinds or "text/html" in kinds
