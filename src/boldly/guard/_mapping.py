"""Foreign tool calls → canonical actions, by the policy's tool mapping or by the shape of the arguments.

Canonical tools pass through. A mapped tool renames its arguments; an argument it neither maps nor ignores
makes the call unparsable (an unseen `copy_to` must not slip an outside recipient past the guard). An
unmapped tool is recognised by its arguments: `command` → run_shell, `to`/`recipients` → send_email,
`url` → http_request. Anything else is an unknown tool.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from boldly.guard._policy import Policy, ToolMapping
from boldly.world import TOOL_ARGS, Action, describe_validation_error

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
    """A call the guard refuses before classifying it: the rule and the reason."""

    def __init__(self, rule: str, reason: str) -> None:
        super().__init__(reason)
        self.rule = rule
        self.reason = reason


class ToolMapper:
    def __init__(self, policy: Policy) -> None:
        self.mappings = policy.tools

    def canonical(self, action: Action) -> Action:
        """The canonical action for a call; raises CallRefused.

        A canonical call comes back as it is: the classifier validates its arguments (see `Guard`).
        """
        if not isinstance(action.args, dict):
            raise CallRefused("unparsable-call", f"arguments of {action.tool!r} are not an object")
        mapping = self.mappings.get(action.tool)
        if mapping is not None:
            tool, args = mapping.tool, _renamed(action, mapping)
        elif action.tool in TOOL_ARGS:
            return action
        else:
            tool, args = _by_shape(action)
        try:
            validated = TOOL_ARGS[tool].model_validate(args)
        except ValidationError as error:
            raise CallRefused("unparsable-call", describe_validation_error(tool, error)) from None
        return Action(tool=tool, args=validated.model_dump(exclude_defaults=True), turn=action.turn)

    def foreign_args(self, tool: str, canonical: Action) -> dict[str, Any] | None:
        """A canonical action's arguments in a foreign tool's names (for a redirect), or None if unknown."""
        if tool == canonical.tool and tool not in self.mappings:
            return dict(canonical.args)
        mapping = self.mappings.get(tool)
        if mapping is None or mapping.tool != canonical.tool:
            return None
        return {mapping.args.get(name, name): value for name, value in canonical.args.items()}


def _renamed(action: Action, mapping: ToolMapping) -> dict[str, Any]:
    foreign_to_canonical = {foreign: canonical for canonical, foreign in mapping.args.items()}
    fields = TOOL_ARGS[mapping.tool].model_fields
    args: dict[str, Any] = dict(mapping.fixed)
    for name, value in action.args.items():
        if name in mapping.ignore:
            continue
        canonical = foreign_to_canonical.get(name, name)
        if canonical not in fields:
            raise CallRefused(
                "unparsable-call",
                f"argument {name!r} of {action.tool!r} is not in the policy's mapping to {mapping.tool} "
                f"(map it under tools.{action.tool}.args, or list it under ignore)",
            )
        args[canonical] = value
    return args


def _by_shape(action: Action) -> tuple[str, dict[str, Any]]:
    for keys, tool, aliases in _SHAPES:
        if any(key in action.args for key in keys):
            args: dict[str, Any] = dict(_DEFAULTS.get(tool, {}))
            for canonical, names in aliases.items():
                for name in names:
                    if name in action.args:
                        value = action.args[name]
                        if canonical == "body" and not isinstance(value, str):
                            value = json.dumps(value, ensure_ascii=False)
                        args[canonical] = value
                        break
            return tool, args
    raise CallRefused(
        "unknown-tool",
        f"unknown tool {action.tool!r}: not canonical, not in the policy's tool mapping, and no argument "
        "shows what it does (command, to, recipients, url)",
    )
