"""awk: a compact interpreter for the one-liners people write (fields, patterns, BEGIN/END, arrays,
printf, the common string functions). `print > file` writes through `World.write_file`; `system()` runs
its command in this shell, so whatever it does is recorded like any other command.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from boldly.world._errors import WorldError
from boldly.world.shell._commands._grep import translate
from boldly.world.shell._commands._registry import command
from boldly.world.shell._escapes import decode
from boldly.world.shell._invocation import FileProblem, Invocation
from boldly.world.shell._limits import MAX_LOOP, check_size, timed_out
from boldly.world.shell._streams import Descriptors

Value = str | float
Node = tuple[Any, ...]

_KEYWORDS = {"BEGIN", "END", "if", "else", "while", "for", "in", "do", "break", "continue", "next", "exit"}
_KEYWORDS |= {"print", "printf", "delete", "getline", "function", "return", "nextfile"}
_ARITY = {"length": 0, "substr": 2, "index": 2, "split": 2, "sub": 2, "gsub": 2, "match": 2, "sprintf": 1}
_ARITY |= {
    "tolower": 1,
    "toupper": 1,
    "int": 1,
    "sqrt": 1,
    "exp": 1,
    "log": 1,
    "sin": 1,
    "cos": 1,
    "atan2": 2,
}
_ARITY |= {"rand": 0, "srand": 0, "system": 1}
_LVALUES = ("var", "field", "index")
_TOKEN = re.compile(
    r"""(?P<space>[ \t]+|\\\n|\#[^\n]*)
      |(?P<newline>\n)
      |(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)
      |(?P<string>"(?:[^"\\]|\\.)*")
      |(?P<name>[A-Za-z_][A-Za-z0-9_]*)
      |(?P<op>\+\+|--|\+=|-=|\*=|/=|%=|\^=|==|<=|>=|!=|!~|&&|\|\||>>|[-+*/%^!<>|?:~$=(){}\[\];,])""",
    re.X,
)


class AwkError(Exception):
    """A program awk cannot run; printed after `awk: `."""


class _Next(Exception):
    pass


class _Exit(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class _Loop(Exception):
    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def _tokens(source: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    i = 0
    while i < len(source):
        if source[i] == "/" and _regex_allowed(found):
            end = i + 1
            while end < len(source) and source[end] != "/":
                end += 2 if source[end] == "\\" else 1
            if end >= len(source):
                raise AwkError("unterminated regexp")
            found.append(("regex", source[i + 1 : end]))
            i = end + 1
            continue
        match = _TOKEN.match(source, i)
        if match is None:
            raise AwkError(f"syntax error at source line 1: unexpected character '{source[i]}'")
        kind = match.lastgroup or ""
        if kind != "space":
            text = match.group()
            if kind == "name" and text in _KEYWORDS:
                kind = "keyword"
            found.append((kind, text))
        i = match.end()
    return found


def _regex_allowed(found: list[tuple[str, str]]) -> bool:
    if not found:
        return True
    kind, text = found[-1]
    return not (kind in ("number", "string", "name", "regex") or text in (")", "]", "$", "++", "--"))


class _Parser:
    """Recursive descent over awk's grammar; nodes are tuples whose first item names the construct."""

    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.i = 0

    def _peek(self, offset: int = 0) -> tuple[str, str]:
        index = self.i + offset
        return self.tokens[index] if index < len(self.tokens) else ("eof", "")

    def _is(self, *texts: str) -> bool:
        return self._peek()[1] in texts and self._peek()[0] in ("op", "keyword")

    def _take(self, text: str | None = None) -> tuple[str, str]:
        token = self._peek()
        if text is not None and token[1] != text:
            raise AwkError(f"syntax error at source line 1 near '{token[1] or 'end of program'}'")
        self.i += 1
        return token

    def _newlines(self) -> None:
        while self._peek()[0] == "newline" or self._is(";"):
            self.i += 1

    def program(self) -> list[tuple[str, Node | None, Node | None]]:
        items: list[tuple[str, Node | None, Node | None]] = []
        self._newlines()
        while self._peek()[0] != "eof":
            if self._is("BEGIN", "END"):
                kind = self._take()[1]
                items.append((kind, None, self._block()))
            elif self._is("{"):
                items.append(("main", None, self._block()))
            else:
                pattern = self.expression()
                if self._is(","):
                    self._take()
                    pattern = ("range", pattern, self.expression(), [False])
                items.append(("main", pattern, self._block() if self._is("{") else None))
            self._newlines()
        return items

    def _block(self) -> Node:
        self._take("{")
        statements: list[Node] = []
        self._newlines()
        while not self._is("}"):
            if self._peek()[0] == "eof":
                raise AwkError("syntax error at source line 1: unexpected end of program")
            statements.append(self._statement())
            self._newlines()
        self._take("}")
        return ("block", statements)

    def _simple_end(self) -> None:
        if self._is(";") or self._peek()[0] == "newline":
            self.i += 1

    def _statement(self) -> Node:
        if self._is("{"):
            return self._block()
        token = self._peek()
        if token[0] == "keyword":
            word = token[1]
            if word == "if":
                self._take()
                self._take("(")
                condition = self.expression()
                self._take(")")
                self._newlines()
                then = self._statement()
                self._newlines_before_else()
                otherwise = None
                if self._is("else"):
                    self._take()
                    self._newlines()
                    otherwise = self._statement()
                return ("if", condition, then, otherwise)
            if word == "while":
                self._take()
                self._take("(")
                condition = self.expression()
                self._take(")")
                self._newlines()
                return ("while", condition, self._statement())
            if word == "for":
                return self._for()
            if word in ("print", "printf"):
                return self._print(word)
            if word in ("next", "break", "continue", "nextfile"):
                self._take()
                self._simple_end()
                return (word,)
            if word == "exit":
                self._take()
                value = (
                    None if self._is(";", "}") or self._peek()[0] in ("newline", "eof") else self.expression()
                )
                self._simple_end()
                return ("exit", value)
            if word == "delete":
                self._take()
                target = self._primary()
                self._simple_end()
                return ("delete", target)
            raise AwkError(f"syntax error at source line 1 near '{word}'")
        if self._is(";"):
            self._take()
            return ("block", [])
        node = self.expression()
        self._simple_end()
        return ("expr", node)

    def _newlines_before_else(self) -> None:
        saved = self.i
        self._newlines()
        if not self._is("else"):
            self.i = saved

    def _for(self) -> Node:
        self._take("for")
        self._take("(")
        if self._peek()[0] == "name" and self._peek(1)[1] == "in" and self._peek(3)[1] == ")":
            variable = self._take()[1]
            self._take("in")
            array = self._take()[1]
            self._take(")")
            self._newlines()
            return ("for_in", variable, array, self._statement())
        init = None if self._is(";") else self.expression()
        self._take(";")
        condition = None if self._is(";") else self.expression()
        self._take(";")
        update = None if self._is(")") else self.expression()
        self._take(")")
        self._newlines()
        return ("for", init, condition, update, self._statement())

    def _print(self, word: str) -> Node:
        self._take()
        arguments: list[Node] = []
        parenthesised = self._is("(")
        if not (self._is(";", "}", ">", ">>", "|") or self._peek()[0] in ("newline", "eof")):
            arguments.append(self.expression(no_greater=not parenthesised))
            while self._is(","):
                self._take()
                arguments.append(self.expression(no_greater=not parenthesised))
        if len(arguments) == 1 and arguments[0][0] == "group":
            arguments = list(arguments[0][1])
        target = None
        if self._is(">", ">>"):
            mode = self._take()[1]
            target = (mode, self._concatenation(no_greater=True))
        self._simple_end()
        return (word, arguments, target)

    # -- expressions ---------------------------------------------------------------------------------

    def expression(self, no_greater: bool = False) -> Node:
        left = self._ternary(no_greater)
        if self._is("=", "+=", "-=", "*=", "/=", "%=", "^=") and left[0] in _LVALUES:
            operator = self._take()[1]
            return ("assign", operator, left, self.expression(no_greater))
        return left

    def _ternary(self, no_greater: bool) -> Node:
        condition = self._or(no_greater)
        if self._is("?"):
            self._take()
            yes = self.expression(no_greater)
            self._take(":")
            return ("?", condition, yes, self.expression(no_greater))
        return condition

    def _or(self, no_greater: bool) -> Node:
        left = self._and(no_greater)
        while self._is("||"):
            self._take()
            self._newlines()
            left = ("||", left, self._and(no_greater))
        return left

    def _and(self, no_greater: bool) -> Node:
        left = self._in(no_greater)
        while self._is("&&"):
            self._take()
            self._newlines()
            left = ("&&", left, self._in(no_greater))
        return left

    def _in(self, no_greater: bool) -> Node:
        left = self._match(no_greater)
        while self._is("in"):
            self._take()
            left = ("in", left, self._take()[1])
        return left

    def _match(self, no_greater: bool) -> Node:
        left = self._comparison(no_greater)
        while self._is("~", "!~"):
            operator = self._take()[1]
            left = (operator, left, self._comparison(no_greater))
        return left

    def _comparison(self, no_greater: bool) -> Node:
        left = self._concatenation(no_greater)
        operators = ("<", "<=", "==", "!=", ">=") + (() if no_greater else (">",))
        if self._is(*operators):
            operator = self._take()[1]
            return ("compare", operator, left, self._concatenation(no_greater))
        return left

    def _concatenation(self, no_greater: bool) -> Node:
        left = self._additive()
        while self._starts_operand():
            left = ("concat", left, self._additive())
        return left

    def _starts_operand(self) -> bool:
        kind, text = self._peek()
        if kind in ("number", "string", "regex", "name"):
            return True
        return (
            kind == "op"
            and text in ("$", "(", "!", "++", "--")
            and not (text == "!" and self._peek(1)[1] == "~")
        )

    def _additive(self) -> Node:
        left = self._multiplicative()
        while self._is("+", "-"):
            operator = self._take()[1]
            left = ("arith", operator, left, self._multiplicative())
        return left

    def _multiplicative(self) -> Node:
        left = self._unary()
        while self._is("*", "/", "%"):
            operator = self._take()[1]
            left = ("arith", operator, left, self._unary())
        return left

    def _unary(self) -> Node:
        if self._is("!"):
            self._take()
            return ("not", self._unary())
        if self._is("-", "+"):
            operator = self._take()[1]
            return ("arith", operator, ("num", 0.0), self._unary())
        return self._power()

    def _power(self) -> Node:
        base = self._postfix()
        if self._is("^"):
            self._take()
            return ("arith", "^", base, self._unary())
        return base

    def _postfix(self) -> Node:
        if self._is("++", "--"):
            operator = self._take()[1]
            target = self._postfix()
            if target[0] not in _LVALUES:
                raise AwkError(f"syntax error at source line 1 near '{operator}'")
            return ("incr", operator, target, True)
        node = self._primary()
        if self._is("++", "--") and node[0] in _LVALUES:
            return ("incr", self._take()[1], node, False)
        return node

    def _primary(self) -> Node:
        kind, text = self._take()
        if kind == "number":
            return ("num", float(text))
        if kind == "string":
            return ("str", decode(text[1:-1].replace('\\"', '"').replace("\\/", "/"), style="printf")[0])
        if kind == "regex":
            return ("regex", text)
        if text == "$":
            return ("field", self._postfix())
        if text == "(":
            first = self.expression()
            if self._is(","):
                items = [first]
                while self._is(","):
                    self._take()
                    items.append(self.expression())
                self._take(")")
                return ("group", items)
            self._take(")")
            return ("paren", first)
        if kind == "name" and text in _ARITY:
            arguments: list[Node] = []
            if self._is("("):
                self._take()
                while not self._is(")"):
                    arguments.append(self.expression())
                    if self._is(","):
                        self._take()
                self._take(")")
            needs_target = {"split": 1, "sub": 2, "gsub": 2}.get(text)
            if len(arguments) < _ARITY[text] or (
                needs_target is not None
                and len(arguments) > needs_target
                and arguments[needs_target][0] not in _LVALUES
            ):
                raise AwkError(
                    f"function {text} called with {len(arguments)} args, accepts only the right number"
                )
            if text == "split" and arguments[1][0] != "var":
                raise AwkError("split: second argument must be an array name")
            return ("call", text, arguments)
        if kind == "name":
            if self._is("["):
                self._take()
                keys = [self.expression()]
                while self._is(","):
                    self._take()
                    keys.append(self.expression())
                self._take("]")
                return ("index", text, keys)
            return ("var", text)
        raise AwkError(f"syntax error at source line 1 near '{text or 'end of program'}'")


