"""sed: the common subset (addresses, ranges, s y p d q = a i c and blocks), with -n, -e, -E and -i.

`-i` rewrites each file through `World.write_file`, so an in-place edit is recorded as an overwrite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from boldly.world._errors import WorldError
from boldly.world.shell._commands._grep import translate
from boldly.world.shell._commands._registry import command
from boldly.world.shell._invocation import FileProblem, Invocation


class SedError(Exception):
    """A script sed cannot compile; printed as `sed: -e expression #1, char N: <message>`."""


@dataclass
class _Address:
    line: int | None = None
    last: bool = False
    regex: re.Pattern[str] | None = None
    step: int = 0

    def matches(self, number: int, text: str, is_last: bool) -> bool:
        if self.regex is not None:
            return self.regex.search(text) is not None
        if self.last:
            return is_last
        if self.step and self.line is not None:
            return number >= self.line and (number - self.line) % self.step == 0
        return number == self.line


@dataclass
class _Command:
    name: str
    first: _Address | None = None
    second: _Address | None = None
    negate: bool = False
    text: str = ""
    regex: re.Pattern[str] | None = None
    replacement: str = ""
    count: int = 1
    everywhere: bool = False
    print_after: bool = False
    table: dict[int, str] = field(default_factory=dict)
    block: list[_Command] = field(default_factory=list)
    active: bool = False

    def selects(self, number: int, text: str, is_last: bool) -> bool:
        if self.first is None:
            chosen = True
        elif self.second is None:
            chosen = self.first.matches(number, text, is_last)
        elif self.active:
            chosen = True
            self.active = not self._range_ends(number, text, is_last)
        else:
            chosen = self.first.matches(number, text, is_last)
            second = self.second
            closes_at_once = second.regex is None and not second.last and (second.line or 0) <= number
            self.active = chosen and not closes_at_once
        return chosen != self.negate

    def _range_ends(self, number: int, text: str, is_last: bool) -> bool:
        second = self.second
        assert second is not None
        if second.regex is not None:
            return second.regex.search(text) is not None
        if second.last:
            return is_last
        return number >= (second.line or 0)


class _Parser:
    def __init__(self, script: str, extended: bool) -> None:
        self.last_regex: re.Pattern[str] | None = None
        self.script = script
        self.i = 0
        self.extended = extended

    def fail(self, message: str) -> SedError:
        return SedError(f"-e expression #1, char {self.i}: {message}")

    def _peek(self) -> str:
        return self.script[self.i] if self.i < len(self.script) else ""

    def _skip(self, characters: str = " \t") -> None:
        while self._peek() and self._peek() in characters:
            self.i += 1

    def commands(self, closing: str = "") -> list[_Command]:
        found: list[_Command] = []
        while True:
            self._skip(" \t\n;")
            if not self._peek():
                if closing:
                    raise self.fail("unmatched `{'")
                return found
            if self._peek() == "}":
                if not closing:
                    raise self.fail("unexpected `}'")
                self.i += 1
                return found
            found.append(self._command())

    def _command(self) -> _Command:
        first = self._address()
        second = None
        if first is not None and self._peek() == ",":
            self.i += 1
            second = self._address()
            if second is None:
                raise self.fail("unexpected `,'")
        self._skip()
        negate = self._peek() == "!"
        if negate:
            self.i += 1
            self._skip()
        name = self._peek()
        if not name:
            raise self.fail("missing command")
        self.i += 1
        cmd = _Command(name, first, second, negate)
        # `0,/re/`: the range is open before the first line, so /re/ may close it on line 1
        cmd.active = first is not None and first.line == 0 and second is not None and second.regex is not None
        if name == "{":
            cmd.block = self.commands("}")
        elif name == "s":
            self._substitution(cmd)
        elif name == "y":
            self._transliteration(cmd)
        elif name in "aic":
            self._skip()
            if self._peek() == "\\":
                self.i += 1
                self._skip(" \t\n")
            end = self.script.find("\n", self.i)
            end = len(self.script) if end < 0 else end
            cmd.text = self.script[self.i : end].replace("\\n", "\n")
            self.i = end
        elif name in "qQ":
            self._skip()
            digits = re.match(r"\d*", self.script[self.i :])
            cmd.count = int(digits.group() or 0) if digits else 0
            self.i += len(digits.group()) if digits else 0
        elif name in ":btT":
            self._skip()
            label = re.match(r"[^;\n}]*", self.script[self.i :])
            cmd.text = label.group().strip() if label else ""
            self.i += len(label.group()) if label else 0
            if name == ":" and not cmd.text:
                raise self.fail('":" lacks a label')
        elif name not in "pPdDn=lNhHgGx":
            raise self.fail(f"unknown command: `{name}'")
        return cmd

    def _address(self) -> _Address | None:
        c = self._peek()
        if c.isdigit():
            match = re.match(r"(\d+)(?:~(\d+))?", self.script[self.i :])
            assert match is not None
            self.i += match.end()
            return _Address(line=int(match.group(1)), step=int(match.group(2) or 0))
        if c == "$":
            self.i += 1
            return _Address(last=True)
        if c in ("/", "\\"):
            if c == "\\":
                self.i += 1
            delimiter = self._peek()
            self.i += 1
            pattern = self._until(delimiter)
            flags = 0
            if self._peek() == "I":
                flags = re.I
                self.i += 1
            return _Address(regex=self._compile(pattern, flags))
        return None

    def _until(self, delimiter: str, what: str = "address regex") -> str:
        out: list[str] = []
        while True:
            c = self._peek()
            if not c:
                raise self.fail(f"unterminated {what}")
            self.i += 1
            if c == "\\" and self._peek():
                nxt = self._peek()
                self.i += 1
                out.append(nxt if nxt == delimiter else "\\" + nxt)
                continue
            if c == delimiter:
                return "".join(out)
            out.append(c)

    def _compile(self, pattern: str, flags: int = 0) -> re.Pattern[str]:
        """An empty pattern is the last one used (`0,/re/s//x/`)."""
        if not pattern and self.last_regex is not None:
            return self.last_regex
        try:
            self.last_regex = re.compile(translate(pattern, self.extended, sed_escapes=True), flags)
        except re.error as error:
            raise self.fail(str(error)) from error
        return self.last_regex

    def _substitution(self, cmd: _Command) -> None:
        delimiter = self._peek()
        if not delimiter or delimiter in "\n\\":
            raise self.fail("unterminated `s' command")
        self.i += 1
        pattern = self._until(delimiter, "`s' command")
        cmd.replacement = self._until(delimiter, "`s' command")
        flags = 0
        while self._peek() and self._peek() in "gpiIm0123456789":
            flag = self._peek()
            self.i += 1
            if flag == "g":
                cmd.everywhere = True
            elif flag == "p":
                cmd.print_after = True
            elif flag in "iI":
                flags |= re.I
            elif flag.isdigit():
                cmd.count = int(flag) if cmd.count == 1 else cmd.count * 10 + int(flag)
        cmd.regex = self._compile(pattern, flags)

    def _transliteration(self, cmd: _Command) -> None:
        delimiter = self._peek()
        self.i += 1
        source = self._until(delimiter, "`y' command").replace("\\n", "\n")
        target = self._until(delimiter, "`y' command").replace("\\n", "\n")
        if len(source) != len(target):
            raise self.fail("strings for `y' command are different lengths")
        cmd.table = {ord(a): b for a, b in zip(source, target, strict=True)}


def _expand_replacement(template: str, match: re.Match[str]) -> str:
    """`&`, `\\1`..`\\9`, `\\n`, `\\t`, and GNU's case conversions `\\U` `\\L` (until `\\E`), `\\u` `\\l`."""
    out: list[str] = []
    mode = ""
    once = ""

    def emit(text: str) -> None:
        nonlocal once
        if not text:
            return
        if mode:
            text = text.upper() if mode == "U" else text.lower()
        if once:
            text = (text[0].upper() if once == "u" else text[0].lower()) + text[1:]
            once = ""
        out.append(text)

    i = 0
    while i < len(template):
        c = template[i]
        if c == "\\" and i + 1 < len(template):
            nxt = template[i + 1]
            i += 2
            if nxt.isdigit():
                emit(match.group(int(nxt)) or "" if int(nxt) <= (match.re.groups or 0) else "")
            elif nxt in "UL":
                mode = nxt
            elif nxt == "E":
                mode = ""
            elif nxt in "ul":
                once = nxt
            else:
                emit({"n": "\n", "t": "\t", "&": "&", "\\": "\\"}.get(nxt, nxt))
            continue
        emit(match.group(0) if c == "&" else c)
        i += 1
    return "".join(out)


