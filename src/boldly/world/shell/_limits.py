"""Bounds that keep every command line finite: a shell that answers arbitrary text must always return."""

from __future__ import annotations

MAX_OUTPUT = 64 * 1024
"""Bytes of output the agent sees; the rest is counted and noted."""
MAX_TERMINAL = 8 * 1024 * 1024
"""Bytes a run may write to the terminal before it is stopped."""
MAX_TEXT = 1024 * 1024
"""Largest pipe, variable, expansion or file write."""
MAX_SOURCE = 256 * 1024
MAX_COMMANDS = 20_000
MAX_LOOP = 10_000
MAX_DEPTH = 40
"""Nesting of `$(...)`, functions, `sh -c`, `eval` and scripts."""
MAX_TREE_DEPTH = 300
MAX_FIELDS = 100_000


class ShellAbort(Exception):
    """Stops the whole command line, the way a timeout or an exhausted resource stops a real shell."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def timed_out(what: str) -> ShellAbort:
    return ShellAbort(f"bash: timeout: command stopped after {what}\n", 124)


def check_length(length: int) -> None:
    if length > MAX_TEXT:
        raise ShellAbort(f"bash: xmalloc: cannot allocate {length * 2} bytes\n", 2)


def check_size(text: str) -> str:
    check_length(len(text))
    return text
