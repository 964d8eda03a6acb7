"""`test`, `[ ]` and `[[ ]]` expressions: file tests, string and integer comparisons, ! -a -o && ||."""

from __future__ import annotations

import re
from typing import Protocol

from boldly.world._files import Node
from boldly.world.shell._expand import glob_regex

_UNARY = {
    "-e",
    "-a",
    "-f",
    "-d",
    "-s",
    "-r",
    "-w",
    "-x",
    "-L",
    "-h",
    "-b",
    "-c",
    "-p",
    "-S",
    "-t",
    "-O",
    "-G",
}
_UNARY |= {"-n", "-z", "-g", "-u", "-k", "-N", "-v"}
_INTEGER = {"-eq", "-ne", "-lt", "-le", "-gt", "-ge"}
_BINARY = {"=", "==", "!=", "<", ">", "=~", "-nt", "-ot", "-ef", *_INTEGER}


class TestFailure(Exception):
    """A malformed expression: `test` prints `bash: test: <message>` and exits 2."""


class FileProbe(Protocol):
    """Looks at files without touching them (tests record no effect)."""

    def lookup(self, operand: str) -> Node | None: ...

    def permitted(self, node: Node, bit: int) -> bool: ...

    def variable(self, name: str) -> str | None: ...

    def remember_match(self, groups: list[str]) -> None:
        """`[[ s =~ re ]]` sets BASH_REMATCH: the whole match, then each group."""


def evaluate(tokens: list[str], probe: FileProbe, *, extended: bool = False) -> bool:
    parser = _Parser(tokens, probe, extended)
    if not tokens:
        return False
    if not extended and len(tokens) == 2 and tokens[0] != "!" and tokens[0] not in _UNARY:
        raise TestFailure(f"{tokens[0]}: unary operator expected")  # POSIX: two arguments are `op operand`
    result = parser.disjunction()
    if parser.i != len(tokens):
        raise TestFailure(f"{tokens[parser.i]}: {'syntax error' if extended else 'too many arguments'}")
    return result


class _Parser:
    def __init__(self, tokens: list[str], probe: FileProbe, extended: bool) -> None:
        self.tokens = tokens
        self.probe = probe
        self.extended = extended
        self.i = 0

    def _peek(self, offset: int = 0) -> str | None:
        index = self.i + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def _take(self) -> str:
        token = self._peek()
        if token is None:
            raise TestFailure("argument expected")
        self.i += 1
        return token

    def disjunction(self) -> bool:
        result = self.conjunction()
        while self._peek() in ("-o", "||"):
            self.i += 1
            right = self.conjunction()
            result = result or right
        return result

    def conjunction(self) -> bool:
        result = self.negation()
        while self._peek() in ("-a", "&&") and self._peek(1) is not None:
            self.i += 1
            right = self.negation()
            result = result and right
        return result

    def negation(self) -> bool:
        if self._peek() == "!" and self._peek(1) is not None:
            self.i += 1
            return not self.negation()
        return self.primary()

    def primary(self) -> bool:
        token = self._take()
        if token == "(" and self._peek() is not None and self._peek(1) is not None:
            result = self.disjunction()
            if self._peek() != ")":
                raise TestFailure("`)' expected")
            self.i += 1
            return result
        following = self._peek()
        if following in _BINARY and self._peek(1) is not None:
            self.i += 1
            return self._binary(token, following, self._take())
        if token in _UNARY and following is not None:
            return self._unary(token, self._take())
        if token in _UNARY and following is None and self.i > 1:
            raise TestFailure(f"{token}: unary operator expected")
        return token != ""

    def _unary(self, operator: str, operand: str) -> bool:
        if operator == "-n":
            return operand != ""
        if operator == "-z":
            return operand == ""
        if operator == "-v":
            return self.probe.variable(operand) is not None
        if operator == "-t":
            return False
        node = self.probe.lookup(operand) if operand else None
        if node is None:
            return False
        checks = {
            "-e": True,
            "-a": True,
            "-f": not node.is_dir,
            "-d": node.is_dir,
            "-s": node.is_dir or bool(node.content),
            "-r": self.probe.permitted(node, 4),
            "-w": self.probe.permitted(node, 2),
            "-x": self.probe.permitted(node, 1),
            "-O": True,
            "-G": True,
            "-N": False,
        }
        return checks.get(operator, False)

    def _binary(self, left: str, operator: str, right: str) -> bool:
        if operator in _INTEGER:
            a, b = _integer(left), _integer(right)
            return {
                "-eq": a == b,
                "-ne": a != b,
                "-lt": a < b,
                "-le": a <= b,
                "-gt": a > b,
                "-ge": a >= b,
            }[operator]
        if operator in ("=", "=="):
            return bool(glob_regex(right).match(left)) if self.extended else left == right
        if operator == "!=":
            return not glob_regex(right).match(left) if self.extended else left != right
        if operator == "<":
            return left < right
        if operator == ">":
            return left > right
        if operator == "=~":
            try:
                match = re.search(right, left)
            except re.error as error:
                raise TestFailure(f"{right}: invalid regular expression") from error
            self.probe.remember_match([] if match is None else [match.group(0), *map(str, match.groups(""))])
            return match is not None
        return False


def _integer(text: str) -> int:
    stripped = text.strip()
    if re.fullmatch(r"[-+]?\d+", stripped) is None:
        raise TestFailure(f"{text}: integer expression expected")
    return int(stripped)
