"""Conjecture records (plain dicts from the engine) to and from table rows.

A record is checked field by field before it is stored, so a malformed record is refused with
one sentence instead of a constraint error.  The database derives ``lhs_key``,
``lhs_height`` and ``transient_length`` from the record, and ignores the record's
``best_in_family`` (the repository maintains it per family).  ``validation`` is ``"evaluated"``
(the default, for records without the key) or ``"derived"``, which needs ``derived_from``
(``"<lhs text> | <signs>"`` of the family's validated representative).  ``proof_status`` is
``"verified"`` (the default; then ``proof`` is None) or ``"proved"``, which needs a ``proof``: a
dict whose ``kind`` is ``"certificate"`` (with the ``certificate`` dict) or ``"derived"`` (with
``from``, the proved representative), and whose ``source`` names the registry formula.

>>> lhs_key([1, 0], [-1, 1])
'1,0|-1,1'
>>> check_record({"lhs": "c", "signs": "+"})
Traceback (most recent call last):
    ...
db.errors.DatabaseError: the conjecture record 'c' / '+' has no 'constant' field
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import types as sa_types

from db.coltypes import iso
from db.errors import DatabaseError
from db.models import PROOF_KINDS, PROOF_STATUSES, VALIDATIONS, Conjecture

# Columns the database fills in itself: derived from the record, or the row's own bookkeeping.
_DERIVED = frozenset({"id", "lhs_key", "lhs_height", "transient_length", "best_in_family", "search_id",
                      "created_at"})
_PYTHON_TYPES: dict[type, tuple[type, ...]] = {
    sa_types.Integer: (int,), sa_types.Float: (int, float), sa_types.Boolean: (bool,), sa_types.JSON: (list, tuple),
}


def _accepted(column: Any) -> tuple[type, ...]:
    if "accepts" in column.info:  # a JSON column holding a dict (a proof), not a list
        return tuple(column.info["accepts"])
    return next((py for sa, py in _PYTHON_TYPES.items() if isinstance(column.type, sa)), (str,))


RECORD_FIELDS: dict[str, tuple[tuple[type, ...], bool]] = {
    c.key: (_accepted(c), not c.nullable and c.default is None)
    for c in Conjecture.__table__.columns if c.key not in _DERIVED
}
"""Every record field the database stores, with its accepted types and whether it is required.

