"""Looking at and cutting up bytes: od dumps them, split and truncate cut files to size."""

from __future__ import annotations

import re

from boldly.world._errors import WorldError
from boldly.world.shell._commands._registry import command
from boldly.world.shell._invocation import FileProblem, Invocation
from boldly.world.shell._options import Spec, UsageError

_CHARACTER_NAMES = {0: "\\0", 7: "\\a", 8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r"}
_DIGITS = {"x": {1: 2, 2: 4, 4: 8, 8: 16}, "o": {1: 3, 2: 6, 4: 11, 8: 22}, "u": {1: 3, 2: 5, 4: 10, 8: 20}}
_DIGITS["d"] = {size: digits + 1 for size, digits in _DIGITS["u"].items()}


def _encoded(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


# -- od ----------------------------------------------------------------------------------------------


def _od_types(options_items: list[tuple[str, str | None]]) -> list[tuple[str, int]]:
    """The output types asked for, in order (`-c`, `-x`, `-t x1`, ...); octal shorts by default."""
    shorthand = {"c": ("c", 1), "b": ("o", 1), "o": ("o", 2), "x": ("x", 2), "d": ("u", 2), "s": ("d", 2)}
    types: list[tuple[str, int]] = []
    for key, value in options_items:
        if key in shorthand:
            types.append(shorthand[key])
        elif key == "t" and value:
            for letter, size in re.findall(r"([acdoux])(\d*)", value):
                if letter in "ac":
                    types.append((letter, 1))
                    continue
                width = int(size or 4)
                if width not in _DIGITS[letter]:
                    problem = f"this system doesn't provide a {width}-byte integral type"
                    raise UsageError(f"invalid type string '{value}';\n{problem}")
                types.append((letter, width))
    return types or [("o", 2)]


def _od_field(chunk: bytes, kind: str, size: int) -> str:
    """One line of fields of one type; a short last group is padded with zero bytes."""
    if kind in "ac":
        return "".join(f"{_named_byte(byte, kind):>4}" for byte in chunk)
    digits = _DIGITS[kind][size]
    fields = []
    for start in range(0, len(chunk), size):
        group = chunk[start : start + size].ljust(size, b"\0")
        value = int.from_bytes(group, "little", signed=kind == "d")
        text = f"{value:0{digits}x}" if kind == "x" else f"{value:0{digits}o}" if kind == "o" else str(value)
        fields.append(" " + text.rjust(digits))
    return "".join(fields)


def _named_byte(byte: int, kind: str) -> str:
    if kind == "a":
        names = ["nul", "soh", "stx", "etx", "eot", "enq", "ack", "bel", "bs", "ht", "nl", "vt", "ff", "cr"]
        return (
            names[byte]
            if byte < len(names)
            else chr(byte)
            if 32 < byte < 127
            else "sp"
            if byte == 32
            else f"{byte:03o}"
        )
    if byte in _CHARACTER_NAMES:
        return _CHARACTER_NAMES[byte]
    return chr(byte) if 32 <= byte < 127 else f"{byte:03o}"


@command("od")
def od(inv: Invocation) -> int:
    options = inv.options(
        Spec(
            flags="cbodxsv",
            valued="tAjN",
            long={"format": "t", "address-radix": "A", "output-duplicates": "v"},
        )
    )
    types = _od_types(options.items)
    radix = options.value("A", "o") or "o"
    if radix not in "doxn" or len(radix) != 1:
        raise UsageError(f"invalid output address radix '{radix}'; it must be one character from [doxn]")
    data = b""
    status = 0
    for _operand, text in inv.inputs(options.operands):
        if text is None:
            status = 1
            continue
        data += _encoded(text)
    skip = int(options.value("j", "0") or 0)
    data = data[skip:]
    if options.has("N"):
        data = data[: int(options.value("N") or 0)]
    out: list[str] = []
    previous: bytes | None = None
    starred = False
    for offset in range(0, len(data), 16):
        chunk = data[offset : offset + 16]
        if chunk == previous and not options.has("v") and len(chunk) == 16:
            if not starred:
                out.append("*\n")
                starred = True
            continue
        previous, starred = chunk, False
        for index, (kind, size) in enumerate(types):
            address = _address(offset + skip, radix) if index == 0 else " " * len(_address(0, radix))
            out.append(f"{address}{_od_field(chunk, kind, size)}\n")
    if radix != "n":
        out.append(_address(len(data) + skip, radix) + "\n")
    inv.out("".join(out))
    return status


def _address(offset: int, radix: str) -> str:
    return {"o": f"{offset:07o}", "d": f"{offset:07d}", "x": f"{offset:06x}", "n": ""}[radix]


# -- split -------------------------------------------------------------------------------------------


def _suffix(number: int, length: int, numeric: bool) -> str:
    if numeric:
        return str(number).zfill(length)
    letters = ""
    for _ in range(length):
        number, digit = divmod(number, 26)
        letters = chr(ord("a") + digit) + letters
    return letters


@command("split")
def split(inv: Invocation) -> int:
    options = inv.options(
        Spec(
            flags="d",
            valued="lbna",
            long={"lines": "l", "bytes": "b", "numeric-suffixes": "d", "suffix-length": "a"},
        )
    )
    operands = options.operands
    name = operands[0] if operands else "-"
    prefix = operands[1] if len(operands) > 1 else "x"
    try:
        text = inv.read(name)
    except FileProblem as problem:
        return inv.fail(f"cannot open '{name}' for reading: {problem.reason}")
    if options.has("b"):
        size = _size(options.value("b") or "0")
        pieces = [text[i : i + size] for i in range(0, len(text), size)] if size else []
    else:
        count = int(options.value("l", "1000") or 1000)
        lines = text.splitlines(keepends=True)
        pieces = ["".join(lines[i : i + count]) for i in range(0, len(lines), count)]
    length = int(options.value("a", "2") or 2)
    for number, piece in enumerate(pieces):
        target = prefix + _suffix(number, length, options.has("d"))
        try:
            inv.write(target, piece)
        except WorldError as error:
            return inv.fail(f"{target}: {inv.reason(error)}")
    return 0


def _size(text: str) -> int:
    match = re.fullmatch(r"(\d+)([KMG]?)(B?)", text)
    if match is None:
        raise UsageError(f"invalid number of bytes: '{text}'")
    power = " KMG".index(match.group(2) or " ")
    return int(match.group(1)) * (1000 if match.group(3) else 1024) ** power


# -- truncate ----------------------------------------------------------------------------------------


@command("truncate")
def truncate(inv: Invocation) -> int:
    options = inv.options(Spec(flags="c", valued="s", long={"size": "s", "no-create": "c"}))
    spec = options.value("s")
    if spec is None:
        raise UsageError("you must specify either '--size' or '--reference'")
    if not options.operands:
        raise UsageError("missing file operand")
    match = re.fullmatch(r"([+-]?)(\d+[KMG]?B?)", spec)
    if match is None:
        raise UsageError(f"Invalid number: '{spec}'")
    status = 0
    for operand in options.operands:
        node = inv.lookup(operand)
        if node is None and options.has("c"):
            continue
        current = _encoded(node.content) if node is not None and not node.is_dir else b""
        amount = _size(match.group(2))
        size = {"+": len(current) + amount, "-": max(0, len(current) - amount)}.get(match.group(1), amount)
        resized = current[:size].ljust(size, b"\0")
        try:
            inv.write(operand, resized.decode("utf-8", "surrogateescape"))
        except WorldError as error:
            status = inv.fail(f"cannot open '{operand}' for writing: {inv.reason(error)}")
    return status
