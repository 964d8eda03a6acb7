"""The jq language, written for boldly: a parser from filter text to generator functions over JSON values.

A filter is a function from one input value (and the variables in scope) to a stream of outputs, as in
jq; this covers what agents write (paths, iteration, pipes, `select`, `map`, object and array
construction, string interpolation, arithmetic, comparisons, `//`, `if`, `as $x`, `reduce`, the common
builtins and `@` formats). Errors carry jq 1.6's wording.
"""

from __future__ import annotations

import base64
import json
import math
import re
from collections.abc import Callable, Iterator
from functools import cmp_to_key
from typing import Any

Json = Any
Variables = dict[str, Json]
Filter = Callable[[Json, Variables], Iterator[Json]]


class JqError(Exception):
    """A runtime error; `value` is what `error(...)` raised or the message jq prints."""

    def __init__(self, value: Json) -> None:
        super().__init__(value if isinstance(value, str) else dumps(value))
        self.value = value


class JqSyntaxError(Exception):
    """A compile error, worded as jq prints it after `jq: error: `."""


# -- values ------------------------------------------------------------------------------------------


def dumps(value: Json, indent: int | None = None, sort_keys: bool = False, ascii_only: bool = False) -> str:
    """JSON text as jq prints it: integral numbers without a fraction, `1e+100` for large ones."""
    return json.dumps(
        _canonical(value),
        indent=indent,
        separators=(",", ": ") if indent is not None else (",", ":"),
        sort_keys=sort_keys,
        ensure_ascii=ascii_only,
    )


def _canonical(value: Json) -> Json:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e17:
        return int(value)
    if isinstance(value, list):
        return [_canonical(item) for item in value]
    if isinstance(value, dict):
        return {key: _canonical(item) for key, item in value.items()}
    return value


def type_name(value: Json) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def described(value: Json) -> str:
    """`number (5)`, `string ("abcdefghij...)`: how jq names a value in an error."""
    text = dumps(value)
    if len(text) > 14:
        text = text[:11] + "..."
    return f"{type_name(value)} ({text})"


def truthy(value: Json) -> bool:
    return value is not None and value is not False


_TYPE_ORDER = {"null": 0, "boolean": 1, "number": 2, "string": 3, "array": 4, "object": 5}


def compare(a: Json, b: Json) -> int:
    """jq's total order: null < false < true < numbers < strings < arrays < objects."""
    rank_a, rank_b = _TYPE_ORDER[type_name(a)], _TYPE_ORDER[type_name(b)]
    if rank_a != rank_b:
        return -1 if rank_a < rank_b else 1
    if isinstance(a, list):
        for x, y in zip(a, b, strict=False):
            if found := compare(x, y):
                return found
        return (len(a) > len(b)) - (len(a) < len(b))
    if isinstance(a, dict):
        if found := compare(sorted(a), sorted(b)):
            return found
        for key in sorted(a):
            if found := compare(a[key], b[key]):
                return found
        return 0
    return (a > b) - (a < b)


sort_key = cmp_to_key(compare)


def _number(value: float) -> Json:
    return int(value) if isinstance(value, float) and value.is_integer() and abs(value) < 1e17 else value


def _add(a: Json, b: Json) -> Json:
    if a is None:
        return b
    if b is None:
        return a
    if type_name(a) == type_name(b) == "number":
        return _number(a + b)
    if (isinstance(a, str) and isinstance(b, str)) or (isinstance(a, list) and isinstance(b, list)):
        return a + b
    if isinstance(a, dict) and isinstance(b, dict):
        return {**a, **b}
    raise JqError(f"{described(a)} and {described(b)} cannot be added")


def _arithmetic(op: str, a: Json, b: Json) -> Json:
    if op == "+":
        return _add(a, b)
    numbers = type_name(a) == type_name(b) == "number"
    if op == "-":
        if numbers:
            return _number(a - b)
        if isinstance(a, list) and isinstance(b, list):
            return [item for item in a if item not in b]
        raise JqError(f"{described(a)} and {described(b)} cannot be subtracted")
    if op == "*":
        if numbers:
            return _number(a * b)
        if isinstance(a, dict) and isinstance(b, dict):
            return _deep_merge(a, b)
        if isinstance(a, str) and type_name(b) == "number":
            return a * int(b) if b > 0 else None
        raise JqError(f"{described(a)} and {described(b)} cannot be multiplied")
    if op == "/":
        if numbers:
            if b == 0:
                raise JqError(
                    f"{described(a)} and {described(b)} cannot be divided because the divisor is zero"
                )
            return _number(a / b)
        if isinstance(a, str) and isinstance(b, str):
            return a.split(b) if a else []
        raise JqError(f"{described(a)} and {described(b)} cannot be divided")
    if numbers:
        if int(b) == 0:
            raise JqError(f"{described(a)} and {described(b)} cannot be divided because the divisor is zero")
        return int(math.fmod(int(a), int(b)))
    raise JqError(f"{described(a)} and {described(b)} cannot be divided")


def _deep_merge(a: dict[str, Json], b: dict[str, Json]) -> dict[str, Json]:
    merged = dict(a)
    for key, value in b.items():
        old = merged.get(key)
        merged[key] = _deep_merge(old, value) if isinstance(old, dict) and isinstance(value, dict) else value
    return merged


