"""A small real MCP server that lists its tools one per page, for the tool drafter's pagination."""

from __future__ import annotations

import anyio
from mcp import types
from mcp.server.lowlevel import Server
from mcp.server.stdio import stdio_server

SCHEMA = {"type": "object", "properties": {"path": {"type": "string"}}, "required": ["path"]}
PAGES = [
    types.Tool(name="list_notes", description="List notes.", input_schema=SCHEMA),
    types.Tool(name="delete_note", description="Delete a note.", input_schema=SCHEMA),
    types.Tool(name="archive_note", description="Archive a note.", input_schema=SCHEMA),
]


async def list_tools(context: object, params: types.PaginatedRequestParams | None) -> types.ListToolsResult:
    page = int(params.cursor) if params is not None and params.cursor else 0
    following = str(page + 1) if page + 1 < len(PAGES) else None
    return types.ListToolsResult(tools=[PAGES[page]], next_cursor=following)


async def main() -> None:
    server = Server("paged-notes", on_list_tools=list_tools)
    async with stdio_server() as (read, write):
        await server.run(read, write, server.create_initialization_options())


if __name__ == "__main__":
    anyio.run(main)
