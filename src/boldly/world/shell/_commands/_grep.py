"""grep: POSIX basic and extended patterns translated to Python regexes, over files, trees and pipes."""

from __future__ import annotations

import fnmatch
import posixpath
import re
from dataclasses import dataclass, field

from boldly.world._errors import WorldError
from boldly.world.shell._commands._registry import command
from boldly.world.shell._invocation import FileProblem, Invocation
from boldly.world.shell._options import Options, Spec, count

_CLASSES = {
    "alpha": "a-zA-Z",
    "digit": "0-9",
    "alnum": "a-zA-Z0-9",
    "upper": "A-Z",
    "lower": "a-z",
    "space": r" \t\n\r\f\v",
    "blank": r" \t",
    "punct": r"!-/:-@\[-`{-~",
    "xdigit": "0-9A-Fa-f",
    "word": r"\w",
    "cntrl": r"\x00-\x1f\x7f",
    "print": r"\x20-\x7e",
    "graph": r"\x21-\x7e",
}
_SPEC = Spec(
    flags="ivclLnhHrRsEFGPwxoqaIUzZbT",
    valued="efmABCd",
    long={
        "ignore-case": "i",
        "invert-match": "v",
        "count": "c",
        "files-with-matches": "l",
        "files-without-match": "L",
        "line-number": "n",
        "no-filename": "h",
        "with-filename": "H",
        "recursive": "r",
        "dereference-recursive": "R",
        "no-messages": "s",
        "extended-regexp": "E",
        "fixed-strings": "F",
        "basic-regexp": "G",
        "perl-regexp": "P",
        "word-regexp": "w",
        "line-regexp": "x",
        "only-matching": "o",
        "quiet": "q",
        "silent": "q",
        "text": "a",
        "regexp": "e",
        "file": "f",
        "max-count": "m",
        "after-context": "A",
        "before-context": "B",
        "context": "C",
        "include": "include",
        "exclude": "exclude",
        "exclude-dir": "exclude-dir",
        "color": "color",
        "colour": "color",
        "line-buffered": "line-buffered",
        "null": "Z",
    },
    long_valued=frozenset({"include", "exclude", "exclude-dir"}),
)


def _bracket(pattern: str, start: int) -> tuple[str, int]:
    """A POSIX bracket expression at `start` as a Python character class, and where it ends."""
    i = start + 1
    out = ["["]
    if i < len(pattern) and pattern[i] == "^":
        out.append("^")
        i += 1
    first = True
    while i < len(pattern):
        c = pattern[i]
        if c == "]" and not first:
            out.append("]")
            return "".join(out), i + 1
        match = re.match(r"\[:(\w+):\]", pattern[i:])
        if match and match.group(1) in _CLASSES:
            out.append(_CLASSES[match.group(1)])
            i += match.end()
        else:
            out.append("\\" + c if c in "\\[]^" else c)
            i += 1
        first = False
    raise re.error("unterminated character set")


def translate(pattern: str, extended: bool, *, sed_escapes: bool = False) -> str:
    """A grep pattern (BRE, or ERE when `extended`) as a Python regex; GNU sed also reads `\t` and `\n`
    as a tab and a newline."""
    out: list[str] = []
    i = 0
    specials = "(){}|+?"
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            n = pattern[i + 1]
            if n in specials:
                out.append(re.escape(n) if extended else n)
            elif n in "<>":
                out.append(r"\b")
            elif n in "wWsSbB" or n.isdigit() or (sed_escapes and n in "tn"):
                out.append("\\" + n)
            else:
                out.append(re.escape(n))
            i += 2
            continue
        if c == "[":
            text, i = _bracket(pattern, i)
            out.append(text)
            continue
        if c in specials:
            out.append(c if extended else "\\" + c)
        elif c == "*" and (not out or out[-1] in ("^", "(", "|")):
            out.append(r"\*")
        else:
            out.append(c)
        i += 1
    return "".join(out)


def _grep_error(error: re.error) -> str:
    text = str(error)
    if "missing )" in text:
        return "Unmatched ( or \\("
    if "unbalanced parenthesis" in text:
        return "Unmatched ) or \\)"
    if "character set" in text:
        return "Unmatched [, [^, [:, [., or [="
    return "Invalid regular expression"


