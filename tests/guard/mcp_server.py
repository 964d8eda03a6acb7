"""A small real MCP server for the proxy's end-to-end test: `send_email` and `run_shell` that only record.

Each call that reaches the server is appended as a JSON line to the file named by $BOLDLY_TEST_CALLS, so a
test can tell which calls the guard let through. Nothing is sent and nothing is run.
"""

from __future__ import annotations

import json
import os

from mcp.server.mcpserver import MCPServer

server = MCPServer("test-mail-and-shell")


def _record(tool: str, arguments: dict[str, object]) -> None:
    with open(os.environ["BOLDLY_TEST_CALLS"], "a", encoding="utf-8") as calls:
        calls.write(json.dumps({"tool": tool, "arguments": arguments}) + "\n")


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


if __name__ == "__main__":
    server.run()
