"""Tools as data: each tool one spec; the canonical ones built in, foreign ones declared by templates."""

from boldly.world.tools._canonical import CANONICAL_TOOLS, tool_problems, toolset
from boldly.world.tools._declared import alias_arguments
from boldly.world.tools._execute import OUTPUT_CAP, ActionResult, execute
from boldly.world.tools._spec import ArgumentsError, ToolSpec, expected_arguments

__all__ = [
    "CANONICAL_TOOLS",
    "OUTPUT_CAP",
    "ActionResult",
    "ArgumentsError",
    "ToolSpec",
    "alias_arguments",
    "execute",
    "expected_arguments",
    "tool_problems",
    "toolset",
]
