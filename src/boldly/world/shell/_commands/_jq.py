"""jq: the JSON processor agents reach for to read configs and API answers, over the virtual files.

The language lives in `_jq_lang`; this module is the command: options, reading JSON texts from files or
standard input, printing results, and jq 1.6's messages and exit statuses.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from boldly.world.shell._commands._registry import command
from boldly.world.shell._invocation import FileProblem, Invocation
from boldly.world.shell._jq_lang import JqError, JqSyntaxError, Json, compile_filter, dumps, truthy

_FLAGS = {
    "r": "raw",
    "j": "join",
    "c": "compact",
    "n": "null_input",
    "e": "exit_status",
    "s": "slurp",
    "S": "sort_keys",
    "a": "ascii",
    "R": "raw_input",
    "M": "",
    "C": "",
}
_LONG = {
    "raw-output": "r",
    "join-output": "j",
    "compact-output": "c",
    "null-input": "n",
    "exit-status": "e",
    "slurp": "s",
    "sort-keys": "S",
    "ascii-output": "a",
    "raw-input": "R",
    "monochrome-output": "M",
    "color-output": "C",
}


@dataclass
class _Settings:
    flags: set[str] = field(default_factory=set)
    indent: int | None = 2
    variables: dict[str, Json] = field(default_factory=dict)
    program: str | None = None
    files: list[str] = field(default_factory=list)


_HELP = (
    "Use jq --help for help with command-line options,\n"
    "or see the jq manpage, or online docs  at https://stedolan.github.io/jq\n"
)


class _BadUsage(Exception):
    pass


def _settings(args: list[str]) -> _Settings:
    """jq's options may take two values (`--arg name value`), so they are read here rather than by Spec."""
    settings = _Settings()
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg in ("--arg", "--argjson"):
            if i + 1 >= len(args):
                raise _BadUsage(f"{arg} takes two parameters (e.g. {arg} varname value)")
            name, text = args[i], args[i + 1]
            i += 2
            try:
                settings.variables[name] = text if arg == "--arg" else json.loads(text)
            except json.JSONDecodeError:
                raise _BadUsage("Invalid JSON text passed to --argjson") from None
        elif arg == "--tab":
            settings.indent = -1
        elif arg == "--indent":
            settings.indent = int(args[i]) if i < len(args) and args[i].isdigit() else 2
            i += 1
        elif arg.startswith("--") and arg[2:] in _LONG:
            settings.flags.add(_FLAGS[_LONG[arg[2:]]])
        elif arg.startswith("-") and len(arg) > 1 and all(letter in _FLAGS for letter in arg[1:]):
            settings.flags.update(_FLAGS[letter] for letter in arg[1:])
        elif arg.startswith("-") and len(arg) > 1:
            raise _BadUsage(f"Unknown option: {arg}")
        elif settings.program is None:
            settings.program = arg
        else:
            settings.files.append(arg)
    return settings


def _json_texts(text: str, name: str) -> list[tuple[Json, str]]:
    """Every JSON value in a text, each with where jq says it was read (`name:line`)."""
    decoder = json.JSONDecoder()
    values: list[tuple[Json, str]] = []
    position = 0
    while True:
        while position < len(text) and text[position] in " \t\r\n":
            position += 1
        if position >= len(text):
            return values
        try:
            value, end = decoder.raw_decode(text, position)
        except json.JSONDecodeError:
            raise _InputError(_parse_error(text, position)) from None
        values.append((value, f"{name}:{text.count(chr(10), 0, end) + 1}"))
        position = end


class _InputError(Exception):
    pass


def _parse_error(text: str, position: int) -> str:
    """jq's message for input that is not JSON, for the common case of a bare word."""
    word = re.match(r"[^\s\[\]{}:,\"]+", text[position:])
    end = position + (len(word.group(0)) if word else 1)
    line = text.count("\n", 0, end) + 1
    column = end - (text.rfind("\n", 0, end) + 1) + 1
    if text[end : end + 1] == "\n":  # jq has read the newline that ended the word
        line, column = line + 1, 0
    kind = "Invalid numeric literal" if word else "Invalid literal"
    return f"parse error: {kind} at line {line}, column {column}"


def _render(value: Json, settings: _Settings) -> str:
    if ("raw" in settings.flags and isinstance(value, str)) or (
        "join" in settings.flags and isinstance(value, str)
    ):
        return value
    indent = None if "compact" in settings.flags else settings.indent
    text = dumps(
        value,
        indent=1 if indent == -1 else indent,
        sort_keys="sort_keys" in settings.flags,
        ascii_only="ascii" in settings.flags,
    )
    return text.replace("\n ", "\n\t") if indent == -1 else text


@command("jq")
def jq(inv: Invocation) -> int:
    try:
        settings = _settings(inv.args)
    except _BadUsage as problem:
        inv.err(f"jq: {problem}\n{_HELP}")
        return 2
    if settings.program is None:
        inv.err("Usage:\tjq [OPTIONS] FILTER [FILES...]\n")
        return 2
    try:
        program = compile_filter(settings.program)
    except JqSyntaxError as error:
        inv.err(f"jq: error: {error} at <top-level>, line 1:\n{settings.program}\njq: 1 compile error\n")
        return 3
    inputs, status = _inputs(inv, settings)
    environment = {**settings.variables, "$ENV": dict(inv.env)}
    last: Json = None
    produced = False
    out: list[str] = []
    for value, where in inputs:
        try:
            for result in program(value, environment):
                produced, last = True, result
                out.append(_render(result, settings) + ("" if "join" in settings.flags else "\n"))
        except JqError as error:
            inv.out("".join(out))
            out = []
            message = error.value if isinstance(error.value, str) else f"{dumps(error.value)} (not a string)"
            inv.err(f"jq: error (at {where}): {message}\n")
            status = 5
        except JqSyntaxError as error:
            inv.err(f"jq: error: {error} at <top-level>, line 1:\n{settings.program}\njq: 1 compile error\n")
            return 3
        except (TypeError, ValueError, RecursionError, OverflowError):
            inv.out("".join(out))
            out = []
            inv.err(f"jq: error (at {where}): cannot apply this filter to {dumps(value)[:11]}\n")
            status = 5
    inv.out("".join(out))
    if status or "exit_status" not in settings.flags:
        return status
    if not produced:
        return 4
    return 0 if truthy(last) else 1


def _inputs(inv: Invocation, settings: _Settings) -> tuple[list[tuple[Json, str]], int]:
    """The values the filter runs on, and the exit status so far (2 after an unreadable input)."""
    values: list[tuple[Json, str]] = []
    status = 0
    if "null_input" in settings.flags:
        return [(None, "<unknown>")], 0
    for name in settings.files or ["-"]:
        shown = "<stdin>" if name == "-" else name
        try:
            text = inv.read(name)
        except FileProblem as problem:
            inv.err(f"jq: error: Could not open file {name}: {problem.reason}\n")
            status = 2
            continue
        if "raw_input" in settings.flags:
            lines = text.splitlines()
            values.extend((line, f"{shown}:{n}") for n, line in enumerate(lines, 1))
            continue
        try:
            values.extend(_json_texts(text, shown))
        except _InputError as problem:
            inv.err(f"{problem}\n")
            return values, 4
    if "slurp" in settings.flags:
        return [([value for value, _ in values], "<unknown>")], status
    return values, status
