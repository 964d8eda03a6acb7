"""The MCP stdio proxy: a real MCP server runs as a child; every message is relayed, `tools/call` is guarded.

Built on the official SDK's stdio server transport and message types (the server side is `_mcp_child`),
relaying at the JSON-RPC level so that everything the two sides say (either protocol era, notifications,
server-to-client requests) passes unchanged. A denied call comes back as a tool error explaining why; a
redirected email goes to the reviewer; an `ask` is put to the person at the client through MCP elicitation
when the client supports it (an `elicitation/create` request in handshake-era sessions, an input-required
result from 2026-07-28 on), and is denied otherwise. The proxy cannot see the conversation, so the mandate
is the policy's standing one. The proxy reads what passes by for the guard: the server's tool annotations
(hints for tools the policy does not declare) and the roots the client announces (where relative paths
resolve). When the server ends, every request it has not answered gets a JSON-RPC error
at once, and the proxy stops.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from typing import Any, NoReturn
from urllib.parse import unquote, urlsplit

import anyio
import anyio.abc
import mcp_types as types
from mcp.server.stdio import stdio_server
from mcp.shared.message import SessionMessage

from boldly.guard._decision import Decision, effect_line
from boldly.guard._engine import Guard
from boldly.guard._mapping import ToolHints
from boldly.guard._mcp_child import ChildServer, child_server
from boldly.guard._session import Session

APPROVAL_KEY = "boldly_guard_approval"
STATE_PREFIX = "boldly-guard:"
ELICITATION_TIMEOUT = 600.0
_APPROVAL_SCHEMA = {
    "type": "object",
    "properties": {
        "approve": {
            "type": "boolean",
            "title": "Allow this call",
            "description": "Let the agent make this call.",
        }
    },
    "required": ["approve"],
}


def tool_error(text: str) -> dict[str, Any]:
    result = types.CallToolResult(content=[types.TextContent(text=text)], is_error=True)
    return result.model_dump(by_alias=True, exclude_none=True, mode="json")


def approval_request(decision: Decision) -> types.ElicitRequestFormParams:
    effects = "; ".join(effect_line(v.effect) for v in decision.verdicts)
    message = f"The agent wants to call {decision.tool} ({effects}). {decision.reason}. Allow it?"
    return types.ElicitRequestFormParams(message=message, requested_schema=_APPROVAL_SCHEMA)


def accepted(answer: Any) -> bool:
    """An elicitation answer that approves: action `accept` with `approve: true`."""
    if not isinstance(answer, dict) or answer.get("action") != "accept":
        return False
    content = answer.get("content") or {}
    return content.get("approve") is True


def listed_hints(result: Any) -> dict[str, ToolHints]:
    """Each listed tool's annotations (`readOnlyHint`, ...) from a `tools/list` answer."""
    tools = result.get("tools") if isinstance(result, dict) else None
    return {
        str(tool["name"]): ToolHints.from_annotations(tool.get("annotations"))
        for tool in tools or []
        if isinstance(tool, dict) and "name" in tool
    }


def announced_roots(result: Any) -> list[str]:
    """The local directories of a `roots/list` answer (`file://` URIs), in the client's order."""
    roots = result.get("roots") if isinstance(result, dict) else None
    paths = []
    for root in roots or []:
        uri = root.get("uri") if isinstance(root, dict) else None
        if isinstance(uri, str) and uri.startswith("file://"):
            path = unquote(urlsplit(uri).path)
            if path.startswith("/"):
                paths.append(path.rstrip("/") or "/")
    return paths