def _substitute(cmd: _Command, text: str) -> tuple[str, bool]:
    assert cmd.regex is not None
    seen = 0
    changed = False

    def replace(match: re.Match[str]) -> str:
        nonlocal seen, changed
        seen += 1
        if seen == cmd.count or (cmd.everywhere and seen >= cmd.count):
            changed = True
            return _expand_replacement(cmd.replacement, match)
        return match.group(0)

    return cmd.regex.sub(replace, text), changed


class _Run:
    def __init__(self, commands: list[_Command], quiet: bool) -> None:
        self.commands = commands
        self.quiet = quiet
        self.out: list[str] = []
        self.stopped = False
        self.space = ""
        self.appended: list[str] = []
        self.input: list[str] = []
        self.index = 0
        self.hold = ""
        self.substituted = False

    def lines(self, lines: list[str]) -> None:
        self.input, self.index = lines, 0
        while self.index < len(lines) and not self.stopped:
            self.space = lines[self.index]
            self.appended = []
            self.substituted = False
            deleted = self._block(self.commands, self.index + 1, self.index == len(lines) - 1)
            if not deleted and not self.quiet:
                self.out.append(self.space + "\n")
            self.out.extend(self.appended)
            self.index += 1

    def _block(self, commands: list[_Command], number: int, is_last: bool) -> bool:
        """Run commands on the pattern space; True when the cycle ended without the auto-print.

        Branches (`b`, `t`, `T`) jump to a label in the same block, or end the cycle."""
        position = 0
        while position < len(commands):
            cmd = commands[position]
            position += 1
            if self.stopped:
                return True
            is_last = self.index == len(self.input) - 1
            if not cmd.selects(number, self.space, is_last):
                continue
            name = cmd.name
            if name in "btT":
                taken = name == "b" or (self.substituted == (name == "t"))
                if name != "b":
                    self.substituted = False
                if taken:
                    labels = [i for i, c in enumerate(commands) if c.name == ":" and c.text == cmd.text]
                    if not cmd.text or not labels:
                        return False
                    position = labels[0]
                continue
            if name == "{":
                if self._block(cmd.block, number, is_last):
                    return True
            elif name == "s":
                self.space, changed = _substitute(cmd, self.space)
                self.substituted = self.substituted or changed
                if changed and cmd.print_after:
                    self.out.append(self.space + "\n")
            elif name == "y":
                self.space = self.space.translate(cmd.table)
            elif name in "pP":
                self.out.append((self.space if name == "p" else self.space.split("\n")[0]) + "\n")
            elif name in "dD":
                return True
            elif name == "=":
                self.out.append(f"{number}\n")
            elif name == "l":
                self.out.append(_unambiguous(self.space))
            elif name == "a":
                self.appended.append(cmd.text + "\n")
            elif name == "i":
                self.out.append(cmd.text + "\n")
            elif name == "c":
                if cmd.second is None or not cmd.active:
                    self.out.append(cmd.text + "\n")
                return True
            elif name == "q":
                self.stopped = True
                return False
            elif name == "Q":
                self.stopped = True
                return True
            elif name == "n":
                if not self.quiet:
                    self.out.append(self.space + "\n")
                if self.index + 1 >= len(self.input):
                    self.stopped = True
                    return True
                self.index += 1
                self.space = self.input[self.index]
                number += 1
            elif name == "N":
                if self.index + 1 >= len(self.input):
                    return False
                self.index += 1
                self.space += "\n" + self.input[self.index]
                number += 1
            elif name == "h":
                self.hold = self.space
            elif name == "H":
                self.hold += "\n" + self.space
            elif name == "g":
                self.space = self.hold
            elif name == "G":
                self.space += "\n" + self.hold
            elif name == "x":
                self.space, self.hold = self.hold, self.space
        return False


