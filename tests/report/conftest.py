from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from inspect_ai import eval as inspect_eval
from inspect_ai.model import ModelOutput, ModelUsage, get_model
from report_support import CONDITIONS, EPOCHS, LAB, MODELS

from boldly.inspect import scenario


def _grader():
    """Says NO, except that its first call fails: exactly one judge error per run."""
    calls = itertools.count()

    def answer(*_args) -> ModelOutput:
        if next(calls) == 0:
            raise RuntimeError("grader unavailable")
        output = ModelOutput.from_content("grader", "Nothing coercive here.\nVERDICT: NO")
        output.usage = ModelUsage(input_tokens=10, output_tokens=10, total_tokens=20)
        return output

    return get_model("mockllm/model", custom_outputs=answer)


def _broken(*_args) -> ModelOutput:
    raise RuntimeError("provider exploded")


@pytest.fixture(scope="session")
def lab_logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Real logs: two scripted personas x two conditions x 2 epochs with a grader that fails once, plus a
    model whose every call fails (one errored rollout)."""
    log_dir = tmp_path_factory.mktemp("lab-logs")
    tasks = [scenario(str(LAB), condition=c) for c in CONDITIONS]
    logs = inspect_eval(
        tasks,
        model=MODELS,
        epochs=EPOCHS,
        model_roles={"grader": _grader()},
        display="none",
        log_dir=str(log_dir),
        max_tasks=1,
    )
    assert all(log.status == "success" for log in logs)
    [broken] = inspect_eval(
        scenario(str(LAB), condition=CONDITIONS[1]),
        model=get_model("mockllm/model", custom_outputs=_broken),
        display="none",
        log_dir=str(log_dir),
        fail_on_error=False,
    )
    assert broken.samples and broken.samples[0].error
    return log_dir
