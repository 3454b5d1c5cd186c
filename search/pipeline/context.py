"""Per-process cache of everything the pipeline needs to know about one constant.

A :class:`ConstantContext` holds the parsed expression, exact enclosures at growing precision,
the certified simple continued fraction of the constant (input of the Gosper kernel), and
mpmath values at validation precision.  Each worker process builds one per search and reuses
it for every work unit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from cf.extract import simple_cf
from cf.gosper import terms_array
from cf.interval import rational_sign

LOG2_10 = math.log2(10)


class ConstantError(ValueError):
    """The search constant is unusable (e.g. an exact rational: nothing to discover)."""


def _at_least(cache: dict[int, Any], precision: int, compute: Callable[[], Any]) -> Any:
    """The cached result at the lowest precision >= ``precision``, else ``compute()`` (stored)."""
    for p in sorted(cache):
        if p >= precision:
            return cache[p]
    cache[precision] = result = compute()
    return result


@dataclass
class ConstantContext:
    """Cached enclosures, simple CF and high-precision values of the search constant."""

    expression: str
    node: Any = None
    _enclosures: dict[int, tuple] = field(default_factory=dict)
    _values: dict[int, Any] = field(default_factory=dict)
    _simple_terms: np.ndarray | None = None
    _simple_bits: int = 0
    representatives: dict[Any, Any] = field(default_factory=dict)   # per validation setting (search.pipeline.derive)
    simple_rates: dict[Any, float | None] = field(default_factory=dict)  # (num, den, terms) -> simple-CF rate
    lhs_texts: dict[Any, tuple[str, str, str]] = field(default_factory=dict)  # (num, den) -> text, LaTeX, value

    def __post_init__(self) -> None:
        from search.expressions import parse_expression
        from search.expressions import exact_value

        self.node = parse_expression(self.expression)
        self.expression = str(self.node)
        if exact_value(self.node) is not None:
            raise ConstantError(f"{self.expression} is an exact rational number: there is nothing to search for")

    def enclosure(self, bits: int) -> tuple:
        """``(lo, hi)`` mpq with width about 2^-bits (cached; a wider request reuses a finer one)."""
        from search.expressions import enclose

        return _at_least(self._enclosures, bits, lambda: enclose(self.node, bits))

    def simple_terms(self, bits: int = 4096) -> np.ndarray:
        """Certified simple-CF terms of the constant from a ``bits``-bit enclosure, as int64.

        The finest expansion computed so far is kept and reused for any coarser request.
        """
        if self._simple_terms is None or self._simple_bits < bits:
            lo, hi = self.enclosure(bits)
            ext = simple_cf(lo, hi)
            self._simple_terms = terms_array(ext.terms)
            self._simple_bits = bits
        return self._simple_terms

    def value(self, digits: int):
        """The constant as an mpmath number correct to about ``digits`` digits (cached)."""
        from search.expressions import evaluate

        return _at_least(self._values, digits, lambda: evaluate(self.node, digits))

    def sign_of(self, num: tuple[int, ...], den: tuple[int, ...]) -> int:
        """Certified sign of ``num(c)/den(c)``; 0 when it cannot be decided (a zero or a pole)."""
        for bits in (128, 1024, 8192):
            lo, hi = self.enclosure(bits)
            s = rational_sign(num, den, lo, hi)
            if s:
                return s
        return 0
