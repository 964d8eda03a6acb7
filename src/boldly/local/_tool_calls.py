"""Tool calls in a small model's free text: `<tool_call>` tags, fenced JSON blocks, or bare JSON objects.

Small instruct models often answer a tool call in one of three shapes instead of the one their chat template
asks for, so llama.cpp's own parser finds no call. `parse_reply` reads all three (a call object, or a list
of them; `arguments` as an object or as a JSON string) and never raises: text holding no call-shaped JSON is
a plain answer.

Outside `<tool_call>` tags an object counts as a call only if it has a `name` and an `arguments` (or
`parameters`) key and nothing but call keys, so JSON the model shows as data stays text; or, when the request
offered tools, if its `name` is an offered tool and every other key is one of that tool's parameters (the
flattened shape small models also write: `{"name": "send_email", "to": [...], "subject": ...}`).

Strings may hold raw line breaks and tabs (small models write them unescaped). Small models also stop
writing a call one or two closing brackets short: when the model ended its answer on its own (not cut off at
the token limit), a call missing nothing but closing brackets at the end of its span is completed; a call cut
off inside a string, or whose brackets close wrongly, stays text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

_TAGGED = re.compile(r"<tool_call>(.*?)(?:</tool_call>|\Z)", re.DOTALL)
_FENCED = re.compile(r"```[^\n`]*\n?(.*?)(?:```|\Z)", re.DOTALL)
_CALL_KEYS = frozenset({"name", "arguments", "parameters", "type", "id"})
_CLOSERS = {"{": "}", "[": "]"}
_OPENING = re.compile(r"[\[{]")
_DECODER = json.JSONDecoder(strict=False)
"""Lenient only about raw control characters (a line break written as is) inside strings."""


@dataclass(frozen=True)
class ParsedToolCall:
    """One call the model asked for. `parse_error` says why its arguments could not be read."""

    name: str
    arguments: dict[str, Any] = field(default_factory=dict)
    id: str | None = None
    parse_error: str | None = None


_Found = tuple[int, int, list[ParsedToolCall]]
"""A span of the text and the calls written in it."""

OfferedTools = Mapping[str, frozenset[str]]
"""The tools a request offered: each name with its parameters' names."""


@dataclass(frozen=True)
class ParsedReply:
    """The model's answer: its text with the calls taken out, and the calls in the order written."""

    text: str
    calls: tuple[ParsedToolCall, ...] = ()


def parse_reply(text: str, offered: OfferedTools | None = None, *, ended: bool = False) -> ParsedReply:
    """Split a model's answer into plain text and the tool calls written in it (tags, fences or bare JSON).

    `offered` (the request's tools and their parameters) lets a flattened call to one of them count outside
    tags too. `ended`: the model stopped on its own, so a call short of its closing brackets is completed.
    """
    found: list[_Found] = []
    for pattern, strict in ((_TAGGED, False), (_FENCED, True)):
        for match in pattern.finditer(text):
            if not _overlaps(match.span(), found):
                scanned = _scan(match.group(1), strict=strict, offered=offered, ended=ended)
                calls = [call for _, _, calls in scanned for call in calls]
                if calls:
                    found.append((match.start(), match.end(), calls))
    for start, end in _gaps(len(text), found):
        found.extend(
            (start + offset, start + stop, calls)
            for offset, stop, calls in _scan(text[start:end], strict=True, offered=offered, ended=ended)
        )
    found.sort(key=lambda span: span[0])
    kept, position = [], 0
    for start, end, _ in found:
        kept.append(text[position:start])
        position = end
    kept.append(text[position:])
    return ParsedReply(
        text="\n".join(piece.strip() for piece in kept if piece.strip()),
        calls=tuple(call for _, _, calls in found for call in calls),
    )


