"""Paths as the real tool sees them: a declared tool's relative paths made absolute before classifying.

A file server resolves `finance/payroll.csv` against its own directories, not the agent's home, so the guard
must too: against the tool's declared `roots`, else the roots the client announced in this session (MCP
roots), else the policy's `roots`, else the agent's home (what the world does with any relative path). An
adapter that runs on the tool's own machine may also pass a `HostPaths` resolver, which follows symlinks so
that a write through `org/link/q3.csv` is judged as the write to `org/finance/q3.csv` it is.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Sequence
from typing import Any

from boldly.world import Action

PathResolver = Callable[[str], str]
"""An absolute path → the path the real tool will touch (its symlinks followed), from the tool's machine."""


def absolute_paths(
    call: Action, path_args: Sequence[str], roots: Sequence[str], resolve: PathResolver | None = None
) -> Action:
    """The call with its relative path arguments under the first root (none: left to the world, which
    takes them from the agent's home), each absolute one resolved on the host when a resolver is given."""
    base = roots[0] if roots else ""

    def fixed(value: Any) -> Any:
        if not isinstance(value, str) or not value or value.startswith("~"):
            return value
        path = value if value.startswith("/") or not base else posixpath.join(base, value)
        if not path.startswith("/"):
            return value
        path = posixpath.normpath(path)
        return resolve(path) if resolve is not None else path

    args = dict(call.args)
    for name in path_args:
        if name in args:
            value = args[name]
            args[name] = [fixed(item) for item in value] if isinstance(value, list) else fixed(value)
    return call.model_copy(update={"args": args})
