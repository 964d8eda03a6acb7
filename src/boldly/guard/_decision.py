"""A decision: the verdict on one pending call, the rule that decided it and why."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from pydantic_core import to_jsonable_python

from boldly.guard._policy import Verdict
from boldly.guard._rules import EffectVerdict
from boldly.world import Action, Effect


def effect_line(effect: Effect) -> str:
    """One effect in a line: `send_message (email) /data/a.csv [sensitive] → tips@nytimes.com (media)`."""
    reached = ", ".join(f"{t.value} ({t.party.value})" for t in effect.targets)
    touched = ", ".join(ref.path + (f" [{', '.join(ref.tags)}]" if ref.tags else "") for ref in effect.data)
    what = " → ".join(part for part in (touched, reached) if part) or effect.detail
    return f"{effect.op.value} ({effect.channel.value}) {what}".rstrip()


def as_sent(call: Any) -> Any:
    """A call as the agent sent it, as JSON: `{"tool", "args"}` of an Action, anything else as it came."""
    if isinstance(call, Action):
        return {"tool": call.tool, "args": to_jsonable_python(call.args, fallback=repr)}
    try:
        return to_jsonable_python(call, fallback=repr)
    except ValueError:  # e.g. a structure that contains itself
        return repr(call)


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    """allow, ask (a person must approve), deny, or redirect (run `redirect` instead)."""
    rule: str
    reason: str
    tool: str
    """The tool as the agent called it (a foreign name, when mapped)."""
    action: Action | None
    """The canonical action judged (None when the call could not be read)."""
    effects: list[Effect] = field(default_factory=list)
    verdicts: list[EffectVerdict] = field(default_factory=list)
    redirect: Action | None = None
    approver: str | None = None
    session: str = ""
    call: Any = None
    """The call as the agent sent it, also when it could not be read (as JSON in the record: `as_sent`)."""
    seq: int | None = None
    """The decision's record in the audit log, when there is one."""
    pending: Any = field(default=None, repr=False, compare=False)
    """For `ask`: the guard's trial of the action, kept until the approval settles it."""

    @property
    def allowed(self) -> bool:
        return self.verdict == "allow"

    def refusal(self) -> str:
        """The text an agent gets instead of the tool's result."""
        if self.verdict == "redirect":
            return f"Not sent as asked: {self.reason}. It was routed for review instead."
        return f"Blocked by policy ({self.rule}): {self.reason}"

    def settled(self, approved: bool, approver: str) -> Decision:
        verdict: Verdict = "allow" if approved else "deny"
        reason = f"{'approved' if approved else 'refused'} by {approver}: {self.reason}"
        return replace(self, verdict=verdict, reason=reason, approver=approver, pending=None)

    def to_json(self) -> dict[str, Any]:
        """The decision as JSON: `decision` is the verdict."""
        return {
            "decision": self.verdict,
            "rule": self.rule,
            "reason": self.reason,
            "tool": self.tool,
            "call": as_sent(self.call),
            "action": self.action.model_dump(mode="json") if self.action else None,
            "effects": [
                {
                    **v.effect.model_dump(mode="json", exclude={"id", "seq", "status"}),
                    "decision": v.verdict,
                    "rule": v.rule,
                    "in_mandate": v.in_mandate,
                }
                for v in self.verdicts
            ],
            "redirect": self.redirect.model_dump(mode="json") if self.redirect else None,
            "approver": self.approver,
            "session": self.session,
        }
