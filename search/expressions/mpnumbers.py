"""Binary magnitudes, exact rational values and exact scaled rounding of numbers.

The evaluator mixes exact rationals (:class:`fractions.Fraction`, ``int``) and
mpmath reals; these helpers treat both alike and never round:

    >>> import mpmath
    >>> magnitude(Fraction(3, 4)), magnitude(mpmath.mpf(0.75)), magnitude(0)
    (0, 0, -inf)
    >>> int(round_scaled(mpmath.mpf(-2.5), 0)), int(round_scaled(mpmath.mpf(0.375), 2))
    (-3, 2)
    >>> exact_rational(mpmath.mpf(0.375), "x")
    Fraction(3, 8)

mpmath is imported on first use only, so importing this module is cheap.
"""

from __future__ import annotations

import math
import sys
from fractions import Fraction
from typing import Any

from .errors import ExpressionError
from .exact import MAX_EXACT_BITS, bit_size

__all__ = ["exact_rational", "load_mpmath", "magnitude", "round_scaled"]


def load_mpmath() -> Any:
    """The :mod:`mpmath` module, imported on first use so that importing this package stays cheap."""
    module = sys.modules.get("mpmath")
    if module is None:
        import mpmath as module
    return module


def magnitude(x: Any) -> float:
    """The binary magnitude ``m`` of ``x``: ``2^(m-1) <= |x| < 2^m``.

    Exact for integers and mpmath reals (``mpmath.mag``, which is ``exponent +
    bit count`` of the mantissa); for a rational ``n/d`` it is ``bitlen(n) -
    bitlen(d) + 1``, which may be one too large.  ``-inf`` for zero and
    ``+inf`` for an infinite or NaN mpmath value.
    """
    if isinstance(x, Fraction):
        if x == 0:
            return -math.inf
        return x.numerator.bit_length() - x.denominator.bit_length() + 1
    if isinstance(x, int):
        return -math.inf if x == 0 else x.bit_length()
    m = (_MAG or _load_mag())(x)
    if m.__class__ is not int and not -math.inf < m < math.inf:  # mag's -inf (zero), +inf (infinities), NaN
        return -math.inf if m < 0 else math.inf
    return m


_MAG: Any = None


def _load_mag() -> Any:
    global _MAG
    _MAG = load_mpmath().mag
    return _MAG


def round_scaled(value: Any, bits: int) -> int:
    """``round(value * 2^bits)`` of an mpmath real, exactly, ties away from zero.

    With ``value = (-1)^s m 2^e`` this is ``m 2^(e + bits)`` when that is an
    integer, else ``floor(m / 2^-(e + bits) + 1/2)`` with the sign put back;
    pure integer arithmetic, so the current mpmath precision plays no part.
    The integer has mpmath's mantissa type (``gmpy2.mpz`` with the gmpy backend).
    """
    sign, man, exp, bc = _mpf_tuple(value)
    shift = exp + bits
    if shift >= 0:
        m = man << shift
    elif -shift > bc + 1:
        m = 0  # |value| * 2^bits < 1/2
    else:
        m = (man + (1 << (-shift - 1))) >> -shift
    return -m if sign else m


def _mpf_tuple(value: Any) -> tuple[int, int, int, int]:
    """The raw ``(sign, mantissa, exponent, bitcount)`` of an mpmath real (``AttributeError`` for others).

    This is the package's only read of mpmath internals, and it is there
    because mpmath has no public way to get an mpf's exact binary
    representation: ``frexp`` returns another mpf, not the integer mantissa,
    ``mpf.man``/``mpf.exp`` are undocumented aliases of this same tuple that
    drop the sign, and ``mpf(x)`` rounds to the current precision.  The
    public route for :func:`round_scaled` (``ldexp``, ``int`` and exact
    comparisons) gives the same integers but made :func:`enclose` 1.15 to 1.9
    times slower (``exp(2/3)`` to ``e`` at 4096 bits).  The attribute is also
    the one test that covers both ``mpf`` values and lazy constants such as
    ``mpmath.pi`` (evaluated at the current precision).
    """
    return value._mpf_


def exact_rational(value: Any, name: str) -> Fraction:
    """The exact rational value of a variable's value, without any rounding.

    Accepts mpmath reals (``sign * man * 2^exp`` exactly), ``int``, ``float``
    (its exact binary value), :class:`~fractions.Fraction` and other rationals
    with ``numerator``/``denominator`` (e.g. ``gmpy2.mpq``).

    Raises:
        ExpressionError: for booleans, non-finite or non-real values, and
            values needing more than :data:`MAX_EXACT_BITS` bits (``name`` is
            the variable named in the message).
    """
    if isinstance(value, bool):
        raise ExpressionError(f"variable '{name}' has a non-numeric value {value!r}")
    try:
        sign, man, exp, bc = _mpf_tuple(value)
    except AttributeError:
        pass  # not an mpmath real
    else:
        if not man:
            if exp:
                raise ExpressionError(f"variable '{name}' is not finite")
            return Fraction(0)
        if bc + abs(exp) > MAX_EXACT_BITS:
            raise ExpressionError(f"variable '{name}' has too many bits", hint=f"the limit is {MAX_EXACT_BITS}")
        q = Fraction(man << exp) if exp >= 0 else Fraction(man, 1 << -exp)
        return -q if sign else q
    if isinstance(value, float) and not math.isfinite(value):
        raise ExpressionError(f"variable '{name}' is not finite")
    try:
        if isinstance(value, (int, float, Fraction)):
            q = Fraction(value)
        else:  # other rationals such as gmpy2.mpq
            q = Fraction(int(value.numerator), int(value.denominator))
    except (AttributeError, TypeError, ValueError, OverflowError, ZeroDivisionError):
        raise ExpressionError(f"variable '{name}' has a non-real or unsupported value {value!r}") from None
    if bit_size(q) > MAX_EXACT_BITS:
        raise ExpressionError(f"variable '{name}' has too many bits", hint=f"the limit is {MAX_EXACT_BITS}")
    return q
