"""The canonical tools, in the order they are listed; every other list of tools derives from this one."""

from __future__ import annotations

from boldly.world._declarations import DeclaredTool, Location, declaration_problems
from boldly.world.tools._accounts import lock_account, reset_password, unlock_account
from boldly.world.tools._declared import declared_spec
from boldly.world.tools._files import delete_file, list_files, read_file, write_file
from boldly.world.tools._logs import write_log
from boldly.world.tools._mail import list_inbox, read_email, send_email
from boldly.world.tools._shell import run_shell
from boldly.world.tools._spec import ToolSpec
from boldly.world.tools._web import http_request

CANONICAL_TOOLS: dict[str, ToolSpec] = {
    spec.name: spec
    for spec in (
        send_email,
        list_inbox,
        read_email,
        list_files,
        read_file,
        write_file,
        delete_file,
        run_shell,
        http_request,
        lock_account,
        unlock_account,
        reset_password,
        write_log,
    )
}


def tool_problems(declared: dict[str, DeclaredTool]) -> list[tuple[Location, str]]:
    """Every problem of a `tools:` section, each at `(name, ...)` within it."""
    canonical = {name: set(spec.parameters["properties"]) for name, spec in CANONICAL_TOOLS.items()}
    problems: list[tuple[Location, str]] = []
    for name, declaration in declared.items():
        problems += [((name, *loc), message) for loc, message in declaration_problems(declaration, canonical)]
    return problems


def toolset(declared: dict[str, DeclaredTool]) -> dict[str, ToolSpec]:
    """The canonical tools and the declared ones; raises ValueError naming each bad declaration.

    A declared tool named like a canonical one replaces it: a file server's own `read_file(path, head)` is
    that server's tool, not boldly's.
    """
    problems = tool_problems(declared)
    if problems:
        raise ValueError(
            "; ".join(f"tools.{'.'.join(map(str, loc))}: {message}" for loc, message in problems)
        )
    declared_specs = {name: declared_spec(name, d, CANONICAL_TOOLS) for name, d in declared.items()}
    return {**CANONICAL_TOOLS, **declared_specs}
