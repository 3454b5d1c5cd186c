"""A small, whitelisted expression language for naming target constants.

The grammar (Python-like precedence, ``^`` and ``**`` are synonyms)::

    expr   := term (('+' | '-') term)*
    term   := unary (('*' | '/') unary)*
    unary  := ('-' | '+') unary | power
    power  := atom (('^' | '**') unary)?        # right-associative
    atom   := NUMBER | NAME | NAME '(' expr (',' expr)* ')' | '(' expr ')'

so ``-2^2 = -(2^2) = -4``, ``2^-3 = 1/8`` and ``2^3^2 = 2^(3^2) = 512``.
Numbers are integers or decimals and are kept *exactly*: ``0.25`` is the
rational 1/4, never a binary float.

Parsing never evaluates anything: the input is tokenized by hand and every
name and function is checked against a whitelist supplied by the caller, so
no ``eval``/``sympify`` of user text ever happens.  Problems are reported as
:class:`ExpressionError` with a one-sentence message naming the 1-based
character position, e.g. ``unknown name 'foo' at position 1 in "foo"``.

Example:
    >>> tree = parse("pi^2/6 + 0.5", names={"pi"}, functions={})
    >>> str(tree)
    'pi^2/6 + 0.5'
    >>> exact_value(parse("1/3 + 1/6", names=(), functions={}))
    Fraction(1, 2)

This module deliberately imports nothing heavy (no mpmath) so that it is
cheap to import from the command line interface.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Union

__all__ = [
    "MAX_DEPTH",
    "MAX_EXACT_BITS",
    "MAX_LENGTH",
    "MAX_TREE_DEPTH",
    "BinOp",
    "Call",
    "ExpressionError",
    "Name",
    "Neg",
    "Node",
    "Number",
    "exact_binop",
    "exact_power",
    "exact_value",
    "iter_nodes",
    "parse",
]

#: Longest accepted input, in characters.
MAX_LENGTH = 1000
#: Deepest accepted nesting of parentheses, calls, unary signs and powers.
MAX_DEPTH = 64
#: Deepest accepted syntax tree (long chains such as ``1+1+...+1`` count too).
MAX_TREE_DEPTH = 250
#: Largest exact rational (numerator bits + denominator bits) that exact
#: folding will build; bigger exact powers/products are refused.
MAX_EXACT_BITS = 100_000

ArityFor = Union[int, tuple[int, int]]


class ExpressionError(ValueError):
    """An expression could not be parsed or evaluated.

    The message is a single sentence naming the problem and, where it makes
    sense, the 1-based character position and the offending text, e.g.
    ``missing ')' at position 6 in "exp(1" (to close '(' at position 4)``.

    Attributes:
        problem: the bare description, e.g. ``"unknown name 'foo'"``.
        position: 1-based character position, or ``None``.
        text: the expression text, or ``None`` when it is not known.
        hint: an optional trailing clarification.
    """

    def __init__(
        self,
        problem: str,
        position: int | None = None,
        text: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.problem = problem
        self.position = position
        self.text = text
        self.hint = hint
        super().__init__(self._format())

    def _format(self) -> str:
        msg = self.problem
        if self.position is not None:
            msg += f" at position {self.position}"
        if self.text is not None:
            msg += f" in {_quote(self.text, self.position)}"
        if self.hint:
            msg += f" ({self.hint})"
        return msg

    def with_text(self, text: str) -> ExpressionError:
        """Return a copy of this error (same class) that also quotes ``text``.

        Errors raised while evaluating a tree know the position but not the
        source text; callers that have the text attach it with this method.
        """
        if self.text is not None:
            return self
        err = type(self).__new__(type(self))
        err.__dict__.update(self.__dict__)
        err.text = text
        err.args = (err._format(),)
        return err


def _quote(text: str, position: int | None) -> str:
    """Quote ``text`` for an error message, showing a window if it is long."""
    flat = " ".join(text.split()) if ("\n" in text or "\r" in text or "\t" in text) else text
    if len(flat) <= 60:
        return f'"{flat}"'
    centre = (position or 1) - 1
    start = max(0, min(centre - 30, len(flat) - 60))
    snippet = flat[start : start + 60]
    left = "…" if start > 0 else ""
    right = "…" if start + 60 < len(flat) else ""
    return f'"{left}{snippet}{right}"'


# ---------------------------------------------------------------------------
# Syntax tree
# ---------------------------------------------------------------------------

# Printing precedences: higher binds tighter.
_PREC_ADD, _PREC_MUL, _PREC_UNARY, _PREC_POW, _PREC_ATOM = 1, 2, 3, 4, 5


@dataclass(frozen=True)
class Number:
    """An exact rational literal, e.g. ``Number(Fraction(1, 4))`` for ``0.25``.

    Printed as an integer or a terminating decimal (``0.25``); a value that has
    no terminating decimal form (only possible when built by hand) prints as a
    parenthesised quotient such as ``(1/3)``, which has the same value.
    ``pos`` is the 1-based source position and is ignored by ``==``.
    """

    value: Fraction
    pos: int | None = field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        return _format_number(self.value)


@dataclass(frozen=True)
class Name:
    """A named constant or variable, e.g. ``Name("pi")``."""

    name: str
    pos: int | None = field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Call:
    """A function application ``func(arg1, ..., argN)``, e.g. ``exp(2/3)``."""

    func: str
    args: tuple[Node, ...]
    pos: int | None = field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        return f"{self.func}({', '.join(str(a) for a in self.args)})"


@dataclass(frozen=True)
class BinOp:
    """A binary operation; ``op`` is one of ``+ - * / ^``.

    ``pos`` is the position of the operator symbol.  Printing inserts only the
    parentheses needed to re-parse to the same tree: ``BinOp('-', a, BinOp('-',
    b, c))`` prints as ``a - (b - c)``.
    """

    op: str
    left: Node
    right: Node
    pos: int | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.op not in _BINARY_PREC:
            raise ValueError(f"unknown binary operator {self.op!r}")

    def __str__(self) -> str:
        prec = _BINARY_PREC[self.op]
        if self.op == "^":
            left = _wrap(self.left, _PREC_ATOM)
            right = _wrap(self.right, _PREC_UNARY)
            return f"{left}^{right}"
        left = _wrap(self.left, prec)
        right = _wrap(self.right, prec + 1)
        if self.op in "+-":
            return f"{left} {self.op} {right}"
        return f"{left}{self.op}{right}"


@dataclass(frozen=True)
class Neg:
    """Unary minus ``-operand``; ``-2^2`` is ``Neg(BinOp('^', 2, 2))``."""

    operand: Node
    pos: int | None = field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        return f"-{_wrap(self.operand, _PREC_UNARY)}"


Node = Union[Number, Name, Call, BinOp, Neg]

_BINARY_PREC = {"+": _PREC_ADD, "-": _PREC_ADD, "*": _PREC_MUL, "/": _PREC_MUL, "^": _PREC_POW}


def _precedence(node: Node) -> int:
    if isinstance(node, BinOp):
        return _BINARY_PREC[node.op]
    if isinstance(node, Neg):
        return _PREC_UNARY
    return _PREC_ATOM


def _wrap(node: Node, minimum: int) -> str:
    text = str(node)
    return text if _precedence(node) >= minimum else f"({text})"


def _format_number(value: Fraction) -> str:
    """Exact text for a rational: ``3``, ``0.25``, ``(1/3)`` or ``(-2)``."""
    num, den = value.numerator, value.denominator
    if num < 0:
        return f"(-{_format_number(-value).strip('()')})"
    if den == 1:
        return str(num)
    twos = (den & -den).bit_length() - 1
    rest = den >> twos
    fives = 0
    while rest % 5 == 0:
        rest //= 5
        fives += 1
    if rest != 1:
        return f"({num}/{den})"
    k = max(twos, fives)
    scaled = str(num * 10**k // den).rjust(k + 1, "0")
    return f"{scaled[:-k]}.{scaled[-k:]}"


def iter_nodes(node: Node) -> Iterator[Node]:
    """Yield every node of the tree in post-order (children before parents).

    Example: ``[str(n) for n in iter_nodes(parse("1+x", (), {}, ("x",)))]``
    is ``['1', 'x', '1 + x']``.
    """
    stack: list[tuple[Node, bool]] = [(node, False)]
    while stack:
        current, expanded = stack.pop()
        if expanded:
            yield current
            continue
        stack.append((current, True))
        for child in reversed(_children(current)):
            stack.append((child, False))


def _children(node: Node) -> tuple[Node, ...]:
    if isinstance(node, BinOp):
        return (node.left, node.right)
    if isinstance(node, Neg):
        return (node.operand,)
    if isinstance(node, Call):
        return node.args
    return ()


def _tree_depth(node: Node) -> int:
    depth = 0
    stack = [(node, 1)]
    while stack:
        current, d = stack.pop()
        depth = max(depth, d)
        stack.extend((c, d + 1) for c in _children(current))
    return depth


# ---------------------------------------------------------------------------
# Tokenizer
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    kind: str  # 'num', 'name', 'op', 'lparen', 'rparen', 'comma', 'end'
    text: str
    pos: int  # 1-based
    value: Fraction | None = None

    def describe(self) -> str:
        if self.kind == "end":
            return "end of input"
        if self.kind == "num":
            return f"number '{self.text}'"
        if self.kind == "name":
            return f"name '{self.text}'"
        return f"'{self.text}'"


_OP_CHARS = "+-*/^"


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        start = i
        if ch.isascii() and (ch.isdigit() or (ch == "." and i + 1 < n and text[i + 1].isascii() and text[i + 1].isdigit())):
            while i < n and text[i].isascii() and text[i].isdigit():
                i += 1
            frac_digits = ""
            if i < n and text[i] == ".":
                i += 1
                j = i
                while i < n and text[i].isascii() and text[i].isdigit():
                    i += 1
                frac_digits = text[j:i]
            int_digits = text[start:i].split(".")[0] or "0"
            value = Fraction(int(int_digits + frac_digits), 10 ** len(frac_digits))
            tokens.append(_Token("num", text[start:i], start + 1, value))
            continue
        if ch.isascii() and (ch.isalpha() or ch == "_"):
            while i < n and text[i].isascii() and (text[i].isalnum() or text[i] == "_"):
                i += 1
            tokens.append(_Token("name", text[start:i], start + 1))
            continue
        if ch == "*" and i + 1 < n and text[i + 1] == "*":
            tokens.append(_Token("op", "^", start + 1))
            i += 2
            continue
        if ch in _OP_CHARS:
            tokens.append(_Token("op", ch, start + 1))
        elif ch == "(":
            tokens.append(_Token("lparen", ch, start + 1))
        elif ch == ")":
            tokens.append(_Token("rparen", ch, start + 1))
        elif ch == ",":
            tokens.append(_Token("comma", ch, start + 1))
        else:
            shown = ch if ch.isprintable() else repr(ch)[1:-1]
            raise ExpressionError(f"unexpected character '{shown}'", start + 1, text)
        i += 1
    tokens.append(_Token("end", "", n + 1))
    return tokens


# ---------------------------------------------------------------------------
# Parser
# ---------------------------------------------------------------------------


def _arity_range(spec: ArityFor) -> tuple[int, int]:
    if isinstance(spec, int):
        return spec, spec
    lo, hi = spec
    return int(lo), int(hi)


def _arity_text(lo: int, hi: int) -> str:
    if lo == hi:
        return f"{lo} argument" + ("" if lo == 1 else "s")
    return f"{lo} to {hi} arguments"


class _Parser:
    def __init__(
        self,
        text: str,
        names: Collection[str],
        functions: Mapping[str, ArityFor],
        variables: Collection[str],
    ) -> None:
        self.text = text
        self.names = set(names) | set(variables)
        self.functions = functions
        self.tokens = _tokenize(text)
        self.index = 0
        self.depth = 0

    # -- helpers -------------------------------------------------------
    def peek(self) -> _Token:
        return self.tokens[self.index]

    def advance(self) -> _Token:
        tok = self.tokens[self.index]
        if tok.kind != "end":
            self.index += 1
        return tok

    def fail(self, problem: str, position: int | None, hint: str | None = None) -> ExpressionError:
        return ExpressionError(problem, position, self.text, hint)

    def enter(self, tok: _Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail("expression is nested too deeply", tok.pos, f"the limit is {MAX_DEPTH} levels")

    def leave(self) -> None:
        self.depth -= 1

    def suggestion(self, word: str, pool: Collection[str]) -> str | None:
        close = difflib.get_close_matches(word, sorted(pool), n=1, cutoff=0.75)
        return f"did you mean '{close[0]}'?" if close else None

    # -- grammar -------------------------------------------------------
    def parse(self) -> Node:
        if self.peek().kind == "end":
            raise ExpressionError("empty expression")
        node = self.expr()
        tok = self.peek()
        if tok.kind != "end":
            if tok.kind == "rparen":
                raise self.fail("unmatched ')'", tok.pos)
            if tok.kind == "comma":
                raise self.fail("unexpected ','", tok.pos, "commas only separate function arguments")
            raise self.fail(f"unexpected {tok.describe()}", tok.pos, "expected an operator or the end of the expression")
        if _tree_depth(node) > MAX_TREE_DEPTH:
            raise ExpressionError(
                "expression has too many nested operations", None, self.text, f"the limit is a tree depth of {MAX_TREE_DEPTH}"
            )
        return node

    def expr(self) -> Node:
        node = self.term()
        while self.peek().kind == "op" and self.peek().text in "+-":
            op = self.advance()
            node = BinOp(op.text, node, self.term(), op.pos)
        return node

    def term(self) -> Node:
        node = self.unary()
        while self.peek().kind == "op" and self.peek().text in "*/":
            op = self.advance()
            node = BinOp(op.text, node, self.unary(), op.pos)
        return node

    def unary(self) -> Node:
        tok = self.peek()
        if tok.kind == "op" and tok.text in "+-":
            self.advance()
            self.enter(tok)
            operand = self.unary()
            self.leave()
            return Neg(operand, tok.pos) if tok.text == "-" else operand
        return self.power()

    def power(self) -> Node:
        base = self.atom()
        tok = self.peek()
        if tok.kind == "op" and tok.text == "^":
            self.advance()
            self.enter(tok)
            exponent = self.unary()
            self.leave()
            return BinOp("^", base, exponent, tok.pos)
        return base

    def atom(self) -> Node:
        tok = self.advance()
        if tok.kind == "num":
            assert tok.value is not None
            return Number(tok.value, tok.pos)
        if tok.kind == "name":
            if self.peek().kind == "lparen":
                return self.call(tok)
            if tok.text in self.names:
                return Name(tok.text, tok.pos)
            if tok.text in self.functions:
                raise self.fail(f"missing arguments for function '{tok.text}'", tok.pos, f"write {tok.text}(...)")
            pool = set(self.names) | set(self.functions)
            raise self.fail(f"unknown name '{tok.text}'", tok.pos, self.suggestion(tok.text, pool))
        if tok.kind == "lparen":
            self.enter(tok)
            node = self.expr()
            self.expect_rparen(tok)
            self.leave()
            return node
        if tok.kind == "end":
            after = self.tokens[self.index - 1] if self.index > 0 else None
            where = f" after '{after.text}'" if after is not None and after.kind != "end" else ""
            raise self.fail("unexpected end of input", tok.pos, f"expected a number, name or '('{where}")
        raise self.fail(f"unexpected {tok.describe()}", tok.pos, "expected a number, name or '('")

    def call(self, name_tok: _Token) -> Node:
        func = name_tok.text
        if func not in self.functions:
            if func in self.names:
                raise self.fail(f"cannot call '{func}'", name_tok.pos, "it is a constant or variable, not a function")
            raise self.fail(f"unknown function '{func}'", name_tok.pos, self.suggestion(func, set(self.functions)))
        lparen = self.advance()
        self.enter(lparen)
        args: list[Node] = []
        if self.peek().kind != "rparen":
            args.append(self.expr())
            while self.peek().kind == "comma":
                self.advance()
                args.append(self.expr())
        self.expect_rparen(lparen)
        self.leave()
        lo, hi = _arity_range(self.functions[func])
        if not lo <= len(args) <= hi:
            given = f"{len(args)} {'was' if len(args) == 1 else 'were'} given"
            raise self.fail(
                f"wrong number of arguments for '{func}'", name_tok.pos, f"it takes {_arity_text(lo, hi)} but {given}"
            )
        return Call(func, tuple(args), name_tok.pos)

    def expect_rparen(self, lparen: _Token) -> None:
        tok = self.peek()
        if tok.kind == "rparen":
            self.advance()
            return
        if tok.kind == "end":
            raise self.fail("missing ')'", tok.pos, f"to close '(' at position {lparen.pos}")
        raise self.fail(f"unexpected {tok.describe()}", tok.pos, f"expected ',' or ')' to close '(' at position {lparen.pos}")


def parse(
    text: str,
    names: Collection[str],
    functions: Mapping[str, ArityFor],
    variables: Collection[str] = (),
) -> Node:
    """Parse ``text`` into a syntax tree, checking names against whitelists.

    Args:
        text: the expression, at most :data:`MAX_LENGTH` characters.
        names: allowed constant names (e.g. ``{"pi", "e"}``).
        functions: allowed function names mapped to their arity, either an
            ``int`` or an inclusive ``(min, max)`` pair.
        variables: extra allowed names (free variables).

    Returns:
        The tree; ``str(tree)`` is a canonical text that parses back to an
        equal tree.

    Raises:
        ExpressionError: on any syntax error, unknown name or function, wrong
            number of arguments, or when a size limit is exceeded.

    Example:
        >>> parse("-2^2", (), {})
        Neg(operand=BinOp(op='^', left=Number(value=Fraction(2, 1)), right=Number(value=Fraction(2, 1))))
        >>> str(parse("exp( 2 ** -1 )", (), {"exp": 1}))
        'exp(2^-1)'
    """
    if not isinstance(text, str):
        raise TypeError(f"expression must be a str, not {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"expression is too long ({len(text)} characters, the limit is {MAX_LENGTH})")
    return _Parser(text, names, functions, variables).parse()


# ---------------------------------------------------------------------------
# Exact rational folding
# ---------------------------------------------------------------------------


def _size(q: Fraction) -> int:
    return q.numerator.bit_length() + q.denominator.bit_length()


def _check_size(q: Fraction, node: Node) -> Fraction:
    if _size(q) > MAX_EXACT_BITS:
        raise ExpressionError(
            "exact intermediate result is too large",
            node.pos,
            hint=f"it needs more than {MAX_EXACT_BITS} bits",
        )
    return q


def exact_power(base: Fraction, exponent: int, node: Node | None = None) -> Fraction:
    """Exact ``base ** exponent`` for an integer exponent, with a size cap.

    ``0 ** negative`` raises :class:`ExpressionError` (division by zero) and a
    result needing more than :data:`MAX_EXACT_BITS` bits is refused before it
    is computed, so ``10^10^10`` fails fast instead of exhausting memory.

    Example: ``exact_power(Fraction(2, 3), 2) == Fraction(4, 9)``.
    """
    pos = node.pos if node is not None else None
    if base == 0:
        if exponent < 0:
            raise ExpressionError("division by zero", pos, hint="zero raised to a negative power")
        return Fraction(1) if exponent == 0 else Fraction(0)
    if abs(base) == 1:
        return base ** (exponent % 2) if base < 0 else Fraction(1)
    estimate = abs(exponent) * max(base.numerator.bit_length(), base.denominator.bit_length())
    if estimate > MAX_EXACT_BITS:
        shown = str(exponent) if abs(exponent) < 10**30 else f"about 10^{len(str(abs(exponent))) - 1}"
        raise ExpressionError(
            f"exponent {shown} is too large for an exact power",
            pos,
            hint=f"the result would need about {estimate:.3g} bits, the limit is {MAX_EXACT_BITS}",
        )
    return base**exponent


def exact_binop(op: str, left: Fraction, right: Fraction, node: Node | None = None) -> Fraction | None:
    """Apply ``op`` exactly to two rationals.

    Returns ``None`` for a power whose exponent is not an integer (its value is
    generally irrational).  Division by zero raises :class:`ExpressionError`.

    Example: ``exact_binop('^', Fraction(2), Fraction(-3)) == Fraction(1, 8)``.
    """
    pos = node.pos if node is not None else None
    if op == "+":
        result = left + right
    elif op == "-":
        result = left - right
    elif op == "*":
        result = left * right
    elif op == "/":
        if right == 0:
            raise ExpressionError("division by zero", pos)
        result = left / right
    elif op == "^":
        if right.denominator != 1:
            return None
        result = exact_power(left, right.numerator, node)
    else:  # pragma: no cover - BinOp validates op
        raise ValueError(f"unknown operator {op!r}")
    if node is not None:
        return _check_size(result, node)
    return result


def exact_value(node: Node) -> Fraction | None:
    """Exact rational value of ``node``, or ``None`` if it is not rational-exact.

    A subtree is exact when it contains no names and no calls, and every power
    has an integer exponent: ``1/3 + 1/6 = 1/2``, ``2^-3 = 1/8`` and
    ``(2/3)^2 = 4/9`` exactly, while ``2^(1/2)`` or ``pi + 1`` give ``None``.

    Raises:
        ExpressionError: for division by zero (``1/0``, ``0^-1``) or an exact
            result that would exceed :data:`MAX_EXACT_BITS` bits.

    Example:
        >>> exact_value(parse("(2/3)^2", (), {}))
        Fraction(4, 9)
    """
    values: dict[int, Fraction | None] = {}
    for current in iter_nodes(node):
        value: Fraction | None
        if isinstance(current, Number):
            value = Fraction(current.value)
        elif isinstance(current, (Name, Call)):
            value = None
        elif isinstance(current, Neg):
            inner = values[id(current.operand)]
            value = None if inner is None else -inner
        elif isinstance(current, BinOp):
            left, right = values[id(current.left)], values[id(current.right)]
            value = None if left is None or right is None else exact_binop(current.op, left, right, current)
        else:
            raise TypeError(f"not an expression node: {current!r}")
        values[id(current)] = value
    return values[id(node)]
