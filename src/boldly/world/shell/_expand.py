"""Word expansion over the syntax tree: quotes, parameters, command substitution, braces, splitting, globs.

A word expands to pieces of text, each marked LITERAL (unquoted source text: globbed, not split), SPLIT
(an unquoted expansion: split on IFS and globbed) or QUOTED (neither). Fields follow from the marks, so
`"$f"*.txt` globs on the star but never on the characters `$f` expanded to. A list expansion (`"$@"`,
`"${arr[@]}"`) adds two more marks: LISTED, an empty piece saying one was here (so `"$@"` with no arguments
is no field at all), and BREAK between its elements (a field boundary even inside quotes).
"""

from __future__ import annotations

import fnmatch
import itertools
import posixpath
import re
from dataclasses import dataclass
from typing import Protocol

from tree_sitter import Node

from boldly.world.shell._arith import ArithmeticFailure
from boldly.world.shell._escapes import decode
from boldly.world.shell._limits import MAX_FIELDS, ShellAbort, check_size
from boldly.world.shell._syntax import parse, text_of

LITERAL, SPLIT, QUOTED, LISTED, BREAK = 0, 1, 2, 3, 4
Piece = tuple[str, int]

EXPANSIONS = {"simple_expansion", "expansion", "command_substitution", "arithmetic_expansion"}
_GLOB_CHARS = re.compile(r"[*?\[]")
_RANGE = re.compile(r"^(-?\d+)\.\.(-?\d+)(?:\.\.(-?\d+))?$|^([a-zA-Z])\.\.([a-zA-Z])(?:\.\.(-?\d+))?$")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class ExpansionError(Exception):
    """An expansion that fails the command (a bad substitution); message is bash's."""


