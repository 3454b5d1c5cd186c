"""The whitelist: named constants and functions, and parsing against them.

    >>> resolve("apery").name, resolve_function("ln").name
    ('zeta3', 'log')
    >>> str(parse_expression("apery + 2*n", variables=("n",)))
    'apery + 2*n'

Each :class:`Constant` and :class:`Function` says how mpmath computes it; a
function also carries its slope rule (:mod:`.bounds`), the largest argument
magnitudes it accepts and, where mpmath's cost explodes before that, a cheap
check that refuses the call before it starts, so an evaluation cannot be
asked for ``exp(10^20)``, ``besseli(10^20, 1)`` or ``polylog(-10^6, 1/2)``:

    >>> resolve_function("polylog").refuse((-10**6, 0.5))
    'orders below -1000 are not supported, their series need millions of terms'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from . import bounds
from .errors import ExpressionError, did_you_mean
from .parser import parse
from .tree import Node

__all__ = [
    "CONSTANTS",
    "CONSTANTS_BY_NAME",
    "FUNCTIONS",
    "FUNCTIONS_BY_NAME",
    "MIN_POLYLOG_ORDER",
    "Constant",
    "Function",
    "check_variable_names",
    "function_arities",
    "list_constants",
    "list_functions",
    "name_whitelist",
    "parse_expression",
    "resolve",
    "resolve_function",
]

#: Largest ``log2|x|`` accepted as the argument of exp, sinh, cosh, gamma, zeta, as the
#: order of besseli, besselj and polylog and as the argument of besseli: beyond it the
#: value's magnitude (or mpmath's work, e.g. Gamma(nu) inside a Bessel series) explodes.
_MAX_GROWTH_ARG_MAG = 36
#: Largest ``log2|x|`` accepted as the argument of the other functions.
_MAX_ARG_MAG = 100_000
#: Lowest accepted polylog order: ``Li_s(1/2)`` for ``s = -1000`` takes about 1 s (a series
#: of 15000 terms), and the cost grows as ``s^2 log s``; the value is about ``|s|!``.
MIN_POLYLOG_ORDER = -1000


def _refuse_polylog(args: tuple[Any, ...]) -> str | None:
    """Why ``polylog(s, x)`` is refused before it starts, or ``None``."""
    if args[0] < MIN_POLYLOG_ORDER:
        return f"orders below {MIN_POLYLOG_ORDER} are not supported, their series need millions of terms"
    return None


def _never(args: tuple[Any, ...]) -> str | None:
    return None


@dataclass(frozen=True)
class Constant:
    """A named constant, e.g. ``Constant("zeta3", ("apery",), "Apéry's constant ...")``.

    ``compute(mp)`` returns the value at the current precision of the mpmath
    context ``mp``, correctly rounded to within one unit in the last place.
    """

    name: str
    aliases: tuple[str, ...]
    description: str
    compute: Callable[[Any], Any] = field(repr=False, compare=False)


@dataclass(frozen=True)
class Function:
    """A whitelisted real function of ``arity`` arguments, e.g. ``besselj(nu, x)``.

    ``compute(mp, *args)`` evaluates it with mpmath; ``slope(mp, args, result,
    i, err)`` returns an estimate of ``log2|d f / d args[i]|`` (``inf`` when the
    argument is too close to a singularity for a linear error estimate), see
    :mod:`.bounds`.  Arguments above ``2^max_arg_mag`` in magnitude are refused
    (one limit for all arguments, or one per argument); ``refuse(args)`` names
    a reason to refuse other arguments too costly to evaluate, or is ``None``.
    """

    name: str
    arity: int
    signature: str
    description: str
    compute: Callable[..., Any] = field(repr=False, compare=False)
    slope: bounds.Slope = field(repr=False, compare=False)
    max_arg_mag: int | tuple[int, ...] = field(default=_MAX_ARG_MAG, repr=False, compare=False)
    aliases: tuple[str, ...] = ()
    refuse: Callable[[tuple[Any, ...]], str | None] = field(default=_never, repr=False, compare=False)

    def arg_limit(self, i: int) -> int:
        """Largest accepted ``log2|x|`` of argument ``i`` (``resolve_function("besselj").arg_limit(0) == 36``)."""
        return self.max_arg_mag if isinstance(self.max_arg_mag, int) else self.max_arg_mag[i]


CONSTANTS: tuple[Constant, ...] = (
    Constant("e", (), "Euler's number e = exp(1) = 2.71828...", lambda mp: mp.e),
    Constant("pi", (), "Archimedes' constant pi = 3.14159...", lambda mp: mp.pi),
    Constant("phi", ("golden",), "golden ratio (1 + sqrt(5))/2 = 1.61803...", lambda mp: mp.phi),
    Constant("sqrt2", (), "Pythagoras' constant sqrt(2) = 1.41421...", lambda mp: mp.sqrt(2)),
    Constant("log2", ("ln2",), "natural logarithm of 2, ln 2 = 0.693147...", lambda mp: mp.ln2),
    Constant("log10", ("ln10",), "natural logarithm of 10, ln 10 = 2.302585...", lambda mp: mp.ln10),
    Constant(
        "euler_gamma",
        ("euler", "euler_mascheroni"),
        "Euler-Mascheroni constant gamma = 0.577215...",
        lambda mp: mp.euler,
    ),
    Constant("catalan", (), "Catalan's constant G = sum (-1)^k/(2k+1)^2 = 0.915965...", lambda mp: mp.catalan),
    Constant("zeta3", ("apery",), "Apery's constant zeta(3) = 1.202056...", lambda mp: mp.apery),
    Constant(
        "khinchin",
        (),
        "Khinchin's constant K0 = 2.685452... (slow at high precision: about 1 s for 1000 digits and "
        "20 s for 3000 digits, cached by mpmath afterwards)",
        lambda mp: mp.khinchin,
    ),
    Constant(
        "glaisher",
        (),
        "Glaisher-Kinkelin constant A = 1.282427... (about 2 s for 3000 digits)",
        lambda mp: mp.glaisher,
    ),
)

FUNCTIONS: tuple[Function, ...] = (
    Function("exp", 1, "exp(x)", "exponential e^x", lambda mp, x: mp.exp(x), bounds.slope_exp, _MAX_GROWTH_ARG_MAG),
    Function(
        "log", 1, "log(x)", "natural logarithm, x > 0", lambda mp, x: mp.log(x), bounds.slope_log, aliases=("ln",)
    ),
    Function("sqrt", 1, "sqrt(x)", "square root, x >= 0", lambda mp, x: mp.sqrt(x), bounds.slope_sqrt),
    Function("sin", 1, "sin(x)", "sine (radians)", lambda mp, x: mp.sin(x), bounds.slope_bounded),
    Function("cos", 1, "cos(x)", "cosine (radians)", lambda mp, x: mp.cos(x), bounds.slope_bounded),
    Function("tan", 1, "tan(x)", "tangent (radians)", lambda mp, x: mp.tan(x), bounds.slope_pole),
    Function("cot", 1, "cot(x)", "cotangent 1/tan(x)", lambda mp, x: mp.cot(x), bounds.slope_pole),
    Function(
        "atan", 1, "atan(x)", "inverse tangent, in (-pi/2, pi/2)", lambda mp, x: mp.atan(x), bounds.slope_bounded
    ),
    Function(
        "sinh", 1, "sinh(x)", "hyperbolic sine", lambda mp, x: mp.sinh(x), bounds.slope_hyperbolic, _MAX_GROWTH_ARG_MAG
    ),
    Function(
        "cosh", 1, "cosh(x)", "hyperbolic cosine", lambda mp, x: mp.cosh(x), bounds.slope_hyperbolic,
        _MAX_GROWTH_ARG_MAG,
    ),
    Function("tanh", 1, "tanh(x)", "hyperbolic tangent", lambda mp, x: mp.tanh(x), bounds.slope_bounded),
    Function("coth", 1, "coth(x)", "hyperbolic cotangent 1/tanh(x)", lambda mp, x: mp.coth(x), bounds.slope_pole),
    Function(
        "besseli",
        2,
        "besseli(nu, x)",
        "modified Bessel function of the first kind I_nu(x)",
        bounds.bessel_value("besseli"),
        bounds.slope_bessel("besseli"),
        (_MAX_GROWTH_ARG_MAG, _MAX_GROWTH_ARG_MAG),
    ),
    Function(
        "besselj",
        2,
        "besselj(nu, x)",
        "Bessel function of the first kind J_nu(x)",
        bounds.bessel_value("besselj"),
        bounds.slope_bessel("besselj"),
        (_MAX_GROWTH_ARG_MAG, _MAX_ARG_MAG),
    ),
    Function(
        "zeta", 1, "zeta(s)", "Riemann zeta function, s != 1", lambda mp, s: mp.zeta(s), bounds.slope_zeta,
        _MAX_GROWTH_ARG_MAG,
    ),
    Function(
        "gamma",
        1,
        "gamma(x)",
        "Euler's gamma function, x not 0, -1, -2, ...",
        lambda mp, x: mp.gamma(x),
        bounds.slope_gamma,
        _MAX_GROWTH_ARG_MAG,
    ),
    Function(
        "polylog",
        2,
        "polylog(s, x)",
        "polylogarithm Li_s(x) = sum x^k/k^s (real for x <= 1, order s >= -1000)",
        lambda mp, s, x: mp.polylog(s, x),
        bounds.slope_polylog,
        (_MAX_GROWTH_ARG_MAG, _MAX_ARG_MAG),
        refuse=_refuse_polylog,
    ),
)


def _by_name(records: tuple[Any, ...]) -> MappingProxyType[str, Any]:
    """Each record under its name and each of its aliases."""
    return MappingProxyType({n: r for r in records for n in (r.name, *r.aliases)})


#: Every constant under its name and aliases (read-only).
CONSTANTS_BY_NAME: MappingProxyType[str, Constant] = _by_name(CONSTANTS)
#: Every function under its name and aliases (read-only).
FUNCTIONS_BY_NAME: MappingProxyType[str, Function] = _by_name(FUNCTIONS)
if set(CONSTANTS_BY_NAME) & set(FUNCTIONS_BY_NAME):  # pragma: no cover - registry sanity check
    raise RuntimeError(f"constant and function names overlap: {set(CONSTANTS_BY_NAME) & set(FUNCTIONS_BY_NAME)}")
_FUNCTION_ARITIES: dict[str, int] = {n: f.arity for n, f in FUNCTIONS_BY_NAME.items()}

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def list_constants() -> tuple[Constant, ...]:
    """All constants in display order; each has ``name``, ``aliases``, ``description``.

    Example: ``[c.name for c in list_constants()][:2] == ['e', 'pi']``.
    """
    return CONSTANTS


def list_functions() -> tuple[Function, ...]:
    """All functions with ``name``, ``arity``, ``signature`` and ``description``."""
    return FUNCTIONS


def name_whitelist() -> frozenset[str]:
    """Every accepted constant name, aliases included (``'apery'``, ``'zeta3'``, ...)."""
    return frozenset(CONSTANTS_BY_NAME)


def function_arities() -> dict[str, int]:
    """Function name (aliases included) to arity, e.g. ``{'exp': 1, 'besselj': 2, ...}``."""
    return dict(_FUNCTION_ARITIES)


def _lookup(table: Mapping[str, Any], kind: str, name: str) -> Any:
    try:
        return table[name]
    except KeyError:
        raise ExpressionError(f"unknown {kind} '{name}'", hint=did_you_mean(name, table)) from None


def resolve(name: str) -> Constant:
    """Look up a constant by name or alias: ``resolve("apery").name == "zeta3"``.

    Raises:
        ExpressionError: if the name is unknown (with a suggestion if one is close).
    """
    return _lookup(CONSTANTS_BY_NAME, "constant", name)


def resolve_function(name: str) -> Function:
    """Look up a function by name or alias: ``resolve_function("ln").name == "log"``.

    Raises:
        ExpressionError: if the name is unknown (with a suggestion if one is close).
    """
    return _lookup(FUNCTIONS_BY_NAME, "function", name)


def check_variable_names(variables: Collection[str]) -> None:
    """Refuse variable names that are not identifiers or that shadow a built-in name.

    Raises:
        ExpressionError: ``invalid variable name '2x'`` or ``variable name 'pi'
            clashes with the built-in constant of that name``.
    """
    for v in variables:
        if not isinstance(v, str) or not _IDENTIFIER.match(v):
            raise ExpressionError(f"invalid variable name {v!r}", hint="use letters, digits and '_'")
        if v in CONSTANTS_BY_NAME or v in FUNCTIONS_BY_NAME:
            kind = "constant" if v in CONSTANTS_BY_NAME else "function"
            raise ExpressionError(f"variable name '{v}' clashes with the built-in {kind} of that name")


def parse_expression(text: str, variables: Collection[str] = ()) -> Node:
    """Parse ``text`` against this registry's constants and functions.

    ``variables`` are extra free names (they must not shadow built-in names).
    Nothing is evaluated; decimals stay exact rationals (see :func:`.parser.parse`).

    Example:
        >>> str(parse_expression("besselj(0, 2*x)", variables=("x",)))
        'besselj(0, 2*x)'

    Raises:
        ExpressionError: on syntax errors, unknown names, wrong arity.
    """
    variables = tuple(variables)
    check_variable_names(variables)
    return parse(text, CONSTANTS_BY_NAME, _FUNCTION_ARITIES, variables)
