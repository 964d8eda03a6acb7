"""The proxy under faults: a server that dies mid-call, is killed, or cannot start, behind `boldly guard mcp`.

The proxy runs as a real process under the official client (`stdio_client`, `ClientSession`); a shell around
it keeps its exit code, which the SDK's transport does not expose.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path

import anyio
import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.shared.exceptions import MCPError

HERE = Path(__file__).parent
POLICY = HERE / "policy.yaml"
SERVER = HERE / "mcp_server.py"
PROMPT = 5.0
"""Seconds within which a call must fail: well under any client timeout."""


def proxy(tmp_path: Path, server: list[str]) -> StdioServerParameters:
    """The proxy, under a policy that lets `crash` and `hang` through (as reads of the inbox)."""
    policy = tmp_path / "policy.yaml"
    faulty = "tools:\n  crash: {tool: list_inbox, ignore: [code]}\n  hang: {tool: list_inbox}\n"
    policy.write_text(POLICY.read_text().replace("tools:\n", faulty, 1))
    guard = [sys.executable, "-m", "boldly", "guard", "mcp", "--policy", str(policy), "--"]
    keeps_code = f'"$@"; echo $? > {tmp_path / "code"}'
    return StdioServerParameters(
        command="sh",
        args=["-c", keeps_code, "sh", *guard, *server],
        env={**os.environ, "BOLDLY_TEST_CALLS": str(tmp_path / "calls.jsonl")},
    )


def server_pid(tmp_path: Path) -> int:
    deadline = time.monotonic() + PROMPT
    while time.monotonic() < deadline:
        calls = tmp_path / "calls.jsonl"
        if calls.exists() and calls.read_text().strip():
            return int(json.loads(calls.read_text().splitlines()[-1])["pid"])
        time.sleep(0.02)
    raise AssertionError("the call never reached the server")


async def call_as_server_ends(tmp_path: Path, tool: str, arguments: dict[str, int]) -> tuple[str, float]:
    """Call `tool` through the proxy; when it hangs, kill the server. The error and how long it took."""
    with open(tmp_path / "stderr", "w") as errlog:
        async with (
            stdio_client(proxy(tmp_path, [sys.executable, str(SERVER)]), errlog=errlog) as (read, write),
            ClientSession(read, write) as session,
            anyio.create_task_group() as group,
        ):
            await session.initialize()
            if tool == "hang":
                group.start_soon(kill_server, tmp_path)
            start = time.monotonic()
            with pytest.raises(MCPError) as raised:
                await session.call_tool(tool, arguments, read_timeout_seconds=30)
            elapsed = time.monotonic() - start
            with pytest.raises(MCPError) as again:
                await session.call_tool("send_email", {"to": ["a@b.c"], "subject": "s", "body": "b"})
            assert "Connection closed" in str(again.value) or "MCP server" in str(again.value)
    return str(raised.value), elapsed


async def kill_server(tmp_path: Path) -> None:
    pid = await anyio.to_thread.run_sync(server_pid, tmp_path)
    os.kill(pid, signal.SIGKILL)


def finished(tmp_path: Path) -> tuple[int, list[str]]:
    deadline = time.monotonic() + PROMPT
    while not (tmp_path / "code").exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    return int((tmp_path / "code").read_text()), (tmp_path / "stderr").read_text().splitlines()


def test_a_server_that_dies_mid_call_fails_the_call_at_once_and_stops_the_proxy(tmp_path: Path) -> None:
    error, elapsed = anyio.run(call_as_server_ends, tmp_path, "crash", {"code": 3})
    assert elapsed < PROMPT and "the MCP server exited (code 3) before answering" in error
    code, stderr = finished(tmp_path)
    assert code == 1
    assert stderr == [
        "boldly guard mcp: the MCP server exited (code 3); the calls it had not answered got an error"
    ]


def test_a_killed_server_fails_the_hanging_call_at_once(tmp_path: Path) -> None:
    error, elapsed = anyio.run(call_as_server_ends, tmp_path, "hang", {})
    assert elapsed < PROMPT and "was killed by SIGKILL (code -9)" in error
    code, stderr = finished(tmp_path)
    assert code == 1 and len(stderr) == 1 and "SIGKILL" in stderr[0]


@pytest.mark.parametrize(
    ("server", "expected"),
    [
        (["/nonexistent/mcp-server"], "/nonexistent/mcp-server: cannot start the MCP server"),
        ([sys.executable, "-c", "raise SystemExit(4)"], "the MCP server exited (code 4)"),
    ],
)
def test_a_server_that_does_not_start_is_one_line(tmp_path: Path, server: list[str], expected: str) -> None:
    async def connect() -> None:
        with open(tmp_path / "stderr", "w") as errlog:
            async with (
                stdio_client(proxy(tmp_path, server), errlog=errlog) as (read, write),
                ClientSession(read, write) as session,
            ):
                with pytest.raises(MCPError):
                    await session.initialize()

    start = time.monotonic()
    anyio.run(connect)
    code, stderr = finished(tmp_path)
    assert time.monotonic() - start < PROMPT
    assert code != 0 and len(stderr) == 1 and expected in stderr[0], stderr
