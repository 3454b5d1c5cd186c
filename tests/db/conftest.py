"""Shared helpers for the database tests: synthetic records, file hashing, fresh databases.

The repository suites run once per backend: the ``db_url`` fixture (and ``db``, opened on it) is
parametrised over ``"sqlite"`` (a file) and ``"postgresql"`` (a fresh database on the test server
of ``tests/pg/conftest.py``, whose fixtures are loaded here; that parameter skips, with the
reason, when no server can be started).  A test limited to one backend says so with
``@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)``.
"""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from db import open_db, resolve_url

_REPO = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())  # the repository

BACKENDS = ("sqlite", "postgresql")
DATA = _REPO / "tests" / "data" / "db"


def _load_pg_conftest() -> Any:
    """``tests/pg/conftest.py`` as the module pytest makes of it (so both folders share one server)."""
    name = "tests.pg.conftest"  # the name pytest's importlib mode gives that file
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).resolve().parents[1] / "pg" / "conftest.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


_pg = _load_pg_conftest()
pg_server, pg_url = _pg.pg_server, _pg.pg_url


def make_record(lhs_num: tuple[int, ...] = (0, 1), lhs_den: tuple[int, ...] = (1, 0), signs: str = "+",
                constant: str = "e", family: str = "fam-e", **over: Any) -> dict[str, Any]:
    """A valid synthetic conjecture record: the engine's own record type, as the plain dict it stores.

    ``over`` replaces fields (or adds keys the engine sets later, such as ``best_in_family``).
    """
    from dataclasses import replace

    from search.pipeline.record import ConjectureRecord

    rec = replace(
        ConjectureRecord.example(), constant=constant,
        lhs=f"({','.join(map(str, lhs_num))})/({','.join(map(str, lhs_den))})", lhs_latex=r"\frac{a}{b}",
        lhs_num=list(lhs_num), lhs_den=list(lhs_den), signs=signs, channels=["1", "2k + 2", "1"],
        pattern_latex=r"[2; \overline{1, 2k+2, 1}]", connection=[1, -3, 3, -1, 2**80 + 1], cascade_terms=32,
        validation_terms=800, rate=1.25, simple_rate=1.25, family=family, known=False, known_as=None,
        lhs_index=3, engine_version="0.1.0", unit="abc:0-10",
    ).as_dict()
    rec["best_in_family"] = True
    rec.update(over)
    return rec


def sha256(path: Path) -> str:
    """Hex digest of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_sentence(message: str) -> bool:
    """A message fit for the user: one line, one sentence, no traceback."""
    return bool(message) and "\n" not in message and ". " not in message and "Traceback" not in message


@pytest.fixture
def record():
    """The :func:`make_record` factory."""
    return make_record


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Path of a not yet created database file."""
    return tmp_path / "esma.sqlite"


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, db_path: Path) -> str:
    """Where a fresh, not yet opened test database lives: an SQLite file path, or a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(db_path)
    return request.getfixturevalue("pg_url")


@pytest.fixture
def db(db_url: str):
    """A fresh database on each backend, closed after the test."""
    database = open_db(db_url)
    yield database
    database.close()


def run_sql(url: str, statement: str, **params: Any) -> list[tuple]:
    """The rows of one SQL statement (``:name`` parameters), run and committed on a connection of its own."""
    engine = create_engine(resolve_url(url), poolclass=NullPool)
    try:
        with engine.begin() as conn:
            result = conn.execute(text(statement), params)
            return [tuple(row) for row in result] if result.returns_rows else []
    finally:
        engine.dispose()


@pytest.fixture
def sql(db_url: str) -> Callable[..., list[tuple]]:
    """``sql(statement, **params)``: :func:`run_sql` on the test database, from outside esma."""
    return lambda statement, **params: run_sql(db_url, statement, **params)


@pytest.fixture
def schema_v4(tmp_path: Path) -> Path:
    """A copy of ``tests/data/db/schema_v4.sqlite``: a database made by esma before Alembic (version 4).

    The file was made by ``esma search run e -L 1 -p 1-1``, ``esma search submit pi -L 1 -p 1``
    (two of its units then leased to ``host:123:abcd``) and ``esma experiment primes --max 1000
    --save``; tests use copies only (even reading a WAL database in place leaves files beside it).
    """
    path = tmp_path / "schema_v4.sqlite"
    path.write_bytes((DATA / "schema_v4.sqlite").read_bytes())
    return path


@pytest.fixture(name="sha256")
def sha256_fixture():
    """The :func:`sha256` helper."""
    return sha256


@pytest.fixture(name="one_sentence")
def one_sentence_fixture():
    """The :func:`one_sentence` helper."""
    return one_sentence
