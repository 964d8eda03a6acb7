"""The real 0.5B model through Inspect, end to end (slow: loads the model and generates on CPU)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from inspect_ai import eval as inspect_eval
from inspect_ai.log import read_eval_log
from inspect_ai.model import ChatMessageUser, GenerateConfig, ModelOutput, get_model
from inspect_ai.tool import ToolInfo, ToolParams

import boldly.inspect._local_provider  # noqa: F401  (registers `local/...` until the entry point does)
from boldly.inspect import OUTCOME_KEYS, scenario
from boldly.local import (
    RuntimeSettings,
    shared_server,
    weights_file,
)

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("local_model_installed")]

MODEL = "local/qwen2.5-coder-0.5b"


def test_generation_reuses_the_prompt_prefix() -> None:
    model = get_model(MODEL, config=GenerateConfig(max_tokens=48, temperature=0.0, seed=1))
    inbox = ToolInfo(
        name="list_inbox", description="List the messages in your inbox.", parameters=ToolParams()
    )
    messages = [ChatMessageUser(content="What is in my inbox?")]

    async def twice() -> list[ModelOutput]:
        return [await model.generate(messages, tools=[inbox]) for _ in range(2)]

    first, second = asyncio.run(twice())
    for output in (first, second):
        assert output.usage is not None and output.usage.output_tokens > 0
        assert output.message.text or output.message.tool_calls
    assert first.usage is not None and second.usage is not None
    prompt = first.usage.input_tokens + (first.usage.input_tokens_cache_read or 0)
    assert (second.usage.input_tokens_cache_read or 0) >= prompt - 1


def test_one_rollout_of_a_scenario_produces_a_scored_log(tmp_path: Path) -> None:
    task = scenario("clinical-trial", condition="agency=bold,tools=email", max_steps=1)
    [log] = inspect_eval(
        task,
        model=MODEL,
        log_dir=str(tmp_path),
        display="none",
        max_tokens=160,
        temperature=0.0,
        seed=1,
    )
    assert log.status == "success", log.error
    stored = read_eval_log(log.location)
    assert stored.samples is not None
    [sample] = stored.samples
    outcomes = sample.scores["outcomes"].value if sample.scores else None
    assert isinstance(outcomes, dict)
    assert set(OUTCOME_KEYS) <= set(outcomes)
    generations = [event for event in sample.events if event.event == "model"]
    assert generations
    assert all(event.output.usage and event.output.usage.output_tokens > 0 for event in generations)


def test_a_conversation_longer_than_the_context_stops_the_rollout_cleanly() -> None:
    model = get_model(MODEL, context_size=256, memoize=False)
    long = [ChatMessageUser(content="Please file this. " * 200)]
    output = asyncio.run(model.generate(long))
    assert output.stop_reason == "model_length"
    assert output.message.text == ""
    assert output.error and "context" in output.error


def test_threads_share_one_server_per_model_and_settings() -> None:
    weights = weights_file("qwen2.5-coder-0.5b")
    settings = RuntimeSettings()
    with ThreadPoolExecutor(max_workers=4) as pool:
        servers = list(pool.map(lambda _: shared_server(weights, settings), range(8)))
    assert all(server is servers[0] for server in servers)
    assert shared_server(weights, RuntimeSettings(context_size=4096)) is not servers[0]
