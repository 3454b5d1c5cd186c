"""A small, whitelisted grammar for naming target constants.

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

    >>> str(parse("pi^2/6 + 0.5", names={"pi"}, functions={}))
    'pi^2/6 + 0.5'
    >>> parse("2 ** -1", (), {}).right
    Neg(operand=Number(value=Fraction(1, 1)))

This module imports nothing heavy (no mpmath), so the command line interface
can parse cheaply.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Union

from .errors import ExpressionError, did_you_mean
from .tree import BinOp, Call, Name, Neg, Node, Number, tree_depth

__all__ = ["MAX_DEPTH", "MAX_LENGTH", "MAX_TREE_DEPTH", "ArityFor", "parse"]

#: Longest accepted input, in characters.
MAX_LENGTH = 1000
#: Deepest accepted nesting of parentheses, calls, unary signs and powers.
MAX_DEPTH = 64
#: Deepest accepted syntax tree (long chains such as ``1+1+...+1`` count too).
MAX_TREE_DEPTH = 250

#: The arity of a whitelisted function: exact, or an inclusive ``(min, max)`` range.
ArityFor = Union[int, tuple[int, int]]


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
_PUNCTUATION = {"(": "lparen", ")": "rparen", ",": "comma"}


def _number(text: str, start: int) -> tuple[_Token, int]:
    """The decimal literal starting at ``start`` (digits, optional ``.digits``), exactly."""
    i, n = start, len(text)
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
    return _Token("num", text[start:i], start + 1, value), i


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
            token, i = _number(text, start)
            tokens.append(token)
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
        elif ch in _PUNCTUATION:
            tokens.append(_Token(_PUNCTUATION[ch], ch, start + 1))
        else:
            shown = ch if ch.isprintable() else repr(ch)[1:-1]
            raise ExpressionError(f"unexpected character '{shown}'", start + 1, text)
        i += 1
    tokens.append(_Token("end", "", n + 1))
    return tokens


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
    """Recursive descent over the token list; one method per grammar rule."""

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

    def enter(self, opener: _Token) -> None:
        """One nesting level deeper (parenthesis, call, sign or power), within :data:`MAX_DEPTH`."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail("expression is nested too deeply", opener.pos, f"the limit is {MAX_DEPTH} levels")

    def leave(self) -> None:
        self.depth -= 1

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
        if tree_depth(node) > MAX_TREE_DEPTH:
            raise ExpressionError(
                "expression has too many nested operations", None, self.text, f"the limit is a tree depth of {MAX_TREE_DEPTH}"
            )
        return node

    def left_chain(self, symbols: str, operand: Callable[[], Node]) -> Node:
        """``operand (symbol operand)*``, grouped to the left: ``1 - 2 - 3 = (1 - 2) - 3``."""
        node = operand()
        while self.peek().kind == "op" and self.peek().text in symbols:
            op = self.advance()
            node = BinOp(op.text, node, operand(), op.pos)
        return node

    def expr(self) -> Node:
        return self.left_chain("+-", self.term)

    def term(self) -> Node:
        return self.left_chain("*/", self.unary)

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
            return self.name(tok)
        if tok.kind == "lparen":
            self.enter(tok)
            node = self.expr()
            self.close(tok)
            self.leave()
            return node
        if tok.kind == "end":
            after = self.tokens[self.index - 1] if self.index > 0 else None
            where = f" after '{after.text}'" if after is not None and after.kind != "end" else ""
            raise self.fail("unexpected end of input", tok.pos, f"expected a number, name or '('{where}")
        raise self.fail(f"unexpected {tok.describe()}", tok.pos, "expected a number, name or '('")

    def name(self, tok: _Token) -> Node:
        if self.peek().kind == "lparen":
            return self.call(tok)
        if tok.text in self.names:
            return Name(tok.text, tok.pos)
        if tok.text in self.functions:
            raise self.fail(f"missing arguments for function '{tok.text}'", tok.pos, f"write {tok.text}(...)")
        pool = set(self.names) | set(self.functions)
        raise self.fail(f"unknown name '{tok.text}'", tok.pos, did_you_mean(tok.text, pool))

    def call(self, name_tok: _Token) -> Node:
        func = name_tok.text
        if func not in self.functions:
            if func in self.names:
                raise self.fail(f"cannot call '{func}'", name_tok.pos, "it is a constant or variable, not a function")
            raise self.fail(f"unknown function '{func}'", name_tok.pos, did_you_mean(func, set(self.functions)))
        lparen = self.advance()
        self.enter(lparen)
        args = self.arguments(lparen)
        self.leave()
        lo, hi = _arity_range(self.functions[func])
        if not lo <= len(args) <= hi:
            given = f"{len(args)} {'was' if len(args) == 1 else 'were'} given"
            raise self.fail(
                f"wrong number of arguments for '{func}'", name_tok.pos, f"it takes {_arity_text(lo, hi)} but {given}"
            )
        return Call(func, args, name_tok.pos)

    def arguments(self, lparen: _Token) -> tuple[Node, ...]:
        """The comma-separated arguments up to the ``)`` that closes ``lparen``."""
        args: list[Node] = []
        if self.peek().kind != "rparen":
            args.append(self.expr())
            while self.peek().kind == "comma":
                self.advance()
                args.append(self.expr())
        self.close(lparen)
        return tuple(args)

    def close(self, lparen: _Token) -> None:
        """Consume the ``)`` that closes ``lparen``."""
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

    No arithmetic is done: decimals become exact rationals (``0.1`` is 1/10)
    and the tree is exactly what was written, with the precedence above.

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
            number of arguments, or when a size limit is exceeded
            (:data:`MAX_LENGTH`, :data:`MAX_DEPTH`, :data:`MAX_TREE_DEPTH`).

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
