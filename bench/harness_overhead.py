"""Harness overhead: rollouts per CPU-second, boldly's full path against a bare Inspect task of one shape.

    python bench/harness_overhead.py [--epochs 40] [--rounds 5] [--profile out.html]

boldly's side is `boldly/scenario` (world, tools, effects, outcome scoring) played by a zero-latency scripted
persona. The bare side is a plain Inspect task with the same number of user turns, generations and tool calls
per generation, but one trivial tool and a model that answers from a fixed script: what Inspect costs by
itself. Both run in this process, alternating, `--rounds` times; each figure is the best round (other work on
a shared machine only adds time). CPU time (`time.process_time`, all threads) is the measure, since wall time
on a loaded machine says more about the neighbours than about the code.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass

from inspect_ai import Task, eval
from inspect_ai.dataset import Sample
from inspect_ai.model import (
    ChatMessage,
    ChatMessageAssistant,
    ChatMessageUser,
    GenerateConfig,
    ModelOutput,
    ModelUsage,
    get_model,
)
from inspect_ai.scorer import Score, Scorer, Target, mean, scorer
from inspect_ai.solver import Generate, Solver, TaskState, solver
from inspect_ai.tool import Tool, ToolCall, ToolChoice, ToolInfo, tool

from boldly.inspect import scenario
from boldly.inspect._personas import script_for
from boldly.inspect._variants import find_scenario, parse_condition_arg, variant_for

SCENARIO = "clinical-trial"
CONDITION = "agency=bold,tools=email"
PERSONA = "email-whistleblower"

Shape = dict[int, list[int]]
"""For each user turn, the number of tool calls in each of its generations (a final answer follows)."""


def persona_shape() -> Shape:
    """The shape of the persona's script on the benchmark's variant, so the bare task mirrors it."""
    found, source = find_scenario(SCENARIO)
    variant = variant_for(found, source, parse_condition_arg(found, CONDITION))
    return {turn: [len(step) for step in steps] for turn, steps in script_for(PERSONA, variant).turns.items()}


@tool
def echo() -> Tool:
    async def execute(text: str) -> str:
        """Return the text.

        Args:
            text: Any text.
        """
        return text

    return execute


def bare_outputs(
    shape: Shape,
) -> Callable[[list[ChatMessage], list[ToolInfo], ToolChoice, GenerateConfig], ModelOutput]:
    """A model that, in turn t and step s, calls `echo` as often as the persona calls tools there."""

    def generate(
        messages: list[ChatMessage], tools: list[ToolInfo], tool_choice: ToolChoice, config: GenerateConfig
    ) -> ModelOutput:
        turn = sum(isinstance(m, ChatMessageUser) for m in messages)
        last_user = max(i for i, m in enumerate(messages) if isinstance(m, ChatMessageUser))
        step = sum(isinstance(m, ChatMessageAssistant) for m in messages[last_user + 1 :])
        steps = shape.get(turn, [])
        if step >= len(steps):
            output = ModelOutput.from_content("bare", "Done for now.")
        else:
            output = ModelOutput.for_tool_call("bare", "echo", {"text": "x"})
            output.message.tool_calls = [
                ToolCall(id=f"t{turn}s{step}c{i}", function="echo", arguments={"text": f"call {i}"})
                for i in range(steps[step])
            ]
            output.message.content = ""
        output.usage = ModelUsage(input_tokens=100, output_tokens=10, total_tokens=110)  # no tokenizer
        return output

    return generate


@solver
def bare_turns(turns: int) -> Solver:
    async def solve(state: TaskState, generate: Generate) -> TaskState:
        state.tools = [echo()]
        for number in range(1, turns + 1):
            state.messages.append(ChatMessageUser(content=f"Turn {number}: please carry on."))
            while True:
                state = await generate(state, tool_calls="single")
                if not state.output.message.tool_calls:
                    break
        return state

    return solve


@scorer(metrics=[mean()])
def constant() -> Scorer:
    async def score(state: TaskState, target: Target) -> Score:
        return Score(value=1)

    return score


def bare_task(shape: Shape) -> Task:
    return Task(dataset=[Sample(input="Start.", id="bare")], solver=bare_turns(max(shape)), scorer=constant())


@dataclass
class Timing:
    cpu_s: float
    wall_s: float
    rollouts: int

    @property
    def per_cpu_s(self) -> float:
        return self.rollouts / self.cpu_s


def timed(task: Task, model: object, epochs: int, log_dir: str) -> Timing:
    cpu, wall = time.process_time(), time.perf_counter()
    [log] = eval(task, model=model, epochs=epochs, log_dir=log_dir, display="none")  # type: ignore[arg-type]
    assert log.status == "success", log.error and log.error.message
    return Timing(time.process_time() - cpu, time.perf_counter() - wall, epochs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=40, help="Rollouts per side and round.")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", help="Write a pyinstrument HTML profile of one boldly round here.")
    options = parser.parse_args()
    shape = persona_shape()
    sides = {
        "bare Inspect": (bare_task(shape), get_model("mockllm/model", custom_outputs=bare_outputs(shape))),
        "boldly": (scenario(SCENARIO, condition=CONDITION), f"boldly/{PERSONA}"),
    }
    generations = sum(len(steps) + 1 for steps in shape.values())
    calls = sum(sum(steps) for steps in shape.values())
    print(f"load average {os.getloadavg()}, {os.cpu_count()} cores")
    print(f"{SCENARIO} {CONDITION}, {PERSONA}: {len(shape)} turns, {generations} generations, {calls} calls")
    best: dict[str, Timing] = {}
    with tempfile.TemporaryDirectory() as log_dir:
        for task, model in sides.values():
            timed(task, model, 2, log_dir)  # warm up imports and caches
        for round_number in range(1, options.rounds + 1):
            for side, (task, model) in sides.items():
                timing = timed(task, model, options.epochs, log_dir)
                print(
                    f"round {round_number} {side:13} {timing.per_cpu_s:6.2f} rollouts/CPU-s "
                    f"({timing.cpu_s * 1000 / timing.rollouts:6.1f} ms CPU, "
                    f"{timing.wall_s * 1000 / timing.rollouts:6.1f} ms wall per rollout) "
                    f"load {os.getloadavg()[0]:.2f}"
                )
                if side not in best or timing.per_cpu_s > best[side].per_cpu_s:
                    best[side] = timing
        if options.profile:
            from pyinstrument import Profiler

            task, model = sides["boldly"]
            with Profiler(interval=0.0005) as profiler:
                timed(task, model, options.epochs, log_dir)
            profiler.write_html(options.profile)
            print(profiler.output_text(unicode=False, color=False, show_all=False))
    bare, boldly = best["bare Inspect"], best["boldly"]
    print(
        f"best of {options.rounds}: bare {bare.per_cpu_s:.2f}, boldly {boldly.per_cpu_s:.2f} rollouts/CPU-s; "
        f"ratio boldly/bare {boldly.per_cpu_s / bare.per_cpu_s:.3f} (target >= 0.95); "
        f"boldly's own cost {(boldly.cpu_s - bare.cpu_s) * 1000 / boldly.rollouts:.1f} ms CPU per rollout"
    )


if __name__ == "__main__":
    main()
