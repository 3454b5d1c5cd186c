"""Named mathematical constants and functions, evaluated with mpmath.

This module is the whitelist behind target expressions such as
``"pi^2/6"``, ``"exp(2/3)"`` or ``"besseli(1, 2)/besseli(0, 2)"``: it maps
names to constants and functions, parses text with :mod:`search.expr`, and
evaluates the result

* to a requested number of significant decimal digits
  (:func:`evaluate`), or
* to a rational enclosure ``[lo, hi]`` of absolute width about ``2^-bits``
  (:func:`enclose`).

Evaluation strategy
-------------------
Exact rational sub-expressions are folded exactly (``1/3 + 1/6`` is the
rational 1/2) and a rational is rounded *once*, at the working precision,
when it meets an irrational operation: ``exp(2/3)`` is ``exp`` of the binary
number nearest to 2/3 at the working precision, never of a float.

Every inexact intermediate value carries a running bound ``2^E`` on its
absolute error (first-order propagation: ``E(a+b) ~ max(E(a), E(b))``,
``E(a*b) ~ max(E(a) + log2|b|, E(b) + log2|a|)``, ``E(f(x)) ~ E(x) +
log2|f'(x)|`` with ``f'`` estimated at low precision, plus the rounding of each
result).  If the bound at the end is too large for the request, the working
precision is raised by the deficit and the evaluation is repeated, which
handles cancellation such as ``(2^200 + pi) - 2^200`` or ``1 - cos(10^-30)``.
Finally the expression is evaluated at two working precisions 32 bits apart
and the two results must agree; otherwise :class:`PrecisionError` is raised,
naming the sub-expression that lost its precision (e.g. ``tan(pi/2)``, which
sits on a pole, or ``sin(pi)``, which is indistinguishable from zero).  This is
not interval arithmetic, but in practice a wrong answer requires the error
model *and* the two-precision comparison to fail together.

Example:
    >>> import mpmath
    >>> from search.constants import evaluate, enclose
    >>> mpmath.nstr(evaluate("pi", 30), 30)
    '3.14159265358979323846264338328'
    >>> lo, hi = enclose("1/3", 64)
    >>> lo == hi
    True

``mpmath`` and ``gmpy2`` are imported lazily, inside functions, so importing
this module (and the command line interface) stays fast.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from .expr import (
    MAX_EXACT_BITS,
    BinOp,
    Call,
    ExpressionError,
    Name,
    Neg,
    Node,
    Number,
    exact_binop,
    iter_nodes,
    parse,
)

if TYPE_CHECKING:  # pragma: no cover - typing only
    import gmpy2
    import mpmath

__all__ = [
    "CONSTANTS",
    "FUNCTIONS",
    "Constant",
    "Function",
    "PrecisionError",
    "enclose",
    "evaluate",
    "function_arities",
    "list_constants",
    "list_functions",
    "name_whitelist",
    "parse_expression",
    "resolve",
    "resolve_function",
]

#: Largest accepted ``digits`` for :func:`evaluate` and ``bits`` for :func:`enclose`.
MAX_DIGITS = 1_000_000
MAX_BITS = 4_000_000
#: Largest magnitude (as a binary exponent) of any intermediate value.
MAX_MAGNITUDE_BITS = 2**42
#: Largest ``log2|x|`` accepted as the argument of exp, sinh, cosh, gamma, zeta.
_MAX_GROWTH_ARG_MAG = 36
#: Largest ``log2|x|`` accepted as the argument of the other functions.
_MAX_ARG_MAG = 100_000

_GUARD_HI = 64  # guard bits of the main evaluation
_GUARD_LO = 32  # guard bits of the verification evaluation
_SLACK = 48  # the error bound must be this many bits below the request
_MAX_ATTEMPTS = 6

class PrecisionError(ExpressionError, ArithmeticError):
    """The working precision was not enough to certify the requested accuracy.

    Raised when catastrophic cancellation, a pole (``tan(pi/2)``), a value that
    is indistinguishable from zero (``sin(pi)`` asked for relative digits), or
    a value too large for an absolute enclosure prevents a reliable answer.
    It is both an :class:`ArithmeticError` and an :class:`ExpressionError`
    (hence a :class:`ValueError`).

    Example: ``enclose("tan(pi/2)", 64)`` raises ``PrecisionError``.
    """


# ---------------------------------------------------------------------------
# Registry
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Constant:
    """A named constant, e.g. ``Constant("zeta3", ("apery",), "Apéry's constant ...")``.

    ``compute(mp)`` returns the value at the current precision of the mpmath
    context ``mp``.
    """

    name: str
    aliases: tuple[str, ...]
    description: str
    compute: Callable[[Any], Any] = field(repr=False, compare=False)

    def value(self, digits: int) -> mpmath.mpf:
        """The constant to ``digits`` significant digits: ``resolve("pi").value(5)``."""
        return evaluate(Name(self.name), digits)


@dataclass(frozen=True)
class Function:
    """A whitelisted real function of ``arity`` arguments, e.g. ``besselj(nu, x)``.

    ``compute(mp, *args)`` evaluates it with mpmath; ``slope(mp, args, result,
    i)`` returns an estimate of ``log2|d f / d args[i]|`` (``inf`` when the
    argument is too close to a singularity for a linear error estimate).
    """

    name: str
    arity: int
    signature: str
    description: str
    compute: Callable[..., Any] = field(repr=False, compare=False)
    slope: Callable[[Any, tuple[Any, ...], Any, int, float], float] = field(repr=False, compare=False)
    max_arg_mag: int = field(default=_MAX_ARG_MAG, repr=False, compare=False)
    aliases: tuple[str, ...] = ()


def _mag(x: Any) -> float:
    """``m`` with ``2^(m-1) <= |x| < 2^m`` (approximately for rationals); ``-inf`` for 0."""
    if isinstance(x, Fraction):
        if x == 0:
            return -math.inf
        return x.numerator.bit_length() - x.denominator.bit_length() + 1
    if isinstance(x, int):
        return -math.inf if x == 0 else x.bit_length()
    _sign, man, exp, bc = x._mpf_
    if not man:
        return -math.inf if exp == 0 else math.inf  # zero, or the inf/nan sentinels
    return exp + bc


# --- slopes (log2 of |partial derivative|) ----------------------------------


def _low(mp: Any, r: Any) -> int:
    """Working precision for slope estimates: 64 bits, more near large values."""
    extra = _mag(r)
    return 64 + int(min(max(extra, 0), 4096)) if math.isfinite(extra) else 64


def _safe_mag(thunk: Callable[[], Any]) -> float:
    try:
        v = thunk()
    except (ArithmeticError, ValueError, NotImplementedError):
        return math.inf
    if type(v).__name__ == "mpc":
        v = abs(v)
    m = _mag(v)
    return m if not math.isnan(m) else math.inf


def _finite_difference(mp: Any, f: Callable[..., Any], args: tuple[Any, ...], i: int, prec: int) -> float:
    with mp.workprec(prec):
        x = mp.mpf(args[i])
        h = mp.ldexp(1, int(max(_mag(x), 0)) - 24)

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


def _slope_exp(mp: Any, args: tuple[Any, ...], r: Any, i: int, err: float) -> float:
    return _mag(r)


def _slope_bounded(mp: Any, args: tuple[Any, ...], r: Any, i: int, err: float) -> float:
    return 0.0  # |sin'|, |cos'|, |atan'|, |tanh'| <= 1


def _slope_log(mp: Any, args: tuple[Any, ...], r: Any, i: int, err: float) -> float:
    x = args[0]
    return math.inf if _near(err, _mag(x) - 1) else 2 - _mag(x)


def _slope_sqrt(mp: Any, args: tuple[Any, ...], r: Any, i: int, err: float) -> float:
    x = args[0]
    return math.inf if _near(err, _mag(x) - 1) else 1 - _mag(r)


def _slope_pole(mp: Any, args: tuple[Any, ...], r: Any, i: int, err: float) -> float:
    # tan, cot, coth: |f'| <= 1 + f^2 and the nearest pole is ~1/|f| away.
    m = max(_mag(r), 0)
    return math.inf if _near(err, -m - 1) else 2 * m + 1


def _slope_hyperbolic(mp: Any, args: tuple[Any, ...], r: Any, i: int, err: float) -> float:
    return max(_mag(r), 0) + 1  # |sinh'| = cosh, |cosh'| = |sinh| <= cosh <= |sinh| + 1


def _slope_gamma(mp: Any, args: tuple[Any, ...], r: Any, i: int, err: float) -> float:
    with mp.workprec(_low(mp, r)):
        psi = _safe_mag(lambda: mp.digamma(args[0]))
    if _near(err, -psi):  # near a pole psi ~ -1/(x + n)
        return math.inf
    return _mag(r) + psi + 1


def _slope_zeta(mp: Any, args: tuple[Any, ...], r: Any, i: int, err: float) -> float:
    s = args[0]
    with mp.workprec(_low(mp, r)):
        if _near(err, _safe_mag(lambda: mp.mpf(s) - 1) - 1):
            return math.inf
        return _safe_mag(lambda: mp.zeta(s, 1, 1)) + 1


def _slope_bessel(kind: str) -> Callable[[Any, tuple[Any, ...], Any, int, float], float]:
    def slope(mp: Any, args: tuple[Any, ...], r: Any, i: int, err: float) -> float:
        nu, x = args
        f = getattr(mp, kind)
        prec = _low(mp, r)
        if i == 0:
            return _finite_difference(mp, lambda m, a, b: getattr(m, kind)(a, b), args, 0, prec)
        integer_order = isinstance(nu, int) or (isinstance(nu, Fraction) and nu.denominator == 1)
        if not integer_order and _near(err, _mag(x) - 1):
            return math.inf  # branch point at x = 0 for non-integer order
        with mp.workprec(prec):
            return _safe_mag(lambda: f(nu, x, 1)) + 1

    return slope


def _slope_polylog(mp: Any, args: tuple[Any, ...], r: Any, i: int, err: float) -> float:
    s, x = args
    prec = _low(mp, r)
    if i == 0:
        return _finite_difference(mp, lambda m, a, b: m.polylog(a, b), args, 0, prec)
    with mp.workprec(prec):
        if _near(err, _safe_mag(lambda: 1 - mp.mpf(x)) - 1):
            return math.inf  # singular point x = 1
        if _mag(x) < -prec:
            return 1.0  # Li_s(x) ~ x near 0
        return _safe_mag(lambda: mp.polylog(s - 1, x) / x) + 1


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
    Function("exp", 1, "exp(x)", "exponential e^x", lambda mp, x: mp.exp(x), _slope_exp, _MAX_GROWTH_ARG_MAG),
    Function("log", 1, "log(x)", "natural logarithm, x > 0", lambda mp, x: mp.log(x), _slope_log, aliases=("ln",)),
    Function("sqrt", 1, "sqrt(x)", "square root, x >= 0", lambda mp, x: mp.sqrt(x), _slope_sqrt),
    Function("sin", 1, "sin(x)", "sine (radians)", lambda mp, x: mp.sin(x), _slope_bounded),
    Function("cos", 1, "cos(x)", "cosine (radians)", lambda mp, x: mp.cos(x), _slope_bounded),
    Function("tan", 1, "tan(x)", "tangent (radians)", lambda mp, x: mp.tan(x), _slope_pole),
    Function("cot", 1, "cot(x)", "cotangent 1/tan(x)", lambda mp, x: mp.cot(x), _slope_pole),
    Function("atan", 1, "atan(x)", "inverse tangent, in (-pi/2, pi/2)", lambda mp, x: mp.atan(x), _slope_bounded),
    Function(
        "sinh", 1, "sinh(x)", "hyperbolic sine", lambda mp, x: mp.sinh(x), _slope_hyperbolic, _MAX_GROWTH_ARG_MAG
    ),
    Function(
        "cosh", 1, "cosh(x)", "hyperbolic cosine", lambda mp, x: mp.cosh(x), _slope_hyperbolic, _MAX_GROWTH_ARG_MAG
    ),
    Function("tanh", 1, "tanh(x)", "hyperbolic tangent", lambda mp, x: mp.tanh(x), _slope_bounded),
    Function("coth", 1, "coth(x)", "hyperbolic cotangent 1/tanh(x)", lambda mp, x: mp.coth(x), _slope_pole),
    Function(
        "besseli",
        2,
        "besseli(nu, x)",
        "modified Bessel function of the first kind I_nu(x)",
        lambda mp, nu, x: mp.besseli(nu, x),
        _slope_bessel("besseli"),
    ),
    Function(
        "besselj",
        2,
        "besselj(nu, x)",
        "Bessel function of the first kind J_nu(x)",
        lambda mp, nu, x: mp.besselj(nu, x),
        _slope_bessel("besselj"),
    ),
    Function(
        "zeta", 1, "zeta(s)", "Riemann zeta function, s != 1", lambda mp, s: mp.zeta(s), _slope_zeta, _MAX_GROWTH_ARG_MAG
    ),
    Function(
        "gamma",
        1,
        "gamma(x)",
        "Euler's gamma function, x not 0, -1, -2, ...",
        lambda mp, x: mp.gamma(x),
        _slope_gamma,
        _MAX_GROWTH_ARG_MAG,
    ),
    Function(
        "polylog",
        2,
        "polylog(s, x)",
        "polylogarithm Li_s(x) = sum x^k/k^s (real for x <= 1)",
        lambda mp, s, x: mp.polylog(s, x),
        _slope_polylog,
    ),
)

_CONSTANT_BY_NAME: dict[str, Constant] = {}
for _c in CONSTANTS:
    for _n in (_c.name, *_c.aliases):
        _CONSTANT_BY_NAME[_n] = _c
_FUNCTION_BY_NAME: dict[str, Function] = {}
for _f in FUNCTIONS:
    for _n in (_f.name, *_f.aliases):
        _FUNCTION_BY_NAME[_n] = _f
if set(_CONSTANT_BY_NAME) & set(_FUNCTION_BY_NAME):  # pragma: no cover - registry sanity check
    raise RuntimeError(f"constant and function names overlap: {set(_CONSTANT_BY_NAME) & set(_FUNCTION_BY_NAME)}")
_FUNCTION_ARITIES: dict[str, int] = {n: f.arity for n, f in _FUNCTION_BY_NAME.items()}

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
    return frozenset(_CONSTANT_BY_NAME)


def function_arities() -> dict[str, int]:
    """Function name (aliases included) to arity, e.g. ``{'exp': 1, 'besselj': 2, ...}``."""
    return dict(_FUNCTION_ARITIES)


def _suggest(word: str, pool: Collection[str]) -> str | None:
    close = difflib.get_close_matches(word, sorted(pool), n=1, cutoff=0.75)
    return f"did you mean '{close[0]}'?" if close else None


def resolve(name: str) -> Constant:
    """Look up a constant by name or alias: ``resolve("apery").name == "zeta3"``.

    Raises:
        ExpressionError: if the name is unknown (with a suggestion if one is close).
    """
    try:
        return _CONSTANT_BY_NAME[name]
    except KeyError:
        raise ExpressionError(f"unknown constant '{name}'", hint=_suggest(name, _CONSTANT_BY_NAME)) from None


def resolve_function(name: str) -> Function:
    """Look up a function by name or alias: ``resolve_function("ln").name == "log"``."""
    try:
        return _FUNCTION_BY_NAME[name]
    except KeyError:
        raise ExpressionError(f"unknown function '{name}'", hint=_suggest(name, _FUNCTION_BY_NAME)) from None


def _check_variable_names(variables: Collection[str]) -> None:
    for v in variables:
        if not isinstance(v, str) or not _IDENTIFIER.match(v):
            raise ExpressionError(f"invalid variable name {v!r}", hint="use letters, digits and '_'")
        if v in _CONSTANT_BY_NAME or v in _FUNCTION_BY_NAME:
            kind = "constant" if v in _CONSTANT_BY_NAME else "function"
            raise ExpressionError(f"variable name '{v}' clashes with the built-in {kind} of that name")


def parse_expression(text: str, variables: Collection[str] = ()) -> Node:
    """Parse ``text`` against this registry's constants and functions.

    ``variables`` are extra free names (they must not shadow built-in names).

    Example:
        >>> str(parse_expression("apery + 2*n", variables=("n",)))
        'apery + 2*n'

    Raises:
        ExpressionError: on syntax errors, unknown names, wrong arity.
    """
    variables = tuple(variables)
    _check_variable_names(variables)
    return parse(text, _CONSTANT_BY_NAME, _FUNCTION_ARITIES, variables)


# ---------------------------------------------------------------------------
# Numerical evaluation with a running error bound
# ---------------------------------------------------------------------------


def _mpmath() -> Any:
    import mpmath

    return mpmath


def _to_fraction(value: Any, name: str) -> Fraction:
    """Exact rational value of a variable's value (mpf, int, Fraction, float, mpq)."""
    if isinstance(value, bool):
        raise ExpressionError(f"variable '{name}' has a non-numeric value {value!r}")
    if hasattr(value, "_mpf_"):
        sign, man, exp, bc = value._mpf_
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
    if q.numerator.bit_length() + q.denominator.bit_length() > MAX_EXACT_BITS:
        raise ExpressionError(f"variable '{name}' has too many bits", hint=f"the limit is {MAX_EXACT_BITS}")
    return q