def _number(value: Value) -> float:
    if isinstance(value, float):
        return value
    match = re.match(r"\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?", value)
    return float(match.group()) if match else 0.0


def _looks_numeric(value: Value) -> bool:
    return (
        isinstance(value, float)
        or re.fullmatch(r"\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*", value) is not None
    )


def _text(value: Value) -> str:
    if isinstance(value, str):
        return value
    if value == int(value) and abs(value) < 1e16:
        return str(int(value))
    return f"{value:.6g}"


_FORMAT = re.compile(r"%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?([diouxXeEfFgGcs%])")


def _format(template: str, values: list[Value]) -> str:
    remaining = list(values)

    def take() -> Value:
        return remaining.pop(0) if remaining else ""

    def convert(match: re.Match[str]) -> str:
        flags, width, precision, conversion = match.groups()
        if conversion == "%":
            return "%"
        width = str(min(int(_number(take())), 10_000)) if width == "*" else width or ""
        precision = str(min(int(_number(take())), 10_000)) if precision == "*" else precision
        spec = "%" + flags + width + (f".{precision}" if precision is not None else "")
        value = take()
        if conversion in "diouxX":
            return (spec + ("d" if conversion in "iu" else conversion)) % int(_number(value))
        if conversion in "eEfFgG":
            return (spec + conversion) % _number(value)
        if conversion == "c":
            return (spec + "s") % (chr(int(_number(value))) if isinstance(value, float) else value[:1])
        return (spec + "s") % _text(value)

    return _FORMAT.sub(convert, decode(template, style="printf")[0])


