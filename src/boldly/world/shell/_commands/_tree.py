"""Summaries of a directory tree: tree draws it, du adds up its disk usage (in 4 KiB blocks, as ext4 does)."""

from __future__ import annotations

from collections.abc import Callable

from boldly.world._errors import WorldError
from boldly.world._files import Node
from boldly.world.shell._commands._files import human, size_of
from boldly.world.shell._commands._registry import command
from boldly.world.shell._invocation import Invocation
from boldly.world.shell._options import Spec, count

BLOCK = 4096


def _listing(inv: Invocation, path: str, hidden: bool) -> list[Node] | None:
    """A directory's entries in C-locale order, or None when it cannot be opened."""
    try:
        nodes = inv.world.list_dir(path, inv.user)
    except WorldError:
        return None
    shown = [node for node in nodes if hidden or not node.path.rsplit("/", 1)[-1].startswith(".")]
    return sorted(shown, key=lambda node: node.path.rsplit("/", 1)[-1].encode())


# -- tree --------------------------------------------------------------------------------------------

_UNICODE_LINES = ("├── ", "└── ", "│   ")
_ASCII_LINES = ("|-- ", "`-- ", "|   ")


@command("tree")
def tree(inv: Invocation) -> int:
    options = inv.options(
        Spec(flags="adfi", valued="L", long={"noreport": "noreport", "dirsfirst": "dirsfirst"})
    )
    depth = count(options.value("L"), "level", 0) or None
    roots = options.operands or ["."]
    directories = files = 0
    status = 0
    out: list[str] = []
    for root in roots:
        node = inv.lookup(root)
        if node is None or not node.is_dir:
            out.append(f"{root}  [error opening dir]\n")
            status = 2
            continue
        out.append(f"{root}\n")
        found = _draw(inv, root, inv.path(root), "", 1, depth, options.has, out, inv.utf8_locale())
        directories += found[0] + (not options.has("d") or found[0] > 0)
        files += found[1]
    if not options.has("noreport"):
        summary = f"{directories} director{'y' if directories == 1 else 'ies'}"
        if not options.has("d"):
            summary += f", {files} file{'' if files == 1 else 's'}"
        out.append(f"\n{summary}\n")
    inv.out("".join(out))
    return status


def _draw(
    inv: Invocation,
    shown: str,
    path: str,
    indent: str,
    level: int,
    depth: int | None,
    has: Callable[[str], bool],
    out: list[str],
    utf8: bool,
) -> tuple[int, int]:
    """Lines for a directory's entries below `indent`; returns the directories and files drawn.

    In the C locale tree draws with ASCII and escapes spaces in names, as real tree does."""
    branch, last_branch, stem = _UNICODE_LINES if utf8 else _ASCII_LINES
    entries = _listing(inv, path, has("a")) or []
    if has("d"):
        entries = [node for node in entries if node.is_dir]
    if has("dirsfirst"):
        entries.sort(key=lambda node: not node.is_dir)
    directories = files = 0
    for position, node in enumerate(entries):
        last = position == len(entries) - 1
        name = node.path.rsplit("/", 1)[-1]
        label = f"{shown.rstrip('/')}/{name}" if has("f") else name
        drawn = label if utf8 else label.replace(" ", "\\ ")
        out.append(f"{indent}{last_branch if last else branch}{drawn}\n")
        if not node.is_dir:
            files += 1
            continue
        directories += 1
        if depth is None or level < depth:
            deeper = indent + ("    " if last else stem)
            below = _draw(inv, label, node.path, deeper, level + 1, depth, has, out, utf8)
            directories, files = directories + below[0], files + below[1]
    return directories, files


# -- du ----------------------------------------------------------------------------------------------


def _blocks(node: Node) -> int:
    """Disk usage in bytes: whole 4 KiB blocks, none for an empty file."""
    return -(-size_of(node) // BLOCK) * BLOCK


@command("du")
def du(inv: Invocation) -> int:
    options = inv.options(
        Spec(
            flags="ashcbk",
            valued="d",
            long={"all": "a", "summarize": "s", "human-readable": "h", "total": "c", "max-depth": "d"},
        )
    )
    max_depth = 0 if options.has("s") else count(options.value("d"), "maximum depth", -1)
    status = 0
    total = 0
    out: list[str] = []
    for operand in options.operands or ["."]:
        node = inv.lookup(operand)
        if node is None:
            inv.fail(f"cannot access '{operand}': No such file or directory")
            status = 1
            continue
        rows: list[tuple[int, str]] = []
        size = _usage(inv, node, operand.rstrip("/") or "/", 0, max_depth, options.has("a"), rows)
        total += size
        out.extend(f"{_shown(size, options.has('h'))}\t{name}\n" for size, name in rows)
    if options.has("c"):
        out.append(f"{_shown(total, options.has('h'))}\ttotal\n")
    inv.out("".join(out))
    return status


def _usage(
    inv: Invocation,
    node: Node,
    shown: str,
    depth: int,
    max_depth: int,
    every_file: bool,
    rows: list[tuple[int, str]],
) -> int:
    """Bytes used under a node; appends du's rows (children before their directory)."""
    if not node.is_dir:
        if depth == 0 or (every_file and (max_depth < 0 or depth <= max_depth)):
            rows.append((_blocks(node), shown))
        return _blocks(node)
    size = _blocks(node)
    for child in _listing(inv, node.path, hidden=True) or []:
        name = child.path.rsplit("/", 1)[-1]
        size += _usage(inv, child, f"{shown}/{name}", depth + 1, max_depth, every_file, rows)
    if max_depth < 0 or depth <= max_depth:
        rows.append((size, shown))
    return size


def _shown(size: int, readable: bool) -> str:
    return human(size) if readable else str(-(-size // 1024))
