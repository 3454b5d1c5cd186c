"""Many-row ``INSERT ... ON CONFLICT DO NOTHING RETURNING`` on SQLite, straight to the driver.

SQLAlchemy's own many-row insert builds and processes a parameter dictionary per row (about
0.1 ms a row for a 40-column conjecture), which dominated storing a hit-rich unit.  Here each
value goes through its column type's own bind processor (so the stored bytes are exactly those
SQLAlchemy would store: JSON text, ``DATETIME`` text, 0/1 booleans), the rows are sent as
multi-row ``VALUES`` statements within SQLite's limit on parameters, and the returned columns
go through their types' result processors.  Only rows that carry every column with a client-side
default are taken this way (:func:`applies`): SQLAlchemy would compute the missing defaults.

A value object that occurs in consecutive rows (a batch's shared timestamp) is processed once,
and lists bound to JSON columns are encoded by the ``json`` module's C encoder made once (the
text ``json.dumps`` gives, without its per-call set-up) when the engine keeps the default serializer.

>>> from db import open_db
>>> from db.coltypes import utcnow
>>> from db.models import Constant
>>> with open_db("sqlite://") as db, db.session(write=True) as session:
...     now = utcnow()
...     rows = [{"name": n, "created_at": now} for n in ("e", "pi", "e")]
...     first = insert_ignore_returning(session, Constant.__table__, rows, ["name"], ["name"])
...     again = insert_ignore_returning(session, Constant.__table__, rows[:2], ["name"], ["name"])
...     stamps = session.query(Constant.created_at).distinct().all()
>>> (sorted(first), again, stamps == [(now,)])              # 'e' twice in one batch: stored once
([('e',), ('pi',)], [], True)
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from json import encoder as _json_encoder
from operator import itemgetter
from typing import Any, Callable

from sqlalchemy import Table
from sqlalchemy import types as sa_types
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

_SAFE_PARAMETERS = 999  # SQLite's smallest SQLITE_MAX_VARIABLE_NUMBER (before 3.32)
# json.dumps's encoder with its default settings (ASCII, ', ' and ': ', NaN allowed); no circular check
_C_ENCODER = None if _json_encoder.c_make_encoder is None else _json_encoder.c_make_encoder(
    None, json.JSONEncoder().default, _json_encoder.encode_basestring_ascii, None, ": ", ", ", False, False, True)
_MAX_ROWS = 500  # rows per statement: long enough to amortise a statement, short enough to parse fast


def applies(table: Table, row: Mapping[str, Any]) -> bool:
    """Whether rows shaped like ``row`` can skip SQLAlchemy: every client-side default column given."""
    return all(c.key in row for c in table.columns if c.default is not None or c.onupdate is not None)


def _json_lists(proc: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``proc`` (a JSON column's bind processor using ``json.dumps``), with lists and tuples encoded directly.

    >>> enc = _json_lists(json.dumps)
    >>> [enc(v) == json.dumps(v) for v in ([1, -2, 2**80], (["2k + 1", "1"], [["0", "2"]]), [1.5, None, True])]
    [True, True, True]
    """
    if _C_ENCODER is None:  # pragma: no cover - a Python without the json accelerator
        return proc

    def process(value: Any) -> Any:
        if type(value) is list or type(value) is tuple:
            return "".join(_C_ENCODER(value, 0))
        return proc(value)

    return process


def _processors(table: Table, names: Sequence[str], dialect: Dialect, kind: str) -> list[Callable[[Any], Any] | None]:
    """The columns' bind (``kind="bind"``) or result processors for ``dialect`` (None: value as is)."""
    out = []
    for name in names:
        column_type = table.c[name].type
        impl = column_type.dialect_impl(dialect)
        proc = impl.bind_processor(dialect) if kind == "bind" else impl.result_processor(dialect, None)
        if (kind == "bind" and proc is not None and isinstance(column_type, sa_types.JSON)
                and getattr(dialect, "_json_serializer", None) is None):
            proc = _json_lists(proc)
        out.append(proc)
    return out


def _parameter_limit(session: Session) -> int:
    """SQLite's limit on the parameters of one statement on this connection."""
    raw = session.connection().connection.dbapi_connection
    getlimit = getattr(raw, "getlimit", None)
    if getlimit is None:  # pragma: no cover - Python < 3.11
        return _SAFE_PARAMETERS
    import sqlite3

    return int(getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))


def _flat_values(rows: Sequence[Mapping[str, Any]], names: Sequence[str],
                 procs: list[Callable[[Any], Any] | None]) -> list[Any]:
    """Every row's processed values, row after row, in ``names`` order."""
    get = itemgetter(*names) if len(names) > 1 else (lambda row: (row[names[0]],))
    processed = [(j, proc) for j, proc in enumerate(procs) if proc is not None]
    last_in: list[Any] = [object()] * len(names)
    last_out: list[Any] = [None] * len(names)
    flat: list[Any] = []
    for row in rows:
        values = list(get(row))
        for j, proc in processed:  # None too: a JSON column stores None as 'null', as SQLAlchemy does
            value = values[j]
            if value is last_in[j]:
                values[j] = last_out[j]
            else:
                last_in[j] = value
                values[j] = last_out[j] = proc(value)
        flat += values
    return flat


def insert_ignore_returning(session: Session, table: Table, rows: Sequence[Mapping[str, Any]],
                            conflict_columns: Sequence[str], returning: Sequence[str]) -> list[tuple[Any, ...]]:
    """Insert the rows that conflict with no stored one (nor an earlier row); their ``returning`` columns.

    The rows share the keys of the first; the session's pending ORM changes are flushed first,
    as a ``session.execute`` would.
    """
    if not rows:
        return []
    if session.autoflush and (session.new or session.dirty or session.deleted):
        session.flush()
    dialect = session.get_bind().dialect
    quote = dialect.identifier_preparer.quote
    names = list(rows[0].keys())
    procs = _processors(table, names, dialect, "bind")
    results = _processors(table, returning, dialect, "result")
    per_row = max(1, min(_MAX_ROWS, min(_parameter_limit(session), 32766) // len(names)))
    head = (f"INSERT INTO {dialect.identifier_preparer.format_table(table)} "
            f"({', '.join(quote(n) for n in names)}) VALUES ")
    tail = (f" ON CONFLICT ({', '.join(quote(c) for c in conflict_columns)}) DO NOTHING RETURNING "
            f"{', '.join(quote(c) for c in returning)}")
    one = "(" + ", ".join("?" * len(names)) + ")"
    conn = session.connection()
    out: list[tuple[Any, ...]] = []
    for i in range(0, len(rows), per_row):
        chunk = rows[i:i + per_row]
        sql = head + ", ".join([one] * len(chunk)) + tail
        for got in conn.exec_driver_sql(sql, tuple(_flat_values(chunk, names, procs))).fetchall():
            out.append(tuple(v if p is None else p(v) for v, p in zip(got, results)))
    return out
