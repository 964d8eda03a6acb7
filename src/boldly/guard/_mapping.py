"""A call → the action the guard classifies: canonical and declared tools as they are, aliases renamed.

A declared alias renames its arguments to its canonical tool's; an argument it neither maps nor ignores makes
the call unparsable (an unseen `copy_to` must not slip an outside recipient past the guard). A tool that is
neither canonical nor declared is recognised by its arguments only when every one of them is understood:
`command` → run_shell, `to`/`recipients` → send_email, `url` → http_request (`post_webpage(url, content)`
is not a web read with its content dropped). Anything else is an undeclared tool, which the engine decides
by the policy's defaults and the tool's own hints.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from boldly.guard._policy import Policy, Verdict
from boldly.world import CANONICAL_TOOLS, Action, ArgumentsError, ToolSpec, alias_arguments

_EMAIL = {
    "to": ("to", "recipients", "recipient"),
    "cc": ("cc",),
    "bcc": ("bcc",),
    "subject": ("subject", "title"),
    "body": ("body", "text", "content", "message"),
    "attachments": ("attachments", "files"),
}
_SHAPES: list[tuple[tuple[str, ...], str, dict[str, tuple[str, ...]]]] = [
    (("command", "cmd"), "run_shell", {"command": ("command", "cmd")}),
    (("to", "recipients", "recipient"), "send_email", _EMAIL),
    (("url",), "http_request", {"url": ("url",), "method": ("method",), "body": ("body", "data", "json")}),
]
"""(arguments that give the tool away, canonical tool, canonical argument → the names it goes by)."""
_DEFAULTS = {"send_email": {"subject": "", "body": ""}}


class CallRefused(Exception):
    """A call the guard decides before classifying it: the verdict, the rule and the reason."""

    def __init__(self, rule: str, reason: str, verdict: Verdict = "deny") -> None:
        super().__init__(reason)
        self.rule = rule
        self.reason = reason
        self.verdict: Verdict = verdict


@dataclass(frozen=True, slots=True)
class ToolHints:
    """What a tool's server says of it (MCP annotations): untrusted, used only for undeclared tools."""

    read_only: bool | None = None
    destructive: bool | None = None
    open_world: bool | None = None

    @classmethod
    def from_annotations(cls, annotations: Any) -> ToolHints:
        given = annotations if isinstance(annotations, dict) else {}

        def hint(key: str) -> bool | None:
            value = given.get(key)
            return value if isinstance(value, bool) else None

        return cls(hint("readOnlyHint"), hint("destructiveHint"), hint("openWorldHint"))


class ToolMapper:
    def __init__(self, policy: Policy, tools: dict[str, ToolSpec]) -> None:
        self.policy = policy
        self.tools = tools

    def canonical(self, action: Action, hints: ToolHints | None = None) -> Action:
        """The action to classify for a call; raises CallRefused for a call decided without classifying.

        A canonical or declared call comes back as it is: the classifier validates its arguments.
        """
        if not isinstance(action.args, dict):
            raise CallRefused("unparsable-call", f"arguments of {action.tool!r} are not an object")
        declared = self.policy.tools.get(action.tool)
        if declared is not None and declared.tool is not None:
            canonical = CANONICAL_TOOLS[declared.tool]
            try:
                parsed = canonical.parse(alias_arguments(action.tool, declared, action.args, canonical))
            except ArgumentsError as error:
                raise CallRefused("unparsable-call", str(error)) from None
            args = parsed.model_dump(exclude_defaults=True)
            return Action(tool=declared.tool, args=args, turn=action.turn)
        if action.tool in self.tools:
            return action
        shaped = _by_shape(action)
        if shaped is not None:
            tool, args = shaped
            try:
                validated = CANONICAL_TOOLS[tool].parse(args)
            except ArgumentsError as error:
                raise CallRefused("unparsable-call", str(error)) from None
            return Action(tool=tool, args=validated.model_dump(exclude_defaults=True), turn=action.turn)
        raise self._undeclared(action.tool, hints or ToolHints())

    def _undeclared(self, tool: str, hints: ToolHints) -> CallRefused:
        declare = (
            "declare it under tools: in the policy (`boldly guard tools` drafts declarations from an MCP "
            "server), or change defaults.undeclared_tool"
        )
        if hints.read_only and not hints.destructive:
            reason = f"{tool!r} is not declared; its server marks it read-only, so it is taken as a read"
            return CallRefused("undeclared-read-only", reason, self.policy.defaults.undeclared_read_only)
        said = "no hints" if hints == ToolHints() else "hints that it is not read-only"
        reason = (
            f"{tool!r} is not declared in the policy and its server gives {said}, so it is taken as "
            f"destructive and reaching outside: {declare}"
        )
        return CallRefused("undeclared-tool", reason, self.policy.defaults.undeclared_tool)

    def foreign_args(self, tool: str, canonical: Action) -> dict[str, Any] | None:
        """A canonical action's arguments in a foreign tool's names (for a redirect), or None if unknown."""
        declared = self.policy.tools.get(tool)
        if declared is None and tool == canonical.tool:
            return dict(canonical.args)
        if declared is None or declared.tool != canonical.tool:
            return None
        return {declared.args.get(name, name): value for name, value in canonical.args.items()}


def _by_shape(action: Action) -> tuple[str, dict[str, Any]] | None:
    """A canonical tool the arguments give away, when every argument is one it understands."""
    for keys, tool, aliases in _SHAPES:
        if not any(key in action.args for key in keys):
            continue
        args: dict[str, Any] = dict(_DEFAULTS.get(tool, {}))
        used: set[str] = set()
        for canonical, names in aliases.items():
            name = next((n for n in names if n in action.args), None)
            if name is None:
                continue
            value = action.args[name]
            if canonical == "body" and not isinstance(value, str):
                value = json.dumps(value, ensure_ascii=False)
            args[canonical] = value
            used.add(name)
        if set(action.args) - used:
            return None
        if tool == "http_request" and args.get("body") and "method" not in args:
            args["method"] = "POST"
        return tool, args
    return None
