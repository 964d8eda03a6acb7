"""sort as GNU does it in the C locale: keys (`-k2,2nr`, `-t,`) with their own modifiers, numeric, general,
human and version orders, a whole-line last resort unless `-s`, `-u` on keys, and `-c`."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from boldly.world._errors import WorldError
from boldly.world.shell._commands._registry import command
from boldly.world.shell._invocation import FileProblem, Invocation
from boldly.world.shell._options import Spec

_ORDERINGS = "bdfgiMhnRrV"
_KEY = re.compile(r"^(\d+)(?:\.(\d+))?([bdfgiMhnRrV]*)(?:,(\d+)(?:\.(\d+))?([bdfgiMhnRrV]*))?$")
_NUMBER = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+))")
_HUMAN = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+))([KMGTPEZY]?)")
_FLOAT = re.compile(r"^\s*([-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|inf|nan))", re.I)


@dataclass(frozen=True)
class Key:
    start_field: int
    start_char: int
    end_field: int | None
    end_char: int
    modifiers: str


def _parse_key(text: str, defaults: str) -> Key:
    match = _KEY.match(text)
    if match is None:
        raise ValueError(f"invalid number at field start: invalid count at start of '{text}'")
    if int(match.group(1)) == 0:
        raise ValueError(f"field number is zero: invalid field specification '{text}'")
    modifiers = (match.group(3) or "") + (match.group(6) or "")
    return Key(
        start_field=int(match.group(1)),
        start_char=int(match.group(2) or 1),
        end_field=int(match.group(4)) if match.group(4) else None,
        end_char=int(match.group(5) or 0),
        modifiers=modifiers or defaults,
    )


def _fields(line: str, separator: str | None) -> list[tuple[int, int]]:
    """Each field's span; without -t a field is its leading blanks and the non-blanks after them."""
    if separator is not None:
        spans, start = [], 0
        for index, char in enumerate(line):
            if char == separator:
                spans.append((start, index))
                start = index + 1
        spans.append((start, len(line)))
        return spans
    return [(m.start(), m.end()) for m in re.finditer(r"[ \t]*[^ \t]+", line)] or [(0, len(line))]


def _extract(line: str, key: Key, separator: str | None) -> str:
    spans = _fields(line, separator)
    if key.start_field > len(spans):
        return ""
    begin = spans[key.start_field - 1][0]
    if "b" in key.modifiers:
        while begin < len(line) and line[begin] in " \t":
            begin += 1
    begin += key.start_char - 1
    if key.end_field is None or key.end_field > len(spans):
        end = len(line)
    elif key.end_char:
        field_start = spans[key.end_field - 1][0]
        end = min(field_start + key.end_char, spans[key.end_field - 1][1])
    else:
        end = spans[key.end_field - 1][1]
    return line[begin:end] if end > begin else ""


def _number(text: str) -> float:
    match = _NUMBER.match(text)
    return float(match.group(1)) if match else 0.0


def _human(text: str) -> float:
    match = _HUMAN.match(text)
    if match is None:
        return 0.0
    scale = 1024 ** ("KMGTPEZY".index(match.group(2)) + 1) if match.group(2) else 1
    return float(match.group(1)) * scale


def _general(text: str) -> tuple[int, float]:
    match = _FLOAT.match(text)
    if match is None:
        return (0, 0.0)  # not a number sorts before every number
    value = float(match.group(1))
    return (1, value) if value == value else (0, 0.0)


def _version(text: str) -> list[tuple[int, int | str]]:
    """Digit runs compare as numbers, the text between them by character."""
    return [(1, int(part)) if part.isdigit() else (0, part) for part in re.findall(r"\d+|\D+", text)]


def _compare(a: object, b: object) -> int:
    return (a > b) - (a < b)  # type: ignore[operator]


