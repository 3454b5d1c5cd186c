"""Output helpers for the CLI: JSON for scripts, aligned text tables for people."""

from __future__ import annotations

import csv
import io
import json
import sys
from typing import Any, Sequence

import click


def _default(obj: Any) -> Any:
    from fractions import Fraction

    if isinstance(obj, Fraction):
        return str(obj)
    if hasattr(obj, "__int__"):
        return int(obj)
    return str(obj)


def emit_json(data: Any) -> None:
    """Print ``data`` as one JSON document: indented on a terminal, compact into a pipe or file.

    Scripts read the compact form (the same document; Python's C encoder writes it about ten
    times faster than the indented one, which matters for searches of tens of thousands of rows);
    ``| python -m json.tool`` indents it again.
    """
    if sys.stdout.isatty():
        click.echo(json.dumps(data, indent=2, default=_default))
    else:
        click.echo(json.dumps(data, default=_default, separators=(",", ":")))


def table_text(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """An aligned plain-text table."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def table_csv(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(headers)
    w.writerows(rows)
    return buf.getvalue().rstrip("\n")


def emit_document(data: dict[str, Any], fmt: str) -> None:
    """Print one record: JSON for scripts (``fmt == "json"``), else :func:`flat_lines` for people."""
    if fmt == "json":
        emit_json(data)
    else:
        click.echo("\n".join(flat_lines(data)))


def flat_lines(data: Any, prefix: str = "") -> list[str]:
    """Nested dicts as ``key.sub: value`` lines (values as by :func:`flat_text`), for people.

    >>> flat_lines({"id": 3, "spec": {"space": {"constant": "e", "degree": 1}}, "primes": [2, 3]})
    ['id: 3', 'spec.space.constant: e', 'spec.space.degree: 1', 'primes: 2; 3']
    """
    if isinstance(data, dict):
        out: list[str] = []
        for key, value in data.items():
            out.extend(flat_lines(value, f"{prefix}{key}." if isinstance(value, dict) else f"{prefix}{key}"))
        return out
    return [f"{prefix.rstrip('.')}: {flat_text(data)}"]


def flat_text(value: Any) -> str:
    """One cell: a list's items joined with "; " (so "4*k + 1; 16*k + 12" stay apart), a dict as k=v.

    >>> flat_text(["4*k + 1", "16*k + 12"]), flat_text({"max": 1000}), flat_text(None)
    ('4*k + 1; 16*k + 12', 'max=1000', '')
    """
    if value is None:
        return ""
    if isinstance(value, dict):
        return ", ".join(f"{k}={flat_text(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return "; ".join(flat_text(v) for v in value)
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)