def _snippet(node: Node) -> str:
    text = str(node)
    if len(text) <= 40:
        return text
    if isinstance(node, Call):
        return f"{node.func}(...)"
    if isinstance(node, BinOp):
        return f"the '{node.op}' operation"
    return "the sub-expression"


def _combine(*exps: float) -> float:
    """Upper bound for ``log2(sum 2^e)`` (within 2 bits)."""
    top = max(exps)
    return top + 2 if top > -math.inf else top


@dataclass
class _Trace:
    node: Node
    value: Any
    err: float


class _Unresolved(Exception):
    """A rounded operand landed on a singular point (e.g. an inexact divisor is 0).

    The true operand may well be non-singular, so the evaluation is retried at
    a higher precision; ``error`` is what to report if it never resolves.
    """

    def __init__(self, error: ExpressionError) -> None:
        super().__init__(str(error))
        self.error = error


class _Run:
    """One evaluation of a tree at ``prec`` bits, recording error bounds.

    Values are exact ``Fraction`` objects (error exponent ``-inf``) or mpmath
    ``mpf`` numbers with an error exponent ``E``: the absolute error is
    believed to be below ``2^E``.
    """

    def __init__(self, mp: Any, prec: int, variables: Mapping[str, Fraction]) -> None:
        self.mp = mp
        self.prec = prec
        self.variables = variables
        self.trace: list[_Trace] = []
        self.dropped = -math.inf
        self.result: tuple[Any, float] = (None, math.inf)

    # -- helpers -----------------------------------------------------------
    def to_mp(self, value: Any) -> tuple[Any, float]:
        """Mpmath-ready value and its error exponent (integers stay exact ints)."""
        if isinstance(value, Fraction):
            if value.denominator == 1:
                return int(value), -math.inf
            libmp = _mpmath().libmp
            r = self.mp.make_mpf(libmp.from_rational(value.numerator, value.denominator, self.prec, libmp.round_nearest))
            return r, _mag(r) - self.prec
        return value, -math.inf

    def rounding(self, r: Any, ulps: int = 0) -> float:
        m = _mag(r)
        return m - self.prec + ulps if m > -math.inf else -math.inf

    @staticmethod
    def fail(error: ExpressionError, inexact: bool) -> Exception:
        """The error to raise: retryable when an inexact operand caused it."""
        return _Unresolved(error) if inexact else error

    def check_finite(self, node: Node, r: Any, what: str, inexact: bool = False) -> Any:
        """Reject complex, infinite, NaN and absurdly large values.

        A complex result whose imaginary part is at rounding-noise level
        (mpmath sometimes returns ``x + 1e-33j`` for real polylogarithms) is
        taken as real; the dropped magnitude is kept in ``self.dropped``.
        """
        mp = self.mp
        self.dropped = -math.inf
        if type(r).__name__ == "mpc":
            re_part, im_part = r.real, r.imag
            if im_part == 0 or _mag(im_part) < _mag(re_part) - self.prec + 24:
                self.dropped = _mag(im_part)
                r = re_part
            else:
                err = ExpressionError(f"{what} has no real value", node.pos, hint="its value is complex")
                raise self.fail(err, inexact)
        if mp.isnan(r):
            raise self.fail(ExpressionError(f"{what} is undefined", node.pos), inexact)
        if mp.isinf(r):
            raise self.fail(ExpressionError(f"{what} is infinite", node.pos, hint="a pole or singularity"), inexact)
        m = _mag(r)
        if m > -math.inf and abs(m) > MAX_MAGNITUDE_BITS:
            size = "large" if m > 0 else "small"
            raise ExpressionError(f"{what} is too {size}", node.pos, hint=f"about 2^{int(m)} in magnitude")
        return r

    # -- evaluation ----------------------------------------------------------
    def run(self, root: Node) -> tuple[Any, float]:
        results: dict[int, tuple[Any, float]] = {}
        for node in iter_nodes(root):
            if id(node) in results:
                continue
            value, err = self.step(node, results)
            results[id(node)] = (value, err)
            self.trace.append(_Trace(node, value, err))
        return results[id(root)]

    def step(self, node: Node, results: dict[int, tuple[Any, float]]) -> tuple[Any, float]:
        if isinstance(node, Number):
            return Fraction(node.value), -math.inf
        if isinstance(node, Name):
            if node.name in self.variables:
                return self.variables[node.name], -math.inf
            const = _CONSTANT_BY_NAME.get(node.name)
            if const is None:
                raise ExpressionError(f"unknown name '{node.name}'", node.pos)
            r = +const.compute(self.mp)
            return r, self.rounding(r, 1)
        if isinstance(node, Neg):
            v, e = results[id(node.operand)]
            return -v, e
        if isinstance(node, BinOp):
            return self.binop(node, results[id(node.left)], results[id(node.right)])
        if isinstance(node, Call):
            return self.call(node, [results[id(a)] for a in node.args])
        raise TypeError(f"not an expression node: {node!r}")

    def binop(self, node: BinOp, left: tuple[Any, float], right: tuple[Any, float]) -> tuple[Any, float]:
        (a, ea), (b, eb) = left, right
        op = node.op
        if isinstance(a, Fraction) and isinstance(b, Fraction):
            exact = exact_binop(op, a, b, node)
            if exact is not None:
                return exact, -math.inf
        if (op == "-" and node.left == node.right) or (
            op == "+" and (Neg(node.left) == node.right or node.left == Neg(node.right))
        ):
            return Fraction(0), -math.inf  # x - x and x + -x are exactly 0 whatever x is
        if op == "*" and any(isinstance(v, Fraction) and v == 0 for v in (a, b)):
            return Fraction(0), -math.inf
        if op == "^":
            return self.power(node, a, ea, b, eb)
        am, ca = self.to_mp(a)
        bm, cb = self.to_mp(b)
        ea, eb = max(ea, ca), max(eb, cb)
        ma, mb = _mag(a), _mag(b)
        if op in "+-":
            r = am + bm if op == "+" else am - bm
            err = _combine(ea, eb, self.rounding(r))
        elif op == "*":
            r = am * bm
            err = _combine(ea + mb, eb + ma, ea + eb, self.rounding(r))
        else:
            if bm == 0:
                error = ExpressionError("division by zero", node.pos, hint="the divisor evaluates to 0")
                raise self.fail(error, eb > -math.inf)
            r = am / bm
            if eb >= mb - 3:
                err = math.inf  # the divisor cannot be told apart from zero
            else:
                err = _combine(ea - mb + 2, ma + eb - 2 * mb + 4, self.rounding(r))
        return self.check_finite(node, r, f"the result of '{op}'"), err

    def power(self, node: BinOp, a: Any, ea: float, b: Any, eb: float) -> tuple[Any, float]:
        mp = self.mp
        ma, mb = _mag(a), _mag(b)
        what = _snippet(node)
        if isinstance(b, Fraction) and b.denominator == 1:
            n = int(b)
            if n == 0:
                return Fraction(1), -math.inf
            if ma > -math.inf and abs(n) * max(abs(ma), 1) > MAX_MAGNITUDE_BITS:
                raise ExpressionError(f"{what} is too large", node.pos, hint="the power overflows")
            am, ca = self.to_mp(a)
            ea = max(ea, ca)
            if am == 0 and n < 0:
                error = ExpressionError("division by zero", node.pos, hint="zero raised to a negative power")
                raise self.fail(error, ea > -math.inf)
            r = self.check_finite(node, mp.power(am, n), what)
            if ea == -math.inf:
                return r, self.rounding(r)
            rel = ea - (ma - 1)  # log2 of the relative error of the base
            err = math.inf if rel >= -3 else _combine(_mag(r) + math.log2(abs(n)) + rel + 1, self.rounding(r))
            return r, err
        # Non-integer or inexact exponent: a^b = exp(b log a), defined for a > 0.
        if ma > -math.inf and mb > -math.inf and mb + math.log2(abs(ma) + 1) > math.log2(MAX_MAGNITUDE_BITS):
            raise ExpressionError(f"{what} is too large", node.pos, hint="the power overflows or underflows")
        am, ca = self.to_mp(a)
        bm, cb = self.to_mp(b)
        ea, eb = max(ea, ca), max(eb, cb)
        near_zero = ea > -math.inf and ea + 4 >= ma
        if am < 0:
            error = ExpressionError(
                f"{what} has no real value", node.pos, hint="a negative number raised to a non-integer power"
            )
            raise self.fail(error, near_zero)
        if am == 0 and bm <= 0:
            error = ExpressionError("division by zero", node.pos, hint="zero raised to a non-positive power")
            raise self.fail(error, ea > -math.inf or eb > -math.inf)
        r = self.check_finite(node, mp.power(am, bm), what)
        if ea == -math.inf and eb == -math.inf:
            return r, self.rounding(r, 2)
        if am == 0 or near_zero:
            return r, math.inf
        rel_a = ea - (ma - 1)
        err = _combine(_mag(r) + mb + rel_a + 1, _mag(r) + math.log2(abs(ma) + 1) + eb + 1, self.rounding(r, 2))
        return r, err

    def call(self, node: Call, args: list[tuple[Any, float]]) -> tuple[Any, float]:
        mp = self.mp
        func = _FUNCTION_BY_NAME.get(node.func)
        if func is None:
            raise ExpressionError(f"unknown function '{node.func}'", node.pos)
        if len(args) != func.arity:
            raise ExpressionError(
                f"wrong number of arguments for '{node.func}'",
                node.pos,
                hint=f"it takes {func.arity} but {len(args)} were given",
            )
        what = _snippet(node)
        converted: list[Any] = []
        errs: list[float] = []
        for value, err in args:
            m = _mag(value)
            if m > func.max_arg_mag:
                raise ExpressionError(
                    f"the argument of '{node.func}' is too large", node.pos, hint=f"about 2^{int(m)} in magnitude"
                )
            v, conv_err = self.to_mp(value)
            converted.append(v)
            errs.append(max(err, conv_err))
        inexact = any(e > -math.inf for e in errs)
        # Could rounding have pushed an argument across a branch point (0 or 1)?
        near_branch = any(
            e > -math.inf and (_mag(v) <= e + 4 or _mag(v - 1) <= e + 4) for v, e in zip(converted, errs)
        )
        try:
            r = func.compute(mp, *converted)
        except ZeroDivisionError:
            error = ExpressionError(f"{what} is infinite", node.pos, hint="a pole or singularity")
            raise self.fail(error, inexact) from None
        except (ValueError, ArithmeticError, NotImplementedError) as exc:
            reason = str(exc).strip().rstrip(".") or type(exc).__name__
            raise self.fail(ExpressionError(f"{what} cannot be evaluated", node.pos, hint=reason), inexact) from None
        if type(r).__name__ == "mpc" and not near_branch:
            inexact = False  # clearly complex, more precision will not help
        r = self.check_finite(node, r, what, inexact)
        err = max(self.rounding(r, 3), self.dropped + 1)
        for i, e in enumerate(errs):
            if e == -math.inf:
                continue
            slope = func.slope(mp, tuple(converted), r, i, e)
            err = max(err, e + slope)
        return r, _combine(err)


