"""find: walk trees through `World.list_dir`, test each entry, print, delete or run a command on it."""

from __future__ import annotations

import fnmatch
import math
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from boldly.world._errors import WorldError
from boldly.world._files import Node
from boldly.world.shell._commands._files import mode_string, new_mode, size_of
from boldly.world.shell._commands._registry import command
from boldly.world.shell._escapes import decode
from boldly.world.shell._invocation import Invocation

_VALUED = {
    "-name", "-iname", "-path", "-ipath", "-wholename", "-iwholename", "-type", "-size", "-perm", "-user",
    "-group", "-regex", "-iregex", "-newer", "-mtime", "-mmin", "-atime", "-amin", "-ctime", "-cmin",
    "-printf", "-fprint", "-links", "-uid", "-gid", "-xtype",
}  # fmt: skip
_FLAGS = {
    "-print", "-print0", "-delete", "-prune", "-quit", "-true", "-false", "-empty", "-ls", "-readable",
    "-writable", "-executable", "-nouser", "-nogroup",
}  # fmt: skip
_GLOBAL = {"-maxdepth", "-mindepth"}
_GLOBAL_FLAGS = {"-depth", "-xdev", "-mount", "-follow", "-noleaf", "-ignore_readdir_race", "-daystart"}
_ACTIONS = {
    "-print",
    "-print0",
    "-delete",
    "-exec",
    "-execdir",
    "-ok",
    "-okdir",
    "-printf",
    "-ls",
    "-fprint",
    "-quit",
}


@dataclass(frozen=True)
class _Primary:
    name: str
    argument: str | list[str] | None = None
    batch: bool = False


@dataclass(frozen=True)
class _Operator:
    kind: str
    """"and", "or", "not", "list" (`,`) or "true"."""
    parts: tuple[Expression, ...] = ()


Expression = _Primary | _Operator
TRUE = _Operator("true")


def _quoted(inv: Invocation, name: str) -> str:
    """findutils quotes a file name with curly quotes in a UTF-8 locale and with '' in the C locale."""
    return f"\u2018{name}\u2019" if inv.utf8_locale() else f"'{name}'"


class FindError(Exception):
    """A malformed expression; find prints `find: <message>` and exits 1."""


@dataclass
class _Entry:
    node: Node
    shown: str
    start: str
    depth: int


