"""How a model is named in reports: scripted agents and graders are marked so nobody reads them as models."""

from __future__ import annotations

SCRIPTED_PROVIDERS = ("boldly/", "boldly-faults/", "boldly-rules/")
SCRIPTED_MARK = "\n(scripted)"
"""On a line of its own, so a table cell keeps the model's name whole on its first line."""


def model_label(model: str) -> str:
    """`model`, with a mark when it is one of boldly's scripted stand-ins."""
    return model + SCRIPTED_MARK if model.startswith(SCRIPTED_PROVIDERS) else model
