"""The proxied MCP server as a child process: JSON-RPC messages over its pipes, and how it ended.

The SDK's `stdio_client` keeps its process to itself, so a proxy on it cannot tell its user whether the server
exited, crashed or was killed. This transport keeps the process and otherwise does what the SDK's does: one
message a line, the server in its own process group (its own stderr passes through), and a shutdown that
closes its stdin, waits, then ends the whole group (the SDK's `terminate_posix_process_tree`).
"""

from __future__ import annotations

import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass

import anyio
import mcp_types as types
from anyio.abc import Process
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream
from anyio.streams.text import TextReceiveStream
from mcp.os.posix.utilities import terminate_posix_process_tree
from mcp.shared.message import SessionMessage

EXIT_GRACE = 2.0
"""Seconds a server gets to exit on its own after its stdin closes."""
EXIT_CODE_WAIT = 0.5
"""Seconds to wait for the exit code of a server whose stdout ended (the proxy's errors wait on it)."""
TERMINATE_GRACE = 2.0
"""Seconds between SIGTERM and SIGKILL when it does not."""
_POLL = 0.01


@dataclass
class ChildServer:
    process: Process
    read: MemoryObjectReceiveStream[SessionMessage | Exception]
    """What the server says; ends when its stdout does (it exited, crashed or closed it)."""
    write: MemoryObjectSendStream[SessionMessage]

    async def ending(self) -> str:
        """How the server ended, once its stdout has: `exited (code 3)`, `was killed by SIGKILL (code -9)`."""
        await _exited(self.process, EXIT_CODE_WAIT)
        return describe_exit(self.process.returncode)

    async def stop(self) -> None:
        """Close its stdin and give it time to exit, then end its whole process group."""
        with anyio.CancelScope(shield=True):
            process = self.process
            assert process.stdin is not None
            with suppress(anyio.ClosedResourceError, anyio.BrokenResourceError, OSError):
                await process.stdin.aclose()
            if not await _exited(process, EXIT_GRACE):
                await terminate_posix_process_tree(process, TERMINATE_GRACE)
                await _exited(process, TERMINATE_GRACE)


def describe_exit(code: int | None) -> str:
    if code is None:
        return "closed its output but is still running"
    if code < 0:
        with suppress(ValueError):
            return f"was killed by {signal.Signals(-code).name} (code {code})"
    return f"exited (code {code})"


@asynccontextmanager
async def child_server(command: list[str], env: dict[str, str]) -> AsyncIterator[ChildServer]:
    """Start `command` as the MCP server; raises OSError when it cannot be started."""
    process = await anyio.open_process(command, env=env, stderr=None, start_new_session=True)
    to_proxy, read = anyio.create_memory_object_stream[SessionMessage | Exception](0)
    write, to_server = anyio.create_memory_object_stream[SessionMessage](0)
    async with anyio.create_task_group() as group:
        group.start_soon(_read_lines, process, to_proxy)
        group.start_soon(_write_lines, process, to_server)
        server = ChildServer(process, read, write)
        try:
            yield server
        finally:
            await server.stop()
            group.cancel_scope.cancel()


async def _read_lines(process: Process, to_proxy: MemoryObjectSendStream[SessionMessage | Exception]) -> None:
    assert process.stdout is not None
    buffer = ""
    async with to_proxy:
        with suppress(anyio.ClosedResourceError, anyio.BrokenResourceError):
            async for chunk in TextReceiveStream(process.stdout):
                *lines, buffer = (buffer + chunk).split("\n")
                for line in lines:
                    if line.strip():
                        await to_proxy.send(_parse(line))


def _parse(line: str) -> SessionMessage | Exception:
    try:
        return SessionMessage(types.jsonrpc_message_adapter.validate_json(line, by_name=False))
    except ValueError as error:
        return error


async def _write_lines(process: Process, to_server: MemoryObjectReceiveStream[SessionMessage]) -> None:
    assert process.stdin is not None
    async with to_server:
        with suppress(anyio.ClosedResourceError, anyio.BrokenResourceError, OSError):
            async for item in to_server:
                line = item.message.model_dump_json(by_alias=True, exclude_unset=True) + "\n"
                await process.stdin.send(line.encode("utf-8"))


async def _exited(process: Process, timeout: float) -> bool:
    """Whether the process ended within `timeout` (polled: `wait()` would also wait for its pipes)."""
    with anyio.move_on_after(timeout):
        while process.returncode is None:
            await anyio.sleep(_POLL)
    return process.returncode is not None
