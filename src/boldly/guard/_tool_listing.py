"""An MCP server's tools as it lists them: asked of the running server, or read from a saved `tools/list`.

What comes back is only what the server says (names, descriptions, schemas, annotations); drafting
declarations from it is `_drafting`'s job. Every failure is one `ToolListError` naming where it happened.
"""

from __future__ import annotations

import json
import shlex
import tempfile
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import anyio

if TYPE_CHECKING:
    from mcp import types


class ToolListError(Exception):
    """The tools could not be listed: where (a file, a server command) and why, in one line."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True, slots=True)
class ListedTool:
    """One tool of a `tools/list` result."""

    name: str
    description: str = ""
    input_schema: dict[str, Any] = field(default_factory=dict)
    annotations: dict[str, Any] = field(default_factory=dict)


def tools_from_json(text: str, where: str) -> list[ListedTool]:
    """A saved `tools/list` result: `{"tools": [...]}` or a bare list of tools."""
    try:
        loaded = json.loads(text)
    except json.JSONDecodeError as error:
        raise ToolListError(f"{where}:{error.lineno}:{error.colno}", f"not JSON: {error.msg}") from None
    listed = loaded.get("tools") if isinstance(loaded, dict) else loaded
    if not isinstance(listed, list):
        raise ToolListError(where, 'expected a tools/list result: {"tools": [...]} or a list of tools')
    return [_listed_tool(entry, f"{where}: tools[{index}]") for index, entry in enumerate(listed)]


def _listed_tool(entry: Any, where: str) -> ListedTool:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"]:
        raise ToolListError(where, "expected a tool: an object with a name")
    schema = entry.get("inputSchema", {})
    if not isinstance(schema, dict):
        raise ToolListError(f"{where} ({entry['name']})", "inputSchema is not an object")
    annotations = entry.get("annotations") or {}
    if not isinstance(annotations, dict):
        raise ToolListError(f"{where} ({entry['name']})", "annotations is not an object")
    description = entry.get("description") or ""
    return ListedTool(entry["name"], str(description), schema, annotations)


async def tools_from_server(command: list[str], timeout: float) -> list[ListedTool]:
    """Start an MCP stdio server, list its tools (every page) with the official client, and stop it."""
    where = shlex.join(command)
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as server_log:
        try:
            with anyio.fail_after(timeout):
                listed = await _list_tools(command, server_log)
        except Exception as error:
            raise ToolListError(where, _why(_innermost(error), server_log, timeout)) from None
    return [
        _listed_tool(tool.model_dump(mode="json", by_alias=True, exclude_none=True), where) for tool in listed
    ]


async def _list_tools(command: list[str], server_log: Any) -> list[types.Tool]:
    # the MCP SDK only when a server is asked: importing it costs every `boldly` command ~0.3 s
    from mcp import types
    from mcp.client.session import ClientSession
    from mcp.client.stdio import StdioServerParameters, stdio_client

    params = StdioServerParameters(command=command[0], args=command[1:])
    async with (
        stdio_client(params, errlog=server_log) as (read, write),
        ClientSession(read, write) as session,
    ):
        await session.initialize()
        tools: list[types.Tool] = []
        cursor: str | None = None
        while True:
            page = await session.list_tools(
                params=types.PaginatedRequestParams(cursor=cursor) if cursor else None
            )
            tools += page.tools
            cursor = page.next_cursor
            if not cursor:
                return tools


def _innermost(error: BaseException) -> BaseException:
    """The first leaf of the exception groups a task group wraps a failure in."""
    while isinstance(error, BaseExceptionGroup) and error.exceptions:
        error = error.exceptions[0]
    return error


def _why(error: BaseException, server_log: Any, timeout: float) -> str:
    if isinstance(error, TimeoutError):
        return f"no tool list within {timeout:g} s (is it an MCP stdio server?)"
    if isinstance(error, OSError):
        return f"cannot start the MCP server: {error.strerror or error}"
    said = _last_line(server_log)
    reason = f"{said} (the server's last words)" if said else str(error) or type(error).__name__
    return f"the MCP server failed before listing its tools: {reason}"


def _last_line(log: Any) -> str:
    log.seek(0)
    lines = [line.strip() for line in log.read().splitlines() if line.strip()]
    return lines[-1] if lines else ""