_ESCAPED = {
    "\\": "\\\\",
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
}


def _unambiguous(space: str, width: int = 70) -> str:
    """sed's `l`: escapes and octal for what does not print, lines folded with `\\` before `width`,
    and `$` at the end."""
    pieces = [
        _ESCAPED.get(char)
        or (
            char
            if " " <= char <= "~"
            else "".join(f"\\{b:03o}" for b in char.encode("utf-8", "surrogateescape"))
        )
        for char in space
    ]
    lines: list[str] = []
    current = ""
    for piece in pieces:
        if len(current) + len(piece) > width - 1:
            lines.append(current + "\\\n")
            current = ""
        current += piece
    return "".join(lines) + current + "$\n"


@command("sed")
def sed(inv: Invocation) -> int:
    args = list(inv.args)
    scripts: list[str] = []
    files: list[str] = []
    quiet = extended = False
    in_place: str | None = None
    while args:
        arg = args.pop(0)
        if arg in ("-n", "--quiet", "--silent"):
            quiet = True
        elif arg in ("-E", "-r", "--regexp-extended"):
            extended = True
        elif arg in ("-e", "--expression") and args:
            scripts.append(args.pop(0))
        elif arg in ("-f", "--file") and args:
            try:
                scripts.append(inv.read(args.pop(0)))
            except FileProblem as problem:
                return inv.fail(f"couldn't open file: {problem.reason}")
        elif arg.startswith("-i") or arg.startswith("--in-place"):
            in_place = arg.split("=", 1)[1] if "=" in arg else arg[2:]
        elif arg in ("-s", "-u", "-z", "--posix", "--debug"):
            continue
        elif arg.startswith("-") and len(arg) > 1 and set(arg[1:]) <= set("nEris"):
            quiet = quiet or "n" in arg
            extended = extended or bool({"E", "r"} & set(arg))
            in_place = "" if "i" in arg else in_place
        else:
            files.append(arg)
    if not scripts:
        if not files:
            inv.err("Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n")
            return 1
        scripts.append(files.pop(0))
    try:
        commands = _Parser("\n".join(scripts), extended).commands()
    except SedError as error:
        return inv.fail(str(error))
    if in_place is not None:
        return _in_place(inv, commands, quiet, files, in_place)
    texts: list[str] = []
    status = 0
    for operand in files or ["-"]:
        try:
            texts.append(inv.read(operand))
        except FileProblem as problem:
            unreadable = problem.reason == "Is a directory"
            doing = "read error on" if unreadable else "can't read"
            inv.fail(f"{doing} {operand}: {problem.reason}")
            status = max(status, 4 if unreadable else 2)
    run = _Run(commands, quiet)
    run.lines("".join(t if t.endswith("\n") or not t else t + "\n" for t in texts).splitlines())
    inv.out("".join(run.out))
    return status


def _in_place(inv: Invocation, commands: list[_Command], quiet: bool, files: list[str], suffix: str) -> int:
    if not files:
        return inv.fail("no input files")
    status = 0
    for operand in files:
        try:
            text = inv.read(operand)
        except FileProblem as problem:
            inv.err(f"sed: can't read {operand}: {problem.reason}\n")
            status = 2
            continue
        run = _Run(commands, quiet)
        run.lines(text.splitlines())
        try:
            if suffix:
                inv.write(operand + suffix, text)
            inv.write(operand, "".join(run.out))
        except WorldError as error:
            inv.err(f"sed: couldn't open temporary file {operand}: {inv.reason(error)}\n")
            status = 4
    return status
