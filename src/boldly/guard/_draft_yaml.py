"""A draft `tools:` section as YAML a person reads and edits: each tool with a comment saying how it was
recognised, and the tools left undeclared listed at the end with the reason, so none is dropped unseen."""

from __future__ import annotations

import io
import textwrap
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from boldly.guard._drafting import DraftedTool

WIDTH = 110


def draft_yaml(drafts: list[DraftedTool], source: str) -> str:
    """The `tools:` section for a policy, with a header naming `source` (a server command or a file)."""
    tools = CommentedMap()
    for draft in drafts:
        if draft.declaration is None:
            continue
        tools[draft.name] = _declaration(draft.declaration)
        tools.yaml_set_comment_before_after_key(draft.name, before=_wrapped(draft.recognised), indent=2)
    yaml = YAML()
    yaml.width = WIDTH
    yaml.indent(mapping=2, sequence=4, offset=2)
    out = io.StringIO()
    yaml.dump({"tools": tools}, out)
    body = "\n".join(line.rstrip() for line in out.getvalue().splitlines())
    return _header(drafts, source) + body + "\n" + _undeclared(drafts)


def _header(drafts: list[DraftedTool], source: str) -> str:
    declared = sum(d.declaration is not None for d in drafts)
    reviewed = sum(bool(d.review) for d in drafts)
    lines = [
        f"Drafted by `boldly guard tools` from {source}: {declared} of {len(drafts)} tools declared, "
        f"{reviewed} marked `review:`.",
        "A draft: names, schemas and annotations are what the server says of its tools, not what they do. "
        "Check each declaration (those with `review:` first) before putting this section in a policy.",
    ]
    return "".join(f"# {line}\n" for text in lines for line in _wrap(text, WIDTH - 2))


def _undeclared(drafts: list[DraftedTool]) -> str:
    left = [d for d in drafts if d.declaration is None]
    if not left:
        return ""
    intro = (
        "Not declared, each with the reason (a tool neither declared nor canonical is asked about: "
        "defaults.undeclared_tool):"
    )
    lines = ["", *_wrap(intro, WIDTH - 2)]
    lines += [line for d in left for line in _wrap(f"- {d.name}: {d.recognised}", WIDTH - 2, "  ")]
    return "".join(f"# {line}".rstrip() + "\n" for line in lines)


def _wrap(text: str, width: int, indent: str = "") -> list[str]:
    return textwrap.wrap(text, width, subsequent_indent=indent, break_on_hyphens=False)


def _wrapped(text: str) -> str:
    return "\n".join(_wrap(text, WIDTH - 4))


def _declaration(declaration: dict[str, Any]) -> CommentedMap:
    shown = CommentedMap()
    for key, value in declaration.items():
        if key == "description" and "\n" in value:
            shown[key] = LiteralScalarString("\n".join(line.rstrip() for line in value.splitlines()))
        elif key == "schema":
            shown[key] = _schema(value)
        elif key == "effects":
            shown[key] = CommentedSeq(_flow(effect) for effect in value)
        elif key in ("ignore", "args"):
            shown[key] = _flow(value)
        else:
            shown[key] = value
    return shown


def _schema(schema: dict[str, Any]) -> CommentedMap:
    """A schema in blocks, each argument's own schema and each list on one line."""
    shown = CommentedMap(
        {key: _flow(value) if isinstance(value, list) else value for key, value in schema.items()}
    )
    if isinstance(schema.get("properties"), dict):
        shown["properties"] = CommentedMap({k: _flow(v) for k, v in schema["properties"].items()})
    return shown


def _flow(value: Any) -> Any:
    if isinstance(value, dict):
        mapping = CommentedMap(value)
        mapping.fa.set_flow_style()
        return mapping
    if isinstance(value, list):
        sequence = CommentedSeq(value)
        sequence.fa.set_flow_style()
        return sequence
    return value
