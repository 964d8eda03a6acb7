"""The entry point: one command line in, its merged output and exit status out. Never raises."""

from __future__ import annotations

from pydantic import BaseModel

from boldly.world._world import World
from boldly.world.shell._flow import ExitSignal, LoopControl, ReturnSignal
from boldly.world.shell._interp import Interpreter
from boldly.world.shell._limits import ShellAbort
from boldly.world.shell._streams import Terminal


class ShellResult(BaseModel):
    output: str
    exit_code: int


def run_shell(world: World, command: str) -> ShellResult:
    """Interpret `command` as the agent's account; stdout and stderr come back merged, in order."""
    world.state.shell_history.append(command)
    terminal = Terminal()
    try:
        shell = Interpreter(world, terminal)
        try:
            status = shell.run_source(command, shell.terminal)
        except ExitSignal as signal:
            status = signal.status
        except (LoopControl, ReturnSignal):
            status = shell.status
    except ShellAbort as abort:
        terminal.note(abort.message)
        status = abort.status
    except RecursionError:
        terminal.note("bash: xmalloc: cannot allocate memory\n")
        status = 2
    except Exception:  # an interpreter bug must never reach the agent's harness
        terminal.note("bash: internal error\n")
        status = 1
    return ShellResult(output=terminal.render(), exit_code=status & 0xFF)
