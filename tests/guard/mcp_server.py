"""A small real MCP server for the proxy's end-to-end tests: tools that only record, and two that fail.

Each call that reaches the server is appended as a JSON line to the file named by $BOLDLY_TEST_CALLS (with
the server's pid), so a test can tell which calls the guard let through. Nothing is sent and nothing is run.
`crash` ends the server in the middle of the call; `hang` never answers, so a test can kill the server.
"""

from __future__ import annotations

import json
import os
import time

from mcp.server.mcpserver import MCPServer

server = MCPServer("test-mail-and-shell")


def _record(tool: str, arguments: dict[str, object]) -> None:
    with open(os.environ["BOLDLY_TEST_CALLS"], "a", encoding="utf-8") as calls:
        calls.write(json.dumps({"tool": tool, "arguments": arguments, "pid": os.getpid()}) + "\n")


@server.tool()
def send_email(to: list[str], subject: str, body: str) -> str:
    """Send an email."""
    _record("send_email", {"to": to, "subject": subject, "body": body})
    return f"sent to {', '.join(to)}"


@server.tool()
def run_shell(command: str) -> str:
    """Run a shell command."""
    _record("run_shell", {"command": command})
    return f"ran: {command}"


@server.tool()
def crash(code: int) -> str:
    """End the server at once with this exit code."""
    _record("crash", {"code": code})
    os._exit(code)


@server.tool()
def hang() -> str:
    """Never answer."""
    _record("hang", {})
    while True:
        time.sleep(60)


if __name__ == "__main__":
    server.run()
