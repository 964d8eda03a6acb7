"""Actions: pending tool calls. What each tool does is its spec in `boldly.world.tools`."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Action(BaseModel):
    """A pending tool call: tool name, raw arguments, and the user turn it happens in."""

    model_config = ConfigDict(extra="forbid")

    tool: str
    args: dict[str, Any] = {}
    turn: int = Field(1, ge=0)
