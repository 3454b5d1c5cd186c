"""Output helpers for the CLI: JSON for scripts, aligned text tables for people."""

from __future__ import annotations

import csv
import io
import json
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
    """Print ``data`` as one indented JSON document."""
    click.echo(json.dumps(data, indent=2, default=_default))


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
