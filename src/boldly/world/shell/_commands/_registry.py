"""The command table: every name the shell can run, and where `which` says it lives."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from boldly.world.shell._invocation import Invocation

CommandFunction = Callable[[Invocation], int]


@dataclass(frozen=True)
class CommandSpec:
    name: str
    function: CommandFunction
    builtin: bool
    """A bash builtin (`type` says so); it may also exist as a program (echo, test, kill)."""
    directory: str | None
    """Where the program lives; None for builtins that exist only inside the shell (cd, export)."""


COMMANDS: dict[str, CommandSpec] = {}


def command(
    *names: str, builtin: bool = False, directory: str | None = "/usr/bin"
) -> Callable[[CommandFunction], CommandFunction]:
    def register(function: CommandFunction) -> CommandFunction:
        for name in names:
            COMMANDS[name] = CommandSpec(name, function, builtin, directory)
        return function

    return register