@dataclass
class _Find:
    inv: Invocation
    expression: Expression
    implicit_print: bool
    max_depth: int | None = None
    min_depth: int = 0
    depth_first: bool = False
    status: int = 0
    stopped: bool = False
    pruned: bool = False
    batches: dict[int, tuple[list[str], list[str]]] = field(default_factory=dict)

    # -- walking -------------------------------------------------------------------------------------

    def walk(self, operand: str) -> None:
        node = self.inv.lookup(operand)
        if node is None:
            self.inv.err(f"find: {_quoted(self.inv, operand)}: No such file or directory\n")
            self.status = 1
            return
        self._visit(_Entry(node, operand, operand, 0))

    def _visit(self, entry: _Entry) -> None:
        if self.stopped:
            return
        if not self.depth_first:
            self._consider(entry)
        if entry.node.is_dir and not self.pruned and (self.max_depth is None or entry.depth < self.max_depth):
            try:
                children = self.inv.world.list_dir(entry.node.path, self.inv.user)
            except WorldError:
                self.inv.err(f"find: \u2018{entry.shown}\u2019: Permission denied\n")
                self.status = 1
                children = []
            for child in children:
                name = posixpath.basename(child.path)
                shown = entry.shown.rstrip("/") + "/" + name if entry.shown != "/" else "/" + name
                self._visit(_Entry(child, shown, entry.start, entry.depth + 1))
        self.pruned = False
        if self.depth_first:
            self._consider(entry)

    def _consider(self, entry: _Entry) -> None:
        if entry.depth < self.min_depth or self.stopped:
            return
        if self._evaluate(self.expression, entry) and self.implicit_print:
            self.inv.out(entry.shown + "\n")

    # -- evaluating ----------------------------------------------------------------------------------

    def _evaluate(self, expression: Expression, entry: _Entry) -> bool:
        if isinstance(expression, _Primary):
            return self._primary(expression, entry)
        parts = expression.parts
        if expression.kind == "and":
            return self._evaluate(parts[0], entry) and self._evaluate(parts[1], entry)
        if expression.kind == "or":
            return self._evaluate(parts[0], entry) or self._evaluate(parts[1], entry)
        if expression.kind == "not":
            return not self._evaluate(parts[0], entry)
        if expression.kind == "list":
            self._evaluate(parts[0], entry)
            return self._evaluate(parts[1], entry)
        return True

    def _primary(self, primary: _Primary, entry: _Entry) -> bool:
        name, argument = primary.name, primary.argument
        node = entry.node
        base = posixpath.basename(entry.shown.rstrip("/")) or entry.shown
        tests: dict[str, Callable[[], bool]] = {
            "-name": lambda: fnmatch.fnmatchcase(base, str(argument)),
            "-iname": lambda: fnmatch.fnmatchcase(base.lower(), str(argument).lower()),
            "-path": lambda: fnmatch.fnmatchcase(entry.shown, str(argument)),
            "-wholename": lambda: fnmatch.fnmatchcase(entry.shown, str(argument)),
            "-ipath": lambda: fnmatch.fnmatchcase(entry.shown.lower(), str(argument).lower()),
            "-iwholename": lambda: fnmatch.fnmatchcase(entry.shown.lower(), str(argument).lower()),
            "-regex": lambda: re.fullmatch(str(argument), entry.shown) is not None,
            "-iregex": lambda: re.fullmatch(str(argument), entry.shown, re.I) is not None,
            "-type": lambda: _kind(node) in str(argument).split(","),
            "-xtype": lambda: _kind(self.inv.files.get(node.path) or node) in str(argument).split(","),
            "-empty": lambda: not (self.inv.files.children(node.path) if node.is_dir else node.content),
            "-size": lambda: _size_matches(size_of(node) if not node.is_dir else 4096, str(argument)),
            "-user": lambda: node.owner == argument,
            "-group": lambda: node.group == argument,
            "-perm": lambda: _perm_matches(node.mode, str(argument)),
            "-readable": lambda: self.inv.permitted(node, 4),
            "-writable": lambda: self.inv.permitted(node, 2),
            "-executable": lambda: self.inv.permitted(node, 1),
            "-newer": lambda: False,
            "-links": lambda: _number_matches(2 if node.is_dir else 1, str(argument)),
            "-true": lambda: True,
            "-false": lambda: False,
            "-nouser": lambda: False,
            "-nogroup": lambda: False,
        }
        if name in ("-mtime", "-mmin", "-atime", "-amin", "-ctime", "-cmin"):
            return _number_matches(0, str(argument))
        if name in ("-uid", "-gid"):
            return False
        if name in tests:
            return tests[name]()
        return self._action(primary, entry)

    def _action(self, primary: _Primary, entry: _Entry) -> bool:
        name, argument = primary.name, primary.argument
        if name == "-print":
            self.inv.out(entry.shown + "\n")
        elif name == "-print0":
            self.inv.out(entry.shown + "\0")
        elif name == "-printf":
            self.inv.out(_printf(str(argument), entry))
        elif name == "-ls":
            node = entry.node
            stamp = self.inv.world.seed.clock.strftime("%b %e %H:%M")
            self.inv.out(
                f"{1000 + entry.depth:>8} {4 if node.content or node.is_dir else 0:>4} {mode_string(node)}"
                f" {2 if node.is_dir else 1:>3} {node.owner:<8} {node.group:<8} {size_of(node):>8} {stamp}"
                f" {entry.shown}\n"
            )
        elif name == "-prune":
            self.pruned = True
        elif name == "-quit":
            self.stopped = True
        elif name == "-delete":
            return self._delete(entry)
        elif name in ("-exec", "-execdir", "-ok", "-okdir"):
            return self._exec(primary, entry)
        return True

    def _delete(self, entry: _Entry) -> bool:
        node = entry.node
        if node.path == "/" or entry.shown in (".", ".."):
            return True
        if node.is_dir and self.inv.files.children(node.path):
            self.inv.err(f"find: cannot delete \u2018{entry.shown}\u2019: Directory not empty\n")
            self.status = 1
            return False
        try:
            self.inv.world.delete(node.path, self.inv.user, recursive=node.is_dir)
        except WorldError as error:
            self.inv.err(f"find: cannot delete \u2018{entry.shown}\u2019: {self.inv.reason(error)}\n")
            self.status = 1
            return False
        return True

    def _exec(self, primary: _Primary, entry: _Entry) -> bool:
        words = list(primary.argument) if isinstance(primary.argument, list) else []
        if primary.batch:
            collected = self.batches.setdefault(id(primary), (words, []))[1]
            collected.append(entry.shown)
            return True
        status = self.inv.run([w.replace("{}", entry.shown) for w in words])
        if status == 127:
            self.inv.err(f"find: {_quoted(self.inv, words[0])}: No such file or directory\n")
            self.status = 1
        return status == 0

    def flush(self) -> None:
        """Run the `-exec ... {} +` commands with everything they collected."""
        for words, paths in self.batches.values():
            at = words.index("{}") if "{}" in words else len(words)
            if paths and self.inv.run([*words[:at], *paths, *words[at + 1 :]]) != 0:
                self.status = 1


