"""The conjecture record: what the pipeline reports for one verified formula.

A record says ``LHS(c) = SICF(signs, a_n)``, where the LHS is ``P(c)/Q(c)`` with integer
coefficients ``lhs_num`` / ``lhs_den`` (lowest degree first), and the partial quotients ``a_n`` are
``transient`` followed by ``period`` interlaced channel polynomials: ``a_{t + N k + r} = channel_r(k)``.
It carries how it was found (recurrence, primes, depth), how it was checked (verified digits,
validation terms and precision), its convergence rate, its family key and known/new mark, and
its provenance.  The pipeline builds a :class:`ConjectureRecord`; it travels between processes and
into the database as the plain dict of :meth:`ConjectureRecord.as_dict` (the database stores
plain records and imports nothing of the engine), and :meth:`ConjectureRecord.from_dict` reads a
stored one back.

>>> rec = ConjectureRecord.example()
>>> rec.lhs, rec.signs, rec.pattern().partial_denominators(6)
('c', '+', [2, 1, 2, 1, 1, 4])
>>> ConjectureRecord.from_dict({**rec.as_dict(), "id": 7}) == rec
True
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, fields
from fractions import Fraction
from functools import lru_cache
from typing import Any, Mapping

from cf.pattern import CFPattern, InterlacedSequence
from cf.polynomial import Polynomial


@lru_cache(maxsize=1)
def engine_version() -> str:
    """The installed esma distribution's version (what every record is stamped with)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("esma")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"


@dataclass(frozen=True)
class ConjectureRecord:
    """One verified conjecture ``LHS(constant) = SICF(signs, pattern)``; fields as stored."""

    constant: str                      # the constant's canonical expression, e.g. "e"
    lhs: str                           # the LHS as text in c, e.g. "(c + 1)/(2*c - 2)"
    lhs_latex: str
    lhs_num: list[int]                 # P's coefficients, lowest degree first
    lhs_den: list[int]                 # Q's coefficients
    lhs_value: str                     # LHS(c) to 50 digits
    signs: str                         # the sign period, b_n = signs[n mod J]
    transient: list[int]               # partial quotients before the interlaced part
    period: int                        # N: number of channels
    channels: list[str]                # channel polynomials in k, as text
    channel_coefficients: list[list[str]]  # exact rational coefficients, lowest degree first
    pattern_size: int                  # transient length + channel coefficients (simplicity)
    pattern_latex: str
    recurrence_length: int             # Berlekamp-Massey linear complexity L
    connection: list[int]              # integer connection polynomial of the recurrence
    primes: list[int]                  # moduli of the Berlekamp-Massey screen
    depth: int                         # terms extracted for the screen
    cascade_terms: int | None          # certified terms the pattern predicted (None: derived, no cascade)
    verified_digits: int               # digits of agreement with the LHS value
    validation_terms: int              # terms of the pattern used in the validation
    validation_digits: int             # working precision of the validation (digits)
    rate: float                        # digits per term of the pattern's CF
    simple_rate: float | None          # digits per term of the LHS's simple CF
    family: str                        # family key: shared by results with the same tail
    known: bool                        # the family is a classical one
    known_as: str | None               # which classical formula
    validation: str                    # "evaluated" (its own high-precision check) or "derived"
    derived_from: str | None           # derived members: "<lhs> | <signs>" of the family's representative
    lhs_index: int                     # position in the search's LHS enumeration
    period_index: int                  # position in the search's sign periods
    engine_version: str
    unit: str | None = None            # the work unit that found it (set by the runner)
    proof_status: str = "verified"     # "proved" (a checked certificate, or derived from a proved member) or "verified" (digits)
    proof: dict[str, Any] | None = None  # {"kind": "certificate", "source", "certificate"} or {"kind": "derived", "source", "from"}
    proof_note: str | None = None      # why a verified result is not proved (where the prover stopped)

    def as_dict(self, copy: bool = True) -> dict[str, Any]:
        """The plain record (lists copied unless ``copy`` is False), as the database and JSON output take it.

        Written out instead of ``dataclasses.asdict``, whose recursive deep copy cost more than
        the rest of a derived member's record.  ``copy=False`` is for a record built only to be
        turned into its dict (the pipeline's), whose lists nothing else holds.
        """
        if not copy:
            return {name: getattr(self, name) for name in _FIELD_NAMES}
        return {name: _copied(getattr(self, name)) for name in _FIELD_NAMES}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ConjectureRecord:
        """Read a record back from a plain dict (extra keys such as a row ``id`` are ignored)."""
        return cls(**{f.name: data.get(f.name, None if f.default is MISSING else f.default) for f in fields(cls)})

    def pattern(self) -> CFPattern:
        """The conjectured continued fraction as a :class:`cf.pattern.CFPattern` (exact channels)."""
        return pattern_of(self.as_dict())

    @classmethod
    def example(cls) -> ConjectureRecord:
        """A small valid record (e = [2; 1, 2, 1, 1, 4, 1, 1, 6, ...]) for examples and tests."""
        return cls(
            constant="e", lhs="c", lhs_latex="c", lhs_num=[0, 1], lhs_den=[1], lhs_value="2.7182818284590452353602874713526624977572470937000",
            signs="+", transient=[2], period=3, channels=["1", "2*k + 2", "1"],
            channel_coefficients=[["1"], ["2", "2"], ["1"]], pattern_size=5, pattern_latex="",
            recurrence_length=7, connection=[1, 0, 0, -2, 0, 0, 1], primes=[2147483647], depth=100,
            cascade_terms=400, verified_digits=1000, validation_terms=1000, validation_digits=1000,
            rate=1.2, simple_rate=1.2, family="example", known=True, known_as="Euler", validation="evaluated", derived_from=None, lhs_index=0,
            period_index=0, engine_version="0+example",
        )


_FIELD_NAMES = tuple(f.name for f in fields(ConjectureRecord))


def _copied(value: Any) -> Any:
    """Lists (and lists of lists) copied; everything else is immutable."""
    if isinstance(value, list):
        return [list(v) if isinstance(v, list) else v for v in value]
    return value


def pattern_of(rec: Mapping[str, Any]) -> CFPattern:
    """The :class:`CFPattern` of a plain conjecture record (transient, channel coefficients, signs).

    >>> pattern_of({"signs": "+", "transient": [1], "channel_coefficients": [["2"]]}).partial_denominators(3)
    [1, 2, 2]
    """
    chans = tuple(Polynomial(tuple(Fraction(c) for c in cs)) for cs in rec["channel_coefficients"])
    return CFPattern.signed(rec["signs"], InterlacedSequence(tuple(rec["transient"]), chans))
