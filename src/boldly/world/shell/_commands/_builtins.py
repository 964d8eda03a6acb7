"""Builtins that act on the shell itself: directory, variables, positional parameters, control flow."""

from __future__ import annotations

import re

from boldly.world.shell._commands._registry import command
from boldly.world.shell._flow import ExitSignal, LoopControl, ReturnSignal
from boldly.world.shell._invocation import Invocation
from boldly.world.shell._streams import Descriptors
from boldly.world.shell._test import TestFailure, evaluate

_SHELL_ONLY = {"builtin": True, "directory": None}


def _fail(inv: Invocation, message: str, status: int = 1) -> int:
    inv.err(f"bash: {inv.name}: {message}\n")
    return status


def _descriptors(inv: Invocation) -> Descriptors:
    return Descriptors(inv.stdin, {1: inv.stdout, 2: inv.stderr})


@command("cd", **_SHELL_ONLY)
def cd(inv: Invocation) -> int:
    args = [a for a in inv.args if a not in ("-L", "-P", "--")]
    if len(args) > 1:
        return _fail(inv, "too many arguments")
    session = inv.shell.session
    target = args[0] if args else session.get("HOME") or "/"
    if target == "-":
        target = session.get("OLDPWD") or ""
        if not target:
            return _fail(inv, "OLDPWD not set")
        inv.out(target + "\n")
    return change_dir(inv, target)


def change_dir(inv: Invocation, target: str) -> int:
    """Make `target` the working directory, or say why not as `cd`, `pushd` and `popd` do."""
    session = inv.shell.session
    path = inv.path(target)
    node = inv.files.used_as_directory(path)
    if node is None:
        return _fail(inv, f"{target}: No such file or directory")
    if not node.is_dir:
        return _fail(inv, f"{target}: Not a directory")
    if not inv.world.permits(node, inv.user, 1):
        return _fail(inv, f"{target}: Permission denied")
    session.change_dir(path)
    return 0


@command("pwd", builtin=True, directory="/usr/bin")
def pwd(inv: Invocation) -> int:
    inv.out(inv.cwd + "\n")
    return 0


@command("export", "declare", "typeset", "local", "readonly", **_SHELL_ONLY)
def declare(inv: Invocation) -> int:
    flags = [a for a in inv.args if a[:1] in "-+" and len(a) > 1]
    targets: list[tuple[str, str | None]] = []
    for arg in inv.args:
        if arg not in flags:
            name, has_value, value = arg.partition("=")
            targets.append((name, value if has_value else None))
    return inv.shell.declare(inv.name, flags, targets, _descriptors(inv))


@command("unset", **_SHELL_ONLY)
def unset(inv: Invocation) -> int:
    functions = "-f" in inv.args
    for name in (a for a in inv.args if not a.startswith("-")):
        if functions:
            inv.shell.functions.pop(name, None)
        else:
            inv.shell.session.unset(name)
    return 0


@command("set", **_SHELL_ONLY)
def set_(inv: Invocation) -> int:
    """`-e`/`errexit` and `-o pipefail` take effect for the rest of the command line; other options are
    accepted and ignored; `set -- a b` and `set a b` set the positional parameters."""
    args = inv.args
    if not args:
        variables = inv.shell.session.variables()
        for name in sorted(variables):
            inv.out(f"{name}={_quoted(variables[name])}\n")
        return 0
    positional: list[str] | None = None
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            positional = args[i + 1 :]
            break
        if arg in ("-o", "+o"):
            if i + 1 < len(args):
                _switch(inv.shell.options, args[i + 1], on=arg == "-o")
            i += 2
            continue
        if arg[:1] not in "-+":
            positional = args[i:]
            break
        for letter in arg[1:]:
            if letter in _LETTER_OPTIONS:
                _switch(inv.shell.options, _LETTER_OPTIONS[letter], on=arg[0] == "-")
        i += 1
    if positional is not None:
        inv.shell.positional = positional
    return 0


_LETTER_OPTIONS = {"e": "errexit", "u": "nounset", "C": "noclobber", "x": "xtrace"}


def _switch(options: set[str], name: str, *, on: bool) -> None:
    if on:
        options.add(name)
    else:
        options.discard(name)


