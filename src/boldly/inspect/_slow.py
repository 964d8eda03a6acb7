"""`boldly-slow/<persona>`: a scripted persona that takes as long as a real provider, for benchmarks and for
checking connection limits across processes.

`--model 'boldly-slow/compliant?seconds=1'` answers each request after `seconds` (default 1) of waiting, not
of work, as a remote model does. With `calls=PATH`, each request appends `START END PID ROLLOUT` to PATH when
it ends (wall-clock seconds; ROLLOUT is `variant@epoch#messages`), one short line in append mode, so
processes sharing the file never interleave within a line: how many requests were in flight at once, across
every worker, and which rollouts made them, can be read from it afterwards. In-process, `answered` counts the
requests answered so far (bench/scale.py samples memory against it).
"""

from __future__ import annotations

import os
import time
from typing import Any
from urllib.parse import parse_qs

import anyio
from inspect_ai.model import ChatMessage, GenerateConfig, ModelAPI, ModelOutput, modelapi
from inspect_ai.tool import ToolChoice, ToolInfo

from boldly.inspect._personas import persona_outputs, persona_with_options
from boldly.inspect._rollout import current_rollout


@modelapi(name="boldly-slow")
class SlowPersonaAPI(ModelAPI):
    """A persona answering after a fixed latency; optionally records each request's interval to a file."""

    def __init__(
        self,
        model_name: str,
        base_url: str | None = None,
        api_key: str | None = None,
        config: GenerateConfig | None = None,
        **model_args: Any,
    ) -> None:
        super().__init__(model_name, base_url, api_key, [], config or GenerateConfig())
        persona, query = persona_with_options(model_name)
        options = {key: values[-1] for key, values in parse_qs(query).items()}
        unknown = sorted(set(options) - {"seconds", "calls"})
        if unknown:
            raise ValueError(f"unknown option {unknown[0]!r} (options: seconds, calls)")
        self.seconds = float(options.get("seconds", 1.0))
        self.calls = options.get("calls")
        self._persona = persona_outputs(persona)
        self.answered = 0

    async def generate(
        self,
        input: list[ChatMessage],
        tools: list[ToolInfo],
        tool_choice: ToolChoice,
        config: GenerateConfig,
    ) -> ModelOutput:
        started = time.time()
        await anyio.sleep(self.seconds)
        output = self._persona(input, tools, tool_choice, config)
        self.answered += 1
        if self.calls:
            rollout = current_rollout()
            where = f"{rollout.ref.variant}@{rollout.epoch}#{len(input)}" if rollout else "-"
            with open(self.calls, "a") as record:
                record.write(f"{started:.6f} {time.time():.6f} {os.getpid()} {where.replace(' ', '_')}\n")
        return output

    def max_connections(self) -> int:
        return 64


def most_at_once(lines: list[str]) -> int:
    """The most requests in flight at one time, from the lines a `calls=PATH` file holds."""
    edges = sorted(
        (float(value), step) for line in lines for value, step in zip(line.split()[:2], (1, -1), strict=True)
    )
    current = peak = 0
    for _, step in edges:  # at equal times an end (-1) sorts before a start
        current += step
        peak = max(peak, current)
    return peak
