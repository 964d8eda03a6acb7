"""The Python adapter: guard any tool function, sync or async, with a pluggable approver for `ask`.

    guard = Guard.from_file("policy.yaml", audit_log="audit.jsonl")
    session = guard.session(["Send the Q3 figures to ops@northwind.example.net"])

    @guarded(guard, session)                     # a canonical tool: parameters named as send_email's
    def send_email(to: list[str], subject: str, body: str) -> str: ...

    @guarded(guard, session, tool="send_email", args={"to": "recipients"}, approver=TerminalApprover())
    async def gmail_send(recipients: list[str], subject: str, body: str) -> str: ...

A denied call returns the refusal as the tool's result (or raises `ToolCallDenied` with `on_deny="raise"`),
so the agent can go on. A redirected email is sent to the reviewer through the same function.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import sys
from collections.abc import Awaitable, Callable
from typing import IO, Any, Literal, TypeVar

from boldly.guard._decision import Decision, effect_line
from boldly.guard._engine import Guard
from boldly.guard._session import Session
from boldly.world import Action

Approver = Callable[[Decision], bool | Awaitable[bool]]
"""Answers an `ask`: True lets the call run. Its `name` attribute (or function name) is logged."""
F = TypeVar("F", bound=Callable[..., Any])


class ToolCallDenied(PermissionError):
    def __init__(self, decision: Decision) -> None:
        super().__init__(decision.refusal())
        self.decision = decision


class TerminalApprover:
    """Asks a person at the terminal: prints the call, its effects and the reason, reads y/N."""

    def __init__(self, input: IO[str] | None = None, output: IO[str] | None = None, name: str = "terminal"):
        self.input = input
        self.output = output
        self.name = name

    def __call__(self, decision: Decision) -> bool:
        out = self.output or sys.stderr
        out.write(f"\nThe agent wants to call {decision.tool}: {decision.reason}\n")
        for verdict in decision.verdicts:
            out.write(f"  - {effect_line(verdict.effect)}  [{verdict.verdict}: {verdict.rule}]\n")
        out.write("Allow it? [y/N] ")
        out.flush()
        answer = (self.input or sys.stdin).readline()
        return answer.strip().lower() in ("y", "yes")


def approver_name(approver: Approver) -> str:
    return str(getattr(approver, "name", None) or getattr(approver, "__name__", type(approver).__name__))


def guarded(
    guard: Guard,
    session: Session,
    *,
    tool: str | None = None,
    args: dict[str, str] | None = None,
    action: Callable[..., Action] | None = None,
    approver: Approver | None = None,
    on_deny: Literal["return", "raise"] | Callable[[Decision], Any] = "return",
    observe: bool = True,
) -> Callable[[F], F]:
    """Guard a tool function.

    Args:
        guard: The guard that decides.
        session: The conversation the calls belong to (feed it the principal's messages).
        tool: The tool name the guard sees (default: the function's name); mapped by the policy if foreign.
        args: Canonical argument name → this function's parameter name, when they differ.
        action: Builds the canonical action from the call's arguments (instead of `tool`/`args`).
        approver: Answers `ask` decisions; without one, an `ask` is denied.
        on_deny: "return" the refusal as the result, "raise" ToolCallDenied, or a function of the decision.
        observe: Feed each result to the session as a tool output the agent saw.
    """

    def decorate(function: F) -> F:
        name = tool or function.__name__
        signature = inspect.signature(function)
        renames = dict(args or {})
        back = {param: canonical for canonical, param in renames.items()}

        def pending(call_args: tuple[Any, ...], call_kwargs: dict[str, Any]) -> Action:
            if action is not None:
                return action(*call_args, **call_kwargs)
            bound = signature.bind(*call_args, **call_kwargs)
            named = {back.get(key, key): value for key, value in bound.arguments.items()}
            return Action(tool=name, args=named)

        def redirected(decision: Decision) -> dict[str, Any] | None:
            """The redirected call in this function's parameters, or None when it cannot take it."""
            assert decision.redirect is not None
            if action is not None:
                return None
            if renames:
                rerouted = {renames.get(key, key): value for key, value in decision.redirect.args.items()}
            else:
                rerouted = guard.mapper.foreign_args(name, decision.redirect)
            try:
                signature.bind(**(rerouted or {}))
            except TypeError:
                return None
            return rerouted

        def refuse(decision: Decision) -> Any:
            if on_deny == "raise":
                raise ToolCallDenied(decision)
            if callable(on_deny):
                return on_deny(decision)
            return decision.refusal()

        def seen(result: Any) -> Any:
            if observe and result is not None:
                session.observe(str(result))
            return result

        if inspect.iscoroutinefunction(function):

            @functools.wraps(function)
            async def guarded_async(*call_args: Any, **call_kwargs: Any) -> Any:
                decision = _first(guard, session, name, call_args, call_kwargs, pending)
                if decision.verdict == "ask":
                    approved = await _ask_async(approver, decision)
                    decision = _settle(guard, session, decision, approved, approver)
                if decision.verdict == "allow":
                    return seen(await function(*call_args, **call_kwargs))
                if decision.verdict == "redirect" and (rerouted := redirected(decision)) is not None:
                    return seen(await function(**rerouted))
                return refuse(decision)

            return guarded_async  # type: ignore[return-value]

        @functools.wraps(function)
        def guarded_sync(*call_args: Any, **call_kwargs: Any) -> Any:
            decision = _first(guard, session, name, call_args, call_kwargs, pending)
            if decision.verdict == "ask":
                approved = _ask(approver, decision)
                decision = _settle(guard, session, decision, approved, approver)
            if decision.verdict == "allow":
                return seen(function(*call_args, **call_kwargs))
            if decision.verdict == "redirect" and (rerouted := redirected(decision)) is not None:
                return seen(function(**rerouted))
            return refuse(decision)

        return guarded_sync  # type: ignore[return-value]

    return decorate


def _first(
    guard: Guard,
    session: Session,
    name: str,
    call_args: tuple[Any, ...],
    call_kwargs: dict[str, Any],
    pending: Callable[[tuple[Any, ...], dict[str, Any]], Action],
) -> Decision:
    try:
        action = pending(call_args, call_kwargs)
    except Exception as error:  # an unreadable call is denied, and logged like any decision
        sent = {"tool": name, "args": call_kwargs, "positional": list(call_args)}
        return guard.refuse(name, "unparsable-call", f"cannot read the call: {error}", session, call=sent)
    return guard.decide(action, session)


def _ask(approver: Approver | None, decision: Decision) -> bool:
    if approver is None:
        return False
    answer = approver(decision)
    if inspect.isawaitable(answer):
        return bool(asyncio.run(_await(answer)))
    return bool(answer)


async def _ask_async(approver: Approver | None, decision: Decision) -> bool:
    """A coroutine approver is awaited; a plain one (a terminal prompt) runs in a thread."""
    if approver is None:
        return False
    if inspect.iscoroutinefunction(approver) or inspect.iscoroutinefunction(type(approver).__call__):
        return bool(await approver(decision))  # type: ignore[misc]
    answer = await asyncio.to_thread(approver, decision)
    return bool(await answer) if inspect.isawaitable(answer) else bool(answer)


def _settle(
    guard: Guard, session: Session, decision: Decision, approved: bool, approver: Approver | None
) -> Decision:
    name = approver_name(approver) if approver is not None else "nobody (no approver configured)"
    return guard.settle(decision, session, approved, name)


async def _await(answer: Awaitable[bool]) -> bool:
    return await answer
