"""Every test gets its own database and daemon folder: nothing touches the user's real data."""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import settings

# In CI every property test draws the same examples (derandomized), so a submission's result
# does not depend on the run; locally they explore new examples every time.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _isolated_esma_home(tmp_path, monkeypatch):
    monkeypatch.setenv("ESMA_DB", str(tmp_path / "esma-test.sqlite"))
    monkeypatch.setenv("ESMA_HOME", str(tmp_path / "esma-home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


@pytest.fixture(autouse=True)
def _mpmath_precision_restored():
    """mpmath's working precision is process-global: no test may leave it changed for the next."""
    import mpmath

    prec = mpmath.mp.prec
    yield
    mpmath.mp.prec = prec


_REPO = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())


def _ref_value(lhs: str):
    """Evaluate an oracle LHS string like '(c+1)/(2*(c-1))' at c = e, independently of esma.

    The strings only use c, integers, + - * / and parentheses; a tiny recursive-descent parser
    keeps eval out of the tests too.
    """
    import mpmath

    toks = [t for t in lhs.replace("(", " ( ").replace(")", " ) ").replace("*", " * ").replace("/", " / ")
            .replace("+", " + ").replace("-", " - ").split()]
    pos = 0

    def atom():
        nonlocal pos
        t = toks[pos]
        pos += 1
        if t == "(":
            v = expr()
            pos += 1
            return v
        if t == "-":
            return -atom()
        return mpmath.e if t == "c" else mpmath.mpf(int(t))

    def term():
        nonlocal pos
        v = atom()
        while pos < len(toks) and toks[pos] in "*/":
            op = toks[pos]
            pos += 1
            w = atom()
            v = v * w if op == "*" else v / w
        return v

    def expr():
        nonlocal pos
        v = term()
        while pos < len(toks) and toks[pos] in "+-":
            op = toks[pos]
            pos += 1
            w = term()
            v = v + w if op == "+" else v - w
        return v

    return expr()



def _primitive_root(word: str) -> str:
    """The shortest word whose repetition is ``word`` ('++' -> '+'), computed independently."""
    return next(word[:d] for d in range(1, len(word) + 1)
                if len(word) % d == 0 and word[:d] * (len(word) // d) == word)




def _missing_reference_rows(ref: dict, records: list[dict]) -> list[str]:
    """The reference rows that no record reproduces (same value to 35 digits, same sign sequence)."""
    import mpmath

    with mpmath.workdps(60):
        found = {(mpmath.nstr(mpmath.mpf(r["lhs_value"]), 35), r["signs"]) for r in records}
        return [f"{row['lhs']} {row['signs']}" for row in ref["results"]
                if (mpmath.nstr(abs(_ref_value(row["lhs"])), 35), _primitive_root(row["signs"])) not in found]


@pytest.fixture(scope="session")
def e_reference():
    """The published reference configuration for e (tests/data) and a checker of its 13 rows."""
    ref = json.loads((_REPO / "tests" / "data" / "esma_e_reference.json").read_text())
    return SimpleNamespace(ref=ref, config=ref["config"], missing=lambda records: _missing_reference_rows(ref, records))
