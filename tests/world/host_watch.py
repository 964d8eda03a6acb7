"""A watch on the host: fails on any process, exec, socket, or file opened for writing outside tmp.

Audit hooks cannot be removed, so one hook is installed on import and checks a module-level flag.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_FORBIDDEN = (
    "subprocess.Popen",
    "os.system",
    "os.exec",
    "os.posix_spawn",
    "os.spawn",
    "os.fork",
    "pty.spawn",
)
_NETWORK = ("socket.connect", "socket.bind", "socket.sendto", "socket.getaddrinfo")
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
_watching = False
violations: list[str] = []


def _writes(mode: Any, flags: Any) -> bool:
    if isinstance(mode, str):
        return any(c in mode for c in "wax+")
    return isinstance(flags, int) and bool(flags & _WRITE_FLAGS)


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if not _watching:
        return
    if event.startswith(_FORBIDDEN) or event in _NETWORK:
        violations.append(f"{event}{args!r}")
    elif event == "open" and len(args) >= 3 and _writes(args[1], args[2]):
        path = os.fsdecode(args[0]) if isinstance(args[0], str | bytes) else str(args[0])
        if not os.path.abspath(path).startswith(tempfile.gettempdir()):
            violations.append(f"open for write: {path}")


sys.addaudithook(_hook)


@contextmanager
def watching() -> Iterator[list[str]]:
    """Record host side effects inside the block; yields the list of violations."""
    global _watching
    violations.clear()
    _watching = True
    try:
        yield violations
    finally:
        _watching = False
