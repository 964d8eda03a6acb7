"""The base of the canonical tools' argument models."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class ToolArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")


def as_list(value: Any) -> Any:
    """Models often pass one recipient as a string, or several comma-separated."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value
