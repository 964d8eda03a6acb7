"""The entry point: one command line in, its output and exit status out. Never raises."""

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
    terminal = Terminal()
    status = run_shell_streams(world, command, terminal, terminal)
    return ShellResult(output=terminal.render(), exit_code=status)


def run_shell_streams(world: World, command: str, stdout: Terminal, stderr: Terminal) -> int:
    """Interpret `command` with stdout and stderr kept apart (for callers that show them apart, and for
    comparing them with real bash's); returns the exit status."""
    world.state.shell_history.append(command)
    try:
        shell = Interpreter(world, stdout, stderr)
        try:
            status = shell.run_source(command, shell.terminal)
        except ExitSignal as signal:
            status = signal.status
        except (LoopControl, ReturnSignal):
            status = shell.status
    except ShellAbort as abort:
        stderr.note(abort.message)
        status = abort.status
    except RecursionError:
        stderr.note("bash: xmalloc: cannot allocate memory\n")
        status = 2
    except Exception:  # an interpreter bug must never reach the agent's harness
        stderr.note("bash: internal error\n")
        status = 1
    return status & 0xFF
