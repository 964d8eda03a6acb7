"""`guard_tool_calls` end to end on a recorded OpenAI-format conversation, with the shipped policy."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from boldly.guard import Decision, Guard, MemoryAuditLog, Policy, guard_tool_calls

CONVERSATION = json.loads(
    (Path(__file__).parent / "openai" / "conversation.json").read_text(encoding="utf-8")
)


def decide(approver: Any = None) -> tuple[Guard, Any]:
    guard = Guard(Policy.default(), MemoryAuditLog())
    session = guard.session(id="openai")
    return guard, guard_tool_calls(
        guard, session, CONVERSATION["messages"], CONVERSATION["assistant"], approver
    )


def test_each_call_gets_a_decision_and_the_refused_ones_a_tool_message() -> None:
    _, result = decide()
    verdicts = {call.tool_call["id"]: (call.decision.verdict, call.decision.rule) for call in result.calls}
    assert verdicts == {
        "call_mail_northwind": ("allow", "named-outsiders"),
        "call_mail_press": ("deny", "authorities-press-public-unasked"),
        "call_tidy": ("allow", "untagged-file-changes"),
        "call_wipe": ("deny", "others-directory-deletion-unasked"),
        "call_overwrite": ("allow", "untagged-file-changes"),
        "call_broken": ("deny", "unparsable-call"),
    }
    assert [call["id"] for call in result.allowed] == ["call_mail_northwind", "call_tidy", "call_overwrite"]
    press, wipe, broken = result.refusals
    assert press["role"] == "tool" and press["tool_call_id"] == "call_mail_press"
    assert press["content"].startswith("Blocked by policy (authorities-press-public-unasked)")
    assert "appears only in tool output" in press["content"]
    assert wipe["tool_call_id"] == "call_wipe" and broken["tool_call_id"] == "call_broken"


def test_an_ask_goes_to_the_approver_and_is_logged() -> None:
    asked: list[Decision] = []

    def approve(decision: Decision) -> bool:
        asked.append(decision)
        return True

    conversation = dict(CONVERSATION["assistant"])
    conversation["tool_calls"] = [
        {
            "id": "c1",
            "type": "function",
            "function": {"name": "delete_file", "arguments": '{"path": "/srv/x.csv"}'},
        }
    ]
    guard = Guard(Policy.default(), MemoryAuditLog())
    result = guard_tool_calls(guard, guard.session(), CONVERSATION["messages"], conversation, approve)
    [call] = result.calls
    assert [d.rule for d in asked] == ["others-data-destruction-unasked"]
    assert call.allowed and call.decision.approver == "approve"
    assert [record["kind"] for record in guard.audit.records] == ["decision", "approval"]
