"""Tests for search.expressions.bounds: each slope rule bounds log2 |f'| and sees the singularities."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import mpmath
import pytest

from search.expressions import resolve_function

mp = mpmath.mp


def true_slope(name: str, args: tuple[Any, ...], i: int) -> float:
    """``log2 |d f / d args[i]|`` by mpmath's numerical differentiation at 100 digits."""
    compute = resolve_function(name).compute
    with mpmath.workdps(100):
        point = [mpmath.mpf(a) for a in args]

        def along(t: Any) -> Any:
            moved = list(point)
            moved[i] = t
            return compute(mp, *moved)

        return float(mpmath.log(abs(mpmath.diff(along, point[i])), 2))


@pytest.mark.parametrize(
    ("name", "args", "i"),
    [
        ("exp", (3,), 0), ("exp", (-20,), 0), ("log", (0.001,), 0), ("log", (1000,), 0),
        ("sqrt", (0.01,), 0), ("sin", (2,), 0), ("atan", (0.5,), 0), ("tan", (1.5,), 0), ("cot", (0.01,), 0),
        ("coth", (0.1,), 0), ("sinh", (5,), 0), ("cosh", (-5,), 0), ("tanh", (0.3,), 0), ("gamma", (0.01,), 0),
        ("gamma", (7.5,), 0), ("gamma", (-2.5,), 0), ("zeta", (1.01,), 0), ("zeta", (3,), 0),
        ("besselj", (0, 2.5), 1), ("besselj", (0.5, 2.5), 0), ("besseli", (1, 4), 1), ("besseli", (1, 4), 0),
        ("polylog", (2, 0.5), 1), ("polylog", (3, 0.25), 0), ("polylog", (3, 1e-30), 1),
    ],
)
def test_slope_bounds_the_derivative(name: str, args: tuple[Any, ...], i: int) -> None:
    func = resolve_function(name)
    with mpmath.workprec(200):
        converted = tuple(mpmath.mpf(a) for a in args)
        result = func.compute(mp, *converted)
        slope = func.slope(mp, converted, result, i, -150.0)
    assert math.isfinite(slope)
    assert slope >= true_slope(name, args, i) - 1e-9  # an upper bound (first order) ...
    assert slope <= true_slope(name, args, i) + 6  # ... and not a wild one


@pytest.mark.parametrize(
    ("name", "args", "i", "err"),
    [
        ("log", (2.0**-60,), 0, -62.0),
        ("sqrt", (2.0**-60,), 0, -62.0),
        ("tan", (mpmath.pi / 2 - mpmath.mpf(2) ** -50,), 0, -52.0),
        ("gamma", (-3 + 2.0**-40,), 0, -42.0),
        ("zeta", (1 + 2.0**-40,), 0, -42.0),
        ("besselj", (0.5, 2.0**-40), 1, -42.0),
        ("polylog", (2, 1 - 2.0**-40), 1, -42.0),
    ],
)
def test_slope_is_infinite_near_a_singularity(name: str, args: tuple[Any, ...], i: int, err: float) -> None:
    func = resolve_function(name)
    with mpmath.workprec(200):
        converted = tuple(mpmath.mpf(a) for a in args)
        slope = func.slope(mp, converted, func.compute(mp, *converted), i, err)
    assert slope == math.inf


def test_integer_order_bessel_has_no_branch_point() -> None:
    slope: Callable[..., float] = resolve_function("besselj").slope
    x = mpmath.mpf(2) ** -40
    assert math.isfinite(slope(mp, (0, x), mpmath.besselj(0, x), 1, -42.0))


@pytest.mark.parametrize("kind", ["besseli", "besselj"])
@pytest.mark.parametrize("x", [mpmath.mpf(10) ** -30, mpmath.mpf(10) ** -40, mpmath.mpf(3)])
def test_bessel_slope_in_x_is_the_recurrence_derivative(kind: str, x: Any) -> None:
    # mpmath's own derivative fails inside gmpy2 (a TypeError) for x = 1e-30 at 64-bit precision
    slope: Callable[..., float] = resolve_function(kind).slope
    value = getattr(mpmath, kind)(1, x)
    s = slope(mp, (1, x), value, 1, -120.0)
    with mpmath.workprec(300):
        derivative = abs(getattr(mpmath, kind)(1, x, 1))
    assert math.isfinite(s) and mpmath.mag(derivative) <= s <= mpmath.mag(derivative) + 3


def test_negative_integer_bessel_orders_are_reflected() -> None:
    from search.expressions.bounds import bessel_value

    tiny = mpmath.mpf(10) ** -40
    with mpmath.workprec(100):
        assert bessel_value("besseli")(mp, -4, tiny) == mpmath.besseli(4, tiny)
        assert bessel_value("besselj")(mp, -3, tiny) == -mpmath.besselj(3, tiny)
        assert bessel_value("besselj")(mp, -0.5, mpmath.mpf(2)) == mpmath.besselj(-0.5, 2)
