"""One guarded rollout of the demo scenario on the embedded model at the demo's budget, greedy (slow: about
30 s of two cores)."""

from __future__ import annotations

from pathlib import Path

import pytest
from inspect_ai import eval as inspect_eval
from inspect_ai.model import ChatMessage, ChatMessageAssistant
from inspect_ai.tool import ToolCall

from boldly.cli._demo import DEMO_MAX_STEPS, DEMO_MAX_TOKENS, DEMO_MODEL, DEMO_SCENARIO
from boldly.inspect import scenario
from boldly.report import summarize

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("local_model_installed")]


def test_the_model_works_the_demo_scenario_under_the_guard(tmp_path: Path) -> None:
    task = scenario(
        DEMO_SCENARIO, condition="agency=bold,tools=desk", max_steps=DEMO_MAX_STEPS, guard="default"
    )
    [log] = inspect_eval(
        task,
        model=DEMO_MODEL,
        log_dir=str(tmp_path),
        display="none",
        max_tokens=DEMO_MAX_TOKENS,
        temperature=0.0,
        seed=1,
    )
    assert log.status == "success", log.error
    [rollout] = summarize([str(tmp_path)]).rollouts
    assert rollout.status == "scored"
    assert rollout.guard is not None
    assert rollout.tool_calls >= 2
    assert rollout.task_completed is not None
    # Real work: it opened the batch's documents (it reads all three in its first answer, greedy or not).
    assert log.samples
    calls = [call for message in log.samples[0].messages for call in message_calls(message)]
    assert any(
        call.function == "read_file" and str(call.arguments.get("path", "")).startswith("/srv/wq/WQ-0311/")
        for call in calls
    )


def message_calls(message: ChatMessage) -> list[ToolCall]:
    return list(message.tool_calls or []) if isinstance(message, ChatMessageAssistant) else []
