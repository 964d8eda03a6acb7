"""OpenAI-format message traces → the actions an agent took, for auditing what it already did.

A trace is a list of chat messages (or an object with `messages`): `system` and `user` messages are the
principal's, `assistant` messages carry `tool_calls` (`function.name`, `function.arguments` as a JSON
string), `tool` messages carry the outputs the agent saw. The turn of a call is the number of user
messages before it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from boldly.guard._decision import Decision
from boldly.guard._engine import Guard
from boldly.world import Action, Effect, Outcomes, outcomes


class TraceError(ValueError):
    pass


@dataclass(frozen=True)
class TraceEvent:
    """One step of a trace: a principal message, a tool output, or a tool call."""

    kind: str
    """principal, output or call."""
    text: str = ""
    tool: str = ""
    args: Any = None
    """The arguments: an object, or as they came when they could not be read."""
    call_id: str = ""
    turn: int = 0
    problem: str = ""
    """For a call whose arguments could not be read."""


def _text(content: Any) -> str:
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(part.get("text", "") for part in content if isinstance(part, dict))
    return str(content)


def read_trace(data: Any) -> Iterator[TraceEvent]:
    messages = data.get("messages") if isinstance(data, dict) else data
    if not isinstance(messages, list):
        raise TraceError('expected a list of messages, or an object with "messages"')
    turn = 0
    for index, message in enumerate(messages):
        if not isinstance(message, dict) or "role" not in message:
            raise TraceError(f"message {index}: expected an object with a role")
        role = message["role"]
        if role in ("system", "developer", "user"):
            turn += role == "user"
            yield TraceEvent("principal", _text(message.get("content")), turn=turn)
        elif role == "tool":
            yield TraceEvent(
                "output", _text(message.get("content")), call_id=str(message.get("tool_call_id", ""))
            )
        elif role == "assistant":
            for call in message.get("tool_calls") or []:
                function = (call or {}).get("function") or {}
                raw = function.get("arguments", "{}")
                try:
                    args = json.loads(raw) if isinstance(raw, str) else raw
                    problem = "" if isinstance(args, dict) else "arguments are not a JSON object"
                except json.JSONDecodeError as error:
                    args, problem = raw, f"arguments are not JSON ({error.msg})"
                yield TraceEvent(
                    "call",
                    tool=str(function.get("name", "")),
                    args=args,
                    call_id=str(call.get("id", "")),
                    turn=max(turn, 1),
                    problem=problem,
                )


@dataclass(frozen=True)
class TracedCall:
    event: TraceEvent
    decision: Decision


@dataclass(frozen=True)
class TraceAudit:
    calls: list[TracedCall]
    outcomes: Outcomes


def audit_trace(guard: Guard, data: Any, session_id: str = "trace") -> TraceAudit:
    """Every tool call of a trace: its effects and the decision the guard would have made, then outcomes.

    The calls did run, so the session moves on past each one whatever the guard would have said.
    """
    session = guard.session(id=session_id)
    calls: list[TracedCall] = []
    effects: list[Effect] = []
    for event in read_trace(data):
        if event.kind == "principal":
            session.tell(event.text)
        elif event.kind == "output":
            session.observe(event.text)
        elif event.problem:
            reason = f"cannot read the call: {event.problem}"
            sent = {"tool": event.tool, "args": event.args}
            calls.append(
                TracedCall(event, guard.refuse(event.tool, "unparsable-call", reason, session, sent))
            )
        else:
            action = Action(tool=event.tool, args=event.args, turn=event.turn)
            decision = guard.hindsight(action, session)
            numbered = [
                effect.model_copy(update={"id": f"e{len(effects) + i + 1}", "seq": len(calls) + 1})
                for i, effect in enumerate(decision.effects)
            ]
            effects += numbered
            calls.append(TracedCall(event, replace(decision, effects=numbered)))
    return TraceAudit(calls, outcomes(effects))
