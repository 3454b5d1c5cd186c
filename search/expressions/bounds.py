"""Derivative ("slope") bounds of the whitelisted functions, for error propagation.

If an argument ``x`` of ``f`` carries an absolute error below ``2^E``, the
value ``f(x)`` carries, to first order, an error below ``2^(E + s)`` where
``s >= log2 |df/dx|`` near ``x``.  Each function of the registry has a slope
rule ``slope(mp, args, result, i, err) -> s`` for its ``i``-th argument, given
the arguments, the computed ``result`` and the argument's error exponent
``err``.  A rule returns ``inf`` when an error of ``2^err`` could reach a
singularity (a pole, a branch point, zero under a logarithm), where a linear
bound means nothing; the evaluator then raises the working precision.

    >>> import mpmath
    >>> slope_exp(mpmath.mp, (mpmath.mpf(3),), mpmath.exp(3), 0, -100)  # exp' = exp ~ 2^5
    5
    >>> slope_log(mpmath.mp, (mpmath.mpf(2) ** -60,), None, 0, -62)  # too close to 0
    inf

The bounds are first-order estimates (derivatives evaluated at 64 bits or
so), not interval enclosures; the evaluator's second evaluation at another
precision is the check that they were good enough.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from .mpnumbers import magnitude

__all__ = [
    "Slope",
    "bessel_value",
    "slope_bessel",
    "slope_bounded",
    "slope_exp",
    "slope_gamma",
    "slope_hyperbolic",
    "slope_log",
    "slope_pole",
    "slope_polylog",
    "slope_sqrt",
    "slope_zeta",
]

#: ``slope(mp, args, result, i, err)``: a bound on ``log2 |d f / d args[i]|``.
Slope = Callable[[Any, tuple[Any, ...], Any, int, float], float]


def _low(mp: Any, r: Any) -> int:
    """Working precision for slope estimates: 64 bits, more near large values."""
    extra = magnitude(r)
    return 64 + int(min(max(extra, 0), 4096)) if math.isfinite(extra) else 64


def _safe_mag(thunk: Callable[[], Any]) -> float:
    """Magnitude of ``thunk()``, or ``inf`` if it fails or is not a number.

    Any failure of mpmath (its ``NoConvergence``, or a ``TypeError`` from deep
    inside gmpy2) only makes the bound infinite, which is always safe: the
    evaluator then raises the precision or refuses.
    """
    try:
        v = thunk()
    except Exception:  # noqa: BLE001 - an unknown slope is infinite, never wrong
        return math.inf
    if type(v).__name__ == "mpc":
        v = abs(v)
    m = magnitude(v)
    return m if not math.isnan(m) else math.inf


def _finite_difference(mp: Any, f: Callable[..., Any], args: tuple[Any, ...], i: int, prec: int) -> float:
    """``log2`` of the central difference ``(f(x + h) - f(x - h)) / 2h`` plus one bit, ``h = 2^-24 |x|``."""
    with mp.workprec(prec):
        x = mp.mpf(args[i])
        h = mp.ldexp(1, int(max(magnitude(x), 0)) - 24)

        def diff() -> Any:
            up = list(args)
            dn = list(args)
            up[i] = x + h
            dn[i] = x - h
            return (f(mp, *up) - f(mp, *dn)) / (2 * h)

        return _safe_mag(diff) + 1


def _near(err: float, distance_mag: float) -> bool:
    """True when an error of ``2^err`` reaches within 1/8 of ``2^distance_mag``."""
    return err >= distance_mag - 4


def slope_exp(mp: Any, args: tuple[Any, ...], r: Any, i: int, err: float) -> float:
    """``exp' = exp``: the slope is the magnitude of the result."""
    return magnitude(r)


def slope_bounded(mp: Any, args: tuple[Any, ...], r: Any, i: int, err: float) -> float:
    """``|sin'|, |cos'|, |atan'|, |tanh'| <= 1``: slope 0."""
    return 0.0


def slope_log(mp: Any, args: tuple[Any, ...], r: Any, i: int, err: float) -> float:
    """``log' = 1/x``: slope ``1 - mag(x)`` rounded up; ``inf`` when the error reaches ``x/8``."""
    x = args[0]
    return math.inf if _near(err, magnitude(x) - 1) else 2 - magnitude(x)


def slope_sqrt(mp: Any, args: tuple[Any, ...], r: Any, i: int, err: float) -> float:
    """``sqrt' = 1/(2 sqrt x)``: slope ``-mag(result)`` rounded up; ``inf`` when the error reaches ``x/8``."""
    x = args[0]
    return math.inf if _near(err, magnitude(x) - 1) else 1 - magnitude(r)


