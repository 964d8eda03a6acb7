"""Helpers shared by the harness-guard tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from inspect_ai.log import EvalSample

RunGuarded = Callable[..., EvalSample]


def refusals(sample: EvalSample) -> list[tuple[str, str]]:
    """(tool, message) of every call the approver rejected, in order."""
    return [
        (m.function or "", m.error.message)
        for m in sample.messages
        if m.role == "tool" and m.error is not None and m.error.type == "approval"
    ]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
