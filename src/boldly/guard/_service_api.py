"""The decision service's wire format: its requests and answers as pydantic models.

The service validates with them and publishes them as its OpenAPI schema; the client reads answers with
them, so service and client share one definition without the client importing the web stack.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from boldly.guard._decision import Decision
from boldly.guard._policy import Verdict


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SessionRef(Request):
    id: str | None = Field(
        None,
        description="A session made with POST /v1/sessions. Without it the call is decided in a one-off "
        "session of the messages and observations given, which is not kept.",
    )
    principal_messages: list[str] = Field(
        [],
        description="The principal's messages so far; a held session takes in those beyond the ones it has.",
    )
    observations: list[str] = Field(
        [], description="Tool outputs the agent saw so far; a held session takes in the new ones."
    )


class ToolCall(Request):
    tool: str = Field(min_length=1, description="The tool as the agent called it: canonical or foreign.")
    args: dict[str, Any] = {}


class ToolAnnotations(BaseModel):
    """An MCP tool's annotations (MCP's names): untrusted hints, for tools the policy does not declare."""

    readOnlyHint: bool | None = None
    destructiveHint: bool | None = None
    openWorldHint: bool | None = None


class DecideRequest(Request):
    session: SessionRef = SessionRef()
    call: ToolCall
    hints: ToolAnnotations | None = None


class NewSession(Request):
    id: str | None = Field(
        None, pattern=r"^[\w.:-]{1,200}$", description="Letters, digits, `_.:-` (default: a random id)."
    )
    principal_messages: list[str] = []
    observations: list[str] = []
    roots: list[str] = Field([], description="Directories the client's tools resolve relative paths in.")


class Messages(Request):
    messages: list[str] = Field(min_length=1, description="The principal's new messages, in order.")


class ToolResult(Request):
    output: str = Field(description="What a call returned, as the agent saw it (grants no mandate).")


class Approval(Request):
    session: str = Field(min_length=1, description="The session the ask was decided in.")
    approved: bool
    approver: str = Field(min_length=1, description="Who answered; recorded in the audit log.")


class ServedDecision(BaseModel):
    """A decision as `boldly guard check --json` prints it (`Decision.to_json`), with `seq` and `refusal`."""

    model_config = ConfigDict(extra="allow")

    decision: Verdict
    rule: str
    reason: str
    tool: str
    call: Any = None
    action: dict[str, Any] | None = None
    effects: list[dict[str, Any]] = []
    redirect: dict[str, Any] | None = None
    approver: str | None = None
    session: str
    seq: int | None = Field(
        None, description="Its audit record; settle an ask with POST /v1/decisions/{seq}/approval."
    )
    refusal: str | None = Field(
        None, description="What the agent gets instead of the result, unless allowed."
    )

    @classmethod
    def of(cls, decision: Decision) -> ServedDecision:
        refusal = decision.refusal() if decision.verdict in ("deny", "redirect") else None
        return cls(**decision.to_json(), seq=decision.seq, refusal=refusal)

    @property
    def allowed(self) -> bool:
        return self.decision == "allow"


class SessionState(BaseModel):
    id: str
    principal_messages: int
    observations: int
    calls: int = Field(description="Calls decided in the session (allowed or not).")
    open_asks: list[int] = Field(description="Seqs of asks awaiting an approval.")


class Health(BaseModel):
    status: str = "ok"
    policy: str
    policy_hash: str = Field(description="SHA-256 of the policy file's text, as loaded.")
    sessions: int
    max_sessions: int
    session_idle_seconds: float
    decisions: int = Field(description="Decisions made since the service started.")
    uptime_seconds: float


class Reloaded(BaseModel):
    policy_hash: str
    previous_policy_hash: str
    sessions: int = Field(description="Sessions carried over to the new policy.")
    calls_replayed: int
    calls_not_replayed: int = Field(description="Calls the new policy cannot read (e.g. a tool it dropped).")
    asks_dropped: int = Field(description="Open asks, which must be decided again under the new policy.")


class Problem(BaseModel):
    field: str
    message: str


class ErrorBody(BaseModel):
    error: str
    problems: list[Problem] = []