def _run(node: Node, prec: int, variables: Mapping[str, Fraction]) -> _Run:
    """Evaluate ``node`` at ``prec`` bits; the result is in ``.result``."""
    mp = _mpmath().mp
    runner = _Run(mp, prec, variables)
    with mp.workprec(prec):
        runner.result = runner.run(node)
    return runner


def _diagnose(runner: _Run, goal: str, reason: str | None = None) -> PrecisionError:
    """Build a PrecisionError that names the sub-expression that lost precision."""
    prec = runner.prec
    for t in runner.trace:
        if isinstance(t.value, Fraction) or t.err == -math.inf:
            continue
        m = _mag(t.value)
        lost = t.err - (m - prec) if m > -math.inf else math.inf
        if lost <= prec / 2:
            continue
        node = t.node
        if t.err == math.inf and isinstance(node, BinOp) and node.op == "/":
            hint = "it divides by a value that cannot be told apart from zero"
        elif t.err == math.inf:
            hint = "it is evaluated at or too near a singularity"
        elif m == -math.inf or m < t.err + 2:
            if isinstance(node, BinOp) and node.op in "+-":
                hint = "its terms cancel to a value indistinguishable from zero"
            else:
                hint = f"its value is indistinguishable from zero at {prec} bits of working precision"
        elif isinstance(node, Call):
            hint = "it is evaluated at or too near a singularity"
        elif isinstance(node, BinOp) and node.op in "+-":
            hint = "catastrophic cancellation"
        else:
            hint = "too much precision is lost"
        return PrecisionError(f"precision lost in {_snippet(node)}", node.pos, hint=f"{hint}, so {goal} cannot be certified")
    return PrecisionError("precision was lost", hint=f"{reason or 'the result is unstable'}, so {goal} cannot be certified")


