"""Comparing files: diff (normal, unified, brief), cmp, comm and join, in GNU's formats and exit statuses.

Differences are found with difflib's longest-matching-block algorithm, which gives GNU diff's hunks for
the everyday cases (a line changed, added or removed); unusual inputs may be split into hunks differently.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Callable

from boldly.world.shell._commands._registry import command
from boldly.world.shell._invocation import FileProblem, Invocation
from boldly.world.shell._options import Options, Spec

_NO_NEWLINE = "\\ No newline at end of file\n"
Opcode = tuple[str, int, int, int, int]


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _comparable(options: Options) -> Callable[[str], str]:
    """How lines are compared under -i, -w and -b (the output keeps the lines as they are)."""

    def key(line: str) -> str:
        if options.has("i"):
            line = line.lower()
        if options.has("w"):
            line = re.sub(r"[ \t]+", "", line)
        elif options.has("b"):
            line = re.sub(r"[ \t]+", " ", line).rstrip(" \n") + "\n"
        return line

    return key


def _opcodes(old: list[str], new: list[str], key: Callable[[str], str]) -> list[Opcode]:
    matcher = difflib.SequenceMatcher(None, [key(x) for x in old], [key(x) for x in new], autojunk=False)
    return [op for op in matcher.get_opcodes() if op[0] != "equal"]


def _shown(line: str, marker: str) -> str:
    return marker + line if line.endswith("\n") else marker + line + "\n" + _NO_NEWLINE


def _span(start: int, end: int) -> str:
    """A normal-format range: 1-based, `a,b` when it covers more than one line."""
    return str(start + 1) if end - start == 1 else f"{start + 1},{end}"


def _normal(old: list[str], new: list[str], opcodes: list[Opcode]) -> str:
    out: list[str] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "delete":
            out.append(f"{_span(i1, i2)}d{j1}\n")
        elif tag == "insert":
            out.append(f"{i1}a{_span(j1, j2)}\n")
        else:
            out.append(f"{_span(i1, i2)}c{_span(j1, j2)}\n")
        out.extend(_shown(line, "< ") for line in old[i1:i2])
        if tag == "replace":
            out.append("---\n")
        out.extend(_shown(line, "> ") for line in new[j1:j2])
    return "".join(out)


def _unified_range(start: int, count: int) -> str:
    first = start + 1 if count else start
    return str(first) if count == 1 else f"{first},{count}"


def _unified(old: list[str], new: list[str], key: Callable[[str], str], context: int) -> str:
    matcher = difflib.SequenceMatcher(None, [key(x) for x in old], [key(x) for x in new], autojunk=False)
    out: list[str] = []
    for group in matcher.get_grouped_opcodes(context):
        i1, i2, j1, j2 = group[0][1], group[-1][2], group[0][3], group[-1][4]
        out.append(f"@@ -{_unified_range(i1, i2 - i1)} +{_unified_range(j1, j2 - j1)} @@\n")
        for tag, a1, a2, b1, b2 in group:
            if tag == "equal":
                out.extend(_shown(line, " ") for line in old[a1:a2])
                continue
            out.extend(_shown(line, "-") for line in old[a1:a2])
            out.extend(_shown(line, "+") for line in new[b1:b2])
    return "".join(out)


@command("diff")
def diff(inv: Invocation) -> int:
    options = inv.options(
        Spec(
            flags="uqsiwbrNaT",
            valued="U",
            long={
                "unified": "u",
                "brief": "q",
                "report-identical-files": "s",
                "ignore-case": "i",
                "ignore-all-space": "w",
                "ignore-space-change": "b",
                "recursive": "r",
                "new-file": "N",
                "text": "a",
            },
        )
    )
    if len(options.operands) != 2:
        problem = "missing operand after" if len(options.operands) < 2 else "extra operand"
        where = options.operands[-1] if options.operands else "diff"
        inv.err(f"diff: {problem} '{where}'\ndiff: Try 'diff --help' for more information.\n")
        return 2
    left, right = options.operands
    return _diff_paths(inv, left, right, options)


def _diff_paths(inv: Invocation, left: str, right: str, options: Options) -> int:
    nodes = [inv.lookup(left), inv.lookup(right)]
    if all(node is not None and node.is_dir for node in nodes):
        return _diff_directories(inv, left, right, options)
    if nodes[0] is not None and nodes[0].is_dir:
        left = posixpath.join(left, posixpath.basename(right))
    elif nodes[1] is not None and nodes[1].is_dir:
        right = posixpath.join(right, posixpath.basename(left))
    texts: list[str] = []
    for operand in (left, right):
        try:
            texts.append(inv.read(operand))
        except FileProblem as problem:
            inv.err(f"diff: {operand}: {problem.reason}\n")
            return 2
    old, new = _lines(texts[0]), _lines(texts[1])
    key = _comparable(options)
    opcodes = _opcodes(old, new, key)
    if not opcodes:
        if options.has("s"):
            inv.out(f"Files {left} and {right} are identical\n")
        return 0
    if options.has("q"):
        inv.out(f"Files {left} and {right} differ\n")
        return 1
    unified_lines = options.value("U")
    if options.has("u") or unified_lines is not None:
        stamp = inv.world.state.clock.strftime("%Y-%m-%d %H:%M:%S.000000000 +0000")
        inv.out(f"--- {left}\t{stamp}\n+++ {right}\t{stamp}\n")
        inv.out(_unified(old, new, key, int(unified_lines or 3)))
    else:
        inv.out(_normal(old, new, opcodes))
    return 1


def _diff_directories(inv: Invocation, left: str, right: str, options: Options) -> int:
    names = [
        {posixpath.basename(node.path): node.is_dir for node in inv.files.children(inv.path(side))}
        for side in (left, right)
    ]
    status = 0
    for name in sorted(names[0].keys() | names[1].keys()):
        if name not in names[1] or name not in names[0]:
            where = left if name in names[0] else right
            inv.out(f"Only in {where}: {name}\n")
            status = 1
            continue
        a, b = posixpath.join(left, name), posixpath.join(right, name)
        if names[0][name] and names[1][name]:
            if options.has("r"):
                status = max(status, _diff_directories(inv, a, b, options))
            else:
                inv.out(f"Common subdirectories: {a} and {b}\n")
            continue
        if not options.has("q") and _differs(inv, a, b, options):
            inv.out(f"diff {' '.join(_flags(options))}{a} {b}\n")
        status = max(status, _diff_paths(inv, a, b, options))
    return status


def _flags(options: Options) -> list[str]:
    """The options GNU diff repeats in the `diff -r a/x b/x` line before each pair that differs."""
    return [f"-{key} " for key, _ in options.items if len(key) == 1 and key != "U"]


def _differs(inv: Invocation, left: str, right: str, options: Options) -> bool:
    try:
        old, new = _lines(inv.read(left)), _lines(inv.read(right))
    except FileProblem:
        return False
    return bool(_opcodes(old, new, _comparable(options)))


@command("cmp")
def cmp(inv: Invocation) -> int:
    options = inv.options(Spec(flags="sl", long={"silent": "s", "quiet": "s", "verbose": "l"}))
    operands = options.operands
    if not operands:
        inv.err("cmp: missing operand after 'cmp'\ncmp: Try 'cmp --help' for more information.\n")
        return 2
    left, right = operands[0], operands[1] if len(operands) > 1 else "-"
    texts: list[bytes] = []
    for operand in (left, right):
        try:
            texts.append(inv.read(operand).encode("utf-8", "surrogatepass"))
        except FileProblem as problem:
            inv.err(f"cmp: {operand}: {problem.reason}\n")
            return 2
    a, b = texts
    for index, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            if not options.has("s"):
                line = a[:index].count(b"\n") + 1
                inv.out(f"{left} {right} differ: char {index + 1}, line {line}\n")
            return 1
    if len(a) != len(b):
        if not options.has("s"):
            shorter = left if len(a) < len(b) else right
            inv.err(f"cmp: EOF on {shorter} after byte {min(len(a), len(b))}\n")
        return 1
    return 0


@command("comm")
def comm(inv: Invocation) -> int:
    options = inv.options(Spec(flags="123"))
    if len(options.operands) != 2:
        inv.err("comm: missing operand\nTry 'comm --help' for more information.\n")
        return 1
    sides: list[list[str]] = []
    for operand in options.operands:
        try:
            sides.append(inv.read(operand).splitlines())
        except FileProblem as problem:
            return inv.fail(f"{operand}: {problem.reason}")
    left, right = sides
    shown = [not options.has(column) for column in "123"]
    out: list[str] = []
    i = j = 0

    def emit(column: int, line: str) -> None:
        if shown[column]:
            out.append("\t" * sum(shown[:column]) + line + "\n")

    while i < len(left) or j < len(right):
        if j >= len(right) or (i < len(left) and left[i] < right[j]):
            emit(0, left[i])
            i += 1
        elif i >= len(left) or right[j] < left[i]:
            emit(1, right[j])
            j += 1
        else:
            emit(2, left[i])
            i += 1
            j += 1
    inv.out("".join(out))
    return 0


@command("join")
def join(inv: Invocation) -> int:
    """Lines of two sorted files joined on a field (the first by default), as `join -t, a b` prints them."""
    options = inv.options(Spec(flags="i", valued="t12jao", long={"ignore-case": "i"}))
    if len(options.operands) != 2:
        operands = options.operands
        problem = (
            f"extra operand '{operands[2]}'"
            if len(operands) > 2
            else f"missing operand after '{operands[0]}'"
            if operands
            else "missing operand"
        )
        return inv.fail(f"{problem}\nTry 'join --help' for more information.")
    separator = options.value("t")
    first_field = int(options.value("1") or options.value("j") or 1) - 1
    second_field = int(options.value("2") or options.value("j") or 1) - 1
    unpaired = set(options.values("a"))
    tables: list[list[list[str]]] = []
    for operand in options.operands:
        try:
            text = inv.read(operand)
        except FileProblem as problem:
            return inv.fail(f"{operand}: {problem.reason}")
        tables.append([line.split(separator) if separator else line.split() for line in text.splitlines()])
    glue = separator or " "
    fold = str.lower if options.has("i") else str

    def key(fields: list[str], index: int) -> str:
        return fold(fields[index]) if index < len(fields) else ""

    out: list[str] = []
    left, right = tables
    i = j = 0
    while i < len(left) or j < len(right):
        a = key(left[i], first_field) if i < len(left) else None
        b = key(right[j], second_field) if j < len(right) else None
        if b is None or (a is not None and a < b):
            if "1" in unpaired:
                out.append(glue.join(left[i]) + "\n")
            i += 1
        elif a is None or b < a:
            if "2" in unpaired:
                out.append(glue.join(right[j]) + "\n")
            j += 1
        else:
            run_end = j
            while run_end < len(right) and key(right[run_end], second_field) == a:
                run_end += 1
            for other in right[j:run_end]:
                rest_left = [f for n, f in enumerate(left[i]) if n != first_field]
                rest_right = [f for n, f in enumerate(other) if n != second_field]
                out.append(glue.join([left[i][first_field], *rest_left, *rest_right]) + "\n")
            i += 1
            if i >= len(left) or key(left[i], first_field) != a:
                j = run_end
    inv.out("".join(out))
    return 0