def _quoted(value: str) -> str:
    return value if re.fullmatch(r"[A-Za-z0-9_./:@%+=-]*", value) else "'" + value.replace("'", "'\\''") + "'"


@command("shift", **_SHELL_ONLY)
def shift(inv: Invocation) -> int:
    count = int(inv.args[0]) if inv.args and inv.args[0].isdigit() else 1
    if count > len(inv.shell.positional):
        return 1
    inv.shell.positional = inv.shell.positional[count:]
    return 0


@command("read", **_SHELL_ONLY)
def read(inv: Invocation) -> int:
    raw = False
    delimiter = "\n"
    array: str | None = None
    names: list[str] = []
    args = list(inv.args)
    while args and args[0].startswith("-") and len(args[0]) > 1 and not names:
        letters = args.pop(0)[1:]
        while letters:
            letter, letters = letters[0], letters[1:]
            if letter == "r":
                raw = True
            elif letter in "ptunNaid":
                value = letters or (args.pop(0) if args else "")
                letters = ""
                if letter == "a":
                    array = value
                elif letter == "d":
                    delimiter = value[:1] or "\0"
    names = args or ([] if array else ["REPLY"])
    line, complete = _read_record(inv, delimiter, raw)
    inv.shell.reads[-1].update(inv.stdin.sources)
    ifs = inv.env.get("IFS", inv.shell.variable("IFS") or " \t\n")
    if array is not None:
        inv.shell.assign_array(array, _all_fields(line or "", ifs))
    if line is None:
        for name in names:
            inv.shell.assign(name, "")
        return 1
    for name, value in zip(names, _split_fields(line, ifs, len(names)) if names else [], strict=True):
        inv.shell.assign(name, value)
    return 0 if complete else 1


def _all_fields(line: str, ifs: str) -> list[str]:
    """Every field of a line, as `read -a` splits it."""
    white = "".join(c for c in ifs if c in " \t\n")
    line = line.strip(white) if white else line
    if not line:
        return []
    fields = re.split("[" + re.escape(ifs) + "]", line) if ifs else [line]
    return [field for field in fields if field or not white]


@command("mapfile", "readarray", **_SHELL_ONLY)
def mapfile(inv: Invocation) -> int:
    """Lines of stdin into an indexed array (`-t` drops each line's newline)."""
    strip = False
    args = list(inv.args)
    while args and args[0].startswith("-") and len(args[0]) > 1:
        flags = args.pop(0)[1:]
        strip = strip or "t" in flags
        if flags[-1:] in ("d", "n", "O", "s", "u", "C", "c") and args:
            args.pop(0)
    lines = inv.stdin.read_all().splitlines(keepends=True)
    inv.shell.reads[-1].update(inv.stdin.sources)
    inv.shell.assign_array(
        args[0] if args else "MAPFILE", [line.rstrip("\n") if strip else line for line in lines]
    )
    return 0


def _read_record(inv: Invocation, delimiter: str, raw: bool) -> tuple[str | None, bool]:
    """One record from stdin (line continuations joined unless -r); whether it ended with the delimiter."""
    parts: list[str] = []
    while True:
        if delimiter == "\n":
            chunk = inv.stdin.read_line()
        else:
            rest = inv.stdin.text[inv.stdin.pos :]
            end = rest.find(delimiter)
            chunk = None if not rest else rest[: end + 1] if end >= 0 else rest
            inv.stdin.pos += len(chunk or "")
        if chunk is None:
            return ("".join(parts) if parts else None), False
        complete = chunk.endswith(delimiter)
        text = chunk[:-1] if complete else chunk
        if not raw and text.endswith("\\") and complete and delimiter == "\n":
            parts.append(text[:-1])
            continue
        parts.append(text if raw else re.sub(r"\\(.)", r"\1", text))
        return "".join(parts), complete


def _split_fields(line: str, ifs: str, count: int) -> list[str]:
    white = "".join(c for c in ifs if c in " \t\n")
    line = line.strip(white) if white else line
    fields: list[str] = []
    rest = line
    while len(fields) < count - 1 and rest:
        match = re.search("[" + re.escape(ifs) + "]", rest) if ifs else None
        if match is None:
            break
        fields.append(rest[: match.start()])
        rest = rest[match.end() :].lstrip(white) if white else rest[match.end() :]
    fields.append(rest.rstrip(white) if white else rest)
    return fields + [""] * (count - len(fields))


