"""Text commands: produce, filter and reshape text from files and pipes (echo, cat, head, sort, tr, ...)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import math
import posixpath
import re
from collections.abc import Callable

from boldly.world._errors import WorldError
from boldly.world.shell._commands._registry import command
from boldly.world.shell._escapes import decode
from boldly.world.shell._invocation import FileProblem, Invocation
from boldly.world.shell._limits import check_size
from boldly.world.shell._options import Spec, UsageError, count

# -- producing text ----------------------------------------------------------------------------------


@command("echo", builtin=True)
def echo(inv: Invocation) -> int:
    args = inv.args
    newline, escapes = True, False
    while args and re.fullmatch(r"-[neE]+", args[0]):
        for flag in args[0][1:]:
            newline = newline and flag != "n"
            escapes = flag == "e" or (escapes and flag != "E")
        args = args[1:]
    text = " ".join(args)
    if escapes:
        text, stopped = decode(text, style="echo")
        newline = newline and not stopped
    inv.out(text + ("\n" if newline else ""))
    return 0


_CONVERSION = re.compile(r"%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?([diouxXeEfFgGcsbq%])")


_ANSI_C = {
    "\a": "\\a",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\v": "\\v",
    "\f": "\\f",
    "\r": "\\r",
    "\x1b": "\\E",
}
_QUOTED_FIRST = "~#"
_BACKSLASHED = set(" \t\n'\"\\|&;()<>!{}*[?]^$`,")


def _shell_quoted(value: str, *, printable_beyond_ascii: bool) -> str:
    """printf %q as bash words it: `''` for nothing, `$'…'` around what does not print (beyond ASCII, all
    of it unless the locale is UTF-8), otherwise a backslash before what the shell would read specially."""
    if not value:
        return "''"

    def printable(char: str) -> bool:
        return " " <= char <= "~" or (printable_beyond_ascii and ord(char) > 159)

    if not all(printable(char) for char in value):
        body = "".join(
            _ANSI_C.get(char) or ("\\" + char if char in "'\\" else char)
            if printable(char) or char in _ANSI_C
            else "".join(f"\\{byte:03o}" for byte in char.encode("utf-8", "surrogateescape"))
            for char in value
        )
        return f"$'{body}'"
    return "".join(
        "\\" + char if char in _BACKSLASHED or (index == 0 and char in _QUOTED_FIRST) else char
        for index, char in enumerate(value)
    )


@command("printf", builtin=True)
def printf(inv: Invocation) -> int:
    args = list(inv.args)
    target = None
    if args[:1] == ["-v"] and len(args) > 1:
        target, args = args[1], args[2:]
    if args[:1] == ["--"]:
        args = args[1:]
    if not args:
        inv.err("printf: usage: printf [-v var] format [arguments]\n")
        return 2
    formatter = _Printf(inv, args[0], args[1:])
    text = formatter.render()
    if target is not None:
        inv.shell.assign(target, text)
    else:
        inv.out(text)
    return formatter.status


class _Printf:
    def __init__(self, inv: Invocation, template: str, values: list[str]) -> None:
        self.inv = inv
        self.template = template
        self.values = values
        self.index = 0
        self.status = 0

    def render(self) -> str:
        out: list[str] = []
        while True:
            start = self.index
            stopped = self._once(out)
            if stopped or self.index >= len(self.values) or self.index == start:
                break
        return check_size("".join(out))

    def _next(self) -> str | None:
        if self.index >= len(self.values):
            return None
        value = self.values[self.index]
        self.index += 1
        return value

    def _once(self, out: list[str]) -> bool:
        position = 0
        for match in _CONVERSION.finditer(self.template):
            literal, stopped = decode(self.template[position : match.start()], style="printf")
            out.append(literal)
            if stopped:
                return True
            position = match.end()
            flags, width, precision, conversion = match.groups()
            if conversion == "%":
                out.append("%")
                continue
            width = self._star(width)
            precision = self._star(precision)
            text, stopped = self._convert(flags, width, precision, conversion, self._next())
            out.append(text)
            if stopped:
                return True
        literal, stopped = decode(self.template[position:], style="printf")
        out.append(literal)
        return stopped

    def _star(self, value: str | None) -> str | None:
        if value != "*":
            return value
        return str(min(abs(self._integer(self._next() or "0")), 10_000))

    def _convert(
        self, flags: str, width: str | None, precision: str | None, conversion: str, value: str | None
    ) -> tuple[str, bool]:
        width = str(min(int(width), 10_000)) if width else ""
        spec = "%" + flags + width + (f".{min(int(precision or 0), 10_000)}" if precision is not None else "")
        if conversion in "diouxX":
            number = self._integer(value or "0")
            if conversion in "oxX" and number < 0:
                number &= (1 << 64) - 1
            return (spec + ("d" if conversion in "iu" else conversion)) % number, False
        if conversion in "eEfFgG":
            return (spec + conversion) % self._float(value or "0"), False
        if conversion == "c":
            return (spec + "s") % (value or "")[:1], False
        if conversion == "b":
            decoded, stopped = decode(value or "", style="echo")
            return (spec + "s") % decoded, stopped
        if conversion == "q":
            return (spec + "s") % _shell_quoted(
                value or "", printable_beyond_ascii=self.inv.utf8_locale()
            ), False
        return (spec + "s") % (value or ""), False

    def _integer(self, text: str) -> int:
        stripped = text.strip()
        if stripped[:1] in ("'", '"') and len(stripped) > 1:
            return ord(stripped[1])
        try:
            return (
                int(stripped, 0)
                if re.fullmatch(r"[-+]?0[xX][0-9a-fA-F]+", stripped)
                else int(stripped or "0")
            )
        except ValueError:
            match = re.match(r"[-+]?\d+", stripped)
            self.inv.err(f"bash: printf: {text}: invalid number\n")
            self.status = 1
            return int(match.group()) if match else 0

    def _float(self, text: str) -> float:
        try:
            return float(text)
        except ValueError:
            self.inv.err(f"bash: printf: {text}: invalid number\n")
            self.status = 1
            return 0.0


@command("seq")
def seq(inv: Invocation) -> int:
    negative = [arg for arg in inv.args if re.fullmatch(r"-\d.*|-\.\d.*", arg)]
    spec = Spec(flags="w", valued="sf", long={"separator": "s", "equal-width": "w", "format": "f"})
    options = inv.options(spec, [arg for arg in inv.args if arg not in negative])
    numbers = [arg for arg in inv.args if arg in negative or arg in options.operands]
    if not 1 <= len(numbers) <= 3:
        raise UsageError("missing operand" if not numbers else f"extra operand '{numbers[3]}'")
    try:
        values = [float(n) for n in numbers]
    except ValueError:
        bad = next(n for n in numbers if not re.fullmatch(r"[-+]?\d*\.?\d+(e[-+]?\d+)?", n))
        raise UsageError(f"invalid floating point argument: '{bad}'") from None
    first, step, last = (
        (1.0, 1.0, values[0])
        if len(values) == 1
        else ((values[0], 1.0, values[1]) if len(values) == 2 else tuple(values))
    )
    if step == 0:
        raise UsageError(f"invalid Zero increment value: '{numbers[1]}'")
    if not all(math.isfinite(v) for v in values):
        raise UsageError(f"invalid floating point argument: '{numbers[-1]}'")
    integral = all(v == int(v) for v in (first, step, last))
    operands = numbers if len(numbers) > 1 else ["1", *numbers]
    decimals = max(len(n.partition(".")[2]) if "e" not in n else 0 for n in operands[:2])
    template = options.value("f")
    separator = options.value("s", "\n") or ""
    width = len(str(int(max(abs(first), abs(last))))) if options.has("w") else 0
    chunk: list[str] = []
    written = False
    count = 0
    current = first
    while (step > 0 and current <= last) or (step < 0 and current >= last):
        if template is not None:
            text = _c_format(template, current)
        else:
            text = str(int(current)) if integral else f"{current:.{decimals}f}"
        chunk.append(text.zfill(width) if width else text)
        count += 1
        current = first + count * step
        if len(chunk) >= 10_000:
            inv.out((separator if written else "") + separator.join(chunk))
            written, chunk = True, []
    if chunk:
        inv.out((separator if written else "") + separator.join(chunk))
        written = True
    if written:
        inv.out("\n")
    return 0


def _c_format(template: str, value: float) -> str:
    """seq -f: one floating-point conversion (%g %f %e with flags, width and precision) in the template."""
    match = re.search(r"%([-+ #0]*\d*(?:\.\d+)?)([gGfFeEaA])", template)
    if match is None:
        return template.replace("%%", "%")
    return template[: match.start()] + f"%{match.group(1)}{match.group(2)}" % value + template[match.end() :]


# -- reading files -----------------------------------------------------------------------------------


@command("cat", "less", "more")
def cat(inv: Invocation) -> int:
    options = inv.options(
        Spec(
            flags="nbsEATvetu",
            long={
                "number": "n",
                "number-nonblank": "b",
                "squeeze-blank": "s",
                "show-ends": "E",
                "show-all": "A",
            },
        )
    )
    status = 0
    line_number = 0
    for _operand, text in inv.inputs(options.operands):
        if text is None:
            status = 1
            continue
        if not {"n", "b", "s", "E", "A", "e", "T", "t", "v"} & {k for k, _ in options.items}:
            inv.out(text)
            continue
        out: list[str] = []
        previous_blank = False
        for line in text.splitlines(keepends=True):
            body = line.rstrip("\n")
            if options.has("s") and not body and previous_blank:
                continue
            previous_blank = not body
            if options.has("v") or options.has("A") or options.has("e") or options.has("t"):
                body = _caret_notation(body, tabs=options.has("A") or options.has("t") or options.has("T"))
            elif options.has("T"):
                body = body.replace("\t", "^I")
            if options.has("E") or options.has("A") or options.has("e"):
                body += "$"
            numbered = options.has("n") or (options.has("b") and body.rstrip("$"))
            if numbered:
                line_number += 1
                body = f"{line_number:6d}\t{body}"
            out.append(body + ("\n" if line.endswith("\n") else ""))
        inv.out("".join(out))
    return status


def _caret_notation(line: str, *, tabs: bool) -> str:
    """cat -v: control characters as `^X`, DEL as `^?`, bytes above 127 as `M-`; tabs only with -T."""
    shown: list[str] = []
    for char in line:
        code = ord(char)
        if char == "\t" and not tabs:
            shown.append(char)
        elif code < 32:
            shown.append("^" + chr(code + 64))
        elif code == 127:
            shown.append("^?")
        elif 127 < code < 256:
            shown.append("M-" + _caret_notation(chr(code - 128), tabs=True))
        else:
            shown.append(char)
    return "".join(shown)


def _numeric_shorthand(args: list[str], plus: bool = False) -> list[str]:
    """`head -5` / `tail -20` / `tail +3` as `-n N` (but not the value of a `-n` or `-c`)."""
    result: list[str] = []
    for index, arg in enumerate(args):
        after_option = index > 0 and args[index - 1] in ("-n", "-c", "--lines", "--bytes")
        if re.fullmatch(r"-\d+", arg) and not after_option:
            result.extend(["-n", arg[1:]])
        elif plus and re.fullmatch(r"\+\d+", arg) and not after_option:
            result.extend(["-n", arg])
        else:
            result.append(arg)
    return result


def _head_tail(inv: Invocation, take: Callable[[str, str, str], str]) -> int:
    spec = Spec(
        flags="qvfF",
        valued="nc",
        long={
            "lines": "n",
            "bytes": "c",
            "quiet": "q",
            "silent": "q",
            "verbose": "v",
            "follow": "f",
            "retry": "F",
        },
    )
    options = inv.options(spec, _numeric_shorthand(inv.args, plus=inv.name == "tail"))
    mode, count = ("c", options.value("c")) if options.has("c") else ("n", options.value("n", "10"))
    count = count or "10"
    if not re.fullmatch(r"[-+]?\d+[kKmM]?", count):
        what = "bytes" if mode == "c" else "lines"
        return inv.fail(f"invalid number of {what}: '{count}'")
    operands = options.operands or ["-"]
    headers = (len(operands) > 1 or options.has("v")) and not options.has("q")
    status = 0
    for index, operand in enumerate(operands):
        try:
            text = inv.read(operand)
        except FileProblem as problem:
            inv.err(f"{inv.name}: cannot open '{operand}' for reading: {problem.reason}\n")
            status = 1
            continue
        if headers:
            name = "standard input" if operand == "-" else operand
            inv.out(("\n" if index else "") + f"==> {name} <==\n")
        inv.out(take(text, mode, count))
    return status


def _count(text: str) -> int:
    multiplier = {"k": 1024, "K": 1024, "m": 1024 * 1024, "M": 1024 * 1024}.get(text[-1:], 1)
    return int(text.rstrip("kKmM").lstrip("+")) * multiplier


def _take_head(text: str, mode: str, count: str) -> str:
    n = abs(_count(count))
    if mode == "c":
        return text[:-n] if count.startswith("-") else text[:n]
    lines = text.splitlines(keepends=True)
    return "".join(lines[:-n] if count.startswith("-") else lines[:n])


def _take_tail(text: str, mode: str, count: str) -> str:
    n = _count(count)
    if mode == "c":
        return text[n - 1 :] if count.startswith("+") else (text[-n:] if n else "")
    lines = text.splitlines(keepends=True)
    if count.startswith("+"):
        return "".join(lines[max(n - 1, 0) :])
    return "".join(lines[-n:] if n else [])


@command("head")
def head(inv: Invocation) -> int:
    return _head_tail(inv, _take_head)


@command("tail")
def tail(inv: Invocation) -> int:
    return _head_tail(inv, _take_tail)


@command("wc")
def wc(inv: Invocation) -> int:
    options = inv.options(
        Spec(
            flags="lwcmL",
            long={"lines": "l", "words": "w", "bytes": "c", "chars": "m", "max-line-length": "L"},
        )
    )
    chosen = [k for k in "lwmcL" if options.has(k)] or ["l", "w", "c"]
    rows: list[tuple[list[int], str]] = []
    status = 0
    total_bytes = 0
    for operand, text in inv.inputs(options.operands):
        if text is None:
            status = 1
            continue
        counts = {
            "l": text.count("\n"),
            "w": len(text.split()),
            "m": len(text),
            "c": len(text.encode("utf-8", "surrogatepass")),
            "L": max((len(line) for line in text.split("\n")), default=0),
        }
        total_bytes += counts["c"]
        rows.append(([counts[k] for k in chosen], "" if operand == "-" and not options.operands else operand))
    if len(rows) > 1:
        rows.append(([sum(row[0][i] for row in rows) for i in range(len(chosen))], "total"))
    # GNU sizes the columns from the inputs' total bytes (7 when standard input is among them)
    single = len(chosen) == 1 and len(rows) == 1
    width = 0 if single else len(str(total_bytes))
    if "-" in (options.operands or ["-"]) and not single:
        width = max(width, 7)
    for values, name in rows:
        line = " ".join(str(v).rjust(width) for v in values)
        inv.out(f"{line} {name}\n" if name else f"{line}\n")
    return status


# -- reshaping ---------------------------------------------------------------------------------------


def _all_text(inv: Invocation, operands: list[str]) -> tuple[str, int]:
    parts: list[str] = []
    status = 0
    for _operand, text in inv.inputs(operands):
        if text is None:
            status = 2 if inv.name == "sort" else 1
            continue
        parts.append(text if not text or text.endswith("\n") else text + "\n")
    return "".join(parts), status


@command("uniq")
def uniq(inv: Invocation) -> int:
    options = inv.options(
        Spec(flags="cdui", long={"count": "c", "repeated": "d", "unique": "u", "ignore-case": "i"})
    )
    text, status = _all_text(inv, options.operands[:1])
    groups: list[tuple[str, int]] = []
    for line in text.splitlines():
        same = groups and (
            groups[-1][0].lower() == line.lower() if options.has("i") else groups[-1][0] == line
        )
        if same:
            groups[-1] = (groups[-1][0], groups[-1][1] + 1)
        else:
            groups.append((line, 1))
    for line, repeats in groups:
        if (options.has("d") and repeats < 2) or (options.has("u") and repeats > 1):
            continue
        inv.out(f"{repeats:7d} {line}\n" if options.has("c") else line + "\n")
    return status


def _ranges(spec: str) -> Callable[[int], bool]:
    """A cut LIST such as `1,3-5,7-` as a predicate on 1-based positions."""
    parts: list[tuple[int, int]] = []
    for part in spec.split(","):
        match = re.fullmatch(r"(\d*)(-?)(\d*)", part.strip())
        if match is None or part.strip() in ("", "-"):
            raise UsageError(
                f"invalid field value '{part}'" if part.strip() else "fields are numbered from 1"
            )
        low_text, dash, high_text = match.groups()
        low = int(low_text) if low_text else 1
        high = int(high_text) if high_text else (10**9 if dash else low)
        if low == 0:
            raise UsageError("fields are numbered from 1")
        parts.append((low, high))
    return lambda position: any(low <= position <= high for low, high in parts)


@command("cut")
def cut(inv: Invocation) -> int:
    options = inv.options(
        Spec(
            flags="sn",
            valued="dfcb",
            long={
                "delimiter": "d",
                "fields": "f",
                "characters": "c",
                "bytes": "b",
                "only-delimited": "s",
                "complement": "complement",
                "output-delimiter": "output-delimiter",
            },
            long_valued=frozenset({"output-delimiter"}),
        )
    )
    chosen = options.value("f") or options.value("c") or options.value("b")
    if chosen is None:
        raise UsageError("you must specify a list of bytes, characters, or fields")
    keep = _ranges(chosen)
    selected = (lambda p: not keep(p)) if options.has("complement") else keep
    delimiter = options.value("d", "\t") or "\t"
    if len(delimiter) != 1:
        raise UsageError("the delimiter must be a single character")
    joiner = options.value("output-delimiter", delimiter if options.has("f") else "") or ""
    text, status = _all_text(inv, options.operands)
    for line in text.splitlines():
        if options.has("f"):
            if delimiter not in line:
                if not options.has("s"):
                    inv.out(line + "\n")
                continue
            fields = line.split(delimiter)
            inv.out(joiner.join(f for i, f in enumerate(fields, 1) if selected(i)) + "\n")
        else:
            inv.out(joiner.join(c for i, c in enumerate(line, 1) if selected(i)) + "\n")
    return status


_CLASSES = {
    "upper": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "lower": "abcdefghijklmnopqrstuvwxyz",
    "digit": "0123456789",
    "space": " \t\n\r\f\v",
    "blank": " \t",
    "punct": "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
    "xdigit": "0123456789ABCDEFabcdef",
}
_CLASSES["alpha"] = _CLASSES["upper"] + _CLASSES["lower"]
_CLASSES["alnum"] = _CLASSES["alpha"] + _CLASSES["digit"]


def _charset(spec: str) -> str:
    spec = decode(spec, style="printf")[0]
    out: list[str] = []
    i = 0
    while i < len(spec):
        match = re.match(r"\[:(\w+):\]", spec[i:])
        if match and match.group(1) in _CLASSES:
            out.append(_CLASSES[match.group(1)])
            i += match.end()
            continue
        if i + 2 < len(spec) and spec[i + 1] == "-" and ord(spec[i + 2]) >= ord(spec[i]):
            out.append("".join(chr(c) for c in range(ord(spec[i]), ord(spec[i + 2]) + 1)))
            i += 3
            continue
        out.append(spec[i])
        i += 1
    return "".join(out)


@command("tr")
def tr(inv: Invocation) -> int:
    options = inv.options(
        Spec(flags="dscCt", long={"delete": "d", "squeeze-repeats": "s", "complement": "c"})
    )
    sets = options.operands
    if not sets:
        raise UsageError("missing operand")
    first = _charset(sets[0])
    second = _charset(sets[1]) if len(sets) > 1 else ""
    text = inv.stdin.read_all()
    complement = options.has("c") or options.has("C")
    inside = (lambda ch: ch not in first) if complement else (lambda ch: ch in first)
    if options.has("d"):
        text = "".join(ch for ch in text if not inside(ch))
        squeeze = second
    elif second:
        if len(sets) < 2:
            raise UsageError(f"missing operand after '{sets[0]}'")
        if complement:
            text = "".join(second[-1] if inside(ch) else ch for ch in text)
        else:
            padded = second + second[-1] * max(len(first) - len(second), 0)
            table = {ord(a): padded[i] for i, a in enumerate(first)}
            text = text.translate(table)
        squeeze = second
    elif options.has("s"):
        squeeze = first
    else:
        raise UsageError(f"missing operand after '{sets[0]}'\nTwo strings must be given when translating.")
    if options.has("s"):
        text = re.sub("([" + re.escape(squeeze) + "])\\1+", r"\1", text) if squeeze else text
    inv.out(text)
    return 0


@command("tee")
def tee(inv: Invocation) -> int:
    options = inv.options(Spec(flags="ai", long={"append": "a", "ignore-interrupts": "i"}))
    text = inv.stdin.read_all()
    inv.out(text)
    status = 0
    for operand in options.operands:
        try:
            inv.write(operand, text, append=options.has("a"))
        except WorldError as error:
            inv.fail(f"{operand}: {inv.reason(error)}")
            status = 1
    return status


@command("base64")
def base64_(inv: Invocation) -> int:
    options = inv.options(
        Spec(flags="di", valued="w", long={"decode": "d", "ignore-garbage": "i", "wrap": "w"})
    )
    text, status = _all_text(inv, options.operands[:1])
    if status:
        return status
    if options.has("d"):
        try:
            data = base64.b64decode("".join(text.split()), validate=not options.has("i"))
        except (binascii.Error, ValueError):
            return inv.fail("invalid input")
        inv.out(data.decode("utf-8", "replace"))
        return 0
    encoded = base64.b64encode(text.encode("utf-8", "surrogatepass")).decode()
    wrap = count(options.value("w"), "wrap size", 76)
    lines = [encoded[i : i + wrap] for i in range(0, len(encoded), wrap)] if wrap else [encoded]
    inv.out("\n".join(lines) + "\n" if encoded else "")
    return 0


@command("rev")
def rev(inv: Invocation) -> int:
    text, status = _all_text(inv, inv.args)
    inv.out("".join(line[::-1] + "\n" for line in text.splitlines()))
    return status


@command("tac")
def tac(inv: Invocation) -> int:
    text, status = _all_text(inv, inv.args)
    inv.out("".join(line + "\n" for line in reversed(text.splitlines())))
    return status


@command("nl")
def nl(inv: Invocation) -> int:
    options = inv.options(Spec(valued="bwsvni"))
    text, status = _all_text(inv, options.operands)
    width = count(options.value("w"), "line number field width", 6)
    separator = options.value("s", "\t")
    style = options.value("n", "rn")
    step = count(options.value("i"), "line number increment", 1)
    number = int(options.value("v", "1") or 1) - step
    every = options.value("b") == "a"
    for line in text.splitlines():
        if line or every:
            number += step
            shown = (
                f"{number:<{width}}"
                if style == "ln"
                else f"{number:0{width}}"
                if style == "rz"
                else f"{number:>{width}}"
            )
            inv.out(f"{shown}{separator}{line}\n")
        else:
            inv.out("\n")
    return status


@command("basename")
def basename(inv: Invocation) -> int:
    options = inv.options(Spec(flags="az", valued="s", long={"multiple": "a", "suffix": "s", "zero": "z"}))
    names = options.operands
    suffix = options.value("s")
    if not names:
        raise UsageError("missing operand")
    if not options.has("a") and suffix is None and len(names) == 2:
        names, suffix = names[:1], names[1]
    elif not options.has("a") and suffix is None and len(names) > 2:
        raise UsageError(f"extra operand '{names[2]}'")
    for name in names:
        base = posixpath.basename(name.rstrip("/")) or ("/" if name.startswith("/") else "")
        if suffix and base.endswith(suffix) and base != suffix:
            base = base[: -len(suffix)]
        inv.out(base + "\n")
    return 0


@command("dirname")
def dirname(inv: Invocation) -> int:
    if not inv.args:
        raise UsageError("missing operand")
    for name in inv.args:
        stripped = name.rstrip("/") or "/"
        inv.out((posixpath.dirname(stripped) or ".") + "\n")
    return 0


_HASHES = {"md5sum": "md5", "sha1sum": "sha1", "sha256sum": "sha256", "sha512sum": "sha512"}


@command(*_HASHES)
def checksum(inv: Invocation) -> int:
    options = inv.options(Spec(flags="bct", long={"binary": "b", "check": "c", "text": "t"}))
    status = 0
    for operand, text in inv.inputs(options.operands):
        if text is None:
            status = 1
            continue
        digest = hashlib.new(_HASHES[inv.name], text.encode("utf-8", "surrogatepass")).hexdigest()
        inv.out(f"{digest}  {operand}\n")
    return status