def _as_node(expr: str | Node, variables: Collection[str]) -> tuple[Node, str | None]:
    if isinstance(expr, str):
        return parse_expression(expr, variables), expr
    if isinstance(expr, (Number, Name, Call, BinOp, Neg)):
        return expr, None
    raise TypeError(f"expected an expression string or node, not {type(expr).__name__}")


def _round_scaled(value: Any, bits: int) -> int:
    """``round(value * 2^bits)`` for an mpf, computed exactly (ties away from zero)."""
    sign, man, exp, bc = value._mpf_
    shift = exp + bits
    if shift >= 0:
        m = man << shift
    elif -shift > bc + 1:
        m = 0  # |value| * 2^bits < 1/2
    else:
        m = (man + (1 << (-shift - 1))) >> -shift
    return -m if sign else m


def _stable(node: Node, goal_bits: int, absolute: bool, variables: Mapping[str, Fraction], goal: str) -> tuple[Any, Any]:
    """Evaluate until the error bound meets the goal, then verify at a 2nd precision.

    ``goal_bits`` is an absolute (``2^-goal_bits``) or relative accuracy;
    ``goal`` describes it for error messages.  Returns ``(value, check)``: an
    exact Fraction twice, or two mpf values computed at working precisions
    ``goal_bits + 64 + extra`` and ``goal_bits + 32 + extra``, where ``extra``
    starts at 0 and grows by the deficit of the error bound.
    """
    cap = max(4 * (goal_bits + _GUARD_HI), 4096)
    extra = 0
    runner: _Run | None = None
    unresolved: _Unresolved | None = None
    reason = None
    for _attempt in range(_MAX_ATTEMPTS):
        prec = goal_bits + _GUARD_HI + extra
        try:
            runner = _run(node, prec, variables)
        except _Unresolved as exc:
            unresolved = exc
            extra += max(64, prec)
            if extra > cap:
                break
            continue
        unresolved = None
        value, err = runner.result
        if isinstance(value, Fraction):
            return value, value
        m = _mag(value)
        if absolute and m - 1 > _magnitude_limit(goal_bits) and err < m - 8:
            # The magnitude is reliable (not a pole blowing up with precision).
            raise PrecisionError(
                f"the value is about 2^{int(m) - 1} in magnitude, too large for an enclosure of width 2^-{goal_bits}",
                hint=f"at most 2^{_magnitude_limit(goal_bits)} is supported at {goal_bits} bits",
            )
        wanted = -(goal_bits + _SLACK) if absolute else m - goal_bits - _SLACK
        if err > wanted:
            deficit = err - wanted
            extra += math.ceil(deficit) + 16 if math.isfinite(deficit) else max(64, prec)
            reason = f"the working precision needed exceeds {cap + goal_bits + _GUARD_HI} bits"
            if extra > cap:
                break
            continue
        try:
            check = _run(node, goal_bits + _GUARD_LO + extra, variables).result[0]
        except _Unresolved:
            check = None
        if check is not None and _agree(value, check, goal_bits, absolute):
            return value, check
        reason = "results at two working precisions disagree"
        extra += max(64, extra)
        if extra > cap:
            break
    if unresolved is not None:
        error = unresolved.error
        hint = f"{error.hint}, " if error.hint else ""
        hint += f"even at {goal_bits + _GUARD_HI + extra} bits of working precision"
        return_error = PrecisionError(error.problem, error.position, hint=hint)
        raise return_error
    assert runner is not None
    raise _diagnose(runner, goal, reason)