def _comparer(modifiers: str) -> Callable[[str, str], int]:
    def prepared(text: str) -> str:
        if "d" in modifiers:
            text = "".join(c for c in text if c.isalnum() or c in " \t")
        if "i" in modifiers:
            text = "".join(c for c in text if " " <= c <= "~")
        if "f" in modifiers:
            text = text.upper()
        return text

    def compare(a: str, b: str) -> int:
        a, b = prepared(a), prepared(b)
        if "n" in modifiers:
            result = _compare(_number(a), _number(b))
        elif "h" in modifiers:
            result = _compare(_human(a), _human(b))
        elif "g" in modifiers:
            result = _compare(_general(a), _general(b))
        elif "V" in modifiers:
            result = _compare(_version(a), _version(b))
        else:
            result = _compare(a.encode("utf-8", "surrogatepass"), b.encode("utf-8", "surrogatepass"))
        return -result if "r" in modifiers else result

    return compare


@command("sort")
def sort(inv: Invocation) -> int:
    options = inv.options(
        Spec(
            flags="bcCdfghiMnrRsuVz",
            valued="kotST",
            long={
                "ignore-leading-blanks": "b",
                "check": "c",
                "dictionary-order": "d",
                "ignore-case": "f",
                "general-numeric-sort": "g",
                "human-numeric-sort": "h",
                "numeric-sort": "n",
                "reverse": "r",
                "stable": "s",
                "unique": "u",
                "version-sort": "V",
                "key": "k",
                "output": "o",
                "field-separator": "t",
                "buffer-size": "S",
            },
        )
    )
    separator = options.value("t")
    if separator is not None and len(separator) != 1:
        return inv.fail(f"multi-character tab '{separator}'", 2)
    defaults = "".join(key for key, _ in options.items if key in _ORDERINGS)
    try:
        keys = [_parse_key(text, defaults) for text in options.values("k")]
    except ValueError as problem:
        return inv.fail(str(problem), 2)
    text, status = _read_all(inv, options.operands)
    lines = text.splitlines()
    comparers = [(key, _comparer(key.modifiers)) for key in keys]
    whole = _comparer(defaults)
    last_resort = not (options.has("s") or options.has("u"))
    reverse = "r" in defaults

    def by_keys(a: str, b: str) -> int:
        if not comparers:
            return whole(a, b)
        for key, compare in comparers:
            result = compare(_extract(a, key, separator), _extract(b, key, separator))
            if result:
                return result
        return 0

    def ordering(a: str, b: str) -> int:
        result = by_keys(a, b)
        if result or not last_resort:
            return result
        plain = _compare(a.encode("utf-8", "surrogatepass"), b.encode("utf-8", "surrogatepass"))
        return -plain if reverse else plain

    if options.has("c") or options.has("C"):
        name = options.operands[0] if options.operands else "-"
        strict = options.has("u")
        return _check(
            inv, lines, by_keys if strict else ordering, name, quiet=options.has("C"), strict=strict
        )
    ordered = sorted(lines, key=functools.cmp_to_key(ordering))
    if options.has("u"):
        unique: list[str] = []
        for line in ordered:
            if not unique or by_keys(unique[-1], line):
                unique.append(line)
        ordered = unique
    result = "".join(line + "\n" for line in ordered)
    output = options.value("o")
    if output is None:
        inv.out(result)
        return status
    try:
        inv.write(output, result)
    except WorldError as error:
        return inv.fail(f"open failed: {output}: {inv.reason(error)}", 2)
    return status


def _check(
    inv: Invocation,
    lines: list[str],
    ordering: Callable[[str, str], int],
    name: str,
    *,
    quiet: bool,
    strict: bool,
) -> int:
    """`-c`: report the first line out of order (with `-u`, also the first repeated key)."""
    for number in range(1, len(lines)):
        result = ordering(lines[number - 1], lines[number])
        if result > 0 or (strict and result == 0):
            if not quiet:
                inv.err(f"sort: {name}:{number + 1}: disorder: {lines[number]}\n")
            return 1
    return 0


def _read_all(inv: Invocation, operands: list[str]) -> tuple[str, int]:
    parts: list[str] = []
    status = 0
    for operand in operands or ["-"]:
        try:
            text = inv.read(operand)
        except FileProblem as problem:
            inv.err(f"sort: cannot read: {operand}: {problem.reason}\n")
            status = 2
            continue
        parts.append(text if not text or text.endswith("\n") else text + "\n")
    return "".join(parts), status
