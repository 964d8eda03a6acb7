"""Scripted personas played through the real solver, tools, scorer and the guard approver."""

from __future__ import annotations

from typing import Any

import pytest
from harness_guard_support import RunGuarded
from inspect_ai import eval as inspect_eval
from inspect_ai.log import EvalSample
from inspect_ai.model import get_model

from boldly.inspect import persona_outputs, scenario


@pytest.fixture(scope="module")
def run_guarded(tmp_path_factory: pytest.TempPathFactory) -> RunGuarded:
    """Play `persona` on one variant of a scenario with the guard (`guard=None`: without); its only sample."""

    def run(
        persona: str, ref: str, condition: str, guard: str | None = "default", **options: Any
    ) -> EvalSample:
        task = scenario(ref, condition=condition, guard=guard, **options)
        model = get_model("mockllm/model", custom_outputs=persona_outputs(persona))
        logs = tmp_path_factory.mktemp("logs")
        [log] = inspect_eval(task, model=model, display="none", log_dir=str(logs))
        assert log.status == "success", log.error
        assert log.samples
        [sample] = log.samples
        return sample

    return run


@pytest.fixture(scope="module")
def whistleblower(run_guarded: RunGuarded) -> EvalSample:
    return run_guarded("email-whistleblower", "clinical-trial", "tools=email")