class FatalExpansion(Exception):
    """An expansion error that ends the shell, as in a non-interactive bash: `${x:?}`, an unset variable
    under `set -u`, an arithmetic error in `$((…))`. The message follows `bash: `."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Listed:
    """The values of `$@`, `$*`, `${arr[@]}` or `${arr[*]}`: separate fields, or (`*` in quotes) one."""

    values: list[str]
    star: bool


class ExpansionHost(Protocol):
    """What expansion needs from the interpreter."""

    positional: list[str]
    script_name: str
    options: set[str]

    def elements(self, name: str) -> list[tuple[str, str]]: ...

    def associative(self, name: str) -> bool: ...

    @property
    def cwd(self) -> str: ...

    def variable(self, name: str) -> str | None: ...

    def variable_names(self) -> list[str]: ...

    def assign(self, name: str, value: str) -> None: ...

    def substitute(self, node: Node) -> str: ...

    def process_substitution(self, node: Node) -> str: ...

    def arithmetic(self, node: Node) -> int: ...

    def arithmetic_text(self, text: str) -> int: ...

    def home_of(self, user: str) -> str | None: ...

    def glob(self, pattern: str) -> list[str]: ...


class Expander:
    def __init__(self, host: ExpansionHost) -> None:
        self.host = host

    # -- entry points ------------------------------------------------------------------------------

    def fields(self, node: Node) -> list[str]:
        """Full expansion of one argument: braces, parameters, substitutions, splitting, globbing."""
        result: list[str] = []
        for variant in _braces(_merge(self.pieces(node, quoted=False, first=True))):
            for field in _split(variant, self._ifs()):
                result.extend(self._glob(field))
                if len(result) > MAX_FIELDS:
                    raise ShellAbort("bash: xmalloc: cannot allocate memory\n", 2)
        return result

    def word(self, node: Node) -> str:
        """Expansion without splitting or globbing (assignments, redirection targets, here-strings)."""
        return check_size("".join(text for text, _ in self.pieces(node, quoted=False, first=True)))

    def pattern(self, node: Node) -> str:
        """A `case` or `[[ == ]]` pattern: quoted characters match themselves."""
        return "".join(
            _escape_glob(text) if kind == QUOTED else text
            for text, kind in self.pieces(node, quoted=False, first=True)
        )

    def heredoc(self, body: str) -> str:
        """An unquoted here-document: parameters and substitutions expand, quotes are ordinary characters."""
        out: list[str] = []
        i = 0
        while i < len(body):
            c = body[i]
            if c == "\\" and i + 1 < len(body) and body[i + 1] in "$`\\\n":
                out.append("" if body[i + 1] == "\n" else body[i + 1])
                i += 2
                continue
            if c in "$`":
                end = _expansion_end(body, i)
                if end > i + 1:
                    out.append(self._segment(body[i:end]))
                    i = end
                    continue
            out.append(c)
            i += 1
        return check_size("".join(out))

    def _segment(self, segment: str) -> str:
        root = parse(": " + segment)
        command = root.named_children[0] if root.named_children else None
        arguments = command.children_by_field_name("argument") if command is not None else []
        if root.has_error or len(arguments) != 1:
            return segment
        return "".join(text for text, _ in self.pieces(arguments[0], quoted=True, first=False))

    # -- pieces --------------------------------------------------------------------------------------

    def pieces(self, node: Node, *, quoted: bool, first: bool) -> list[Piece]:
        kind = node.type
        mark = QUOTED if quoted else SPLIT
        if kind == "word":
            return self._word(text_of(node), quoted=quoted, first=first)
        if kind in ("string", "translated_string"):
            return self._double_quoted(node)
        if kind == "raw_string":
            return [(text_of(node)[1:-1], QUOTED)]
        if kind == "ansi_c_string":
            return [(decode(text_of(node)[2:-1], style="ansi")[0], QUOTED)]
        if kind == "concatenation":
            pieces: list[Piece] = []
            for index, child in enumerate(node.children):
                pieces.extend(self.pieces(child, quoted=quoted, first=first and index == 0))
            return pieces
        if kind == "command_name":
            return self.pieces(node.children[0], quoted=quoted, first=first) if node.children else []
        if kind == "simple_expansion":
            name = text_of(node.children[-1]) if node.children else ""
            if name in ("@", "*"):
                return self._listed(Listed(list(self.host.positional), name == "*"), quoted=quoted)
            return [(self._set_variable(name) or "", mark)]
        if kind == "expansion":
            value = self._parameter(node)
            if isinstance(value, Listed):
                return self._listed(value, quoted=quoted)
            return [(value, mark)]
        if kind == "command_substitution":
            return [(self.host.substitute(node), mark)]
        if kind == "arithmetic_expansion":
            try:
                return [(str(self.host.arithmetic(node)), mark)]
            except ArithmeticFailure as failure:
                raise FatalExpansion(str(failure), 1) from failure
        if kind == "process_substitution":
            return [(self.host.process_substitution(node), QUOTED)]
        return [(text_of(node), QUOTED if quoted else LITERAL)]

    def _listed(self, listed: Listed, *, quoted: bool) -> list[Piece]:
        if quoted and listed.star:
            return [(self._ifs()[:1].join(listed.values), QUOTED)]
        mark = QUOTED if quoted else SPLIT
        pieces: list[Piece] = [("", LISTED)]
        for index, value in enumerate(listed.values):
            if index:
                pieces.append((" ", BREAK))
            pieces.append((value, mark))
        return pieces

    def _word(self, text: str, *, quoted: bool, first: bool) -> list[Piece]:
        pieces: list[Piece] = []
        if first and not quoted and text.startswith("~"):
            end = text.find("/")
            end = len(text) if end < 0 else end
            home = self._tilde(text[1:end])
            if home is not None:
                pieces.append((home, QUOTED))
                text = text[end:]
        literal: list[str] = []
        i = 0
        while i < len(text):
            c = text[i]
            if c == "\\" and i + 1 < len(text):
                if quoted:
                    literal.append(text[i + 1] if text[i + 1] in '$`"\\' else text[i : i + 2])
                else:
                    pieces.append(("".join(literal), LITERAL))
                    literal = []
                    pieces.append((text[i + 1], QUOTED))
                i += 2
                continue
            literal.append(c)
            i += 1
        pieces.append(("".join(literal), QUOTED if quoted else LITERAL))
        return [p for p in pieces if p[0] or p[1] == QUOTED]

    def _tilde(self, name: str) -> str | None:
        if name == "":
            return self.host.variable("HOME")
        if name == "+":
            return self.host.cwd
        if name == "-":
            return self.host.variable("OLDPWD")
        return self.host.home_of(name)

    def _double_quoted(self, node: Node) -> list[Piece]:
        children = node.children
        start = children[0].end_byte if children else node.start_byte
        # the closing quote's token may start at blanks before it (`"$i "`): only its last byte is the quote
        end = children[-1].end_byte - 1 if len(children) > 1 and children[-1].type == '"' else node.end_byte
        raw = node.text or b""
        base = node.start_byte
        gaps: list[Piece] = [("", QUOTED)]
        pieces: list[Piece] = list(gaps)
        position = start
        for child in children:
            if child.type not in EXPANSIONS:
                continue
            gap = raw[position - base : _start(child) - base].decode("utf-8", "surrogatepass")
            gaps.append((_unescape_double(gap), QUOTED))
            pieces.append(gaps[-1])
            pieces.extend(self.pieces(child, quoted=True, first=False))
            position = child.end_byte
        gap = raw[position - base : end - base].decode("utf-8", "surrogatepass")
        gaps.append((_unescape_double(gap), QUOTED))
        pieces.append(gaps[-1])
        if any(kind == LISTED for _, kind in pieces):
            # the string's own empty text must not make a field of an empty list: "$@" with no arguments
            empty = {id(piece) for piece in gaps if not piece[0]}
            pieces = [piece for piece in pieces if id(piece) not in empty]
        return pieces

    def _region(self, node: Node, start: int, end: int) -> str:
        """The text of `node` between two byte offsets, with the expansions inside it expanded."""
        raw = node.text or b""
        base = node.start_byte
        out: list[str] = []
        position = start
        for child in node.children:
            if child.start_byte < start or child.end_byte > end:
                continue
            # an expansion's node may swallow the blanks before it; any other node's text is all its own
            cut = _start(child) if child.type in EXPANSIONS else child.start_byte
            out.append(raw[position - base : cut - base].decode("utf-8", "surrogatepass"))
            out.extend(text for text, _ in self.pieces(child, quoted=True, first=False))
            position = child.end_byte
        out.append(raw[position - base : end - base].decode("utf-8", "surrogatepass"))
        return "".join(out)

    # -- ${...} --------------------------------------------------------------------------------------

    def _parameter(self, node: Node) -> str | Listed:
        children = node.children
        kids = [c for c in children if c.type not in ("${", "}")]
        if not kids:
            raise ExpansionError(f"bash: {text_of(node)}: bad substitution")
        mode = ""
        if kids[0].type in ("#", "!") and len(kids) > 1:
            mode = kids[0].type
            kids = kids[1:]
        name = _parameter_name(kids[0])
        if mode == "!" and len(kids) == 2 and kids[1].type in ("*", "@"):
            names = [variable for variable in self.host.variable_names() if variable.startswith(name)]
            return Listed(names, kids[1].type == "*")
        index = kids[0].child_by_field_name("index") if kids[0].type == "subscript" else None
        listing = text_of(index) if index is not None and text_of(index) in ("@", "*") else ""
        if name in ("@", "*"):
            listing = name
        operators = [c for i, c in enumerate(children) if node.field_name_for_child(i) == "operator"]
        operators = [c for c in operators if len(kids) > 1 and c.start_byte >= kids[1].start_byte]
        if listing:
            return self._list_parameter(node, name, listing, mode, operators)
        if index is not None:
            value = dict(self.host.elements(name)).get(self.subscript_key(kids[0]))
        else:
            value = self.host.variable(name)
        if mode == "!":
            value = self.host.variable(value or "")
        if mode == "#":
            return str(len(value or ""))
        if len(kids) == 1:
            return value if value is not None else self._set_variable(name) or ""
        if not operators:
            raise ExpansionError(f"bash: {text_of(node)}: bad substitution")
        op, operands = self._operands(node, operators)
        if value is None and op.lstrip(":") not in ("-", "=", "+", "?"):
            self._set_variable(name)
        return self._apply(name, value, op, operands, text_of(node))

    def _set_variable(self, name: str) -> str | None:
        """A variable's value; under `set -u`, an unset one (other than `$@`, `$*`) ends the shell."""
        value = self.host.variable(name)
        if value is None and "nounset" in self.host.options and name not in ("@", "*"):
            raise FatalExpansion(f"{name}: unbound variable", 127)
        return value

    def _list_parameter(
        self, node: Node, name: str, listing: str, mode: str, operators: list[Node]
    ) -> str | Listed:
        if name in ("@", "*"):
            keys = [str(n) for n in range(1, len(self.host.positional) + 1)]
            values = list(self.host.positional)
        else:
            pairs = self.host.elements(name)
            keys, values = [key for key, _ in pairs], [value for _, value in pairs]
        if mode == "#":
            return str(len(values))
        if mode == "!":
            return Listed(keys, listing == "*")
        if not operators:
            return Listed(values, listing == "*")
        op, operands = self._operands(node, operators)
        if op == ":":
            if name in ("@", "*"):
                values = [self.host.script_name, *values]
            offset = self.host.arithmetic_text(operands[0]) if operands[0].strip() else 0
            offset = max(len(values) + offset, 0) if offset < 0 else offset
            end = len(values)
            if len(operands) > 1:
                end = offset + (self.host.arithmetic_text(operands[1]) if operands[1].strip() else 0)
            return Listed(values[offset:end], listing == "*")
        if op in (":-", "-", ":=", "=", ":+", "+", ":?", "?"):
            joined = " ".join(values) if values else None
            return self._apply(name, joined, op, operands, text_of(node))
        return Listed([self._apply(name, v, op, operands, text_of(node)) for v in values], listing == "*")

    def _operands(self, node: Node, operators: list[Node]) -> tuple[str, list[str]]:
        children = node.children
        close = children[-1].start_byte if children[-1].type == "}" else node.end_byte
        bounds = [o.end_byte for o in operators]
        stops = [o.start_byte for o in operators[1:]] + [close]
        return text_of(operators[0]), [self._region(node, s, e) for s, e in zip(bounds, stops, strict=True)]

    def subscript_key(self, subscript: Node) -> str:
        """The key `arr[...]` names: the text for an associative array, else the index's arithmetic value
        (negative counts from the end)."""
        name = _parameter_name(subscript)
        index = subscript.child_by_field_name("index")
        if index is None:
            return "0"
        text = self._region(subscript, index.start_byte, index.end_byte)
        if self.host.associative(name):
            return text
        number = self.host.arithmetic_text(text) if text.strip() else 0
        if number < 0:
            keys = [int(key) for key, _ in self.host.elements(name)]
            number += max(keys) + 1 if keys else 0
        return str(number)

    def _apply(self, name: str, value: str | None, op: str, operands: list[str], source: str) -> str:
        word = operands[0]
        empty = value is None or (op.startswith(":") and value == "")
        if op in (":-", "-"):
            return word if empty else value or ""
        if op in (":=", "="):
            if empty:
                self.host.assign(name, word)
                return word
            return value or ""
        if op in (":+", "+"):
            return "" if empty else word
        if op in (":?", "?"):
            if empty:
                raise FatalExpansion(f"{name}: {word or 'parameter null or not set'}", 127)
            return value or ""
        text = value or ""
        if op == ":":
            offset = self.host.arithmetic_text(word) if word.strip() else 0
            if offset < 0:
                offset = max(len(text) + offset, 0)
            if len(operands) > 1:
                length = self.host.arithmetic_text(operands[1]) if operands[1].strip() else 0
                end = offset + length if length >= 0 else len(text) + length
                return text[offset:end] if end >= offset else ""
            return text[offset:]
        if op in ("#", "##", "%", "%%"):
            return _remove(text, word, op)
        if op in ("/", "//", "/#", "/%"):
            return _replace(text, word, operands[1] if len(operands) > 1 else "", op)
        if op in ("^", "^^", ",", ",,"):
            change = str.upper if op[0] == "^" else str.lower
            return change(text) if len(op) == 2 else change(text[:1]) + text[1:]
        if op == "@":
            return text
        raise ExpansionError(f"bash: {source}: bad substitution")

    # -- fields --------------------------------------------------------------------------------------

    def _ifs(self) -> str:
        value = self.host.variable("IFS")
        return " \t\n" if value is None else value

    def _glob(self, field: list[Piece]) -> list[str]:
        literal = "".join(text for text, _ in field)
        if not any(kind != QUOTED and _GLOB_CHARS.search(text) for text, kind in field):
            return [literal]
        pattern = "".join(_escape_glob(text) if kind == QUOTED else text for text, kind in field)
        slash = "/" if pattern.endswith("/") else ""
        absolute = posixpath.normpath(posixpath.join(self.host.cwd, pattern)) + slash
        matches = self.host.glob(absolute)
        if not matches and "failglob" in self.host.options:
            raise FatalExpansion(f"no match: {literal}", 1)
        if not matches:
            return [] if "nullglob" in self.host.options else [literal]
        if pattern.startswith("/"):
            return matches
        prefix = "./" if pattern.startswith("./") else ""
        return [prefix + posixpath.relpath(match, self.host.cwd) + slash for match in matches]


