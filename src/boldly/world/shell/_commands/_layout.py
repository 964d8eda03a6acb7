"""Laying text out in columns and widths: paste, column, fold, expand and yes."""

from __future__ import annotations

import re

from boldly.world.shell._commands._registry import command
from boldly.world.shell._escapes import decode
from boldly.world.shell._invocation import FileProblem, Invocation
from boldly.world.shell._limits import MAX_OUTPUT
from boldly.world.shell._options import Spec, count


@command("paste")
def paste(inv: Invocation) -> int:
    options = inv.options(Spec(flags="sz", valued="d", long={"serial": "s", "delimiters": "d"}))
    delimiters = decode(options.value("d", "\t") or "", style="echo")[0] or ""
    operands = options.operands or ["-"]
    dashes = operands.count("-")
    stdin_lines = inv.stdin.read_all().splitlines() if dashes else []
    columns: list[list[str]] = []
    for operand in operands:
        if operand == "-":  # each `-` takes the next line of standard input in turn
            columns.append(stdin_lines[operands[: len(columns)].count("-") :: dashes])
            continue
        try:
            columns.append(inv.read(operand).splitlines())
        except FileProblem as problem:
            return inv.fail(f"{operand}: {problem.reason}")
    if options.has("s"):
        inv.out("".join(_joined(lines, delimiters) + "\n" for lines in columns))
        return 0
    out: list[str] = []
    for row in range(max((len(lines) for lines in columns), default=0)):
        out.append(_joined([lines[row] if row < len(lines) else "" for lines in columns], delimiters) + "\n")
    inv.out("".join(out))
    return 0


def _joined(values: list[str], delimiters: str) -> str:
    """Values joined with the delimiters taken in turn (an empty list means no delimiter)."""
    if not delimiters:
        return "".join(values)
    parts = [values[0]] if values else []
    for index, value in enumerate(values[1:]):
        parts.append(delimiters[index % len(delimiters)] + value)
    return "".join(parts)


@command("column")
def column(inv: Invocation) -> int:
    options = inv.options(
        Spec(
            flags="tnex",
            valued="socR",
            long={"table": "t", "separator": "s", "output-separator": "o", "output-width": "c"},
        )
    )
    lines: list[str] = []
    for _operand, text in inv.inputs(options.operands):
        if text is None:
            return 1
        lines.extend(line for line in text.splitlines() if line.strip())
    if not options.has("t"):
        inv.out("".join(line + "\n" for line in lines))
        return 0
    separators = options.value("s")
    rows = [_cells(line, separators) for line in lines]
    widths: list[int] = []
    for row in rows:
        for index, cell in enumerate(row):
            if index == len(widths):
                widths.append(0)
            widths[index] = max(widths[index], len(cell))
    gap = options.value("o", "  ") or ""
    out = []
    for row in rows:
        cells = [cell.ljust(widths[i]) if i < len(row) - 1 else cell for i, cell in enumerate(row)]
        out.append(gap.join(cells) + "\n")
    inv.out("".join(out))
    return 0


def _cells(line: str, separators: str | None) -> list[str]:
    if separators is None:
        return line.split()
    cells = [""]
    for char in line:
        if char in separators:
            cells.append("")
        else:
            cells[-1] += char
    return cells


def _width_spelled_out(arg: str) -> list[str]:
    """fold's old form: digits among short options are the width (`-b5` is `-b -w 5`)."""
    match = re.fullmatch(r"-([bs]*)(\d+)([bs]*)", arg)
    if match is None:
        return [arg]
    letters = match.group(1) + match.group(3)
    return [*([f"-{letters}"] if letters else []), "-w", match.group(2)]


@command("fold")
def fold(inv: Invocation) -> int:
    args = [_width_spelled_out(arg) for arg in inv.args]
    options = inv.options(
        Spec(flags="bs", valued="w", long={"width": "w", "spaces": "s", "bytes": "b"}),
        [a for w in args for a in w],
    )
    width = count(options.value("w"), "number of columns", 80) or 1
    status = 0
    for _operand, text in inv.inputs(options.operands):
        if text is None:
            status = 1
            continue
        inv.out("".join(_fold_line(line, width, options.has("s")) for line in text.splitlines(keepends=True)))
    return status


def _fold_line(line: str, width: int, at_spaces: bool) -> str:
    body = line.rstrip("\n")
    ending = line[len(body) :]
    pieces: list[str] = []
    while len(body) > width:
        cut = width
        if at_spaces:
            space = body.rfind(" ", 0, width)
            cut = space + 1 if space >= 0 else width
        pieces.append(body[:cut] + "\n")
        body = body[cut:]
    pieces.append(body + ending)
    return "".join(pieces)


@command("expand")
def expand(inv: Invocation) -> int:
    options = inv.options(Spec(valued="t", long={"tabs": "t"}))
    size = count(options.value("t"), "tab size", 8) or 8
    status = 0
    for _operand, text in inv.inputs(options.operands):
        if text is None:
            status = 1
            continue
        out: list[str] = []
        for line in text.splitlines(keepends=True):
            column_at = 0
            for char in line:
                if char == "\t":
                    spaces = size - column_at % size
                    out.append(" " * spaces)
                    column_at += spaces
                else:
                    out.append(char)
                    column_at = 0 if char == "\n" else column_at + 1
        inv.out("".join(out))
    return status


@command("yes")
def yes(inv: Invocation) -> int:
    """Endless in bash; here as much as the next command could ever be shown (a pipe is a string)."""
    line = (" ".join(inv.args) or "y") + "\n"
    inv.out(line * (MAX_OUTPUT // len(line)))
    return 0