def call_from_object(
    value: Any, *, strict: bool = True, offered: OfferedTools | None = None
) -> ParsedToolCall | None:
    """The call `value` describes (`{"name", "arguments"}`, or OpenAI's `{"function": {...}}`), else None.

    With `strict`, the object must name its arguments and hold nothing but call keys, unless it names an
    `offered` tool and its other keys are all that tool's parameters; without `strict` (inside `<tool_call>`
    tags), keys other than the call's own are taken as its arguments.
    """
    if not isinstance(value, dict):
        return None
    if isinstance(value.get("function"), dict) and set(value) <= {"function", "type", "id"}:
        inner = call_from_object(value["function"], strict=False)
        return inner and ParsedToolCall(
            inner.name, inner.arguments, _id(value) or inner.id, inner.parse_error
        )
    name = value.get("name")
    if not isinstance(name, str) or not name.strip():
        return None
    key = "arguments" if "arguments" in value else "parameters"
    if key in value:
        if strict and not set(value) <= _CALL_KEYS:
            return None
        arguments, error = _arguments(value[key])
        return ParsedToolCall(name.strip(), arguments, _id(value), error)
    flattened = {key: item for key, item in value.items() if key not in _CALL_KEYS}
    if strict and not (
        offered is not None and name.strip() in offered and set(flattened) <= offered[name.strip()]
    ):
        return None
    return ParsedToolCall(name.strip(), flattened, _id(value))


def _arguments(raw: Any) -> tuple[dict[str, Any], str | None]:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return {}, None
    if isinstance(raw, str):
        try:
            raw = _DECODER.decode(raw)
        except (ValueError, RecursionError):
            return {}, f"arguments are not valid JSON: {raw!r}"
    if isinstance(raw, dict):
        return raw, None
    return {}, f"arguments must be a JSON object, not {type(raw).__name__}"


def _id(value: dict[str, Any]) -> str | None:
    identifier = value.get("id")
    return identifier if isinstance(identifier, str) and identifier else None


def _calls_in(value: Any, strict: bool, offered: OfferedTools | None) -> list[ParsedToolCall]:
    if isinstance(value, list):
        calls = [call_from_object(item, strict=strict, offered=offered) for item in value]
        return [call for call in calls if call] if value and all(calls) else []
    call = call_from_object(value, strict=strict, offered=offered)
    return [call] if call else []


def _scan(text: str, *, strict: bool, offered: OfferedTools | None, ended: bool) -> Iterator[_Found]:
    """Each JSON object or array in `text` that is a call (or a list of calls), with its span."""
    position = 0
    while opening := _OPENING.search(text, position):
        start = opening.start()
        try:
            value, end = _DECODER.raw_decode(text, start)
        except ValueError:
            completed = _completed(text, start) if ended else None
            if completed is None:
                position = start + 1
                continue
            value, end = completed
        except RecursionError:
            position = _after_nesting(text, start)
            continue
        calls = _calls_in(value, strict, offered)
        if calls:
            yield start, end, calls
        position = end


def _completed(text: str, start: int) -> tuple[Any, int] | None:
    """The JSON value from `start` to the end of `text` with its missing closing brackets added, if that is
    all it lacks, and the end of `text`."""
    fragment = text[start:]
    if '"name"' not in fragment:  # every call shape has one; skips the scan for braces in prose or code
        return None
    closers = _missing_closers(fragment)
    if closers is None:
        return None
    try:
        value, end = _DECODER.raw_decode(fragment + closers)
    except (ValueError, RecursionError):
        return None
    return (value, len(text)) if end == len(text) - start + len(closers) else None


def _missing_closers(fragment: str) -> str | None:
    """The brackets that would close `fragment` (which starts at an opening bracket), or None when it ends
    inside a string, closes a bracket wrongly, or closes its first bracket before its end."""
    expected: list[str] = []
    in_string = escaped = False
    for char in fragment:
        if in_string:
            escaped, in_string = (False, True) if escaped else (char == "\\", char != '"')
        elif char == '"':
            in_string = True
        elif char in _CLOSERS:
            expected.append(_CLOSERS[char])
        elif char in "}]" and (not expected or expected.pop() != char or not expected):
            return None
    return None if in_string or not expected else "".join(reversed(expected))


def _after_nesting(text: str, start: int) -> int:
    """Past the run of brackets that nested too deeply to decode (each later one would too)."""
    position = start
    while position < len(text) and text[position] in "[{ \t\r\n":
        position += 1
    return position


def _overlaps(span: tuple[int, int], found: list[_Found]) -> bool:
    return any(span[0] < end and start < span[1] for start, end, _ in found)


def _gaps(length: int, found: list[_Found]) -> list[tuple[int, int]]:
    gaps, position = [], 0
    for start, end, _ in sorted(found, key=lambda span: span[0]):
        gaps.append((position, start))
        position = end
    gaps.append((position, length))
    return [(start, end) for start, end in gaps if end > start]