class Proxy:
    """Relays between a client (`client_*` streams) and the child server, guarding tool calls."""

    def __init__(
        self, guard: Guard, session: Session, client_read: Any, client_write: Any, server: ChildServer
    ) -> None:
        self.guard = guard
        self.session = session
        self.client_read = client_read
        self.client_write = client_write
        self.server = server
        self.handshake_capabilities: dict[str, Any] = {}
        self.waiting: dict[str, tuple[anyio.Event, list[Any]]] = {}
        self.asked: dict[str, Decision] = {}
        self.unanswered: set[types.RequestId] = set()
        """The client's requests that have had no answer yet, from the server or from the guard."""
        self.server_ended: str | None = None
        """How the server ended (`exited (code 1)`), once it has."""
        self.listings: set[types.RequestId] = set()
        """The client's `tools/list` requests: their answers carry the tools' annotations (hints)."""
        self.roots_requests: set[types.RequestId] = set()
        """The server's `roots/list` requests: the client's answers are the directories its tools use."""
        self._count = 0

    async def run(self) -> str | None:
        """Relay until either side goes; how the server ended when it went first, None when the client did."""
        async with self.client_write, self.server.write, anyio.create_task_group() as group:
            group.start_soon(self._from_server, group)
            await self._from_client(group)
        return self.server_ended

    async def _from_client(self, group: anyio.abc.TaskGroup) -> None:
        async with self.client_read:
            async for item in self.client_read:
                if isinstance(item, Exception):
                    error = types.ErrorData(code=types.PARSE_ERROR, message=f"unreadable message: {item}")
                    await self._to_client(types.JSONRPCError(jsonrpc="2.0", id=None, error=error))
                    continue
                message = item.message
                if (
                    isinstance(message, types.JSONRPCResponse | types.JSONRPCError)
                    and str(message.id) in self.waiting
                ):
                    event, answer = self.waiting[str(message.id)]
                    answer.append(message.result if isinstance(message, types.JSONRPCResponse) else None)
                    event.set()
                    continue
                if isinstance(message, types.JSONRPCResponse) and message.id in self.roots_requests:
                    self.roots_requests.discard(message.id)
                    self.session.roots = announced_roots(message.result)
                if isinstance(message, types.JSONRPCRequest):
                    self.unanswered.add(message.id)
                    if message.method == "initialize":
                        self.handshake_capabilities = (message.params or {}).get("capabilities") or {}
                    if message.method == "tools/list":
                        self.listings.add(message.id)
                    if message.method == "tools/call":
                        group.start_soon(self._guard_call, message)
                        continue
                await self._to_server(item)
        group.cancel_scope.cancel()  # the client is gone: leaving `child_server` shuts the server down

    async def _from_server(self, group: anyio.abc.TaskGroup) -> None:
        async with self.server.read:
            async for item in self.server.read:
                if isinstance(item, Exception):
                    continue
                message = item.message
                if isinstance(message, types.JSONRPCResponse | types.JSONRPCError):
                    self.unanswered.discard(message.id)
                if isinstance(message, types.JSONRPCResponse) and message.id in self.listings:
                    self.listings.discard(message.id)
                    self.session.tool_hints.update(listed_hints(message.result))
                if isinstance(message, types.JSONRPCRequest) and message.method == "roots/list":
                    self.roots_requests.add(message.id)
                await self.client_write.send(item)
        self.server_ended = await self.server.ending()
        for request_id in list(self.unanswered):
            await self._fail_request(request_id)
        await self._log_to_client(f"boldly guard mcp: the MCP server {self.server_ended}; stopping")
        group.cancel_scope.cancel()

    async def _to_client(self, message: types.JSONRPCMessage) -> None:
        await self.client_write.send(SessionMessage(message))

    async def _to_server(self, item: SessionMessage) -> None:
        """Pass a message on; once the server has ended, a request gets the error instead."""
        if self.server_ended is None:
            try:
                await self.server.write.send(item)
                return
            except (anyio.BrokenResourceError, anyio.ClosedResourceError):
                return  # the server is going: its end answers the request
        if isinstance(item.message, types.JSONRPCRequest):
            await self._fail_request(item.message.id)

    async def _log_to_client(self, text: str) -> None:
        """An MCP log message; once the client's writer takes it, everything sent before it is written."""
        params = types.LoggingMessageNotificationParams(level="error", logger="boldly-guard", data=text)
        notification = types.JSONRPCNotification(
            jsonrpc="2.0", method="notifications/message", params=params.model_dump(mode="json")
        )
        await self._to_client(notification)

    async def _fail_request(self, request_id: types.RequestId) -> None:
        if request_id not in self.unanswered:
            return
        self.unanswered.discard(request_id)
        message = f"the MCP server {self.server_ended} before answering; boldly guard mcp is stopping"
        error = types.ErrorData(code=types.CONNECTION_CLOSED, message=message)
        await self._to_client(types.JSONRPCError(jsonrpc="2.0", id=request_id, error=error))

    async def _answer(self, request: types.JSONRPCRequest, result: dict[str, Any]) -> None:
        if request.id not in self.unanswered:
            return  # the server ended meanwhile, and the request had its error
        self.unanswered.discard(request.id)
        await self._to_client(types.JSONRPCResponse(jsonrpc="2.0", id=request.id, result=result))

    async def _forward(self, request: types.JSONRPCRequest, params: dict[str, Any]) -> None:
        forwarded = request.model_copy(update={"params": params})
        await self._to_server(SessionMessage(forwarded))

    # -- the guarded call ----------------------------------------------------------------------------

    async def _guard_call(self, request: types.JSONRPCRequest) -> None:
        try:
            await self._decide_call(request)
        except Exception as error:  # fail closed: the call does not reach the server
            reason = f"the guard failed on this call ({type(error).__name__}: {error}); denied to be safe"
            params = request.params or {}
            sent = {"tool": params.get("name"), "args": params.get("arguments")}
            decision = self.guard.refuse(str(params.get("name")), "fail-closed", reason, self.session, sent)
            await self._answer(request, tool_error(decision.refusal()))

    async def _decide_call(self, request: types.JSONRPCRequest) -> None:
        params = dict(request.params or {})
        state = params.get("requestState")
        if isinstance(state, str) and state in self.asked:
            await self._resume(request, params, state)
            return
        arguments = params.get("arguments")
        action = {"tool": params.get("name"), "args": arguments if arguments is not None else {}}
        decision = self.guard.decide(action, self.session)
        if decision.verdict == "ask":
            if self._modern(params):
                await self._ask_in_band(request, params, decision)
                return
            decision = await self._ask_by_request(decision)
        await self._carry_out(request, params, decision)

    async def _carry_out(
        self, request: types.JSONRPCRequest, params: dict[str, Any], decision: Decision
    ) -> None:
        if decision.verdict == "allow":
            await self._forward(request, params)
        elif decision.verdict == "redirect" and decision.redirect is not None:
            rerouted = self.guard.mapper.foreign_args(str(params.get("name")), decision.redirect)
            if rerouted is None:
                await self._answer(request, tool_error(decision.refusal()))
            else:
                await self._forward(request, {**params, "arguments": rerouted})
        else:
            await self._answer(request, tool_error(decision.refusal()))

    def _modern(self, params: dict[str, Any]) -> bool:
        meta = params.get("_meta") or {}
        return types.PROTOCOL_VERSION_META_KEY in meta

    def _can_elicit(self, params: dict[str, Any]) -> bool:
        meta = params.get("_meta") or {}
        capabilities = meta.get(types.CLIENT_CAPABILITIES_META_KEY) or self.handshake_capabilities
        return isinstance(capabilities, dict) and capabilities.get("elicitation") is not None

    async def _ask_by_request(self, decision: Decision) -> Decision:
        """Handshake era: an `elicitation/create` request to the client, awaited."""
        if not self._can_elicit({}):
            return self._no_elicitation(decision)
        self._count += 1
        request_id = f"boldly-guard-{self._count}"
        event, answer = anyio.Event(), []
        self.waiting[request_id] = (event, answer)
        elicit = types.JSONRPCRequest(
            jsonrpc="2.0",
            id=request_id,
            method="elicitation/create",
            params=approval_request(decision).model_dump(by_alias=True, exclude_none=True, mode="json"),
        )
        try:
            await self._to_client(elicit)
            with anyio.move_on_after(ELICITATION_TIMEOUT):
                await event.wait()
        finally:
            self.waiting.pop(request_id, None)
        approved = bool(answer) and accepted(answer[0])
        return self.guard.settle(decision, self.session, approved, "mcp-elicitation")

    async def _ask_in_band(
        self, request: types.JSONRPCRequest, params: dict[str, Any], decision: Decision
    ) -> None:
        """2026-07-28: answer with an input-required result; the client retries with the person's answer."""
        if not self._can_elicit(params):
            await self._carry_out(request, params, self._no_elicitation(decision))
            return
        state = STATE_PREFIX + secrets.token_urlsafe(16)
        self.asked[state] = decision
        elicit = types.ElicitRequest(params=approval_request(decision))
        result = types.InputRequiredResult(input_requests={APPROVAL_KEY: elicit}, request_state=state)
        await self._answer(request, result.model_dump(by_alias=True, exclude_none=True, mode="json"))

    async def _resume(self, request: types.JSONRPCRequest, params: dict[str, Any], state: str) -> None:
        decision = self.asked.pop(state)
        responses = params.pop("inputResponses", None) or {}
        params.pop("requestState", None)
        approved = isinstance(responses, dict) and accepted(responses.get(APPROVAL_KEY))
        settled = self.guard.settle(decision, self.session, approved, "mcp-elicitation")
        await self._carry_out(request, params, settled)

    def _no_elicitation(self, decision: Decision) -> Decision:
        approver = "nobody: this client cannot ask a person (no elicitation support)"
        return self.guard.settle(decision, self.session, False, approver)


async def serve(
    guard: Guard, command: list[str], server_ended: Callable[[str], NoReturn], session_id: str | None = None
) -> None:
    """Run `command` as the MCP server behind the guard, serving the client on this process's stdio.

    Raises OSError when the server cannot be started. When it ends before the client leaves, the requests it
    left get their errors, then `server_ended(how)` must end this process: the SDK's stdio server transport
    reads stdin in a thread that only a line or the end of input frees, so returning would wait on the client.
    """
    session = guard.session(id=session_id)
    async with (
        child_server(command, dict(os.environ)) as server,
        stdio_server() as (client_read, client_write),
    ):
        ended = await Proxy(guard, session, client_read, client_write, server).run()
        if ended is not None:
            await server.stop()
            server_ended(ended)
