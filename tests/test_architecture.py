"""The layout rules of DESIGN.md, checked on the source: who may import whom, no cycles, small modules.

Every import counts, the function-local ones included (they are how the CLI stays fast, not a way
around the layering).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("cf", "search", "db", "discovery")
# package -> the other packages it may import
ALLOWED = {"cf": set(), "search": {"cf"}, "db": {"cf"}, "discovery": {"cf", "search", "db"}}
MAX_LINES = 450


def _modules() -> dict[str, Path]:
    out = {}
    for pkg in PACKAGES:
        for path in sorted((ROOT / pkg).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            out[name] = path
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Every project module that ``name`` imports (absolute and relative, at any depth)."""
    tree = ast.parse(path.read_text(), str(path))
    is_pkg = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".") if is_pkg else name.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [base] + [f"{base}.{a.name}" for a in node.names]
        else:
            continue
        for t in targets:
            while t and t not in MODULES:
                t = t.rpartition(".")[0]
            if t and t != name:
                found.add(t)
    return found


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def test_the_packages_are_found():
    assert {"cf.bm", "search.pipeline.stages", "db.engine", "discovery.cli"} <= set(MODULES)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_follow_the_layers(name):
    pkg = name.split(".")[0]
    foreign = {t for t in GRAPH[name] if t.split(".")[0] not in ALLOWED[pkg] | {pkg}}
    assert not foreign, f"{name} ({pkg}/) may import only {sorted(ALLOWED[pkg]) or 'nothing'} of the others: {sorted(foreign)}"


def test_no_import_cycle():
    """Depth-first search for a back edge in the module graph (a package's __init__ re-exporting its
    own submodules is not a cycle of jobs, so edges from a package to its own children are skipped)."""
    def edges(name):
        return [t for t in GRAPH[name] if not t.startswith(name + ".")]

    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(name):
        state[name] = 1
        stack.append(name)
        for t in edges(name):
            if state.get(t) == 1:
                cycle = stack[stack.index(t):] + [t]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if t not in state:
                visit(t)
        stack.pop()
        state[name] = 2

    for name in sorted(MODULES):
        if name not in state:
            visit(name)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_are_small(name):
    lines = len(MODULES[name].read_text().splitlines())
    assert lines <= MAX_LINES, f"{MODULES[name].relative_to(ROOT)} has {lines} lines (limit {MAX_LINES})"
