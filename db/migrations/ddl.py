"""Compact column lists for the revisions: ``columns("id:int name:str64 note:text?")``.

Revisions must keep meaning what they meant when they were written: change nothing here that
an existing revision uses, only add.

>>> [f"{c.name} {c.type}{'' if c.nullable else ' NOT NULL'}" for c in columns("id:int name:str64 note:text?")]
['id INTEGER NOT NULL', 'name VARCHAR(64) NOT NULL', 'note TEXT']
"""

from __future__ import annotations

import sqlalchemy as sa

TYPES: dict[str, type[sa.types.TypeEngine]] = {
    "int": sa.Integer, "bigint": sa.BigInteger, "float": sa.Float, "bool": sa.Boolean, "text": sa.Text,
    "json": sa.JSON, "datetime": sa.DateTime,
}
"""Type words; ``strN`` is ``VARCHAR(N)``; ``datetime`` holds naive UTC (see ``db.coltypes``)."""


def columns(spec: str) -> list[sa.Column]:
    """One column per ``name:type`` word, NOT NULL unless the type ends with ``?``."""
    out = []
    for word in spec.split():
        name, _, kind = word.partition(":")
        nullable = kind.endswith("?")
        kind = kind.rstrip("?")
        type_ = sa.String(int(kind[3:])) if kind.startswith("str") else TYPES[kind]()
        out.append(sa.Column(name, type_, nullable=nullable))
    return out