@command("history", **_SHELL_ONLY)
def history(inv: Invocation) -> int:
    entries = inv.world.state.shell_history
    if inv.args[:1] == ["-c"]:
        entries.clear()
        return 0
    start = 0
    if inv.args and inv.args[0].isdigit():
        start = max(len(entries) - int(inv.args[0]), 0)
    for number, entry in enumerate(entries[start:], start=start + 1):
        inv.out(f"{number:5d}  {entry}\n")
    return 0


def _status_argument(inv: Invocation) -> int:
    if not inv.args:
        return inv.shell.status
    if not re.fullmatch(r"-?\d+", inv.args[0]):
        _fail(inv, f"{inv.args[0]}: numeric argument required")
        return 2
    return int(inv.args[0]) & 0xFF


@command("exit", "logout", **_SHELL_ONLY)
def exit_(inv: Invocation) -> int:
    raise ExitSignal(_status_argument(inv))


@command("return", **_SHELL_ONLY)
def return_(inv: Invocation) -> int:
    if not inv.shell.local_frames and inv.shell.depth == 0:
        _fail(inv, "can only `return' from a function or sourced script")
        return 2
    raise ReturnSignal(_status_argument(inv))


@command("break", "continue", **_SHELL_ONLY)
def loop_control(inv: Invocation) -> int:
    if not inv.shell.loops:
        return _fail(inv, "only meaningful in a `for', `while', or `until' loop", 0)
    levels = int(inv.args[0]) if inv.args and inv.args[0].isdigit() and int(inv.args[0]) > 0 else 1
    raise LoopControl(inv.name, min(levels, inv.shell.loops))


@command("true", builtin=True)
def true(inv: Invocation) -> int:
    return 0


@command(":", **_SHELL_ONLY)
def colon(inv: Invocation) -> int:
    return 0


@command("false", builtin=True)
def false(inv: Invocation) -> int:
    return 1


@command("test", "[", builtin=True)
def test(inv: Invocation) -> int:
    args = list(inv.args)
    if inv.name == "[":
        if not args or args[-1] != "]":
            return _fail(inv, "missing `]'", 2)
        args = args[:-1]
    try:
        return 0 if evaluate(args, inv) else 1
    except TestFailure as error:
        return _fail(inv, str(error), 2)


@command("let", **_SHELL_ONLY)
def let(inv: Invocation) -> int:
    value = 0
    for expression in inv.args:
        value = inv.shell.arithmetic_text(expression)
    return 0 if value else 1


@command("alias", "unalias", "trap", "wait", "hash", "jobs", "disown", "ulimit", "umask", **_SHELL_ONLY)
def quiet(inv: Invocation) -> int:
    """Settings a one-shot shell has no use for: accepted, and answered as a fresh bash would."""
    if inv.name == "umask" and not inv.args:
        inv.out("0022\n")
    elif inv.name == "ulimit":
        inv.out("unlimited\n")
    return 0


@command("fg", "bg", **_SHELL_ONLY)
def job_control(inv: Invocation) -> int:
    return _fail(inv, "no job control")


_SHOPT_NAMES = ("nullglob", "failglob", "dotglob", "nocaseglob", "extglob", "globstar", "expand_aliases")


@command("shopt", **_SHELL_ONLY)
def shopt(inv: Invocation) -> int:
    """Shell options by name: `nullglob` and `failglob` change what a pattern with no match becomes; the
    others are remembered and shown."""
    flags = "".join(arg[1:] for arg in inv.args if arg.startswith("-"))
    names = [arg for arg in inv.args if not arg.startswith("-")] or list(_SHOPT_NAMES)
    unknown = [name for name in names if name not in _SHOPT_NAMES]
    for name in unknown:
        _fail(inv, f"{name}: invalid shell option name")
    if unknown:
        return 1
    options = inv.shell.options
    if "s" in flags or "u" in flags:
        for name in names:
            _switch(options, name, on="s" in flags)
        return 0
    if "q" not in flags:
        inv.out("".join(f"{name:<15}\t{'on' if name in options else 'off'}\n" for name in names))
    return 0 if all(name in options for name in names) else 1
