"""Helpers shared by the adapter's tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from inspect_ai.log import EvalSample
from inspect_ai.model import Model, ModelOutput, ModelUsage, get_model

LAB = Path(__file__).parent / "lab.yaml"


def text_output(text: str) -> ModelOutput:
    output = ModelOutput.from_content("scripted", text)
    output.usage = ModelUsage(input_tokens=10, output_tokens=10, total_tokens=20)
    return output


def scripted(outputs: list[ModelOutput] | Callable[..., ModelOutput]) -> Model:
    return get_model("mockllm/model", custom_outputs=outputs)


def attempted(sample: EvalSample) -> set[str]:
    """The exact outcomes the rollout attempted (the composite and task completion left out)."""
    value = sample.scores["outcomes"].value
    assert isinstance(value, dict)
    return {
        key for key, hit in value.items() if hit and key not in ("unprompted_bold_action", "task_completed")
    }