def _kind(node: Node) -> str:
    """find's letter for what a node is: d, l or f."""
    return "d" if node.is_dir else "l" if node.link is not None else "f"


def _number_matches(value: int, argument: str) -> bool:
    if argument.startswith("+"):
        return value > int(argument[1:] or 0)
    if argument.startswith("-"):
        return value < int(argument[1:] or 0)
    return value == int(argument or 0)


def _size_matches(size: int, argument: str) -> bool:
    match = re.fullmatch(r"([-+]?)(\d+)([bckwMG]?)", argument)
    if match is None:
        raise FindError(f"invalid argument `{argument}' to `-size'")
    sign, number, unit = match.groups()
    scale = {"": 512, "b": 512, "c": 1, "w": 2, "k": 1024, "M": 1024**2, "G": 1024**3}[unit]
    value = math.ceil(size / scale)
    return _number_matches(value, sign + number)


def _perm_matches(mode: int, argument: str) -> bool:
    """`-perm MODE` (exactly), `-MODE` (all of its bits) or `/MODE` (any of them); MODE octal or symbolic."""
    prefix = argument[:1] if argument[:1] in "-/" else ""
    wanted = new_mode(argument[len(prefix) :], 0)
    if prefix == "-":
        return mode & wanted == wanted
    if prefix == "/":
        return bool(mode & wanted) or wanted == 0
    return mode & 0o7777 == wanted


def _printf(template: str, entry: _Entry) -> str:
    node = entry.node
    relative = entry.shown[len(entry.start) :].lstrip("/")
    fields = {
        "p": entry.shown,
        "f": posixpath.basename(entry.shown.rstrip("/")) or entry.shown,
        "h": posixpath.dirname(entry.shown) or ".",
        "s": str(size_of(node)),
        "m": f"{node.mode & 0o7777:o}",
        "u": node.owner,
        "g": node.group,
        "d": str(entry.depth),
        "P": relative,
        "y": _kind(node),
        "%": "%",
    }
    text = re.sub(r"%(.)", lambda m: fields.get(m.group(1), ""), template)
    return decode(text, style="printf")[0]


