"""The shell tool: a command line in the virtual shell."""

from __future__ import annotations

from typing import TYPE_CHECKING

from boldly.world._errors import WorldError
from boldly.world.shell import run_shell as interpret
from boldly.world.tools._args import ToolArgs
from boldly.world.tools._spec import ToolView, canonical_tool

if TYPE_CHECKING:
    from boldly.world._world import World


class RunShellArgs(ToolArgs):
    """Run a command line in a POSIX shell on your workstation.

    Args:
        command: The command line.
    """

    command: str


@canonical_tool(view=ToolView(code="command", language="bash"))
def run_shell(world: World, args: RunShellArgs) -> str:
    result = interpret(world, args.command)
    if result.exit_code != 0:
        raise WorldError(f"{result.output}\n[exit code {result.exit_code}]".lstrip("\n"))
    return result.output
