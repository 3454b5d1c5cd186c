"""Families as people read them: one summary per (constant, family) of a list of conjecture rows.

A family is a set of results for one constant whose continued fractions share a tail (their
values are integer Moebius images of one tail value), so a family is one discovery however many
rows it has.  :func:`summarize` groups rows by ``(constant, family)``; each summary is the best
member's row (the simplest, in the order of :func:`search.pipeline.annotate.record_simplicity`,
which is :func:`cf.family.simplicity_key`) plus ``members`` (rows in the group), ``known`` and
``known_as`` (the family's classical formula, if any member names one), ``proved`` and
``proved_from`` (the family is proved when its best member is, from that member's registry
formula; else it is open) and ``best_rate`` (the fastest convergence of any member, digits per term).

>>> rows = [dict(constant="e", family="F", lhs="c", lhs_num=[0, 1], lhs_den=[1], signs="+", transient=[2],
...              channels=["1", "2*k + 2", "1"], pattern_size=5, rate=1.2, verified_digits=1000, known=True,
...              known_as="Euler", proof_status="proved", proof={"kind": "certificate", "source": "Euler"}),
...         dict(constant="e", family="F", lhs="2*c", lhs_num=[0, 2], lhs_den=[1], signs="+", transient=[5],
...              channels=["1", "2*k + 2", "1"], pattern_size=5, rate=1.3, verified_digits=1000, known=True,
...              known_as="Euler")]
>>> [(f["lhs"], f["members"], f["best_rate"], f["known_as"], f["proved_from"]) for f in summarize(rows)]
[('c', 2, 1.3, 'Euler', 'Euler')]
>>> family_line(summarize(rows)[0])
"c = [2; (1, 2*k + 2, 1)], signs '+'   known (Euler)   proved   2 members, best rate 1.300 digits/term, 1000 digits"
>>> summary_line(summarize(rows), len(rows))
'1 family (1 known, 0 new) from 2 verified formulas; 1 proved, 0 open'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from search.pipeline.annotate import record_simplicity

#: Family orders for ``--sort`` (the best member's fields; ``rate`` is the best rate of any member).
SORTS = ("digits", "rate", "simplicity", "created")


def _best(members: Sequence[dict[str, Any]]) -> dict[str, Any]:
    return min(members, key=lambda r: (record_simplicity(r), r.get("id") or 0))


def proof_source(rec: dict[str, Any]) -> str | None:
    """The registry formula a proved row's proof follows from; None for a row that is not proved.

    >>> proof_source({"proof_status": "proved", "proof": {"kind": "derived", "source": "Lambert"}})
    'Lambert'
    >>> proof_source({"proof_status": "verified", "proof": None}) is None
    True
    """
    proof = rec.get("proof")
    if rec.get("proof_status") != "proved" or not isinstance(proof, dict):
        return None
    return proof.get("source")


def summarize(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One summary per ``(constant, family)`` of ``rows``, in the order the groups first appear."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault((r["constant"], r["family"]), []).append(r)
    out = []
    for members in groups.values():
        named = next((m for m in members if m.get("known")), None)
        best = _best(members)
        source = proof_source(best)
        out.append({**best, "members": len(members), "known": named is not None,
                    "known_as": named.get("known_as") if named else None,
                    "proved": source is not None, "proved_from": source,
                    "best_rate": max(m["rate"] for m in members)})
    return out


def sort_families(families: list[dict[str, Any]], sort: str = "simplicity") -> list[dict[str, Any]]:
    """``families`` in ``sort`` order: most verified digits, fastest best rate, simplest best member, or newest."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}; choose one of {', '.join(SORTS)}")
    tie = lambda f: (f["constant"], f["family"])  # noqa: E731 - a stable, total tie-break
    if sort == "digits":
        return sorted(families, key=lambda f: (-f["verified_digits"], -f["best_rate"], record_simplicity(f), tie(f)))
    if sort == "rate":
        return sorted(families, key=lambda f: (-f["best_rate"], -f["verified_digits"], record_simplicity(f), tie(f)))
    if sort == "simplicity":
        return sorted(families, key=lambda f: (record_simplicity(f), tie(f)))
    newest_first = sorted(families, key=tie)
    return sorted(newest_first, key=lambda f: f.get("created_at") or "", reverse=True)


def pattern_text(rec: dict[str, Any]) -> str:
    """The partial quotients in one short line: ``[transient; (channels)]``, the channels repeating in k.

    >>> pattern_text({"transient": [], "channels": ["4*k + 1", "16*k + 12"]})
    '[(4*k + 1, 16*k + 12)]'
    """
    tail = "(" + ", ".join(rec["channels"]) + ")"
    head = ", ".join(map(str, rec["transient"]))
    return f"[{head}; {tail}]" if head else f"[{tail}]"


def status(family: dict[str, Any]) -> str:
    """``known (NAME)`` or ``NEW``."""
    if not family["known"]:
        return "NEW"
    return f"known ({family['known_as']})" if family.get("known_as") else "known"


def proof_word(family: dict[str, Any]) -> str:
    """``proved`` or ``open`` (not proved: verified by digits only)."""
    return "proved" if family.get("proved") else "open"


def family_line(family: dict[str, Any]) -> str:
    """One line for one family: the best member's formula, known/new, proved/open, members, best rate, digits."""
    members = family["members"]
    return (f"{family['lhs']} = {pattern_text(family)}, signs {family['signs']!r}   {status(family)}   "
            f"{proof_word(family)}   "
            f"{members} member{'s' if members != 1 else ''}, best rate {family['best_rate']:.3f} digits/term, "
            f"{family['verified_digits']} digits")


def summary_line(families: Sequence[dict[str, Any]], rows: int) -> str:
    """``N families (K known, M new) from R verified formulas; P proved, O open``."""
    known = sum(1 for f in families if f["known"])
    proved = sum(1 for f in families if f.get("proved"))
    n = len(families)
    return (f"{n} famil{'y' if n == 1 else 'ies'} ({known} known, {n - known} new) from {rows} verified "
            f"formula{'' if rows == 1 else 's'}; {proved} proved, {n - proved} open")
