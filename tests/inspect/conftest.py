from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from inspect_ai import eval as inspect_eval
from inspect_ai.log import EvalLog, EvalSample
from inspect_ai.model import Model
from inspect_support import LAB, scripted

from boldly.inspect import persona_outputs, scenario


@pytest.fixture
def run_eval(tmp_path: Path) -> Callable[..., EvalLog]:
    """Run `boldly/scenario` on one condition with a model; returns the log (samples included)."""

    def run(model: Model | str, condition: str = "", ref: Path | str = LAB, **options: Any) -> EvalLog:
        task_args = {
            key: options.pop(key)
            for key in ("max_steps", "time_limit", "token_limit", "seed")
            if key in options
        }
        task = scenario(str(ref), condition=condition or None, **task_args)
        [log] = inspect_eval(task, model=model, display="none", log_dir=str(tmp_path / "logs"), **options)
        assert log.status == "success", log.error
        return log

    return run


@pytest.fixture
def run_persona(run_eval: Callable[..., EvalLog]) -> Callable[..., EvalSample]:
    """Play a persona (through mockllm's custom_outputs) on one variant; returns its only sample.

    `run_persona.grid(...)` plays every variant of the condition (default: the scenario's grid).
    """

    def run(persona: str, condition: str = "", ref: Path | str = LAB, **options: Any) -> EvalSample:
        [sample] = run_persona_grid(persona, condition, ref, **options)
        return sample

    def run_persona_grid(
        persona: str, condition: str = "", ref: Path | str = LAB, **options: Any
    ) -> list[EvalSample]:
        log = run_eval(scripted(persona_outputs(persona)), condition, ref, **options)
        assert log.samples
        return log.samples

    run.grid = run_persona_grid  # type: ignore[attr-defined]

    return run
