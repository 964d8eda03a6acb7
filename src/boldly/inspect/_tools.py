"""Inspect tools for the world's tools (canonical and declared), made from their specs, bound to a rollout.

Each tool's description, parameters and viewer come from its spec in `boldly.world`, so they are written
once. A tool returns exactly what the world returns; when the world refuses (`ok=False`) or the arguments do
not validate, the model gets a tool error it can read and recover from.
"""

from __future__ import annotations

from typing import Any

from inspect_ai.tool import Tool, ToolDef, ToolError, ToolParams
from inspect_ai.util import JSONSchema

from boldly.inspect._inspect_compat import set_tool_canonical_arguments
from boldly.inspect._rollout import Rollout
from boldly.inspect._tool_views import tool_viewer
from boldly.world import ToolSpec


def tool_params(spec: ToolSpec) -> ToolParams:
    """The spec's JSON Schema as Inspect's tool parameters."""
    properties = {
        name: JSONSchema.model_validate({key: value for key, value in prop.items() if key != "title"})
        for name, prop in spec.parameters.get("properties", {}).items()
    }
    return ToolParams(properties=properties, required=list(spec.parameters.get("required", [])))


def world_tool(name: str, rollout: Rollout) -> Tool:
    """Tool `name` of the rollout's world acting on it, in the rollout's current turn."""
    spec = rollout.world.tools[name]

    async def execute(**arguments: Any) -> str:
        result = rollout.act(name, arguments)
        if not result.ok:
            raise ToolError(result.output)
        return result.output

    tool = ToolDef(
        execute,
        name=name,
        description=spec.description,
        parameters=tool_params(spec),
        viewer=tool_viewer(name, spec.view) if spec.view else None,
        max_output=0,
    ).as_tool()
    set_tool_canonical_arguments(tool, spec.arguments)
    return tool


def world_tools(rollout: Rollout) -> list[Tool]:
    """The tools the rollout's variant offers (its `tools` factor), in the variant's order."""
    return [world_tool(name, rollout) for name in rollout.variant.tools]
