"""ln: symbolic links are nodes of the virtual tree that name another path in it; a hard link is made as a
copy (the tree has no inodes), so later writes through one name do not show through the other."""

from __future__ import annotations

import posixpath

from boldly.world._errors import WorldError
from boldly.world.shell._commands._registry import command
from boldly.world.shell._invocation import Invocation
from boldly.world.shell._options import Spec, UsageError

_SPEC = Spec(
    flags="sfnvTr",
    long={"symbolic": "s", "force": "f", "no-dereference": "n", "verbose": "v", "relative": "r"},
)


@command("ln")
def ln(inv: Invocation) -> int:
    options = inv.options(_SPEC)
    operands = options.operands
    if not operands:
        raise UsageError("missing file operand")
    targets, name = (operands, None) if len(operands) == 1 else (operands[:-1], operands[-1])
    into = name is not None and len(operands) > 2
    directory = inv.files.get(inv.path(name)) if name is not None else None
    if into and (directory is None or not directory.is_dir):
        return inv.fail(f"target '{name}' is not a directory")
    status = 0
    for target in targets:
        link = name or posixpath.basename(target.rstrip("/"))
        if name is not None and directory is not None and directory.is_dir and not options.has("n"):
            link = posixpath.join(name, posixpath.basename(target.rstrip("/")))
        status |= _link(inv, target, link, symbolic=options.has("s"), force=options.has("f"))
        if options.has("v") and not status:
            inv.out(f"'{link}' -> '{target}'\n")
    return status


def _link(inv: Invocation, target: str, link: str, *, symbolic: bool, force: bool) -> int:
    path = inv.path(link)
    existing = inv.files.get_link(path)
    kind = "symbolic link" if symbolic else "hard link"
    if existing is not None:
        if not force:
            return inv.fail(f"failed to create {kind} '{link}': File exists")
        if existing.is_dir:
            return inv.fail(f"cannot overwrite directory '{link}'")
    if not symbolic:
        source = inv.lookup(target)
        if source is None:
            return inv.fail(f"failed to access '{target}': No such file or directory")
        if source.is_dir:
            return inv.fail(f"'{target}': hard link not allowed for directory")
    try:
        if existing is not None:
            inv.world.delete(path, inv.user)
        if symbolic:
            inv.world.symlink(target, path, inv.user)
        else:
            inv.world.copy(inv.path(target), path, inv.user)
    except WorldError as error:
        return inv.fail(f"failed to create {kind} '{link}': {inv.reason(error)}")
    return 0