def _magnitude_limit(bits: int) -> int:
    """Largest ``log2|v|`` accepted by :func:`enclose` at ``bits``: ``max(bits // 2, 32)``."""
    return max(bits // 2, 32)


def _agree(a: Any, b: Any, goal_bits: int, absolute: bool) -> bool:
    """Do two evaluations agree to the goal (absolute ``2^-goal_bits`` or relative)?"""
    if isinstance(a, Fraction) or isinstance(b, Fraction):
        return a == b
    if absolute:
        return abs(_round_scaled(a, goal_bits) - _round_scaled(b, goal_bits)) <= 1
    if a == 0 or b == 0:
        return a == b
    mp = _mpmath().mp
    with mp.workprec(goal_bits + 2 * _GUARD_HI):
        diff = abs(mp.mpf(a) - mp.mpf(b))
    return diff == 0 or _mag(diff) <= _mag(a) - goal_bits - 4


def _prepare_variables(variables: Mapping[str, Any] | None) -> tuple[dict[str, Fraction], tuple[str, ...]]:
    if not variables:
        return {}, ()
    names = tuple(variables)
    _check_variable_names(names)
    return {k: _to_fraction(v, k) for k, v in variables.items()}, names


def evaluate(expr: str | Node, digits: int, variables: Mapping[str, Any] | None = None) -> mpmath.mpf:
    """Value of ``expr`` to ``digits`` significant decimal digits.

    The expression is evaluated with mpmath at ``digits`` plus guard digits
    (about 19), raised automatically when cancellation is detected, and checked
    against a second evaluation with fewer guard digits.  The result is an
    ``mpmath.mpf`` rounded to ``mpmath.libmp.dps_to_prec(digits)`` bits.
    Exact rational (sub)expressions are computed exactly and rounded once.

    Args:
        expr: expression text (see :func:`parse_expression`) or a parsed tree.
        digits: significant decimal digits wanted, 1 to 1,000,000.
        variables: values of free names, e.g. ``{"n": mpmath.mpf(3)}``; mpf,
            int, float and Fraction values are taken exactly.

    Raises:
        ExpressionError: bad syntax, unknown names, complex or infinite
            values (``log(-1)``, ``1/0``, ``gamma(0)``).
        PrecisionError: the value cannot be certified, e.g. ``tan(pi/2)`` or
            ``sin(pi)`` (indistinguishable from zero).

    Example:
        >>> import mpmath
        >>> mpmath.nstr(evaluate("exp(2/3)", 20), 20)
        '1.9477340410546758566'
    """
    if isinstance(digits, bool) or not isinstance(digits, int) or not 1 <= digits <= MAX_DIGITS:
        raise ValueError(f"digits must be an integer from 1 to {MAX_DIGITS}, not {digits!r}")
    values, names = _prepare_variables(variables)
    node, text = _as_node(expr, names)
    mpmath = _mpmath()
    libmp = mpmath.libmp
    target = libmp.dps_to_prec(digits)
    try:
        value, _check = _stable(node, target, False, values, f"{digits} significant digits")
    except ExpressionError as exc:
        raise (exc.with_text(text) if text is not None else exc) from None
    if isinstance(value, Fraction):
        raw = libmp.from_rational(value.numerator, value.denominator, target, libmp.round_nearest)
    else:
        raw = libmp.mpf_pos(value._mpf_, target, libmp.round_nearest)
    return mpmath.mp.make_mpf(raw)


def enclose(expr: str | Node, bits: int) -> tuple[gmpy2.mpq, gmpy2.mpq]:
    """Rational enclosure ``lo <= value <= hi`` with ``hi - lo`` about ``2^-bits``.

    * An exact rational expression returns ``(v, v)`` exactly.
    * Otherwise the value is computed at working precisions ``bits + 64`` and
      ``bits + 32`` binary digits (both raised automatically when the error
      model sees cancellation), each rounded to ``m = round(v * 2^bits)``; the
      two must satisfy ``|m1 - m2| <= 1`` and the result is
      ``[(min(m1, m2) - 2)/2^bits, (max(m1, m2) + 2)/2^bits]`` -- an
      *absolute* width of at most ``5 * 2^-bits``.
    * Since the width is absolute, values with ``|v| > 2^max(bits/2, 32)``
      are refused (:class:`PrecisionError`): beyond that, ``bits`` no longer
      describes a sensible accuracy (``exp(100)`` at 64 bits would need 208
      correct significant bits).  The floor of 32 keeps small ``bits`` usable.

    Raises:
        PrecisionError: precision was lost (cancellation, poles) or the value
            is too large for ``bits``.
        ExpressionError: invalid expression or non-real / infinite value.

    Example:
        >>> lo, hi = enclose("pi", 20)
        >>> float(lo) < 3.14159265 < float(hi), hi - lo <= 5 / 2**20
        (True, True)
    """
    if isinstance(bits, bool) or not isinstance(bits, int) or not 1 <= bits <= MAX_BITS:
        raise ValueError(f"bits must be an integer from 1 to {MAX_BITS}, not {bits!r}")
    import gmpy2

    node, text = _as_node(expr, ())
    try:
        value, check = _stable(node, bits, True, {}, f"an enclosure of width 2^-{bits}")
    except ExpressionError as exc:
        raise (exc.with_text(text) if text is not None else exc) from None
    if isinstance(value, Fraction):
        q = gmpy2.mpq(value.numerator, value.denominator)
        return q, q
    m1 = _round_scaled(value, bits)
    m2 = _round_scaled(check, bits)
    scale = gmpy2.mpz(1) << bits
    return gmpy2.mpq(min(m1, m2) - 2, scale), gmpy2.mpq(max(m1, m2) + 2, scale)