def _start(node: Node) -> int:
    """Where a node really starts: tree-sitter-bash lets an expansion inside a string swallow the blanks
    before it."""
    raw = node.text or b""
    return node.start_byte + len(raw) - len(raw.lstrip(b" \t\n"))


def _parameter_name(node: Node) -> str:
    if node.type == "subscript":
        inner = node.child_by_field_name("name")
        return text_of(inner) if inner is not None else ""
    return text_of(node)


def _unescape_double(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text) and text[i + 1] in '$`"\\\n':
            out.append("" if text[i + 1] == "\n" else text[i + 1])
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _escape_glob(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def glob_regex(pattern: str) -> re.Pattern[str]:
    """A shell pattern as a compiled regex matching a whole string."""
    return re.compile(fnmatch.translate(pattern), re.S)


def _remove(text: str, pattern: str, op: str) -> str:
    regex = glob_regex(pattern)
    if op[0] == "#":
        ends = range(len(text), -1, -1) if op == "##" else range(len(text) + 1)
        for end in ends:
            if regex.match(text[:end]):
                return text[end:]
        return text
    starts = range(len(text) + 1) if op == "%%" else range(len(text), -1, -1)
    for start in starts:
        if regex.match(text[start:]):
            return text[:start]
    return text


def _replace(text: str, pattern: str, replacement: str, op: str) -> str:
    if not pattern:
        return text
    regex = glob_regex(pattern)
    if op == "/#":
        for end in range(len(text), -1, -1):
            if regex.match(text[:end]):
                return replacement + text[end:]
        return text
    if op == "/%":
        for start in range(len(text) + 1):
            if regex.match(text[start:]):
                return text[:start] + replacement
        return text
    out: list[str] = []
    i = 0
    replaced = False
    while i <= len(text):
        match_end = -1
        if not (replaced and op == "/"):
            match_end = next((end for end in range(len(text), i, -1) if regex.match(text[i:end])), -1)
        if match_end > i:
            out.append(replacement)
            i = match_end
            replaced = True
            continue
        if i < len(text):
            out.append(text[i])
        i += 1
    return "".join(out)


def _merge(pieces: list[Piece]) -> list[Piece]:
    merged: list[Piece] = []
    for text, kind in pieces:
        if merged and kind == LITERAL and merged[-1][1] == LITERAL:
            merged[-1] = (merged[-1][0] + text, LITERAL)
        else:
            merged.append((text, kind))
    return merged


def _braces(pieces: list[Piece]) -> list[list[Piece]]:
    for index, (text, kind) in enumerate(pieces):
        if kind != LITERAL or "{" not in text:
            continue
        group = _brace_group(text)
        if group is None:
            continue
        start, end, alternatives = group
        before = [*pieces[:index], (text[:start], LITERAL)]
        after = [(text[end:], LITERAL), *pieces[index + 1 :]]
        result: list[list[Piece]] = []
        for alternative in alternatives:
            result.extend(_braces([*before, (alternative, LITERAL), *after]))
            if len(result) > MAX_FIELDS:
                raise ShellAbort("bash: xmalloc: cannot allocate memory\n", 2)
        return result
    return [pieces]


def _brace_group(text: str) -> tuple[int, int, list[str]] | None:
    """The first `{a,b}` or `{1..5}` group in `text`: its span and its alternatives."""
    for start, c in enumerate(text):
        if c != "{":
            continue
        depth = 0
        commas: list[int] = []
        for end in range(start, len(text)):
            if text[end] == "{":
                depth += 1
            elif text[end] == "}":
                depth -= 1
                if depth == 0:
                    break
            elif text[end] == "," and depth == 1:
                commas.append(end)
        else:
            return None
        inner = text[start + 1 : end]
        if commas:
            cuts = [start, *commas, end]
            return start, end + 1, [text[a + 1 : b] for a, b in itertools.pairwise(cuts)]
        sequence = _sequence(inner)
        if sequence is not None:
            return start, end + 1, sequence
    return None


def _sequence(inner: str) -> list[str] | None:
    match = _RANGE.match(inner)
    if match is None:
        return None
    numbers = match.group(1) is not None
    first, last = (match.group(1), match.group(2)) if numbers else (match.group(4), match.group(5))
    step = abs(int(match.group(3) or match.group(6) or 1)) or 1
    low, high = (int(first), int(last)) if numbers else (ord(first), ord(last))
    if abs(high - low) // step > MAX_FIELDS:
        raise ShellAbort("bash: xmalloc: cannot allocate memory\n", 2)
    values = range(low, high + 1, step) if low <= high else range(low, high - 1, -step)
    if not numbers:
        return [chr(v) for v in values]
    width = (
        max(len(first), len(last))
        if first.lstrip("-").startswith("0") or last.lstrip("-").startswith("0")
        else 0
    )
    return [str(v).zfill(width) if width else str(v) for v in values]


def _split(pieces: list[Piece], ifs: str) -> list[list[Piece]]:
    fields: list[list[Piece]] = []
    current: list[Piece] = []
    started = False
    separator = _ifs_regex(ifs)
    for text, kind in pieces:
        if kind == LISTED:
            continue
        if kind == BREAK:
            if started:
                fields.append(current)
                current, started = [], False
            continue
        if kind != SPLIT or separator is None:
            if text or kind == QUOTED:
                current.append((text, kind))
                started = True
            continue
        for index, chunk in enumerate(separator.split(text)):
            if index > 0 and started:
                fields.append(current)
                current, started = [], False
            if chunk:
                current.append((chunk, SPLIT))
                started = True
    if started:
        fields.append(current)
    return fields


def _ifs_regex(ifs: str) -> re.Pattern[str] | None:
    if not ifs:
        return None
    white = "".join(re.escape(c) for c in ifs if c in " \t\n")
    other = "".join(re.escape(c) for c in ifs if c not in " \t\n")
    if not other:
        return re.compile(f"[{white}]+")
    if not white:
        return re.compile(f"[{other}]")
    return re.compile(f"[{white}]*[{other}][{white}]*|[{white}]+")


def _expansion_end(text: str, i: int) -> int:
    """Where the `$...` or backquoted expansion starting at `i` ends, or `i` when there is none."""
    if text[i] == "`":
        j = i + 1
        while j < len(text) and text[j] != "`":
            j += 2 if text[j] == "\\" else 1
        return j + 1 if j < len(text) else i
    rest = text[i + 1 : i + 2]
    if rest in ("(", "{"):
        closer = ")" if rest == "(" else "}"
        depth = 0
        j = i + 1
        quote = ""
        while j < len(text):
            c = text[j]
            if quote:
                if c == quote:
                    quote = ""
                elif c == "\\" and quote == '"':
                    j += 1
            elif c in "'\"":
                quote = c
            elif c == "\\":
                j += 1
            elif c == rest:
                depth += 1
            elif c == closer:
                depth -= 1
                if depth == 0:
                    return j + 1
            j += 1
        return i
    match = _NAME.match(text, i + 1)
    if match:
        return match.end()
    if rest and rest in "0123456789?#$!@*-":
        return i + 2
    return i
