"""The virtual shell: a useful subset of POSIX sh interpreted over the world's services.

No process is spawned, no socket opened and no host file touched: every command is a `World` operation,
so every effect a command line has is recorded exactly as a structured tool's would be.
"""

from boldly.world.shell._commands import COMMANDS
from boldly.world.shell._run import ShellResult, run_shell, run_shell_streams
from boldly.world.shell._source import prepare

__all__ = ["COMMANDS", "ShellResult", "prepare", "run_shell", "run_shell_streams"]