@dataclass
class _Awk:
    inv: Invocation
    items: list[tuple[str, Node | None, Node | None]]
    variables: dict[str, Value] = field(default_factory=dict)
    arrays: dict[str, dict[str, Value]] = field(default_factory=dict)
    fields: list[str] = field(default_factory=list)
    files: dict[str, tuple[bool, list[str]]] = field(default_factory=dict)
    steps: int = 0

    def __post_init__(self) -> None:
        defaults: dict[str, Value] = {"FS": " ", "OFS": " ", "ORS": "\n", "NR": 0.0, "NF": 0.0, "FNR": 0.0}
        defaults.update({"SUBSEP": "\x1c", "RSTART": 0.0, "RLENGTH": -1.0, "FILENAME": ""})
        self.variables = {**defaults, **self.variables}
        self.fields = [""]

    # -- records -------------------------------------------------------------------------------------

    def set_record(self, text: str) -> None:
        separator = _text(self.variables["FS"])
        if separator == " ":
            parts = text.split()
        elif len(separator) == 1 and separator != "\\":
            parts = text.split(separator) if text else []
        else:
            parts = re.split(translate(separator, extended=True), text) if text else []
        self.fields = [text, *parts]
        self.variables["NF"] = float(len(parts))

    def _field(self, index: int) -> str:
        return self.fields[index] if 0 <= index < len(self.fields) else ""

    def _set_field(self, index: int, value: str) -> None:
        if index == 0:
            self.set_record(value)
            return
        while len(self.fields) <= index:
            self.fields.append("")
        self.fields[index] = value
        self.variables["NF"] = float(len(self.fields) - 1)
        self.fields[0] = _text(self.variables["OFS"]).join(self.fields[1:])

    # -- running -------------------------------------------------------------------------------------

    def run(self, inputs: list[tuple[str, str]]) -> int:
        status = 0
        try:
            for kind, _pattern, action in self.items:
                if kind == "BEGIN" and action is not None:
                    self._action(action)
            if any(kind == "main" for kind, _, _ in self.items) or any(k == "END" for k, _, _ in self.items):
                self._records(inputs)
        except _Exit as signal:
            status = signal.status
        try:
            for kind, _pattern, action in self.items:
                if kind == "END" and action is not None:
                    self._action(action)
        except _Exit as signal:
            status = signal.status
        self._flush()
        return status

    def _records(self, inputs: list[tuple[str, str]]) -> None:
        for name, text in inputs:
            self.variables["FILENAME"] = name
            self.variables["FNR"] = 0.0
            for line in text.splitlines():
                self.variables["NR"] = _number(self.variables["NR"]) + 1
                self.variables["FNR"] = _number(self.variables["FNR"]) + 1
                self.set_record(line)
                try:
                    for kind, pattern, action in self.items:
                        if kind == "main" and self._selected(pattern):
                            if action is None:
                                self._emit(self.fields[0] + _text(self.variables["ORS"]), None)
                            else:
                                self._action(action)
                except _Next:
                    continue

    def _action(self, action: Node) -> None:
        """Run an action; `break` or `continue` outside a loop just ends it, as in onetrue awk."""
        try:
            self.execute(action)
        except _Loop:
            return

    def _selected(self, pattern: Node | None) -> bool:
        if pattern is None:
            return True
        if pattern[0] == "range":
            state = pattern[3]
            if state[0]:
                state[0] = not self._true(self.evaluate(pattern[2]))
                return True
            if self._true(self.evaluate(pattern[1])):
                state[0] = not self._true(self.evaluate(pattern[2]))
                return True
            return False
        return self._true(self.evaluate(pattern))

    def _tick(self) -> None:
        self.steps += 1
        if self.steps > MAX_LOOP * 10:
            raise timed_out(f"{MAX_LOOP * 10} awk steps")

    def execute(self, node: Node) -> None:
        self._tick()
        kind = node[0]
        if kind == "block":
            for statement in node[1]:
                self.execute(statement)
        elif kind == "expr":
            self.evaluate(node[1])
        elif kind in ("print", "printf"):
            values = [self.evaluate(argument) for argument in node[1]]
            if kind == "print":
                separator = _text(self.variables["OFS"])
                text = separator.join(_text(v) for v in values) if values else self.fields[0]
                text += _text(self.variables["ORS"])
            else:
                text = _format(_text(values[0]), values[1:]) if values else ""
            self._emit(text, node[2])
        elif kind == "if":
            if self._true(self.evaluate(node[1])):
                self.execute(node[2])
            elif node[3] is not None:
                self.execute(node[3])
        elif kind == "while":
            while self._true(self.evaluate(node[1])):
                if self._body(node[2]):
                    break
        elif kind == "for":
            if node[1] is not None:
                self.evaluate(node[1])
            while node[2] is None or self._true(self.evaluate(node[2])):
                if self._body(node[4]):
                    break
                if node[3] is not None:
                    self.evaluate(node[3])
        elif kind == "for_in":
            for key in list(self.arrays.get(node[2], {})):
                self.variables[node[1]] = key
                if self._body(node[3]):
                    break
        elif kind == "next":
            raise _Next()
        elif kind in ("break", "continue"):
            raise _Loop(kind)
        elif kind == "exit":
            raise _Exit(int(_number(self.evaluate(node[1]))) if node[1] is not None else 0)
        elif kind == "delete":
            target = node[1]
            if target[0] == "index":
                self.arrays.get(target[1], {}).pop(self._key(target[2]), None)
            else:
                self.arrays.pop(target[1], None)

    def _body(self, statement: Node) -> bool:
        """Run a loop body; True when it broke out."""
        self._tick()
        try:
            self.execute(statement)
        except _Loop as control:
            return control.kind == "break"
        return False

    def _emit(self, text: str, target: Node | None) -> None:
        if target is None:
            self.inv.out(text)
            return
        path = _text(self.evaluate(target[1]))
        self.files.setdefault(path, (target[0] == ">>", []))[1].append(text)

    def _flush(self) -> None:
        for path, (append, chunks) in self.files.items():
            try:
                self.inv.write(path, check_size("".join(chunks)), append=append)
            except WorldError as error:
                self.inv.err(f'awk: can\'t redirect to "{path}": {self.inv.reason(error)}\n')

    # -- expressions ---------------------------------------------------------------------------------

    def _true(self, value: Value) -> bool:
        if isinstance(value, float):
            return value != 0
        return value != "" and (not _looks_numeric(value) or _number(value) != 0)

    def _key(self, keys: list[Node]) -> str:
        return _text(self.variables["SUBSEP"]).join(_text(self.evaluate(k)) for k in keys)

    def _get(self, target: Node) -> Value:
        if target[0] == "var":
            return self.variables.get(target[1], "")
        if target[0] == "field":
            return self._field(int(_number(self.evaluate(target[1]))))
        return self.arrays.setdefault(target[1], {}).setdefault(self._key(target[2]), "")

    def _set(self, target: Node, value: Value) -> Value:
        if target[0] == "var":
            self.variables[target[1]] = value
        elif target[0] == "field":
            self._set_field(int(_number(self.evaluate(target[1]))), _text(value))
        else:
            self.arrays.setdefault(target[1], {})[self._key(target[2])] = value
        return value

    def evaluate(self, node: Node) -> Value:
        kind = node[0]
        if kind == "num":
            return node[1]
        if kind == "str":
            return node[1]
        if kind == "regex":
            return float(re.search(translate(node[1], extended=True), self.fields[0]) is not None)
        if kind in _LVALUES:
            return self._get(node)
        if kind == "paren":
            return self.evaluate(node[1])
        if kind == "group":
            return _text(self.variables["SUBSEP"]).join(_text(self.evaluate(n)) for n in node[1])
        if kind == "assign":
            value = self.evaluate(node[3])
            if node[1] != "=":
                value = _arith(node[1][0], _number(self._get(node[2])), _number(value))
            return self._set(node[2], value)
        if kind == "incr":
            old = _number(self._get(node[2]))
            new = old + (1 if node[1] == "++" else -1)
            self._set(node[2], new)
            return new if node[3] else old
        if kind == "arith":
            return _arith(node[1], _number(self.evaluate(node[2])), _number(self.evaluate(node[3])))
        if kind == "concat":
            return check_size(_text(self.evaluate(node[1])) + _text(self.evaluate(node[2])))
        if kind == "compare":
            return float(_compare(node[1], self.evaluate(node[2]), self.evaluate(node[3])))
        if kind in ("~", "!~"):
            pattern = node[2][1] if node[2][0] == "regex" else _text(self.evaluate(node[2]))
            found = re.search(translate(pattern, extended=True), _text(self.evaluate(node[1]))) is not None
            return float(found == (kind == "~"))
        if kind == "not":
            return float(not self._true(self.evaluate(node[1])))
        if kind == "&&":
            return float(self._true(self.evaluate(node[1])) and self._true(self.evaluate(node[2])))
        if kind == "||":
            return float(self._true(self.evaluate(node[1])) or self._true(self.evaluate(node[2])))
        if kind == "?":
            return self.evaluate(node[2]) if self._true(self.evaluate(node[1])) else self.evaluate(node[3])
        if kind == "in":
            return float(_text(self.evaluate(node[1])) in self.arrays.get(node[2], {}))
        if kind == "call":
            return self._call(node[1], node[2])
        raise AwkError(f"cannot evaluate {kind}")

    def _call(self, name: str, arguments: list[Node]) -> Value:
        if name in ("sub", "gsub"):
            return self._substitute(name, arguments)
        if name == "split":
            text = _text(self.evaluate(arguments[0]))
            separator = (
                _text(self.evaluate(arguments[2])) if len(arguments) > 2 else _text(self.variables["FS"])
            )
            parts = text.split() if separator == " " else re.split(translate(separator, extended=True), text)
            self.arrays[arguments[1][1]] = {str(i): p for i, p in enumerate(parts, start=1)}
            return float(len(parts))
        if name == "system":
            return self._system(_text(self.evaluate(arguments[0])) if arguments else "")
        values = [self.evaluate(argument) for argument in arguments]
        functions: dict[str, Callable[[], Value]] = {
            "length": lambda: float(len(_text(values[0]) if values else self.fields[0])),
            "substr": lambda: _substr(_text(values[0]), *(_number(v) for v in values[1:3])),
            "index": lambda: float(_text(values[0]).find(_text(values[1])) + 1),
            "match": lambda: self._match(_text(values[0]), arguments[1]),
            "sprintf": lambda: _format(_text(values[0]), values[1:]) if values else "",
            "tolower": lambda: _text(values[0]).lower(),
            "toupper": lambda: _text(values[0]).upper(),
            "int": lambda: float(math.trunc(_number(values[0]))),
            "sqrt": lambda: math.sqrt(max(_number(values[0]), 0.0)),
            "exp": lambda: math.exp(min(_number(values[0]), 700.0)),
            "log": lambda: math.log(_number(values[0])) if _number(values[0]) > 0 else float("nan"),
            "sin": lambda: math.sin(_number(values[0])),
            "cos": lambda: math.cos(_number(values[0])),
            "atan2": lambda: math.atan2(_number(values[0]), _number(values[1])),
            "rand": lambda: 0.237788,
            "srand": lambda: 0.0,
        }
        return functions[name]()

    def _match(self, text: str, pattern: Node) -> Value:
        regex = pattern[1] if pattern[0] == "regex" else _text(self.evaluate(pattern))
        found = re.search(translate(regex, extended=True), text)
        self.variables["RSTART"] = float(found.start() + 1) if found else 0.0
        self.variables["RLENGTH"] = float(len(found.group())) if found else -1.0
        return self.variables["RSTART"]

    def _substitute(self, name: str, arguments: list[Node]) -> Value:
        pattern = arguments[0][1] if arguments[0][0] == "regex" else _text(self.evaluate(arguments[0]))
        replacement = _text(self.evaluate(arguments[1]))
        target = arguments[2] if len(arguments) > 2 else ("field", ("num", 0.0))
        text = _text(self._get(target))
        template = replacement.replace("\\\\", "\0").replace("\\&", "\1")

        def replace(match: re.Match[str]) -> str:
            return template.replace("&", match.group()).replace("\1", "&").replace("\0", "\\")

        result, count = re.subn(
            translate(pattern, extended=True), replace, text, count=0 if name == "gsub" else 1
        )
        if count:
            self._set(target, result)
        return float(count)

    def _system(self, text: str) -> Value:
        shell = self.inv.shell
        with shell.nested():
            status = shell.run_source(
                text, Descriptors(self.inv.stdin, {1: self.inv.stdout, 2: self.inv.stderr})
            )
        return float(status)