def index(value: Json, key: Json) -> Json:
    if isinstance(value, _Traced):
        return _Traced(index(value.value, key), [*value.path, key])
    if isinstance(key, str):
        if isinstance(value, dict):
            return value.get(key)
        if value is None:
            return None
        raise JqError(f'Cannot index {type_name(value)} with string "{key}"')
    if type_name(key) == "number":
        if isinstance(value, list):
            position = math.floor(key)
            position += len(value) if position < 0 else 0
            return value[position] if 0 <= position < len(value) else None
        if value is None:
            return None
        raise JqError(f"Cannot index {type_name(value)} with number")
    if isinstance(key, dict) and isinstance(value, list | str | type(None)):
        return _slice(value, key.get("start"), key.get("end"))
    raise JqError(f"Cannot index {type_name(value)} with {type_name(key)}")


def _slice(value: Json, start: Json, end: Json) -> Json:
    if value is None:
        return None
    if not isinstance(value, list | str):
        raise JqError(f"Cannot index {type_name(value)} with object")
    low = None if start is None else math.floor(start)
    high = None if end is None else math.ceil(end)
    return value[low:high]


def iterate(value: Json) -> Iterator[Json]:
    if isinstance(value, _Traced):
        keys = range(len(value.value)) if isinstance(value.value, list) else list(value.value or {})
        yield from (index(value, key) for key in keys)
    elif isinstance(value, list):
        yield from value
    elif isinstance(value, dict):
        yield from value.values()
    else:
        raise JqError(f"Cannot iterate over {described(value) if value is not None else 'null'}")


def length(value: Json) -> Json:
    if value is None:
        return 0
    if isinstance(value, bool):
        raise JqError(f"{described(value)} has no length")
    if type_name(value) == "number":
        return abs(value)
    return len(value)


def tostring(value: Json) -> str:
    return value if isinstance(value, str) else dumps(value)


# -- formats -----------------------------------------------------------------------------------------


def _csv_cell(value: Json, format_name: str) -> str:
    if isinstance(value, str):
        return '"' + value.replace('"', '""') + '"' if format_name == "csv" else _tsv_escape(value)
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return dumps(value)
    raise JqError(f"{described(value)} is not valid in a {format_name} row")


def _tsv_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n")


def _shell_quote(value: Json) -> str:
    items = value if isinstance(value, list) else [value]
    quoted = []
    for item in items:
        if isinstance(item, list | dict):
            raise JqError(f"{described(item)} can not be escaped for shell")
        quoted.append("'" + item.replace("'", "'\\''") + "'" if isinstance(item, str) else dumps(item))
    return " ".join(quoted)


FORMATS = frozenset({"text", "json", "csv", "tsv", "sh", "base64", "base64d", "html", "uri"})


def apply_format(name: str, value: Json) -> str:
    if name in ("text", "json"):
        return tostring(value) if name == "text" else dumps(value)
    if name in ("csv", "tsv"):
        if not isinstance(value, list):
            raise JqError(f"{described(value)} cannot be {name}-formatted, only an array can be")
        return ("," if name == "csv" else "\t").join(_csv_cell(item, name) for item in value)
    if name == "sh":
        return _shell_quote(value)
    text = tostring(value)
    if name == "base64":
        return base64.b64encode(text.encode()).decode()
    if name == "base64d":
        return base64.b64decode(text.encode() + b"==").decode("utf-8", "replace")
    if name == "html":
        for plain, escaped in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("'", "&#39;"), ('"', "&quot;")):
            text = text.replace(plain, escaped)
        return text
    return "".join(  # uri
        c if re.match(r"[A-Za-z0-9\-_.~]", c) else "".join(f"%{b:02X}" for b in c.encode()) for c in text
    )