@dataclass
class _Search:
    inv: Invocation
    options: Options
    regex: re.Pattern[str]
    show_names: bool
    status: int = 1
    errors: bool = False
    quiet_hit: bool = False
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    exclude_dirs: list[str] = field(default_factory=list)

    def matches(self, line: str) -> bool:
        found = self.regex.search(line) is not None
        return found != self.options.has("v")

    def report(self, message: str) -> None:
        self.errors = True
        if not self.options.has("s"):
            self.inv.err(f"grep: {message}\n")

    def file(self, shown: str, text: str) -> None:
        options = self.options
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        limit = count(options.value("m"), "max count") or None
        hits = [i for i, line in enumerate(lines) if self.matches(line)][:limit]
        if hits:
            self.status = 0
        if options.has("q"):
            return
        if options.has("l") or options.has("L"):
            if bool(hits) == options.has("l"):
                self.inv.out(shown + "\n")
            return
        prefix = f"{shown}:" if self.show_names else ""
        if options.has("c"):
            self.inv.out(f"{prefix}{len(hits)}\n")
            return
        if "\0" in text and not options.has("a"):
            if hits:
                self.inv.out(f"Binary file {shown} matches\n")
            return
        self._lines(shown, lines, hits)

    def _lines(self, shown: str, lines: list[str], hits: list[int]) -> None:
        options = self.options
        context = count(options.value("C"), "context length argument")
        after = count(options.value("A"), "context length argument", context)
        before = count(options.value("B"), "context length argument", context)
        shown_lines: list[int] = []
        for hit in hits:
            shown_lines.extend(range(max(hit - before, 0), min(hit + after, len(lines) - 1) + 1))
        chosen = sorted(set(shown_lines))
        hit_set = set(hits)
        previous = None
        out: list[str] = []
        for index in chosen:
            if previous is not None and index != previous + 1 and (before or after):
                out.append("--\n")
            previous = index
            separator = ":" if index in hit_set else "-"
            head = f"{shown}{separator}" if self.show_names else ""
            if options.has("n"):
                head += f"{index + 1}{separator}"
            line = lines[index]
            if options.has("o") and index in hit_set and not options.has("v"):
                out.extend(f"{head}{_shown(m)}\n" for m in self.regex.finditer(line) if _shown(m))
            else:
                out.append(f"{head}{line}\n")
        self.inv.out("".join(out))

    def tree(self, path: str, shown: str) -> None:
        """Search every file under `path` (a directory), in name order, through `World.list_dir`."""
        try:
            children = self.inv.world.list_dir(path, self.inv.user)
        except WorldError:
            self.report(f"{shown}: Permission denied")
            return
        for child in children:
            name = posixpath.basename(child.path)
            child_shown = name if shown == "" else posixpath.join(shown, name)
            if child.is_dir:
                if not any(fnmatch.fnmatchcase(name, g) for g in self.exclude_dirs):
                    self.tree(child.path, child_shown)
                continue
            if self.include and not any(fnmatch.fnmatchcase(name, g) for g in self.include):
                continue
            if any(fnmatch.fnmatchcase(name, g) for g in self.exclude):
                continue
            self.operand(child.path, child_shown)

    def operand(self, operand: str, shown: str) -> None:
        node = self.inv.lookup(operand) if operand != "-" else None
        if node is not None and node.is_dir:
            if self.options.has("r") or self.options.has("R"):
                self.tree(node.path, shown)
            else:
                self.report(f"{shown}: Is a directory")
            return
        try:
            text = self.inv.read(operand)
        except FileProblem as problem:
            self.report(f"{shown}: {problem.reason}")
            return
        self.file("(standard input)" if operand == "-" else shown, text)


@command("grep", "egrep", "fgrep")
def grep(inv: Invocation) -> int:
    args = [f"-C{a[1:]}" if re.fullmatch(r"-\d+", a) else a for a in inv.args]
    args = [a for a in args if not a.startswith("--color") and not a.startswith("--colour")]
    options = inv.options(_SPEC, args)
    operands = list(options.operands)
    patterns = options.values("e")
    for pattern_file in options.values("f"):
        try:
            patterns.extend(inv.read(pattern_file).splitlines())
        except FileProblem as problem:
            return inv.fail(f"{pattern_file}: {problem.reason}", 2)
    if not patterns and not options.has("f"):
        if not operands:
            inv.err("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n")
            return 2
        patterns = operands.pop(0).split("\n")
    fixed = options.has("F") or inv.name == "fgrep"
    extended = options.has("E") or options.has("P") or inv.name == "egrep"
    try:
        parts = [
            re.escape(p) if fixed else _perl(p) if options.has("P") else translate(p, extended)
            for p in patterns
        ]
        joined = "|".join(f"(?:{p})" for p in parts) if parts else "(?!)"
        if options.has("w"):
            joined = rf"(?<!\w)(?:{joined})(?!\w)"
        if options.has("x"):
            joined = rf"^(?:{joined})$"
        regex = re.compile(joined, re.I if options.has("i") else 0)
    except re.error as error:
        return inv.fail(_grep_error(error), 2)
    recursive = options.has("r") or options.has("R")
    implicit_tree = recursive and not operands
    if not operands:
        operands = ["."] if recursive else ["-"]
    show_names = ((len(operands) > 1 or recursive) and not options.has("h")) or options.has("H")
    search = _Search(
        inv,
        options,
        regex,
        show_names,
        include=options.values("include"),
        exclude=options.values("exclude"),
        exclude_dirs=options.values("exclude-dir"),
    )
    for operand in operands:
        if implicit_tree:
            search.tree(inv.path("."), "")
        else:
            search.operand(operand, operand)
    if options.has("q") and search.status == 0:
        return 0
    return 2 if search.errors else search.status


_KEEP = "kept_by_K"


def _perl(pattern: str) -> str:
    """A Perl regex as Python's `re` reads it: named groups spelled `(?P<…>`, and `\\K` (forget what
    matched so far) as a group `-o` prints instead of the whole match."""
    pattern = re.sub(r"(?<!\\)\(\?<(?=[A-Za-z_])", "(?P<", pattern)
    head, keep, tail = pattern.partition("\\K")
    return f"(?:{head})(?P<{_KEEP}>{tail})" if keep else pattern


def _shown(match: re.Match[str]) -> str:
    """What `-o` prints of a match: after a `\\K`, only the part that follows it."""
    return match.group(_KEEP) if _KEEP in match.re.groupindex else match.group()
