"""The guard as a Claude Code PreToolUse hook: one process per pending call, JSON in, a permission out.

Claude Code runs the hook before each tool call with the call (`tool_name`, `tool_input`, `tool_use_id`),
the session id, the transcript file and the working directory on standard input, and reads
`hookSpecificOutput.permissionDecision` (allow, deny, ask) and its reason from standard output. Its own tools
are declared in `claude_code_tools.yaml`; MCP tools (`mcp__server__tool`) by the policy under that full name.
The principal's messages are the user's in the transcript; the session's earlier calls are kept per session
id (`_hook_state`) and replayed, so what the agent read or made earlier counts. Whatever goes wrong is a deny
with the reason, never a traceback: the hook protocol reads JSON, and a crash would let the call through.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from boldly.guard._decision import Decision
from boldly.guard._engine import Guard
from boldly.guard._hook_state import DecidedCall, session_calls
from boldly.guard._policy import Policy
from boldly.world import Action, DeclaredTool

HOOK_EVENT = "PreToolUse"
TOOLS_FILE = "claude_code_tools.yaml"
_PERMISSION = {"allow": "allow", "ask": "ask", "deny": "deny", "redirect": "deny"}
_NOT_THE_USER = ("isMeta", "isSidechain", "isCompactSummary")
"""Transcript entries of role user that the user did not write: notices, a subagent's prompt, a summary."""


class HookInputError(ValueError):
    pass


def claude_code_tools() -> dict[str, DeclaredTool]:
    """Claude Code's own tools as declarations (Bash is run_shell, Write a file write, Read a read, ...)."""
    text = resources.files("boldly.guard").joinpath(TOOLS_FILE).read_text(encoding="utf-8")
    return {name: DeclaredTool.model_validate(tool) for name, tool in yaml.safe_load(text)["tools"].items()}


def with_claude_code_tools(policy: Policy) -> Policy:
    """The policy with Claude Code's tools declared; the policy's own declaration of a name wins."""
    return policy.model_copy(update={"tools": {**claude_code_tools(), **policy.tools}})


@dataclass(frozen=True, slots=True)
class HookCall:
    session_id: str
    transcript_path: str
    cwd: str
    tool_name: str
    tool_input: dict[str, Any]
    tool_use_id: str

    @classmethod
    def parse(cls, raw: str) -> HookCall:
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as error:
            raise HookInputError(
                f"not JSON ({error.msg} at line {error.lineno} column {error.colno})"
            ) from None
        if not isinstance(data, dict):
            raise HookInputError("expected a JSON object")
        event = data.get("hook_event_name", HOOK_EVENT)
        if event != HOOK_EVENT:
            raise HookInputError(f"hook_event_name is {event!r}; this hook answers {HOOK_EVENT} only")
        for key in ("session_id", "tool_name", "cwd"):
            if not isinstance(data.get(key), str) or not data[key]:
                raise HookInputError(f"{key} must be a non-empty string")
        if not data["cwd"].startswith("/"):
            raise HookInputError(f"cwd must be an absolute directory, not {data['cwd']!r}")
        if not isinstance(data.get("tool_input"), dict):
            raise HookInputError("tool_input must be an object")
        for key in ("transcript_path", "tool_use_id"):
            if not isinstance(data.get(key, ""), str):
                raise HookInputError(f"{key} must be a string")
        return cls(
            data["session_id"],
            data.get("transcript_path", ""),
            data["cwd"],
            data["tool_name"],
            data["tool_input"],
            data.get("tool_use_id", ""),
        )


@dataclass
class Transcript:
    """What a Claude Code transcript (JSON lines) tells the guard."""

    principal: list[str] = field(default_factory=list)
    """The user's own messages, in order."""
    outputs: list[str] = field(default_factory=list)
    """Tool results the agent saw."""
    finished: dict[str, bool] = field(default_factory=dict)
    """tool_use_id → whether the call's result came back without an error (it ran)."""


def read_transcript(path: Path) -> Transcript:
    """User entries' text is the principal's; their tool_result blocks are outputs. A missing file or a line
    that is not JSON (one being written) adds nothing: without the user's words, nothing is in mandate."""
    transcript = Transcript()
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return transcript
    for line in lines:
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue
        if (
            not isinstance(entry, dict)
            or entry.get("type") != "user"
            or any(entry.get(k) for k in _NOT_THE_USER)
        ):
            continue
        content = (entry.get("message") or {}).get("content")
        if isinstance(content, str):
            transcript.principal.append(content)
            continue
        for block in content if isinstance(content, list) else []:
            if not isinstance(block, dict):
                continue
            if block.get("type") == "text":
                transcript.principal.append(str(block.get("text", "")))
            elif block.get("type") == "tool_result":
                transcript.outputs.append(_result_text(block.get("content")))
                transcript.finished[str(block.get("tool_use_id", ""))] = not block.get("is_error", False)
    return transcript


def _result_text(content: Any) -> str:
    if isinstance(content, list):
        return "\n".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return "" if content is None else str(content)


def decide_call(guard: Guard, call: HookCall, state_dir: Path) -> Decision:
    """The decision on one pending call, in its session as the transcript and the earlier calls left it."""
    transcript = read_transcript(Path(call.transcript_path)) if call.transcript_path else Transcript()
    with session_calls(state_dir, call.session_id) as calls:
        session = guard.session(transcript.principal, id=call.session_id)
        for text in transcript.outputs:
            session.observe(text)
        session.roots = [call.cwd]
        session.workspace = [call.cwd]
        turn = max(1, len(transcript.principal))
        for past in calls:
            ran = transcript.finished.get(past.tool_use_id, past.verdict == "allow")
            if ran:
                session.world.state.shell_cwd = past.cwd
                guard.replay(Action(tool=past.tool, args=past.args, turn=turn), session)
        session.world.state.shell_cwd = call.cwd
        decision = guard.decide(Action(tool=call.tool_name, args=call.tool_input, turn=turn), session)
        if decision.action is not None:
            calls.append(
                DecidedCall(call.tool_use_id, call.tool_name, call.tool_input, call.cwd, decision.verdict)
            )
    return decision


def hook_output(decision: str, reason: str) -> dict[str, Any]:
    """Claude Code's PreToolUse answer: the permission and the reason (shown to Claude on a deny, to the
    user on an ask)."""
    return {
        "hookSpecificOutput": {
            "hookEventName": HOOK_EVENT,
            "permissionDecision": decision,
            "permissionDecisionReason": reason,
        }
    }


def decision_output(decision: Decision) -> dict[str, Any]:
    reason = f"boldly guard ({decision.rule}): {decision.reason}"
    if decision.verdict == "redirect":
        reason += " (the guard would route it to a reviewer, which a hook cannot do, so it is denied)"
    return hook_output(_PERMISSION[decision.verdict], reason)


def answer(guard: Guard, raw: str, state_dir: Path) -> dict[str, Any]:
    """The hook's whole answer to one input; never raises (any failure is a deny that says why)."""
    try:
        call = HookCall.parse(raw)
    except HookInputError as error:
        reason = f"cannot read the hook input: {error}"
        refused = guard.refuse("?", "unparsable-call", reason, guard.session(id="claude-code"), call=raw)
        return decision_output(refused)
    try:
        return decision_output(decide_call(guard, call, state_dir))
    except Exception as error:  # fail closed: the state file, the transcript, anything
        return fail_closed(error)


def fail_closed(error: BaseException) -> dict[str, Any]:
    reason = f"boldly guard could not decide ({type(error).__name__}: {error}); denied to be safe"
    return hook_output("deny", reason)
