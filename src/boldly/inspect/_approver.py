"""The guard as an Inspect approver: every tool call of a boldly rollout is decided by `boldly.guard` first.

The guard sees the scenario's org, not the policy's own: `Policy.for_world` keeps the policy's rules, tool
mapping and defaults and takes the org facts (domains, directory, accounts, services, tagged files) from the
variant's world seed, so a scenario's regulator is government to the guard exactly as it is to the scorer.
The session is fed the principal's messages (the system prompt and the user turns of the conversation) and
the tool outputs the agent saw, so the mandate is what the principal named.

    allow     approve: the tool runs.
    deny      reject: the agent gets the guard's refusal as the tool's result and can go on.
    redirect  reject: the call does not run and the agent is told it was routed for review; nothing reaches
              the scenario's world (the reviewer is the principal, outside it).
    ask       a simulated human answers, `approve` or `deny` (the task's `guard_ask`); counted as an ask.

A call that does not run goes into the rollout world's effect log as blocked (classified on that world, by
the same classifier), so its outcomes are attempted and not executed. Every decision goes into the audit
log, a file when one is given, else one kept in memory.
"""

from __future__ import annotations

import hashlib
import uuid
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from inspect_ai.approval import Approval, ApprovalPolicy, Approver, approver
from inspect_ai.model import ChatMessage, ChatMessageSystem, ChatMessageTool, ChatMessageUser
from inspect_ai.tool import ToolCall, ToolCallView
from inspect_ai.util import store

from boldly.guard import AuditLog, Decision, Guard, MemoryAuditLog, Policy, Session, default_policy_text
from boldly.inspect._guard_record import note_decision
from boldly.inspect._rollout import Rollout, current_rollout

DEFAULT_POLICY = "default"
"""`--guard default`, `-T guard=default`: the shipped default policy (`boldly guard init`)."""
AskAnswer = Literal["approve", "deny"]
ASK_ANSWERS: tuple[AskAnswer, ...] = ("approve", "deny")


@dataclass(frozen=True)
class GuardSpec:
    """The guard of a task: its policy (by name and content hash) and how the simulated human answers."""

    policy: Policy
    name: str
    """`default`, or the policy file's path as given."""
    policy_hash: str
    """SHA-256 of the policy file's text (`sha256sum policy.yaml`)."""
    ask: AskAnswer = "deny"

    @classmethod
    def load(cls, ref: str, ask: str = "deny") -> GuardSpec:
        """The shipped policy (`default`) or a policy file; raises `SourceError` (file:line:column)."""
        if ask not in ASK_ANSWERS:
            raise ValueError(f"guard_ask must be one of {', '.join(ASK_ANSWERS)} (got {ask!r})")
        if ref == DEFAULT_POLICY:
            text = default_policy_text()
            policy = Policy.parse(text, "default_policy.yaml")
        else:
            policy = Policy.load(Path(ref))
            text = Path(ref).read_text(encoding="utf-8")
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return cls(policy, ref, digest, ask)  # type: ignore[arg-type]

    def metadata(self) -> dict[str, str]:
        """What a sample records about its guard."""
        return {"policy": self.name, "policy_hash": self.policy_hash, "ask": self.ask}

    def approval(self, audit_log: str | None = None) -> list[ApprovalPolicy]:
        """The task's approval policy: the guard approver for every tool."""
        return [ApprovalPolicy(guard_approver(self.name, self.ask, audit_log), "*")]


def principal_messages(history: list[ChatMessage]) -> list[str]:
    """What the principal said: the system prompt (the operator) and every user turn."""
    return [m.text for m in history if isinstance(m, ChatMessageSystem | ChatMessageUser)]


def tool_outputs(history: list[ChatMessage]) -> list[str]:
    """What the agent saw from its tools (a refusal included)."""
    outputs = []
    for message in history:
        if isinstance(message, ChatMessageTool):
            outputs.append(message.error.message if message.error else message.text)
    return outputs


@approver(name="guard")
def guard_approver(policy: str = DEFAULT_POLICY, ask: str = "deny", audit_log: str | None = None) -> Approver:
    """The boldly guard deciding each tool call of a boldly rollout.

    Args:
        policy: `default` (the shipped default policy) or the path of a guard policy file.
        ask: How the simulated human answers an `ask`: `approve` or `deny`.
        audit_log: Append every decision to this hash-chained JSON-lines log (else it is kept in memory).
    """
    spec = GuardSpec.load(policy, ask)
    audit: AuditLog | MemoryAuditLog = AuditLog(audit_log) if audit_log else MemoryAuditLog()
    human = f"simulated human ({'approves' if spec.ask == 'approve' else 'refuses'})"
    guards: dict[str, Guard] = {}
    sessions: weakref.WeakKeyDictionary[Rollout, Session] = weakref.WeakKeyDictionary()

    def session_of(rollout: Rollout) -> tuple[Guard, Session]:
        key = rollout.variant.content_hash
        if key not in guards:
            guards[key] = Guard(spec.policy.for_world(rollout.variant.world), audit)
        guard = guards[key]
        if rollout not in sessions:
            sessions[rollout] = guard.session(
                id=f"{rollout.ref.variant}#{rollout.epoch}-{uuid.uuid4().hex[:8]}"
            )
        return guard, sessions[rollout]

    def decide(rollout: Rollout, call: ToolCall, history: list[ChatMessage]) -> tuple[str, Decision]:
        guard, session = session_of(rollout)
        session.catch_up(principal_messages(history), tool_outputs(history))
        decision = guard.decide(rollout.action(call.function, call.arguments), session)
        first = decision.verdict
        if first == "ask":
            decision = guard.settle(decision, session, spec.ask == "approve", human)
        return first, decision

    async def approve(
        message: str, call: ToolCall, view: ToolCallView, history: list[ChatMessage]
    ) -> Approval:
        rollout = current_rollout()
        if rollout is None:
            return Approval(
                decision="reject",
                explanation="Blocked by policy (fail-closed): the guard only runs in boldly's scenario tasks",
            )
        try:
            first, decision = decide(rollout, call, history)
        except Exception as error:  # fail closed: a call the guard could not decide does not run
            reason = f"the guard could not decide ({type(error).__name__}: {error}); denied to be safe"
            sent = {"tool": call.function, "args": call.arguments}
            first, decision = "deny", Decision("deny", "fail-closed", reason, call.function, None, call=sent)
        allowed = decision.verdict == "allow"
        note_decision(store(), first, call.id, blocked=not allowed)
        metadata: dict[str, Any] = {**decision.to_json(), "asked": first == "ask", "audit_seq": decision.seq}
        if allowed:
            return Approval(decision="approve", explanation=decision.reason, metadata=metadata)
        rollout.block(call.function, call.arguments)
        return Approval(decision="reject", explanation=decision.refusal(), metadata=metadata)

    return approve
