"""Every command the shell knows, registered by the modules imported here."""

from boldly.world.shell._commands import (  # noqa: F401  (imported to register their commands)
    _accounts,
    _awk,
    _builtins,
    _bytes,
    _calc,
    _compare,
    _dirstack,
    _exec,
    _files,
    _find,
    _grep,
    _http,
    _jq,
    _layout,
    _links,
    _mail,
    _processes,
    _remote,
    _sed,
    _shuffle,
    _sort,
    _system,
    _temporary,
    _text,
    _tree,
)
from boldly.world.shell._commands._registry import COMMANDS, CommandSpec, command

__all__ = ["COMMANDS", "CommandSpec", "command"]