# -- parsing -----------------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
    | (?P<string>")
    | (?P<format>@[A-Za-z0-9_]+)
    | (?P<variable>\$[A-Za-z_][A-Za-z0-9_]*)
    | (?P<field>\.[A-Za-z_][A-Za-z0-9_]*)
    | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)*)
    | (?P<op>\?//|\.\.|//=|\|=|\+=|-=|\*=|/=|%=|==|!=|<=|>=|//|[.\[\]{}()|,:;=<>+\-*/%?])
    )""",
    re.VERBOSE,
)
_KEYWORDS = {
    "and",
    "or",
    "if",
    "then",
    "elif",
    "else",
    "end",
    "as",
    "reduce",
    "foreach",
    "try",
    "catch",
    "def",
}


class Parser:
    """Recursive descent over the filter text, building filters as it goes."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.functions: dict[tuple[str, int], Callable[[list[Filter]], Filter]] = {}

    # tokens

    def _peek(self) -> tuple[str, str]:
        match = _TOKEN.match(self.text, self.pos)
        if match is None or match.lastgroup is None:
            rest = self.text[self.pos :].strip()
            return ("end", "") if not rest else ("bad", rest[0])
        return match.lastgroup, match.group(match.lastgroup)

    def _next(self) -> tuple[str, str]:
        kind, value = self._peek()
        match = _TOKEN.match(self.text, self.pos)
        if match is not None and kind not in ("end", "bad"):
            self.pos = match.end()
        return kind, value

    def _at(self, *values: str) -> bool:
        kind, value = self._peek()
        return kind in ("op", "name") and value in values

    def _expect(self, value: str) -> None:
        kind, found = self._next()
        if found != value or kind not in ("op", "name"):
            self._unexpected(kind, found)

    def _unexpected(self, kind: str, found: str) -> None:
        shown = "$end" if kind == "end" else found
        raise JqSyntaxError(f"syntax error, unexpected {shown} (Unix shell quoting issues?)")

    # grammar, loosest binding first

    def parse(self) -> Filter:
        body = self.pipe()
        kind, found = self._peek()
        if kind != "end":
            self._unexpected(kind, found)
        return body

    def pipe(self) -> Filter:
        if self._at("def"):
            self._definition()
            return self.pipe()
        left = self.comma()
        if self._at("as"):
            self._next()
            kind, name = self._next()
            if kind != "variable":
                self._unexpected(kind, name)
            self._expect("|")
            return _bind(left, name[1:], self.pipe())
        if self._at("|"):
            self._next()
            return _pipe(left, self.pipe())
        return left

    def comma(self) -> Filter:
        left = self.alternative()
        while self._at(","):
            self._next()
            left = _comma(left, self.alternative())
        return left

    def alternative(self) -> Filter:
        left = self.update()
        if self._at("//"):
            self._next()
            return _alternative(left, self.alternative())
        return left

    def update(self) -> Filter:
        left = self.logic_or()
        if self._at("|=", "=", "+=", "-=", "*=", "/=", "%=", "//="):
            _, op = self._next()
            return _update(left, op, self.alternative())
        return left

    def logic_or(self) -> Filter:
        left = self.logic_and()
        while self._at("or"):
            self._next()
            left = _boolean(left, self.logic_and(), is_or=True)
        return left

    def logic_and(self) -> Filter:
        left = self.comparison()
        while self._at("and"):
            self._next()
            left = _boolean(left, self.comparison(), is_or=False)
        return left

    def comparison(self) -> Filter:
        left = self.additive()
        if self._at("==", "!=", "<", "<=", ">", ">="):
            _, op = self._next()
            return _comparison(op, left, self.additive())
        return left

    def additive(self) -> Filter:
        left = self.multiplicative()
        while self._at("+", "-"):
            _, op = self._next()
            left = _binary(op, left, self.multiplicative())
        return left

    def multiplicative(self) -> Filter:
        left = self.postfix()
        while self._at("*", "/", "%"):
            _, op = self._next()
            left = _binary(op, left, self.postfix())
        return left

    def postfix(self) -> Filter:
        term = self.term()
        while True:
            kind, value = self._peek()
            if kind == "field":
                self._next()
                term = _pipe(term, _field(value[1:]))
            elif kind == "op" and value == "." and self.text[self.pos :].lstrip().startswith('."'):
                self._next()
                self._next()
                term = _pipe(term, _index_by(self.string()))
            elif kind == "op" and value == "[":
                term = _pipe(term, self._bracket())
            elif kind == "op" and value == "?":
                self._next()
                term = _try(term, None)
            else:
                return term

    def _bracket(self) -> Filter:
        self._expect("[")
        if self._at("]"):
            self._next()
            return _each
        if self._at(":"):
            self._next()
            high = self.pipe()
            self._expect("]")
            return _slicer(None, high)
        low = self.pipe()
        if self._at(":"):
            self._next()
            high = None if self._at("]") else self.pipe()
            self._expect("]")
            return _slicer(low, high)
        self._expect("]")
        return _index_by(low)

    def term(self) -> Filter:
        kind, value = self._next()
        if kind == "number":
            return _literal(_number(float(value)) if re.search(r"[.eE]", value) else int(value))
        if kind == "string":
            return self.string()
        if kind == "field":
            return _field(value[1:])
        if kind == "variable":
            return _variable(value[1:])
        if kind == "format":
            if self._peek()[0] == "string":
                self._next()
                return self.string(value[1:])
            if value[1:] not in FORMATS:
                raise JqSyntaxError(f"{value[1:]} is not a valid format")
            return _format(value[1:])
        if kind == "op":
            return self._op_term(value)
        if kind == "name":
            return self._named(value)
        self._unexpected(kind, value)
        raise AssertionError

    def _op_term(self, value: str) -> Filter:
        if value == ".":
            if self._peek()[0] == "string":
                self._next()
                return _index_by(self.string())
            return _identity
        if value == "..":
            return _recurse
        if value == "(":
            inner = self.pipe()
            self._expect(")")
            return inner
        if value == "[":
            if self._at("]"):
                self._next()
                return _literal([])
            inner = self.pipe()
            self._expect("]")
            return _collect(inner)
        if value == "{":
            return self._object()
        if value == "-":
            return _binary("-", _literal(0), self.postfix())
        self._unexpected("op", value)
        raise AssertionError

    def _named(self, name: str) -> Filter:
        if name in ("true", "false", "null"):
            return _literal({"true": True, "false": False, "null": None}[name])
        if name == "if":
            return self._conditional()
        if name == "try":
            body = self.postfix()
            handler = None
            if self._at("catch"):
                self._next()
                handler = self.postfix()
            return _try(body, handler)
        if name == "reduce":
            return self._reduce()
        if name in _KEYWORDS:
            self._unexpected("name", name)
        arguments: list[Filter] = []
        if self._at("("):
            self._next()
            arguments.append(self.pipe())
            while self._at(";"):
                self._next()
                arguments.append(self.pipe())
            self._expect(")")
        defined = self.functions.get((name, len(arguments)))
        if defined is not None:
            return defined(arguments)
        return builtin(name, arguments)

    def _conditional(self) -> Filter:
        condition = self.pipe()
        self._expect("then")
        then = self.pipe()
        if self._at("elif"):
            self._next()
            otherwise = self._conditional()
            return _if(condition, then, otherwise)
        otherwise = _identity
        if self._at("else"):
            self._next()
            otherwise = self.pipe()
        self._expect("end")
        return _if(condition, then, otherwise)

    def _reduce(self) -> Filter:
        source = self.postfix()
        self._expect("as")
        kind, name = self._next()
        if kind != "variable":
            self._unexpected(kind, name)
        self._expect("(")
        initial = self.pipe()
        self._expect(";")
        step = self.pipe()
        self._expect(")")
        return _reduce(source, name[1:], initial, step)

    def _definition(self) -> None:
        self._next()
        kind, name = self._next()
        if kind != "name":
            self._unexpected(kind, name)
        parameters: list[str] = []
        if self._at("("):
            self._next()
            parameters.append(self._next()[1])
            while self._at(";"):
                self._next()
                parameters.append(self._next()[1])
            self._expect(")")
        self._expect(":")
        key = (name, len(parameters))
        holder: list[Filter] = []
        self.functions[key] = lambda arguments: _defined_call(holder, parameters, arguments)
        holder.append(self.pipe())
        self._expect(";")

    def _object(self) -> Filter:
        entries: list[tuple[Filter, Filter]] = []
        while not self._at("}"):
            kind, value = self._next()
            if kind == "variable":
                entries.append((_literal(value[1:]), _variable(value[1:])))
            else:
                if kind == "string":
                    key = self.string()
                elif kind in ("name", "field") and kind == "name":
                    key = _literal(value)
                elif kind == "format" and self._peek()[0] == "string":
                    self._next()
                    key = self.string(value[1:])
                elif kind == "op" and value == "(":
                    key = self.pipe()
                    self._expect(")")
                else:
                    self._unexpected(kind, value)
                if self._at(":"):
                    self._next()
                    entries.append((key, self._object_value()))
                else:
                    entries.append((key, _index_by(key)))
            if not self._at(","):
                break
            self._next()
        self._expect("}")
        return _construct(entries)

    def _object_value(self) -> Filter:
        value = self.alternative()
        while self._at("|"):
            self._next()
            value = _pipe(value, self.alternative())
        return value

    def string(self, format_name: str = "text") -> Filter:
        """A string literal after its opening quote; `\\(f)` interpolates through the format."""
        parts: list[str | Filter] = []
        literal: list[str] = []
        while True:
            if self.pos >= len(self.text):
                raise JqSyntaxError(
                    "syntax error, unexpected $end, expecting QQSTRING_TEXT (Unix shell quoting issues?)"
                )
            char = self.text[self.pos]
            self.pos += 1
            if char == '"':
                break
            if char != "\\":
                literal.append(char)
                continue
            escape = self.text[self.pos : self.pos + 1]
            self.pos += 1
            if escape == "(":
                parts.append("".join(literal))
                literal = []
                parts.append(self.pipe())
                self._expect(")")
            elif escape == "u":
                literal.append(chr(int(self.text[self.pos : self.pos + 4], 16)))
                self.pos += 4
            else:
                literal.append({"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}.get(escape, escape))
        parts.append("".join(literal))
        if len(parts) == 1:
            return _literal(parts[0])
        return _interpolation(parts, format_name)


def compile_filter(text: str) -> Filter:
    return Parser(text).parse()


# -- filter constructors -----------------------------------------------------------------------------


def _identity(value: Json, variables: Variables) -> Iterator[Json]:
    yield value


def _each(value: Json, variables: Variables) -> Iterator[Json]:
    yield from iterate(value)


def _recurse(value: Json, variables: Variables) -> Iterator[Json]:
    yield value
    if isinstance(_plain(value), list | dict):
        for item in iterate(value):
            yield from _recurse(item, variables)


def _literal(constant: Json) -> Filter:
    def run(value: Json, variables: Variables) -> Iterator[Json]:
        yield constant

    return run


def _variable(name: str) -> Filter:
    def run(value: Json, variables: Variables) -> Iterator[Json]:
        if name == "ENV":
            yield variables.get("$ENV", {})
            return
        if name not in variables:
            raise JqSyntaxError(f"${name} is not defined")
        yield variables[name]

    return run


def _field(name: str) -> Filter:
    def run(value: Json, variables: Variables) -> Iterator[Json]:
        yield index(value, name)

    return run


def _index_by(key: Filter) -> Filter:
    def run(value: Json, variables: Variables) -> Iterator[Json]:
        for found in key(value, variables):
            yield index(value, found)

    return run


def _slicer(low: Filter | None, high: Filter | None) -> Filter:
    def run(value: Json, variables: Variables) -> Iterator[Json]:
        for start in low(value, variables) if low else [None]:
            for end in high(value, variables) if high else [None]:
                yield _slice(value, start, end)

    return run


def _pipe(left: Filter, right: Filter) -> Filter:
    def run(value: Json, variables: Variables) -> Iterator[Json]:
        for middle in left(value, variables):
            yield from right(middle, variables)

    return run


def _comma(left: Filter, right: Filter) -> Filter:
    def run(value: Json, variables: Variables) -> Iterator[Json]:
        yield from left(value, variables)
        yield from right(value, variables)

    return run


def _bind(source: Filter, name: str, body: Filter) -> Filter:
    def run(value: Json, variables: Variables) -> Iterator[Json]:
        for bound in source(value, variables):
            yield from body(value, {**variables, name: bound})

    return run


def _alternative(left: Filter, right: Filter) -> Filter:
    def run(value: Json, variables: Variables) -> Iterator[Json]:
        found = False
        try:
            for item in left(value, variables):
                if truthy(item):
                    found = True
                    yield item
        except JqError:
            pass
        if not found:
            yield from right(value, variables)

    return run


def _boolean(left: Filter, right: Filter, *, is_or: bool) -> Filter:
    def run(value: Json, variables: Variables) -> Iterator[Json]:
        for first in left(value, variables):
            if truthy(first) == is_or:
                yield is_or
                continue
            for second in right(value, variables):
                yield truthy(second)

    return run


def _comparison(op: str, left: Filter, right: Filter) -> Filter:
    tests: dict[str, Callable[[int], bool]] = {
        "==": lambda c: c == 0,
        "!=": lambda c: c != 0,
        "<": lambda c: c < 0,
        "<=": lambda c: c <= 0,
        ">": lambda c: c > 0,
        ">=": lambda c: c >= 0,
    }

    def run(value: Json, variables: Variables) -> Iterator[Json]:
        for second in right(value, variables):
            for first in left(value, variables):
                yield tests[op](compare(first, second))

    return run


def _binary(op: str, left: Filter, right: Filter) -> Filter:
    def run(value: Json, variables: Variables) -> Iterator[Json]:
        for second in right(value, variables):
            for first in left(value, variables):
                yield _arithmetic(op, first, second)

    return run


def _collect(inner: Filter) -> Filter:
    def run(value: Json, variables: Variables) -> Iterator[Json]:
        yield list(inner(value, variables))

    return run


def _construct(entries: list[tuple[Filter, Filter]]) -> Filter:
    def run(value: Json, variables: Variables) -> Iterator[Json]:
        results: list[dict[str, Json]] = [{}]
        for key_filter, value_filter in entries:
            grown = []
            for partial in results:
                for key in key_filter(value, variables):
                    if not isinstance(key, str):
                        raise JqError("Object keys must be strings")
                    for item in value_filter(value, variables):
                        grown.append({**partial, key: item})
            results = grown
        yield from results

    return run


def _interpolation(parts: list[str | Filter], format_name: str) -> Filter:
    def run(value: Json, variables: Variables) -> Iterator[Json]:
        texts = [""]
        for part in parts:
            if isinstance(part, str):
                texts = [text + part for text in texts]
            else:
                texts = [
                    text + apply_format(format_name, item)
                    for text in texts
                    for item in part(value, variables)
                ]
        yield from texts

    return run


def _format(name: str) -> Filter:
    def run(value: Json, variables: Variables) -> Iterator[Json]:
        yield apply_format(name, value)

    return run


def _if(condition: Filter, then: Filter, otherwise: Filter) -> Filter:
    def run(value: Json, variables: Variables) -> Iterator[Json]:
        for test in condition(value, variables):
            yield from (then if truthy(test) else otherwise)(value, variables)

    return run


def _try(body: Filter, handler: Filter | None) -> Filter:
    def run(value: Json, variables: Variables) -> Iterator[Json]:
        try:
            yield from body(value, variables)
        except JqError as error:
            if handler is not None:
                yield from handler(error.value, variables)

    return run


def _reduce(source: Filter, name: str, initial: Filter, step: Filter) -> Filter:
    def run(value: Json, variables: Variables) -> Iterator[Json]:
        for state in initial(value, variables):
            for item in source(value, variables):
                outputs = list(step(state, {**variables, name: item}))
                state = outputs[-1] if outputs else None
            yield state

    return run


def _defined_call(holder: list[Filter], parameters: list[str], arguments: list[Filter]) -> Filter:
    def run(value: Json, variables: Variables) -> Iterator[Json]:
        scope = dict(variables)
        for parameter, argument in zip(parameters, arguments, strict=True):
            if parameter.startswith("$"):
                scope[parameter[1:]] = next(iter(argument(value, variables)), None)
        yield from holder[0](value, scope)

    return run


def _update(target: Filter, op: str, source: Filter) -> Filter:
    """`.a = v`, `.a |= f`, `.a += v`: over simple paths (fields, indexes, `.[]`)."""

    def run(value: Json, variables: Variables) -> Iterator[Json]:
        paths = list(_paths(target, value, variables))
        if op == "=":
            for replacement in source(value, variables):
                result = value
                for path in paths:
                    result = _set_path(result, path, replacement)
                yield result
            return
        result = value
        for path in paths:
            old = _get_path(result, path)
            if op == "|=":
                new = next(iter(source(old, variables)), None)
            elif op == "//=":
                new = old if truthy(old) else next(iter(source(value, variables)), None)
            else:
                new = _arithmetic(op[0], old, next(iter(source(value, variables)), None))
            result = _set_path(result, path, new)
        yield result

    return run


def _paths(target: Filter, value: Json, variables: Variables) -> Iterator[list[Json]]:
    """The paths a filter addresses, found by running it over a tracing copy of the value."""
    for traced in target(_Traced(value, []), variables):
        if not isinstance(traced, _Traced):
            raise JqError("Invalid path expression")
        yield traced.path


def _plain(value: Json) -> Json:
    return value.value if isinstance(value, _Traced) else value


class _Traced:
    """A value that remembers its path from the input, for assignment's left-hand side."""

    def __init__(self, value: Json, path: list[Json]) -> None:
        self.value = value
        self.path = path


def _get_path(value: Json, path: list[Json]) -> Json:
    for key in path:
        value = index(value, key)
    return value


def _set_path(value: Json, path: list[Json], new: Json) -> Json:
    if not path:
        return new
    key, rest = path[0], path[1:]
    if isinstance(key, str):
        current = dict(value or {})
        current[key] = _set_path(current.get(key), rest, new)
        return current
    current_list = list(value or [])
    position = int(key) + (len(current_list) if key < 0 else 0)
    current_list.extend([None] * (position + 1 - len(current_list)))
    current_list[position] = _set_path(current_list[position], rest, new)
    return current_list


# -- builtins ----------------------------------------------------------------------------------------


def _first_output(argument: Filter, value: Json, variables: Variables) -> Json:
    return next(iter(argument(value, variables)), None)


def _simple(function: Callable[[Json], Json]) -> Filter:
    def run(value: Json, variables: Variables) -> Iterator[Json]:
        yield function(value)

    return run


def _keys(value: Json, *, sort: bool) -> Json:
    if isinstance(value, dict):
        return sorted(value) if sort else list(value)
    if isinstance(value, list):
        return list(range(len(value)))
    raise JqError(f"{described(value)} has no keys")


def _array_of(value: Json, what: str) -> list[Json]:
    if not isinstance(value, list):
        raise JqError(f"Cannot {what} {described(value)}")
    return value


def _sorted(value: Json) -> Json:
    if not isinstance(value, list):
        raise JqError(f"{described(value)} cannot be sorted, as it is not an array")
    return sorted(value, key=sort_key)


def _add_all(value: Json) -> Json:
    result = None
    for item in iterate(value):
        result = _add(result, item)
    return result


def _to_entries(value: Json) -> Json:
    return (
        [{"key": key, "value": item} for key, item in value.items()]
        if isinstance(value, dict)
        else [{"key": key, "value": item} for key, item in enumerate(iterate(value))]
    )


def _from_entries(value: Json) -> Json:
    result: dict[str, Json] = {}
    for entry in iterate(value):
        key = next((entry[k] for k in ("key", "k", "name", "Name", "Key", "K") if k in entry), None)
        result[key if isinstance(key, str) else dumps(key)] = next(
            (entry[k] for k in ("value", "v", "Value", "V") if k in entry), None
        )
    return result


def _tonumber(value: Json) -> Json:
    if type_name(value) == "number":
        return value
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            raise JqError(f"Cannot parse '{value}' as JSON") from None
        return _number(number)
    raise JqError(f"{described(value)} cannot be parsed as a number")


def _string_function(name: str, value: Json, argument: Json) -> Json:
    if not isinstance(value, str):
        raise JqError(f"{described(value)} cannot be matched, as it is not a string")
    if name == "startswith":
        return isinstance(argument, str) and value.startswith(argument)
    if name == "endswith":
        return isinstance(argument, str) and value.endswith(argument)
    if name == "ltrimstr":
        return value[len(argument) :] if isinstance(argument, str) and value.startswith(argument) else value
    if name == "rtrimstr":
        return (
            value[: -len(argument)]
            if isinstance(argument, str) and argument and value.endswith(argument)
            else value
        )
    if name == "split":
        return value.split(argument) if value else []
    raise AssertionError(name)


def _join(value: Json, separator: Json) -> Json:
    pieces = []
    for item in iterate(value):
        if isinstance(item, list | dict):
            raise JqError(f"Cannot join with {type_name(item)}")
        pieces.append("" if item is None else tostring(item))
    return separator.join(pieces)


def _contains(a: Json, b: Json) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return all(key in a and _contains(a[key], item) for key, item in b.items())
    if isinstance(a, list) and isinstance(b, list):
        return all(any(_contains(x, y) for x in a) for y in b)
    if isinstance(a, str) and isinstance(b, str):
        return b in a
    if type_name(a) == type_name(b):
        return a == b
    raise JqError(f"{described(a)} and {described(b)} cannot have their containment checked")


def _flatten(value: Json, depth: float) -> list[Json]:
    flat: list[Json] = []
    for item in _array_of(value, "flatten"):
        flat.extend(_flatten(item, depth - 1) if isinstance(item, list) and depth > 0 else [item])
    return flat


def _regex(value: Json, pattern: Json, flags: Json) -> re.Match[str] | None:
    if not isinstance(value, str):
        raise JqError(f"{described(value)} cannot be matched, as it is not a string")
    options = re.IGNORECASE if isinstance(flags, str) and "i" in flags else 0
    return re.search(pattern, value, options)


_NO_ARGUMENTS: dict[str, Callable[[Json], Json]] = {
    "length": length,
    "utf8bytelength": lambda v: len(v.encode()),
    "not": lambda v: not truthy(v),
    "keys": lambda v: _keys(v, sort=True),
    "keys_unsorted": lambda v: _keys(v, sort=False),
    "add": _add_all,
    "sort": _sorted,
    "reverse": lambda v: v[::-1] if isinstance(v, list | str) else [],
    "unique": lambda v: [
        item for i, item in enumerate(_sorted(v)) if i == 0 or compare(item, _sorted(v)[i - 1])
    ],
    "min": lambda v: min(_array_of(v, "take the minimum of"), key=sort_key, default=None),
    "max": lambda v: max(_array_of(v, "take the maximum of"), key=sort_key, default=None),
    "to_entries": _to_entries,
    "from_entries": _from_entries,
    "tostring": tostring,
    "tonumber": _tonumber,
    "tojson": dumps,
    "fromjson": lambda v: json.loads(v),
    "type": type_name,
    "ascii_downcase": lambda v: v.lower(),
    "ascii_upcase": lambda v: v.upper(),
    "floor": lambda v: math.floor(v),
    "ceil": lambda v: math.ceil(v),
    "round": lambda v: math.floor(v + 0.5),
    "sqrt": lambda v: _number(math.sqrt(v)),
    "fabs": lambda v: abs(v),
    "first": lambda v: index(v, 0),
    "last": lambda v: index(v, -1),
    "flatten": lambda v: _flatten(v, math.inf),
    "any": lambda v: any(truthy(item) for item in iterate(v)),
    "all": lambda v: all(truthy(item) for item in iterate(v)),
    "ascii": lambda v: chr(v),
    "explode": lambda v: [ord(c) for c in v],
    "implode": lambda v: "".join(chr(c) for c in v),
    "trim": lambda v: v.strip(),
    "ltrim": lambda v: v.lstrip(),
    "rtrim": lambda v: v.rstrip(),
    "infinite": lambda v: math.inf,
    "nan": lambda v: math.nan,
    "now": lambda v: 0,
}

_TYPE_SELECTORS = {
    "values": lambda v: v is not None,
    "nulls": lambda v: v is None,
    "booleans": lambda v: isinstance(v, bool),
    "numbers": lambda v: type_name(v) == "number",
    "strings": lambda v: isinstance(v, str),
    "arrays": lambda v: isinstance(v, list),
    "objects": lambda v: isinstance(v, dict),
    "iterables": lambda v: isinstance(v, list | dict),
    "scalars": lambda v: not isinstance(v, list | dict),
}


def builtin(name: str, arguments: list[Filter]) -> Filter:
    """A builtin by name and arity; an unknown one is jq's compile error."""
    arity = len(arguments)
    if arity == 0:
        if name in _NO_ARGUMENTS:
            return _simple(_NO_ARGUMENTS[name])
        if name in _TYPE_SELECTORS:
            test = _TYPE_SELECTORS[name]
            return lambda value, variables: iter([value] if test(value) else [])
        if name == "empty":
            return lambda value, variables: iter(())
        if name == "error":
            return _raise(_identity)
        if name == "recurse":
            return _recurse
        if name == "paths":
            return lambda value, variables: (
                traced.path for traced in _recurse(_Traced(value, []), variables) if traced.path
            )
        if name == "env":
            return lambda value, variables: iter([variables.get("$ENV", {})])
        if name == "input_filename":
            return lambda value, variables: iter([variables.get("$__filename__")])
    if arity == 1:
        found = _one_argument(name, arguments[0])
        if found is not None:
            return found
    if arity == 2:
        found = _two_arguments(name, arguments[0], arguments[1])
        if found is not None:
            return found
    raise JqSyntaxError(f"{name}/{arity} is not defined")


def _raise(argument: Filter) -> Filter:
    def run(value: Json, variables: Variables) -> Iterator[Json]:
        for message in argument(value, variables):
            raise JqError(message)
        yield from ()

    return run


def _one_argument(name: str, f: Filter) -> Filter | None:
    def each_output(function: Callable[[Json, Json], Json]) -> Filter:
        def run(value: Json, variables: Variables) -> Iterator[Json]:
            for argument in f(value, variables):
                yield function(value, argument)

        return run

    def by_key(function: Callable[[list[Json], Callable[[Json], Json]], Json]) -> Filter:
        def run(value: Json, variables: Variables) -> Iterator[Json]:
            items = _sorted(value) if name.startswith(("sort", "min", "max")) else list(iterate(value))
            yield function(items, lambda item: sort_key([*f(item, variables)]))

        return run

    if name == "select":
        return lambda value, variables: (value for test in f(_plain(value), variables) if truthy(test))
    if name == "map":
        return lambda value, variables: iter([[out for item in iterate(value) for out in f(item, variables)]])
    if name == "map_values":
        return _update(_each, "|=", f)
    if name == "with_entries":
        return _pipe(_simple(_to_entries), _pipe(builtin("map", [f]), _simple(_from_entries)))
    if name in ("has", "contains", "inside", "index", "rindex", "indices"):
        return each_output(_membership(name))
    if name in ("startswith", "endswith", "ltrimstr", "rtrimstr", "split"):
        return each_output(lambda value, argument: _string_function(name, value, argument))
    if name == "join":
        return each_output(_join)
    if name == "flatten":
        return each_output(_flatten)
    if name in ("test", "match", "capture"):
        return each_output(lambda value, pattern: _regex_result(name, value, pattern, None))
    if name == "sort_by":
        return by_key(lambda items, key: sorted(items, key=key))
    if name == "group_by":
        return by_key(_group_by)
    if name == "unique_by":
        return by_key(lambda items, key: [group[0] for group in _group_by(items, key)])
    if name == "min_by":
        return by_key(lambda items, key: min(items, key=key, default=None))
    if name == "max_by":
        return by_key(lambda items, key: max(items, key=key, default=None))
    if name in ("any", "all"):
        test = any if name == "any" else all
        return lambda value, variables: iter(
            [test(truthy(out) for item in iterate(value) for out in f(item, variables))]
        )
    if name in ("first", "last"):

        def pick(value: Json, variables: Variables) -> Iterator[Json]:
            outputs = f(value, variables) if name == "first" else iter(list(f(value, variables))[-1:])
            yield from (item for item, _ in zip(outputs, range(1), strict=False))

        return pick
    if name == "error":
        return _raise(f)
    if name == "range":
        return lambda value, variables: (i for end in f(value, variables) for i in range(math.ceil(end)))
    if name == "recurse":

        def recurse(value: Json, variables: Variables) -> Iterator[Json]:
            yield value
            for child in f(value, variables):
                yield from recurse(child, variables)

        return recurse
    if name == "del":

        def delete(value: Json, variables: Variables) -> Iterator[Json]:
            paths = sorted(_paths(f, value, variables), key=sort_key, reverse=True)
            for path in paths:
                value = _delete_path(value, path)
            yield value

        return delete
    if name == "path":
        return lambda value, variables: (traced for traced in _paths(f, value, variables))
    if name == "splits":
        return lambda value, variables: (
            piece for sep in f(value, variables) for piece in re.split(sep, value)
        )
    return None


def _two_arguments(name: str, f: Filter, g: Filter) -> Filter | None:
    if name == "range":
        return lambda value, variables: (
            i
            for start in f(value, variables)
            for end in g(value, variables)
            for i in range(start, math.ceil(end))
        )
    if name in ("test", "match", "capture", "sub", "gsub") and name not in ("sub", "gsub"):
        return lambda value, variables: (
            _regex_result(name, value, pattern, flags)
            for pattern in f(value, variables)
            for flags in g(value, variables)
        )
    if name in ("sub", "gsub"):

        def substitute(value: Json, variables: Variables) -> Iterator[Json]:
            for pattern in f(value, variables):
                if not isinstance(value, str):
                    raise JqError(f"{described(value)} cannot be matched, as it is not a string")
                for replacement in g(value, variables):
                    yield re.sub(
                        pattern, replacement.replace("\\", "\\\\"), value, count=0 if name == "gsub" else 1
                    )

        return substitute
    if name == "limit":

        def limit(value: Json, variables: Variables) -> Iterator[Json]:
            for count in f(value, variables):
                yield from (item for item, _ in zip(g(value, variables), range(int(count)), strict=False))

        return limit
    return None


def _membership(name: str) -> Callable[[Json, Json], Json]:
    def run(value: Json, argument: Json) -> Json:
        if name == "has":
            if isinstance(value, dict) and isinstance(argument, str):
                return argument in value
            if isinstance(value, list) and type_name(argument) == "number":
                return 0 <= argument < len(value)
            raise JqError(f"Cannot check whether {type_name(value)} has a {type_name(argument)} key")
        if name == "contains":
            return _contains(value, argument)
        if name == "inside":
            return _contains(argument, value)
        if isinstance(value, str) and isinstance(argument, str):
            found = [m.start() for m in re.finditer(f"(?={re.escape(argument)})", value)] if argument else []
        elif isinstance(value, list):
            needle = argument if isinstance(argument, list) else [argument]
            found = [i for i in range(len(value)) if value[i : i + len(needle)] == needle]
        else:
            return None
        if name == "indices":
            return found
        if not found:
            return None
        return found[0] if name == "index" else found[-1]

    return run


def _regex_result(name: str, value: Json, pattern: Json, flags: Json) -> Json:
    match = _regex(value, pattern, flags)
    if name == "test":
        return match is not None
    if match is None:
        if name == "capture":
            return {}
        raise JqError("no match")
    if name == "capture":
        return match.groupdict()
    return {
        "offset": match.start(),
        "length": len(match.group(0)),
        "string": match.group(0),
        "captures": [
            {"offset": match.start(i + 1), "length": len(group or ""), "string": group, "name": None}
            for i, group in enumerate(match.groups())
        ],
    }


def _group_by(items: list[Json], key: Callable[[Json], Json]) -> list[list[Json]]:
    groups: list[list[Json]] = []
    for item in sorted(items, key=key):
        if groups and key(groups[-1][0]) == key(item):
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


def _delete_path(value: Json, path: list[Json]) -> Json:
    if not path:
        return None
    key, rest = path[0], path[1:]
    if isinstance(value, dict) and isinstance(key, str):
        if key not in value:
            return value
        copy = dict(value)
        if rest:
            copy[key] = _delete_path(copy[key], rest)
        else:
            del copy[key]
        return copy
    if isinstance(value, list) and type_name(key) == "number":
        copy_list = list(value)
        if -len(copy_list) <= key < len(copy_list):
            if rest:
                copy_list[key] = _delete_path(copy_list[key], rest)
            else:
                del copy_list[key]
        return copy_list
    return value
