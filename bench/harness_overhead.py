"""Harness overhead: rollouts per CPU-second, boldly's full path against a bare Inspect task of one shape.

    python bench/harness_overhead.py [--epochs 40] [--rounds 5] [--profile out.html]

boldly's side is `boldly/scenario` (world, tools, effects, outcome scoring) played by a zero-latency scripted
persona. Two bare sides are plain Inspect tasks with the same user turns, generations and tool calls per
generation, from a model answering a fixed script and a constant scorer: "1 tool" calls one trivial `echo`
tool; "its tools" offers the variant's tools with boldly's names, descriptions and schemas, and makes the
persona's very calls, but each tool returns "ok". The first is what Inspect costs by itself; the gap to the
second is Inspect's cost of richer tools (it copies every tool's schema several times per generation); the
gap from the second to boldly is boldly's world, effects and scoring, and the documents its tools return.
All run in this process, alternating, `--rounds` times; each figure is the best round (other work on a
shared machine only adds time). CPU time (`time.process_time`, all threads) is the measure, since wall time
on a loaded machine says more about the neighbours than about the code.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from inspect_ai import Task, eval
from inspect_ai.dataset import Sample
from inspect_ai.model import (
    ChatMessage,
    ChatMessageAssistant,
    ChatMessageUser,
    GenerateConfig,
    Model,
    ModelOutput,
    ModelUsage,
    get_model,
)
from inspect_ai.scorer import Score, Scorer, Target, mean, scorer
from inspect_ai.solver import Generate, Solver, TaskState, solver
from inspect_ai.tool import Tool, ToolCall, ToolChoice, ToolDef, ToolInfo, tool

from boldly.inspect import scenario
from boldly.inspect._personas import Call, script_for
from boldly.inspect._rollout import Rollout
from boldly.inspect._tools import tool_params
from boldly.inspect._variants import BUILTIN, find_scenario, parse_condition_arg, ref_of, samples, variant_for
from boldly.scenarios import Variant, check_task
from boldly.world import ToolSpec, World, outcomes

SCENARIO = "clinical-trial"
CONDITION = "agency=bold,tools=email"
PERSONA = "email-whistleblower"
SHORT_EPOCHS = 5

Steps = dict[int, list[list[Call]]]
"""For each user turn, the tool calls of each of its generations (a final answer follows)."""


def persona_variant() -> Variant:
    found, source = find_scenario(SCENARIO)
    return variant_for(found, source, parse_condition_arg(found, CONDITION))


def echo_steps(steps: Steps) -> Steps:
    """The same number of calls in each generation, every one to the single trivial tool `echo`."""
    return {
        turn: [[("echo", {"text": f"call {i}"}) for i in range(len(step))] for step in turn_steps]
        for turn, turn_steps in steps.items()
    }


@tool
def echo() -> Tool:
    async def execute(text: str) -> str:
        """Return the text.

        Args:
            text: Any text.
        """
        return text

    return execute


def trivial_world_tools(variant: Variant) -> list[Tool]:
    """The variant's tools with their names, descriptions and schemas as boldly offers them, doing nothing."""

    def tool_for(spec: ToolSpec) -> Tool:
        async def execute(**arguments: Any) -> str:
            return "ok"

        return ToolDef(execute, spec.name, spec.description, tool_params(spec), max_output=0).as_tool()

    world = World(variant.world)
    return [tool_for(world.tools[name]) for name in variant.tools]


def scripted_outputs(
    steps: Steps,
) -> Callable[[list[ChatMessage], list[ToolInfo], ToolChoice, GenerateConfig], ModelOutput]:
    """A model that makes the scripted calls of turn t and step s, then answers in words."""

    def generate(
        messages: list[ChatMessage], tools: list[ToolInfo], tool_choice: ToolChoice, config: GenerateConfig
    ) -> ModelOutput:
        turn = sum(isinstance(m, ChatMessageUser) for m in messages)
        last_user = max(i for i, m in enumerate(messages) if isinstance(m, ChatMessageUser))
        step = sum(isinstance(m, ChatMessageAssistant) for m in messages[last_user + 1 :])
        turn_steps = steps.get(turn, [])
        if step >= len(turn_steps):
            output = ModelOutput.from_content("bare", "Done for now.")
        else:
            calls = [
                ToolCall(id=f"t{turn}s{step}c{i}", function=name, arguments=args)
                for i, (name, args) in enumerate(turn_steps[step])
            ]
            output = ModelOutput.for_tool_call("bare", calls[0].function, calls[0].arguments)
            output.message.tool_calls = calls
            output.message.content = ""
        output.usage = ModelUsage(input_tokens=100, output_tokens=10, total_tokens=110)  # no tokenizer
        return output

    return generate


@solver
def bare_turns(turns: int, tools: list[Tool]) -> Solver:
    async def solve(state: TaskState, generate: Generate) -> TaskState:
        state.tools = tools
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


def bare_task(turns: int, tools: list[Tool]) -> Task:
    return Task(
        dataset=[Sample(input="Start.", id="bare")], solver=bare_turns(turns, tools), scorer=constant()
    )


@dataclass
class Timing:
    """CPU per rollout (the slope between a short and a long eval) and per task (what is left)."""

    per_rollout_s: float
    per_task_s: float
    wall_per_rollout_s: float

    @property
    def rollouts_per_cpu_s(self) -> float:
        return 1 / self.per_rollout_s


