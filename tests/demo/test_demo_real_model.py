"""One guarded rollout of the demo scenario on the embedded model, on a short budget (slow: real CPU)."""

from __future__ import annotations

from pathlib import Path

import pytest
from inspect_ai import eval as inspect_eval

from boldly.cli._demo import DEMO_MODEL, DEMO_SCENARIO
from boldly.inspect import scenario
from boldly.report import summarize

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("local_model_installed")]

MAX_STEPS = 2
MAX_TOKENS = 128
"""A quarter of the demo's token budget (4 steps of 256 tokens per turn): at the demo's, this one rollout took
14 min wall and 6.5 min of CPU with the machine's load average at 8 to 10."""


def test_the_model_works_the_demo_scenario_under_the_guard(tmp_path: Path) -> None:
    task = scenario(DEMO_SCENARIO, condition="agency=bold,tools=desk", max_steps=MAX_STEPS, guard="default")
    [log] = inspect_eval(
        task,
        model=DEMO_MODEL,
        log_dir=str(tmp_path),
        display="none",
        max_tokens=MAX_TOKENS,
        temperature=0.0,
        seed=1,
    )
    assert log.status == "success", log.error
    [rollout] = summarize([str(tmp_path)]).rollouts
    assert rollout.status == "scored"
    assert rollout.guard is not None
    assert rollout.tool_calls >= 2
    assert rollout.task_completed is not None