def _arith(operator: str, a: float, b: float) -> float:
    if operator in "/%" and b == 0:
        raise AwkError(
            "division by zero attempted" if operator == "/" else "division by zero attempted in `%'"
        )
    if operator == "^":
        try:
            return math.pow(a, b)
        except (OverflowError, ValueError):
            return float("inf")
    return {"+": a + b, "-": a - b, "*": a * b, "/": a / b if b else 0.0, "%": math.fmod(a, b) if b else 0.0}[
        operator
    ]


def _compare(operator: str, left: Value, right: Value) -> bool:
    """Numbers compare as numbers, anything else as strings."""
    if _looks_numeric(left) and _looks_numeric(right):
        a, b = _number(left), _number(right)
        order = (a > b) - (a < b)
    else:
        x, y = _text(left), _text(right)
        order = (x > y) - (x < y)
    return {
        "<": order < 0,
        "<=": order <= 0,
        "==": order == 0,
        "!=": order != 0,
        ">": order > 0,
        ">=": order >= 0,
    }[operator]


def _substr(text: str, start: float = 1.0, length: float | None = None) -> str:
    first = max(round(start), 1)
    end = len(text) + 1 if length is None else round(start) + round(length)
    return text[first - 1 : max(end - 1, first - 1)]


@command("awk", "gawk", "mawk", "nawk")
def awk(inv: Invocation) -> int:
    args = list(inv.args)
    assignments: dict[str, Value] = {}
    program: str | None = None
    while args and args[0].startswith("-") and args[0] != "-":
        arg = args.pop(0)
        if arg == "--":
            break
        if arg.startswith("-F"):
            separator = arg[2:] or (args.pop(0) if args else " ")
            assignments["FS"] = "\t" if separator == "t" else decode(separator, style="printf")[0]
        elif arg.startswith("-v"):
            name, _, value = (arg[2:] or (args.pop(0) if args else "")).partition("=")
            assignments[name] = decode(value, style="printf")[0]
        elif arg.startswith("-f"):
            try:
                program = inv.read(arg[2:] or (args.pop(0) if args else ""))
            except FileProblem as problem:
                return inv.fail(f"can't open file: {problem.reason}", 2)
    if program is None:
        if not args:
            inv.err("usage: awk [-F fs][-v var=value][prog | -f progfile][file ...]\n")
            return 2
        program = args.pop(0)
    try:
        items = _Parser(_tokens(program)).program()
    except AwkError as error:
        inv.err(f"awk: {error}\n awk: program: {program.splitlines()[0] if program else ''}\n")
        return 2
    inputs: list[tuple[str, str]] = []
    status = 0
    for operand in args:
        if re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", operand):
            name, _, value = operand.partition("=")
            assignments[name] = value
            continue
        try:
            inputs.append((operand, inv.read(operand)))
        except FileProblem as problem:
            inv.err(f'awk: cannot open "{operand}" ({problem.reason})\n')
            status = 2
    if not args or all(re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", a) for a in args):
        needs_input = any(kind != "BEGIN" for kind, _, _ in items)
        inputs = [("", inv.stdin.read_all())] if needs_input else []
    interpreter = _Awk(inv, items, variables=assignments)
    try:
        return interpreter.run(inputs) or status
    except AwkError as error:
        inv.err(f"awk: cmd. line:1: error: {error}\n")
        return 1