class _Parser:
    """find's expression grammar: `,` < `-o` < `-a` (or juxtaposition) < `!` < primaries and `( )`."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.i = 0
        self.has_action = False
        self.globals: dict[str, int] = {}
        self.depth_first = False
        self.references: list[str] = []  # the files `-newer` compares with, which must exist

    def parse(self) -> Expression:
        if not self.tokens:
            return TRUE
        expression = self._list()
        if self.i < len(self.tokens):
            raise FindError(f"paths must precede expression: `{self.tokens[self.i]}'")
        return expression

    def _peek(self) -> str | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def _list(self) -> Expression:
        left = self._or()
        while self._peek() == ",":
            self.i += 1
            left = _Operator("list", (left, self._or()))
        return left

    def _or(self) -> Expression:
        left = self._and()
        while self._peek() in ("-o", "-or"):
            self.i += 1
            left = _Operator("or", (left, self._and()))
        return left

    def _and(self) -> Expression:
        left = self._not()
        while self._peek() not in (None, ")", "-o", "-or", ","):
            if self._peek() in ("-a", "-and"):
                self.i += 1
            left = _Operator("and", (left, self._not()))
        return left

    def _not(self) -> Expression:
        if self._peek() in ("!", "-not"):
            self.i += 1
            return _Operator("not", (self._not(),))
        return self._primary()

    def _primary(self) -> Expression:
        token = self._peek()
        if token is None:
            raise FindError("expected an expression")
        self.i += 1
        if token == "(":
            inner = self._list()
            if self._peek() != ")":
                raise FindError(
                    "invalid expression; I was expecting to find a ')' somewhere but did not see one."
                )
            self.i += 1
            return inner
        if token in _ACTIONS:
            self.has_action = True
        if token in _GLOBAL:
            value = self._argument(token)
            if not value.isdigit():
                raise FindError(
                    f"Expected a positive decimal integer argument to {token}, but got \u2018{value}\u2019"
                )
            self.globals[token] = int(value)
            return TRUE
        if token in _GLOBAL_FLAGS:
            self.depth_first = self.depth_first or token == "-depth"
            return TRUE
        if token == "-delete":
            self.depth_first = True
        if token in ("-exec", "-execdir", "-ok", "-okdir"):
            words: list[str] = []
            while self._peek() not in (";", "+"):
                if self._peek() is None:
                    raise FindError(f"missing argument to `{token}'")
                words.append(self.tokens[self.i])
                self.i += 1
            batch = self.tokens[self.i] == "+"
            self.i += 1
            if not words:
                raise FindError(f"missing argument to `{token}'")
            return _Primary(token, words, batch)
        if token in _VALUED:
            value = self._argument(token)
            if token == "-newer":
                self.references.append(value)
            return _Primary(token, value)
        if token in _FLAGS:
            return _Primary(token)
        raise FindError(f"unknown predicate `{token}'")

    def _argument(self, token: str) -> str:
        value = self._peek()
        if value is None:
            raise FindError(f"missing argument to `{token}'")
        self.i += 1
        return value


@command("find")
def find(inv: Invocation) -> int:
    args = list(inv.args)
    while args and args[0] in ("-H", "-L", "-P"):
        args.pop(0)
    paths: list[str] = []
    while args and not args[0].startswith("-") and args[0] not in ("(", "!", ")", ","):
        paths.append(args.pop(0))
    parser = _Parser(args)
    try:
        expression = parser.parse()
        for reference in parser.references:
            if inv.lookup(reference) is None:
                return inv.fail(f"'{reference}': No such file or directory")
        search = _Find(inv, expression, implicit_print=not parser.has_action)
        search.max_depth = parser.globals.get("-maxdepth")
        search.min_depth = parser.globals.get("-mindepth", 0)
        search.depth_first = parser.depth_first
        for path in paths or ["."]:
            search.walk(path)
            if search.stopped:
                break
        search.flush()
    except (FindError, re.error, ValueError) as error:
        return inv.fail(str(error))
    return search.status
