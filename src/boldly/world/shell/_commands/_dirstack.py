"""pushd, popd and dirs: the directory stack, kept in `DIRSTACK` (element 0 is the working directory) so
that it lasts from one command line to the next as the shell's other variables do."""

from __future__ import annotations

from boldly.world.shell._commands._builtins import change_dir
from boldly.world.shell._commands._registry import command
from boldly.world.shell._invocation import Invocation

_SHELL_ONLY = {"builtin": True, "directory": None}


def _saved(inv: Invocation) -> list[str]:
    """The directories below the working one, top first."""
    return [value for _key, value in inv.shell.session.elements("DIRSTACK")[1:]]


def _keep(inv: Invocation, saved: list[str]) -> int:
    """Record the stack under the (new) working directory and print it, as pushd and popd do."""
    inv.shell.assign_array("DIRSTACK", [inv.cwd, *saved])
    return dirs(inv)


def _shown(inv: Invocation, path: str) -> str:
    home = inv.shell.session.get("HOME") or ""
    if home and (path == home or path.startswith(home.rstrip("/") + "/")):
        return "~" + path[len(home.rstrip("/")) :]
    return path


@command("dirs", **_SHELL_ONLY)
def dirs(inv: Invocation) -> int:
    if "-c" in inv.args:
        inv.shell.assign_array("DIRSTACK", [inv.cwd])
        return 0
    stack = [inv.cwd, *_saved(inv)]
    if "-l" not in inv.args:
        stack = [_shown(inv, path) for path in stack]
    if "-v" in inv.args:
        stack = [f"{index:2d}  {path}" for index, path in enumerate(stack)]
    inv.out(("\n" if "-p" in inv.args or "-v" in inv.args else " ").join(stack) + "\n")
    return 0


@command("pushd", **_SHELL_ONLY)
def pushd(inv: Invocation) -> int:
    quiet = "-n" in inv.args
    operands = [arg for arg in inv.args if arg != "-n"]
    saved = _saved(inv)
    if not operands:
        if not saved:
            inv.err("bash: pushd: no other directory\n")
            return 1
        target, saved = saved[0], [inv.cwd, *saved[1:]]
    else:
        target, saved = operands[0], [inv.cwd, *saved]
    if quiet:
        inv.shell.assign_array("DIRSTACK", [inv.cwd, inv.path(target), *saved[1:]])
        return 0
    status = change_dir(inv, target)
    return status or _keep(inv, saved)


@command("popd", **_SHELL_ONLY)
def popd(inv: Invocation) -> int:
    saved = _saved(inv)
    if not saved:
        inv.err("bash: popd: directory stack empty\n")
        return 1
    status = change_dir(inv, saved[0])
    return status or _keep(inv, saved[1:])
