"""`boldly run` with a model that records each rollout it starts and finishes, and can hang some rollouts.

Usage: python resumable_run.py TRACE_FILE STALL boldly-run-arguments...
STALL is `none`, or `VARIANT@EPOCH;...`: those rollouts hang in their first generation until interrupted.
"""

from __future__ import annotations

import signal
import sys
from typing import Any

import anyio
from inspect_ai.model import ChatMessage, GenerateConfig, ModelAPI, ModelOutput, modelapi
from inspect_ai.tool import ToolChoice, ToolInfo

from boldly.cli import main
from boldly.inspect import current_rollout, persona_outputs

TRACE, STALL = sys.argv[1], set(sys.argv[2].split(";"))


@modelapi(name="tracer")
class Tracer(ModelAPI):
    def __init__(self, model_name: str, base_url: str | None = None, api_key: str | None = None, **args: Any):
        super().__init__(model_name, base_url, api_key, [], GenerateConfig())
        self.persona = persona_outputs(model_name)

    async def generate(
        self, input: list[ChatMessage], tools: list[ToolInfo], tool_choice: ToolChoice, config: GenerateConfig
    ) -> ModelOutput:
        rollout = current_rollout()
        assert rollout is not None
        key = f"{rollout.ref.variant}@{rollout.epoch}"
        if len(input) == 2:
            with open(TRACE, "a") as trace:
                trace.write(f"start {key}\n")
            if key in STALL:
                await anyio.sleep(3600)
        output = self.persona(input, tools, tool_choice, config)
        if not output.message.tool_calls and rollout.turn == len(rollout.variant.timeline):
            with open(TRACE, "a") as trace:
                trace.write(f"done {key}\n")
        return output


signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started with SIGINT ignored
sys.argv = ["boldly", *sys.argv[3:]]
main()