Read off the ``conjectures`` table (a column's type and nullability), so the record's shape is
defined once for storage: by the model.  (The engine's side is :class:`search.pipeline.record.ConjectureRecord`;
a test checks that the two agree.)"""

_INT_LISTS = ("lhs_num", "lhs_den", "transient", "connection", "primes")
_LIST_FIELDS = tuple(name for name, (types, _) in RECORD_FIELDS.items() if list in types)


def lhs_key(num: list[int] | tuple[int, ...], den: list[int] | tuple[int, ...]) -> str:
    """The LHS coefficients as text: ``lhs_key([1, 0], [-1, 1]) == "1,0|-1,1"``."""
    return ",".join(str(int(c)) for c in num) + "|" + ",".join(str(int(c)) for c in den)


def _describe(rec: Mapping[str, Any]) -> str:
    """How messages name a record: by its LHS and signs when it has them."""
    where = rec.get("lhs"), rec.get("signs")
    return f"the conjecture record {where[0]!r} / {where[1]!r}" if all(where) else "a conjecture record"


def check_record(rec: Mapping[str, Any]) -> None:
    """Raise :class:`DatabaseError` (one sentence) when ``rec`` is not a storable record."""
    if not isinstance(rec, Mapping):
        raise DatabaseError(f"a conjecture record must be a dict, not {type(rec).__name__}")
    for name, (types, required) in RECORD_FIELDS.items():
        value = rec.get(name)
        if value is None:
            if required:
                raise DatabaseError(f"{_describe(rec)} has no {name!r} field")
            continue
        bad_bool = isinstance(value, bool) and bool not in types
        if bad_bool or not isinstance(value, types):
            raise DatabaseError(f"{_describe(rec)} has a {name!r} of type {type(value).__name__}")
    for name in _INT_LISTS:
        if not all(isinstance(c, int) and not isinstance(c, bool) for c in rec[name]):
            raise DatabaseError(f"{_describe(rec)} has a non-integer entry in {name!r}")
    if not rec["lhs_num"] or not rec["lhs_den"]:
        raise DatabaseError(f"{_describe(rec)} has an empty LHS numerator or denominator")
    validation = rec.get("validation") or "evaluated"
    if validation not in VALIDATIONS:
        raise DatabaseError(f"{_describe(rec)} has a validation {validation!r}, not one of {', '.join(VALIDATIONS)}")
    derived_from = rec.get("derived_from")
    if (validation == "derived") != bool(derived_from) or (derived_from and " | " not in derived_from):
        raise DatabaseError(f"{_describe(rec)} must name its representative as derived_from '<lhs> | <signs>' "
                            "exactly when its validation is derived")
    problem = proof_problem(rec.get("proof_status") or "verified", rec.get("proof"))
    if problem:
        raise DatabaseError(f"{_describe(rec)} {problem}")


_FROM_KEYS = ("lhs_num", "lhs_den", "signs")


def proof_problem(status: str, proof: Any) -> str | None:
    """What is wrong with a record's ``proof_status`` and ``proof`` (a phrase), or None.

    >>> proof_problem("verified", None) is None, proof_problem("proved", None)
    (True, 'is proved but has no proof')
    >>> proof_problem("proved", {"kind": "derived", "source": "Euler", "from": {"lhs_num": [0, 1]}})
    "has a derived proof whose 'from' lacks lhs_num, lhs_den or signs"
    """
    if status not in PROOF_STATUSES:
        return f"has a proof_status {status!r}, not one of {', '.join(PROOF_STATUSES)}"
    if status == "verified":
        return None if proof is None else "is only verified but has a proof"
    if not isinstance(proof, dict):
        return "is proved but has no proof"
    kind = proof.get("kind")
    if kind not in PROOF_KINDS:
        return f"has a proof of kind {kind!r}, not one of {', '.join(PROOF_KINDS)}"
    if not isinstance(proof.get("source"), str) or not proof["source"]:
        return "has a proof that names no source formula"
    if kind == "certificate" and not isinstance(proof.get("certificate"), dict):
        return "has a certificate proof without a certificate"
    origin = proof.get("from")
    if kind == "derived" and not (isinstance(origin, dict) and all(k in origin for k in _FROM_KEYS)):
        return "has a derived proof whose 'from' lacks lhs_num, lhs_den or signs"
    return None


def _plain(types: tuple[type, ...]) -> frozenset[type]:
    """The exact types of a field's values that need no closer look (``bool`` only where it is accepted)."""
    return frozenset(types) - ({bool} if bool not in types else set())


# The fast check of :func:`record_to_row`: the fields in order, and per field the exact types accepted
# (NoneType where the field may be missing).  Whether a record's fields pass depends only on the
# tuple of their types, so the tuples seen to pass are remembered (a search's records share a few).
_NAMES = tuple(RECORD_FIELDS)
_FAST = tuple(_plain(types) | (set() if required else {type(None)}) for types, required in RECORD_FIELDS.values())
_GOOD_SIGNATURES: set[tuple[type, ...]] = set()
_INT = frozenset({int})


def _plain_values(rec: Any) -> list[Any] | None:
    """The values of ``rec``'s fields when :func:`check_record` accepts it on exact types alone, else None.

    A subset of what :func:`check_record` accepts (exact ``str``, ``int``, ``list`` ... where the
    check allows subclasses), so a record that fails here is still judged by :func:`check_record`.
    """
    if type(rec) is not dict:
        return None
    values = list(map(rec.get, _NAMES))
    signature = tuple(map(type, values))
    if signature not in _GOOD_SIGNATURES:
        if not all(t in plain for t, plain in zip(signature, _FAST)):
            return None
        if len(_GOOD_SIGNATURES) < 1024:
            _GOOD_SIGNATURES.add(signature)
    for name in _INT_LISTS:
        if not _INT.issuperset(map(type, rec[name])):
            return None
    if not rec["lhs_num"] or not rec["lhs_den"]:
        return None
    validation = rec.get("validation") or "evaluated"
    derived_from = rec.get("derived_from")
    ok = validation in VALIDATIONS and (validation == "derived") == bool(derived_from) and (
        not derived_from or " | " in derived_from)
    return values if ok and proof_problem(rec.get("proof_status") or "verified", rec.get("proof")) is None else None


def _copy(value: Any) -> Any:
    """A list field's value as a new list, its list or tuple entries as new lists."""
    return [list(v) if isinstance(v, (list, tuple)) else v for v in value]


def record_to_row(rec: Mapping[str, Any], search_id: int | None, copy: bool = True) -> dict[str, Any]:
    """Column values for a checked record (lists copied, derived columns filled in).

    ``copy=False`` leaves the record's own lists in the row (no copies to allocate), for a
    caller that writes the row at once and changes neither.  The ``proof`` dict is never copied
    (the row is written at once; it is stored as JSON text).

    ``lhs_key`` is the coefficients' text, ``lhs_height`` the largest absolute coefficient,
    ``transient_length`` the number of transient terms:

    >>> rec = dict(constant="e", lhs="(2 - c)/(3c)", lhs_num=(2, -1), lhs_den=[0, 3], lhs_value="-0.0882",
    ...            signs="+", transient=[0, 11], period=3, channels=["1", "2k+2", "1"], pattern_size=4,
    ...            channel_coefficients=[("1",), ("2", "2"), ("1",)], recurrence_length=6, depth=100,
    ...            connection=[1, 0, 0, -2, 0, 0, 1], primes=[101], verified_digits=1000, rate=2, family="F1")
    >>> row = record_to_row(rec, None)
    >>> (row["lhs_key"], row["lhs_height"], row["transient_length"], row["lhs_num"], row["rate"])
    ('2,-1|0,3', 3, 2, [2, -1], 2.0)
    >>> (row["channel_coefficients"], row["validation"], row["known"], row["proof_status"], row["proof"])
    ([['1'], ['2', '2'], ['1']], 'evaluated', False, 'verified', None)
    >>> record_to_row(rec, None, copy=False)["channel_coefficients"] is rec["channel_coefficients"]
    True
    """
    values = _plain_values(rec)
    if values is None:
        check_record(rec)  # raises with the sentence for the first bad field (or accepts a subclass)
        values = [rec.get(name) for name in _NAMES]
    row = dict(zip(_NAMES, values))
    for name in _LIST_FIELDS if copy else ():
        value = row[name]
        if value is not None:
            row[name] = list(value) if name in _INT_LISTS else _copy(value)
    row["known"] = bool(row["known"] or False)
    row["validation"] = row["validation"] or "evaluated"
    row["proof_status"] = row["proof_status"] or "verified"
    row["rate"] = float(row["rate"])
    if row["simple_rate"] is not None:
        row["simple_rate"] = float(row["simple_rate"])
    num, den = row["lhs_num"], row["lhs_den"]
    row["lhs_key"] = lhs_key(num, den)
    row["lhs_height"] = max(max(map(abs, num)), max(map(abs, den)))
    row["transient_length"] = len(row["transient"])
    row["best_in_family"] = False
    row["search_id"] = search_id
    return row


STORED_FIELDS: tuple[str, ...] = tuple(c.key for c in Conjecture.__table__.columns)
"""Every column of the conjectures table, in table order (what query results hold)."""


def row_to_dict(conj: Conjecture) -> dict[str, Any]:
    """Every stored field of a conjecture as plain values (``created_at`` as ISO text)."""
    out: dict[str, Any] = {name: getattr(conj, name) for name in STORED_FIELDS}
    out["created_at"] = iso(conj.created_at)
    return out
