"""The guard for any framework that speaks OpenAI chat messages: decide an assistant message's tool calls.

Give it the messages so far and the assistant message carrying `tool_calls`; it catches the session up on the
conversation (system, developer and user messages are the principal's, `tool` messages the outputs the agent
saw; read as `boldly classify` reads a trace), decides each call, and returns the decisions with the `tool`
messages to send back for the calls that must not run. Run only `allowed`; a redirected email is
`decision.redirect` (the caller may send that instead). An `ask` goes to the approver, if one is given.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from boldly.guard._decision import Decision
from boldly.guard._engine import Guard
from boldly.guard._session import Session
from boldly.guard._trace import read_trace
from boldly.guard._wrap import approver_name
from boldly.world import Action


@dataclass(frozen=True, slots=True)
class GuardedCall:
    tool_call: dict[str, Any]
    """The call as the assistant message has it (`id`, `function.name`, `function.arguments`)."""
    decision: Decision

    @property
    def allowed(self) -> bool:
        return self.decision.verdict == "allow"

    def tool_message(self) -> dict[str, Any]:
        """The `tool` message that answers this call when it does not run: the refusal, with the reason."""
        return {
            "role": "tool",
            "tool_call_id": self.tool_call.get("id", ""),
            "content": self.decision.refusal(),
        }


@dataclass(frozen=True, slots=True)
class GuardedToolCalls:
    calls: list[GuardedCall]

    @property
    def allowed(self) -> list[dict[str, Any]]:
        """The tool calls to run."""
        return [call.tool_call for call in self.calls if call.allowed]

    @property
    def refusals(self) -> list[dict[str, Any]]:
        """The `tool` messages to append for the calls that do not run."""
        return [call.tool_message() for call in self.calls if not call.allowed]


def guard_tool_calls(
    guard: Guard,
    session: Session,
    messages: Sequence[dict[str, Any]],
    assistant: dict[str, Any],
    approver: Callable[[Decision], bool] | None = None,
) -> GuardedToolCalls:
    """Decide every tool call of `assistant`, after the conversation `messages` (keep one session per
    conversation: it remembers the calls decided so far)."""
    history = list(read_trace(list(messages)))
    session.catch_up(
        [e.text for e in history if e.kind == "principal"], [e.text for e in history if e.kind == "output"]
    )
    raw_calls = assistant.get("tool_calls") or []
    events = [e for e in read_trace([{"role": "assistant", "tool_calls": raw_calls}]) if e.kind == "call"]
    turn = max(1, sum(1 for message in messages if message.get("role") == "user"))
    guarded: list[GuardedCall] = []
    for raw, event in zip(raw_calls, events, strict=True):
        if event.problem:
            sent = {"tool": event.tool, "args": event.args}
            reason = f"cannot read the call: {event.problem}"
            decision = guard.refuse(event.tool, "unparsable-call", reason, session, sent)
        else:
            decision = guard.decide(Action(tool=event.tool, args=event.args, turn=turn), session)
            if decision.verdict == "ask" and approver is not None:
                decision = guard.settle(decision, session, approver(decision), approver_name(approver))
        guarded.append(GuardedCall(raw, decision))
    return GuardedToolCalls(guarded)
