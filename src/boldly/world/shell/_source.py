"""Lexical preparation before parsing: here-documents and line continuations.

tree-sitter-bash attaches a here-document's trailing `| cmd`, `&& cmd` or `; cmd` to the wrong node (or
fails), so bodies are cut out here and each `<<WORD` becomes `< PLACEHOLDER`, an ordinary redirection the
interpreter recognises. Backslash-newline is removed as bash's lexer does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

_PLACEHOLDER = "__boldly_heredoc_{}__"
_DELIMITER_STOP = " \t\n;&|<>()"


@dataclass(frozen=True)
class Heredoc:
    body: str
    quoted: bool
    """A quoted delimiter (`<<'EOF'`) means the body is taken literally."""


@dataclass
class Prepared:
    source: str
    heredocs: dict[str, Heredoc] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Pending:
    key: str
    delimiter: str
    strip_tabs: bool
    quoted: bool


def prepare(text: str, first_index: int = 0) -> Prepared:
    """Cut here-document bodies out of `text`; placeholders are numbered from `first_index`."""
    scanner = _Scanner(text, first_index)
    scanner.run()
    return Prepared("".join(scanner.out), scanner.heredocs, scanner.warnings)


class _Scanner:
    def __init__(self, text: str, first_index: int) -> None:
        self.text = text
        self.i = 0
        self.out: list[str] = []
        self.heredocs: dict[str, Heredoc] = {}
        self.warnings: list[str] = []
        self.pending: list[_Pending] = []
        self.next_index = first_index
        self.arith = 0

    def run(self) -> None:
        text = self.text
        quote = ""
        while self.i < len(text):
            c = text[self.i]
            if quote in ("'", "$'"):
                if quote == "$'" and c == "\\":
                    self._copy(2)
                    continue
                self._copy(1)
                if c == "'":
                    quote = ""
                continue
            if c == "\\":
                if text.startswith("\\\n", self.i):
                    self.i += 2
                else:
                    self._copy(2)
                continue
            if quote == '"':
                self._copy(1)
                if c == '"':
                    quote = ""
                continue
            if c == "'":
                quote = "$'" if self.i > 0 and text[self.i - 1] == "$" else "'"
                self._copy(1)
            elif c == '"':
                quote = '"'
                self._copy(1)
            elif c == "#" and (self.i == 0 or text[self.i - 1] in " \t\n;&|()"):
                end = text.find("\n", self.i)
                self._copy((len(text) if end < 0 else end) - self.i)
            elif c == "(" or c == ")":
                self._paren(c)
            elif c == "<" and text.startswith("<<", self.i) and not self.arith:
                self._heredoc()
            elif c == "\n":
                self._copy(1)
                self._bodies()
            else:
                self._copy(1)
        for pending in self.pending:
            self._finish(pending, [], terminated=False)
        self.pending = []

    def _copy(self, count: int) -> None:
        self.out.append(self.text[self.i : self.i + count])
        self.i += count

    def _paren(self, c: str) -> None:
        """Track `((`...`))` so that `<<` inside arithmetic stays a shift."""
        if c == "(" and not self.arith and self.text.startswith("((", self.i):
            self.arith = 2
            self._copy(2)
            return
        if self.arith:
            self.arith += 1 if c == "(" else -1
        self._copy(1)

    def _heredoc(self) -> None:
        text = self.text
        if text.startswith("<<<", self.i):
            self._copy(3)
            return
        j = self.i + 2
        strip_tabs = j < len(text) and text[j] == "-"
        j += strip_tabs
        while j < len(text) and text[j] in " \t":
            j += 1
        delimiter, quoted, j = _read_delimiter(text, j)
        if not delimiter:
            self._copy(2)
            return
        key = _PLACEHOLDER.format(self.next_index)
        self.next_index += 1
        self.pending.append(_Pending(key, delimiter, strip_tabs, quoted))
        self.out.append(f"< {key}")
        self.i = j

    def _bodies(self) -> None:
        text = self.text
        for pending in self.pending:
            lines: list[str] = []
            terminated = False
            while self.i < len(text):
                end = text.find("\n", self.i)
                end = len(text) if end < 0 else end
                line = text[self.i : end]
                self.i = end + 1
                if pending.strip_tabs:
                    line = line.lstrip("\t")
                if line == pending.delimiter:
                    terminated = True
                    break
                lines.append(line + "\n")
            self._finish(pending, lines, terminated)
        self.pending = []

    def _finish(self, pending: _Pending, lines: list[str], terminated: bool) -> None:
        if not terminated:
            self.warnings.append(
                f"bash: warning: here-document delimited by end-of-file (wanted `{pending.delimiter}')\n"
            )
        self.heredocs[pending.key] = Heredoc("".join(lines), pending.quoted)


def _read_delimiter(text: str, j: int) -> tuple[str, bool, int]:
    """The delimiter word after `<<` with quotes removed, whether any part was quoted, and where it ends."""
    chars: list[str] = []
    quoted = False
    while j < len(text) and text[j] not in _DELIMITER_STOP:
        c = text[j]
        if c in "'\"":
            end = text.find(c, j + 1)
            end = len(text) if end < 0 else end
            chars.append(text[j + 1 : end])
            quoted = True
            j = end + 1
        elif c == "\\" and j + 1 < len(text):
            chars.append(text[j + 1])
            quoted = True
            j += 2
        else:
            chars.append(c)
            j += 1
    return "".join(chars), quoted, j
