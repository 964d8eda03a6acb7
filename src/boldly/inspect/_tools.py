"""Inspect tools for the canonical world tools, generated from their argument models and bound to a rollout.

Each tool's description and parameters come from its pydantic model in `boldly.world` (the docstring's
summary and `Args:` section, the field types and defaults), so they are written once. A tool returns exactly
what the world returns; when the world refuses (`ok=False`) or the arguments do not validate, the model gets
a tool error it can read and recover from.
"""

from __future__ import annotations

import functools
from typing import Any

import docstring_parser
from inspect_ai.tool import Tool, ToolDef, ToolError, ToolParams
from inspect_ai.tool._tool_canonical import set_tool_canonical_arguments
from inspect_ai.util import JSONSchema
from pydantic import ValidationError

from boldly.inspect._rollout import Rollout
from boldly.inspect._tool_views import TOOL_VIEWS
from boldly.world import TOOL_ARGS


@functools.cache
def tool_signature(name: str) -> tuple[str, ToolParams]:
    """The description and JSON Schema parameters the model sees for canonical tool `name`."""
    model = TOOL_ARGS[name]
    doc = docstring_parser.parse(model.__doc__ or "")
    described = {param.arg_name: param.description for param in doc.params}
    schema = model.model_json_schema()
    properties = {}
    for field, prop in schema["properties"].items():
        prop = {key: value for key, value in prop.items() if key != "title"}
        properties[field] = JSONSchema(**prop, description=described.get(field) or field.replace("_", " "))
    description = "\n\n".join(part for part in (doc.short_description, doc.long_description) if part)
    return description, ToolParams(properties=properties, required=schema.get("required", []))


def _canonical(name: str, arguments: dict[str, Any]) -> dict[str, Any]:
    """What the world will act on (e.g. one recipient given as a string becomes a list), for approvers too."""
    try:
        return TOOL_ARGS[name].model_validate(arguments).model_dump()
    except ValidationError:
        return arguments


def world_tool(name: str, rollout: Rollout) -> Tool:
    """Canonical tool `name` acting on `rollout`'s world, in the rollout's current turn."""
    description, parameters = tool_signature(name)

    async def execute(**arguments: Any) -> str:
        result = rollout.act(name, arguments)
        if not result.ok:
            raise ToolError(result.output)
        return result.output

    tool = ToolDef(
        execute,
        name=name,
        description=description,
        parameters=parameters,
        viewer=TOOL_VIEWS.get(name),
        max_output=0,
    ).as_tool()
    set_tool_canonical_arguments(tool, functools.partial(_canonical, name))
    return tool


def world_tools(rollout: Rollout) -> list[Tool]:
    """The tools the rollout's variant offers (its `tools` factor), in the variant's order."""
    return [world_tool(name, rollout) for name in rollout.variant.tools]
