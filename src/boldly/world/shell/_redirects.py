"""Redirections: `<`, `>`, `>>`, `&>`, `N>&M`, here-documents and here-strings, applied left to right.

Writes are buffered and land as one `World.write_file` when the command ends, so `echo hi > f` is one
write effect. A target the user may not write is refused before the command runs, as bash does.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from tree_sitter import Node

from boldly.world._errors import WorldError
from boldly.world._files import parent_of
from boldly.world.shell._streams import Descriptors, FileSink, Input, Sink
from boldly.world.shell._syntax import text_of

if TYPE_CHECKING:
    from boldly.world.shell._interp import Interpreter

_OPERATORS = {"<", ">", ">>", "&>", "&>>", ">&", "<&", ">|", "<>", "<&-", ">&-"}


class RedirectError(Exception):
    """A redirection that cannot be made; the command does not run."""


def extra_words(redirect: Node) -> list[Node]:
    """tree-sitter-bash reads `echo > f hi` as a redirection with two destinations: the rest are arguments."""
    return redirect.children_by_field_name("destination")[1:] if redirect.type == "file_redirect" else []


def open_redirects(
    shell: Interpreter, redirects: list[Node], fds: Descriptors
) -> tuple[Descriptors, list[Sink]]:
    """The descriptors after applying `redirects`, and the sinks to close when the command ends."""
    current = Descriptors(fds.stdin, dict(fds.outputs))
    opened: list[Sink] = []
    for redirect in redirects:
        if redirect.type == "herestring_redirect":
            word = redirect.named_children[-1] if redirect.named_children else None
            current.stdin = Input((shell.expander.word(word) if word is not None else "") + "\n")
            continue
        if redirect.type != "file_redirect":
            continue
        _apply(shell, redirect, current, opened)
    return current, opened


def _apply(shell: Interpreter, redirect: Node, current: Descriptors, opened: list[Sink]) -> None:
    descriptor = redirect.child_by_field_name("descriptor")
    operator = next(
        (text_of(c) for c in redirect.children if not c.is_named and text_of(c) in _OPERATORS), ">"
    )
    destinations = redirect.children_by_field_name("destination")
    target_node = destinations[0] if destinations else None
    target = shell.expander.word(target_node) if target_node is not None else ""
    if descriptor is not None and not text_of(descriptor).isdigit():
        raise RedirectError(f"bash: {text_of(descriptor)}: ambiguous redirect\n")
    fd = int(text_of(descriptor)) if descriptor is not None else (0 if operator.startswith("<") else 1)
    if operator in ("<", "<>"):
        current.stdin = _input(shell, target, target_node)
        return
    if operator in (">&", "<&") and (target.isdigit() or target == "-"):
        if operator == "<&":
            return
        if target == "-":
            current.outputs[fd] = Sink()
            return
        source = current.outputs.get(int(target))
        if source is None:
            raise RedirectError(f"bash: {target}: Bad file descriptor\n")
        current.outputs[fd] = source
        return
    if operator in (">&-", "<&-"):
        current.outputs[fd] = Sink()
        return
    append = operator in (">>", "&>>")
    sink = _output(
        shell, target, append, current, clobber=operator == ">|" or "noclobber" not in shell.options
    )
    if sink not in current.outputs.values():
        opened.append(sink)
    if operator in ("&>", "&>>") or (operator == ">&" and descriptor is None):
        current.outputs[1] = sink
        current.outputs[2] = sink
    else:
        current.outputs[fd] = sink


def _input(shell: Interpreter, target: str, node: Node | None) -> Input:
    placeholder = text_of(node) if node is not None else ""
    heredoc = shell.heredocs.get(placeholder)
    if heredoc is not None:
        return Input(heredoc.body if heredoc.quoted else shell.expander.heredoc(heredoc.body))
    path = shell.world.abspath(target, shell.session.cwd)
    virtual = shell.virtual_files.get(path)
    if virtual is not None:
        return Input(virtual)
    if path == "/dev/null":
        return Input()
    node_ = shell.world.state.files.get(path)
    if node_ is None:
        raise RedirectError(f"bash: {target}: No such file or directory\n")
    if node_.is_dir:
        raise RedirectError(f"bash: {target}: Is a directory\n")
    try:
        text = shell.world.read_file(path, shell.user)
    except WorldError as error:
        raise RedirectError(f"bash: {target}: Permission denied\n") from error
    return Input(text, {path})


def _output(shell: Interpreter, target: str, append: bool, current: Descriptors, *, clobber: bool) -> Sink:
    """Where output to `target` goes; `clobber` False (`set -C`) refuses to truncate an existing file."""
    if not target:
        raise RedirectError("bash: : No such file or directory\n")
    world = shell.world
    path = world.abspath(target, shell.session.cwd)
    if path == "/dev/stdout":
        return current.stdout
    if path == "/dev/stderr":
        return current.stderr
    if path.startswith("/dev/"):
        return Sink()
    existing = world.state.files.get(path)
    if not clobber and not append and existing is not None and not existing.is_dir:
        raise RedirectError(f"bash: {target}: cannot overwrite existing file\n")
    problem = _unwritable(shell, path)
    if problem:
        with contextlib.suppress(WorldError):
            world.write_file(path, "", shell.user, append=True)  # records the refused attempt
        raise RedirectError(f"bash: {target}: {problem}\n")
    return FileSink(world, path, shell.user, append)


def _unwritable(shell: Interpreter, path: str) -> str:
    """Why `path` cannot be opened for writing, or "" (looked up without recording anything)."""
    files = shell.world.state.files
    node = files.get(path)
    if node is not None and node.is_dir:
        return "Is a directory"
    parent = files.get(parent_of(path))
    if parent is None or not parent.is_dir:
        return "No such file or directory"
    target = node or parent
    if not shell.world.permits(target, shell.user, 2):
        return "Permission denied"
    return ""
