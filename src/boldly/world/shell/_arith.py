"""Shell arithmetic (`$((...))`, `((...))`, `for ((;;))`) over the syntax tree, in 64-bit integers."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Protocol

from tree_sitter import Node

from boldly.world.shell._syntax import text_of

_MASK = (1 << 64) - 1
_NUMBER = re.compile(r"^\s*(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*|[0-9]+#[0-9a-zA-Z@_]+)\s*$")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class ArithmeticFailure(Exception):
    """An expression bash refuses; the message follows `bash: `."""


class ArithmeticHost(Protocol):
    def variable(self, name: str) -> str | None: ...

    def assign(self, name: str, value: str) -> None: ...

    def expand(self, node: Node) -> str: ...

    def arithmetic_text(self, text: str) -> int: ...


def wrap(value: int) -> int:
    value &= _MASK
    return value - (1 << 64) if value >> 63 else value


def number(text: str) -> int:
    """A shell integer literal: decimal, 0x hex, 0 octal or base#digits."""
    match = _NUMBER.match(text)
    if match is None:
        raise ArithmeticFailure(
            f'{text.strip()}: syntax error: invalid arithmetic operator (error token is "{text}")'
        )
    literal = match.group(1)
    if "#" in literal:
        base, digits = literal.split("#", 1)
        try:
            return wrap(int(digits, int(base)))
        except ValueError as error:
            raise ArithmeticFailure(f"{literal}: invalid number") from error
    if literal[:2] in ("0x", "0X"):
        return wrap(int(literal, 16))
    if literal.startswith("0") and len(literal) > 1:
        return wrap(int(literal, 8))
    return wrap(int(literal))


_BINARY: dict[str, Callable[[int, int], int]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "<<": lambda a, b: a << (b & 63),
    ">>": lambda a, b: a >> (b & 63),
    "<": lambda a, b: int(a < b),
    ">": lambda a, b: int(a > b),
    "<=": lambda a, b: int(a <= b),
    ">=": lambda a, b: int(a >= b),
    "==": lambda a, b: int(a == b),
    "!=": lambda a, b: int(a != b),
    "&": lambda a, b: a & b,
    "|": lambda a, b: a | b,
    "^": lambda a, b: a ^ b,
    ",": lambda _a, b: b,
}


class Arithmetic:
    def __init__(self, host: ArithmeticHost) -> None:
        self.host = host

    def evaluate(self, node: Node) -> int:
        kind = node.type
        if kind == "arithmetic_expansion" and node.has_error:
            return self.host.arithmetic_text(self._expanded(node))
        if kind in ("arithmetic_expansion", "compound_statement", "parenthesized_expression"):
            inner = [c for c in node.named_children if c.type != "comment"]
            value = 0
            for child in inner:
                value = self.evaluate(child)
            return value
        if kind == "number":
            return number(text_of(node))
        if kind in ("variable_name", "word"):
            return self._name(text_of(node))
        if kind in ("simple_expansion", "expansion", "command_substitution", "string", "raw_string"):
            return self._text(self.host.expand(node))
        if kind == "variable_assignment":
            name = node.child_by_field_name("name")
            value = node.child_by_field_name("value")
            result = self.evaluate(value) if value is not None else 0
            self.host.assign(text_of(name) if name is not None else "", str(result))
            return result
        if kind == "unary_expression":
            return self._unary(node)
        if kind == "postfix_expression":
            operand, operator = node.children[0], text_of(node.children[-1])
            old = self.evaluate(operand)
            self._store(operand, wrap(old + (1 if operator == "++" else -1)))
            return old
        if kind == "binary_expression":
            return self._binary(node)
        if kind == "ternary_expression":
            condition = node.child_by_field_name("condition")
            chosen = "consequence" if condition is not None and self.evaluate(condition) else "alternative"
            branch = node.child_by_field_name(chosen)
            return self.evaluate(branch) if branch is not None else 0
        raise ArithmeticFailure(f"{text_of(node)}: syntax error in expression")

    def _name(self, name: str) -> int:
        if not _IDENTIFIER.match(name):
            return number(name)
        return self._text(self.host.variable(name) or "0", depth=1)

    def _expanded(self, node: Node) -> str:
        """The text inside `$(( … ))` with its expansions done, for what tree-sitter-bash cannot parse
        before they are (`10#$n`): bash, too, expands first and parses the result."""
        raw = node.text or b""
        out: list[str] = []
        position = node.children[0].end_byte
        stack = list(reversed(node.children[1:-1]))
        while stack:
            child = stack.pop()
            if child.type in ("simple_expansion", "expansion", "command_substitution"):
                out.append(raw[position - node.start_byte : child.start_byte - node.start_byte].decode())
                out.append(self.host.expand(child))
                position = child.end_byte
            else:
                stack.extend(reversed(child.children))
        out.append(raw[position - node.start_byte : node.children[-1].start_byte - node.start_byte].decode())
        return "".join(out)

    def _text(self, text: str, depth: int = 0) -> int:
        text = text.strip()
        if not text:
            return 0
        if _IDENTIFIER.match(text) and depth < 8:
            return self._text(self.host.variable(text) or "0", depth + 1)
        return number(text)

    def _unary(self, node: Node) -> int:
        operator = text_of(node.children[0])
        operand = node.children[-1]
        if operator in ("++", "--"):
            value = wrap(self.evaluate(operand) + (1 if operator == "++" else -1))
            self._store(operand, value)
            return value
        value = self.evaluate(operand)
        if operator == "-":
            return wrap(-value)
        if operator == "!":
            return int(not value)
        if operator == "~":
            return wrap(~value)
        return value

    def _binary(self, node: Node) -> int:
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        operator_node = node.child_by_field_name("operator")
        if left is None or right is None or operator_node is None:
            raise ArithmeticFailure(f"{text_of(node)}: syntax error in expression")
        operator = text_of(operator_node)
        if operator == "&&":
            return int(bool(self.evaluate(left)) and bool(self.evaluate(right)))
        if operator == "||":
            return int(bool(self.evaluate(left)) or bool(self.evaluate(right)))
        if operator.endswith("=") and operator not in ("==", "!=", "<=", ">="):
            value = self.evaluate(right)
            if operator != "=":
                value = self._combine(operator[:-1], self.evaluate(left), value, node)
            self._store(left, value)
            return value
        return self._combine(operator, self.evaluate(left), self.evaluate(right), node)

    def _combine(self, operator: str, a: int, b: int, node: Node) -> int:
        if operator in ("/", "%"):
            if b == 0:
                raise ArithmeticFailure(f'{text_of(node)}: division by 0 (error token is "{b}")')
            quotient = abs(a) // abs(b) * (1 if (a < 0) == (b < 0) else -1)
            return wrap(quotient if operator == "/" else a - quotient * b)
        if operator == "**":
            if b < 0:
                raise ArithmeticFailure(f'{text_of(node)}: exponent less than 0 (error token is "{b}")')
            return wrap(pow(a, b, 1 << 64))
        function = _BINARY.get(operator)
        if function is None:
            raise ArithmeticFailure(f"{text_of(node)}: syntax error: invalid arithmetic operator")
        return wrap(function(a, b))

    def _store(self, target: Node, value: int) -> None:
        name = text_of(target)
        if target.type not in ("variable_name", "word") or not _IDENTIFIER.match(name):
            raise ArithmeticFailure(f"{text_of(target)}: attempted assignment to non-variable")
        self.host.assign(name, str(value))
