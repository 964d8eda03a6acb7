"""The guard: decides, per pending tool call, whether its effects are within the agent's mandate.

Classifies each call with the world's own effect classifier over the org a policy describes, matches the
policy's rules (deny > ask > redirect > allow), fails closed, and records every decision in a hash-chained
audit log. Adapters: a Python wrapper for any tool function, an MCP stdio proxy, OpenAI-format tool calls
(`guard_tool_calls`), a Claude Code hook (`boldly guard hook claude-code`) and an HTTP decision service for
fleets (`boldly guard serve`; `GuardClient` is its client); `draft_tools` drafts the declarations of an MCP
server's tools (the Inspect approver, which puts the guard in boldly's harness, is in `boldly.inspect`).
"""

from boldly.guard._audit import (
    AuditLog,
    MemoryAuditLog,
    Verification,
    load_private_key,
    load_public_key,
    verify_log,
)
from boldly.guard._decision import Decision, effect_line
from boldly.guard._draft_yaml import draft_yaml
from boldly.guard._drafting import DraftedTool, draft_tools
from boldly.guard._engine import Guard
from boldly.guard._host_paths import path_kind, resolved_path
from boldly.guard._mandate import Mandate
from boldly.guard._mapping import ToolHints
from boldly.guard._openai import GuardedCall, GuardedToolCalls, guard_tool_calls
from boldly.guard._policy import Policy, Rule, Verdict, default_policy_text
from boldly.guard._rules import EffectVerdict
from boldly.guard._session import Session, Step
from boldly.guard._tool_listing import ListedTool, ToolListError, tools_from_json, tools_from_server
from boldly.guard._trace import TraceAudit, audit_trace
from boldly.guard._wrap import Approver, TerminalApprover, ToolCallDenied, approver_name, guarded

_SERVICE_CLIENT = {"GuardClient": "_client", "GuardServiceError": "_client", "ServedDecision": "_service_api"}
"""The HTTP service's client and answer, imported on first use: a hook process per call should not pay for
an HTTP stack it does not use."""


def __getattr__(name: str) -> object:
    module = _SERVICE_CLIENT.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f"{__name__}.{module}"), name)


__all__ = [
    "Approver",
    "AuditLog",
    "Decision",
    "DraftedTool",
    "EffectVerdict",
    "Guard",
    "GuardClient",
    "GuardServiceError",
    "GuardedCall",
    "GuardedToolCalls",
    "ListedTool",
    "Mandate",
    "MemoryAuditLog",
    "Policy",
    "Rule",
    "ServedDecision",
    "Session",
    "Step",
    "TerminalApprover",
    "ToolCallDenied",
    "ToolHints",
    "ToolListError",
    "TraceAudit",
    "Verdict",
    "Verification",
    "approver_name",
    "audit_trace",
    "default_policy_text",
    "draft_tools",
    "draft_yaml",
    "effect_line",
    "guard_tool_calls",
    "guarded",
    "load_private_key",
    "load_public_key",
    "path_kind",
    "resolved_path",
    "tools_from_json",
    "tools_from_server",
    "verify_log",
]