def slope_pole(mp: Any, args: tuple[Any, ...], r: Any, i: int, err: float) -> float:
    """tan, cot, coth: ``|f'| <= 1 + f^2`` and the nearest pole is about ``1/|f|`` away."""
    m = max(magnitude(r), 0)
    return math.inf if _near(err, -m - 1) else 2 * m + 1


def slope_hyperbolic(mp: Any, args: tuple[Any, ...], r: Any, i: int, err: float) -> float:
    """``|sinh'| = cosh`` and ``|cosh'| = |sinh|``, both at most ``|f| + 1``."""
    return max(magnitude(r), 0) + 1


def slope_gamma(mp: Any, args: tuple[Any, ...], r: Any, i: int, err: float) -> float:
    """``Gamma' = Gamma psi``; near a pole ``psi ~ -1/(x + n)`` tells its distance."""
    with mp.workprec(_low(mp, r)):
        psi = _safe_mag(lambda: mp.digamma(args[0]))
    if _near(err, -psi):
        return math.inf
    return magnitude(r) + psi + 1


def slope_zeta(mp: Any, args: tuple[Any, ...], r: Any, i: int, err: float) -> float:
    """``zeta'(s)`` at 64 bits or so; ``inf`` when the error reaches the pole ``s = 1``."""
    s = args[0]
    with mp.workprec(_low(mp, r)):
        if _near(err, _safe_mag(lambda: mp.mpf(s) - 1) - 1):
            return math.inf
        return _safe_mag(lambda: mp.zeta(s, 1, 1)) + 1


def bessel_value(kind: str) -> Callable[[Any, Any, Any], Any]:
    """``f(mp, nu, x)`` computing ``mp.<kind>(nu, x)`` (``besseli`` or ``besselj``).

    A negative integer order is reflected first, ``I_(-n) = I_n`` and
    ``J_(-n) = (-1)^n J_n``: mpmath's series for ``besseli(-4, 10^-40)``
    cancels so badly that it climbs to 17000 bits and gives up.

        >>> import mpmath
        >>> f = bessel_value("besselj")
        >>> f(mpmath.mp, -3, mpmath.mpf(2)) == -mpmath.besselj(3, 2)
        True
    """

    def value(mp: Any, nu: Any, x: Any) -> Any:
        f = getattr(mp, kind)
        if nu < 0 and mp.isint(nu):
            n = -int(nu)
            return f(n, x) if kind == "besseli" or n % 2 == 0 else -f(n, x)
        return f(nu, x)

    return value


def slope_bessel(kind: str) -> Slope:
    """The slope rule of ``mp.<kind>(nu, x)`` (``besseli`` or ``besselj``).

    In the order ``nu`` a finite difference; in ``x`` the derivative from the
    recurrences ``2 I'_nu = I_(nu-1) + I_(nu+1)`` and ``2 J'_nu = J_(nu-1) -
    J_(nu+1)`` (mpmath's own derivative fails inside gmpy2 for tiny ``x``,
    e.g. ``besseli(0, 10^-30)``), and ``inf`` near the branch point ``x = 0``
    of a non-integer order.
    """
    f = bessel_value(kind)
    sign = 1 if kind == "besseli" else -1

    def slope(mp: Any, args: tuple[Any, ...], r: Any, i: int, err: float) -> float:
        nu, x = args
        prec = _low(mp, r)
        if i == 0:
            return _finite_difference(mp, lambda m, a, b: f(m, a, b), args, 0, prec)
        integer_order = isinstance(nu, int) or (isinstance(nu, Fraction) and nu.denominator == 1)
        if not integer_order and _near(err, magnitude(x) - 1):
            return math.inf  # branch point at x = 0 for non-integer order
        with mp.workprec(prec):
            return _safe_mag(lambda: (f(mp, nu - 1, x) + sign * f(mp, nu + 1, x)) / 2) + 1

    return slope


def slope_polylog(mp: Any, args: tuple[Any, ...], r: Any, i: int, err: float) -> float:
    """In ``s`` a finite difference; in ``x``, ``d Li_s(x)/dx = Li_(s-1)(x)/x``, ``inf`` near ``x = 1``."""
    s, x = args
    prec = _low(mp, r)
    if i == 0:
        return _finite_difference(mp, lambda m, a, b: m.polylog(a, b), args, 0, prec)
    with mp.workprec(prec):
        if _near(err, _safe_mag(lambda: 1 - mp.mpf(x)) - 1):
            return math.inf  # singular point x = 1
        if magnitude(x) < -prec:
            return 1.0  # Li_s(x) ~ x near 0
        return _safe_mag(lambda: mp.polylog(s - 1, x) / x) + 1
