"""Shared helpers for the database tests: synthetic records, file hashing, fresh databases."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from db import open_db


def make_record(lhs_num: tuple[int, ...] = (0, 1), lhs_den: tuple[int, ...] = (1, 0), signs: str = "+",
                constant: str = "e", family: str = "fam-e", **over: Any) -> dict[str, Any]:
    """A valid synthetic conjecture record (the engine's dict layout); ``over`` replaces fields."""
    rec: dict[str, Any] = {
        "constant": constant,
        "lhs": f"({','.join(map(str, lhs_num))})/({','.join(map(str, lhs_den))})",
        "lhs_latex": r"\frac{a}{b}",
        "lhs_num": list(lhs_num),
        "lhs_den": list(lhs_den),
        "lhs_value": "2.7182818284590452353602874713526624977572470937000",
        "signs": signs,
        "transient": [2],
        "period": 3,
        "channels": ["1", "2k + 2", "1"],
        "channel_coefficients": [["1"], ["2", "2"], ["1"]],
        "pattern_size": 5,
        "pattern_latex": r"[2; \overline{1, 2k+2, 1}]",
        "recurrence_length": 7,
        "connection": [1, -3, 3, -1, 2**80 + 1],
        "primes": [2147483647],
        "depth": 100,
        "cascade_terms": 32,
        "verified_digits": 1000,
        "validation_terms": 800,
        "validation_digits": 1000,
        "rate": 1.25,
        "simple_rate": 1.25,
        "family": family,
        "known": False,
        "known_as": None,
        "best_in_family": True,
        "lhs_index": 3,
        "period_index": 0,
        "engine_version": "0.1.0",
        "unit": "abc:0-10",
    }
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


@pytest.fixture
def db(db_path: Path):
    """A fresh database in a file, closed after the test."""
    database = open_db(db_path)
    yield database
    database.close()


@pytest.fixture(name="sha256")
def sha256_fixture():
    """The :func:`sha256` helper."""
    return sha256


@pytest.fixture(name="one_sentence")
def one_sentence_fixture():
    """The :func:`one_sentence` helper."""
    return one_sentence