def cpu_of(task: Task, model: str | Model, epochs: int, log_dir: str) -> tuple[float, float]:
    """CPU and wall seconds of one eval of `task` with `epochs` rollouts, in this process."""
    cpu, wall = time.process_time(), time.perf_counter()
    [log] = eval(task, model=model, epochs=epochs, log_dir=log_dir, display="none")
    assert log.status == "success", log.error and log.error.message
    return time.process_time() - cpu, time.perf_counter() - wall


def timed(task: Task, model: str | Model, epochs: int, log_dir: str) -> Timing:
    short_cpu, short_wall = cpu_of(task, model, SHORT_EPOCHS, log_dir)
    long_cpu, long_wall = cpu_of(task, model, epochs, log_dir)
    per_rollout = (long_cpu - short_cpu) / (epochs - SHORT_EPOCHS)
    wall = (long_wall - short_wall) / (epochs - SHORT_EPOCHS)
    return Timing(per_rollout, short_cpu - SHORT_EPOCHS * per_rollout, wall)


def own_work_s(variant: Variant, steps: Steps, rollouts: int) -> float:
    """CPU seconds per rollout of boldly's own code alone, outside Inspect: a fresh world, the persona's calls
    in their turns, and the outcome scoring (effects to outcomes, the benign task's checks)."""
    ref = ref_of(samples([variant], BUILTIN, None, None)[0].metadata or {})
    start = time.process_time()
    for _ in range(rollouts):
        rollout = Rollout(variant, ref)
        for turn in range(1, len(variant.timeline) + 1):
            rollout.begin_turn(turn)
            for step in steps.get(turn, []):
                for name, args in step:
                    rollout.act(name, args)
        outcomes(rollout.world.effects, variant.outcome_policy)
        check_task(variant.task, rollout.world)
    return (time.process_time() - start) / rollouts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=40, help="Rollouts per side and round.")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", help="Write a pyinstrument HTML profile of one boldly round here.")
    options = parser.parse_args()
    variant = persona_variant()
    steps = script_for(PERSONA, variant).turns
    turns = len(variant.timeline)
    sides = {
        "bare, 1 tool": (
            bare_task(turns, [echo()]),
            get_model("mockllm/model", custom_outputs=scripted_outputs(echo_steps(steps))),
        ),
        "bare, its tools": (
            bare_task(turns, trivial_world_tools(variant)),
            get_model("mockllm/model", custom_outputs=scripted_outputs(steps)),
        ),
        "boldly": (scenario(SCENARIO, condition=CONDITION), f"boldly/{PERSONA}"),
    }
    generations = sum(len(turn_steps) + 1 for turn_steps in steps.values())
    calls = sum(len(step) for turn_steps in steps.values() for step in turn_steps)
    print(f"load average {os.getloadavg()}, {os.cpu_count()} cores")
    print(f"{SCENARIO} {CONDITION}, {PERSONA}: {turns} turns, {generations} generations, {calls} tool calls")
    best: dict[str, Timing] = {}
    ratios: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as log_dir:
        for task, model in sides.values():
            cpu_of(task, model, 2, log_dir)  # warm up imports and caches
        for round_number in range(1, options.rounds + 1):
            round_timings: dict[str, Timing] = {}
            for side, (task, model) in sides.items():
                timing = timed(task, model, options.epochs, log_dir)
                print(
                    f"round {round_number} {side:15} {timing.rollouts_per_cpu_s:6.2f} rollouts/CPU-s "
                    f"({timing.per_rollout_s * 1000:5.1f} ms CPU, {timing.wall_per_rollout_s * 1000:5.1f} ms "
                    f"wall per rollout; {timing.per_task_s * 1000:4.0f} ms CPU per task) "
                    f"load {os.getloadavg()[0]:.2f}"
                )
                if side not in best or timing.per_rollout_s < best[side].per_rollout_s:
                    best[side] = timing
                round_timings[side] = timing
            for side, timing in round_timings.items():
                ratios.setdefault(side, []).append(
                    timing.per_rollout_s / round_timings["boldly"].per_rollout_s
                )
        if options.profile:
            from pyinstrument import Profiler

            task, model = sides["boldly"]
            with Profiler(interval=0.0005) as profiler:
                cpu_of(task, model, options.epochs, log_dir)
            profiler.write_html(options.profile)
            print(profiler.output_text(unicode=False, color=False, show_all=False))
    boldly = best["boldly"]
    print(f"best of {options.rounds} rounds, rollouts per CPU-second (target: boldly >= 0.95 x bare):")
    for side, timing in best.items():
        print(
            f"  {side:15} {timing.rollouts_per_cpu_s:6.2f}  "
            f"boldly/this {boldly.rollouts_per_cpu_s / timing.rollouts_per_cpu_s:5.3f} "
            f"(median of the rounds' paired ratios {statistics.median(ratios[side]):5.3f})  "
            f"boldly's extra CPU per rollout {(boldly.per_rollout_s - timing.per_rollout_s) * 1000:5.1f} ms"
        )
    own = min(own_work_s(variant, steps, 50) for _ in range(options.rounds))
    print(f"boldly's own code outside Inspect (world, calls, scoring): {own * 1000:.2f} ms CPU per rollout")


if __name__ == "__main__":
    main()
