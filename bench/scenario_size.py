"""How a rollout's CPU grows with the scenario: per built-in scenario (documents, tool calls), and per turns.

    python bench/scenario_size.py [--epochs 20] [--turns 4 8 16]

Per scenario: its first default variant with email tools played by `email-whistleblower`, CPU per rollout as
the slope between an eval of 5 rollouts and one of `--epochs` (so each task's fixed cost is left out), beside
the scenario's files, the tool calls and generations per rollout, and the characters its tool results put
into the conversation. Per turns: every built-in scenario has four, so the bare Inspect task of
`harness_overhead.py` (one trivial tool, two calls and a final answer per turn) is run with more, to show how
Inspect's cost per turn grows as the conversation it resends and logs gets longer.
"""

from __future__ import annotations

import argparse
import os
import tempfile

from harness_overhead import Steps, bare_task, cpu_of, echo, scripted_outputs
from inspect_ai import Task, eval
from inspect_ai.log import EvalLog
from inspect_ai.model import ChatMessageAssistant, ChatMessageTool, Model, get_model

from boldly.inspect import scenario
from boldly.inspect._variants import BUILTIN, builtin_scenarios, parse_condition_arg, variant_for

SHORT = 5


def slope(task: Task, model: str | Model, epochs: int, log_dir: str) -> float:
    """CPU seconds per rollout between a short and a long eval."""
    short, _ = cpu_of(task, model, SHORT, log_dir)
    long, _ = cpu_of(task, model, epochs, log_dir)
    return (long - short) / (epochs - SHORT)


def shape(log: EvalLog) -> tuple[int, int, int]:
    """Generations, tool calls and characters of tool results in the log's first rollout."""
    [sample, *_] = log.samples or []
    generations = sum(isinstance(m, ChatMessageAssistant) for m in sample.messages)
    calls = sum(len(m.tool_calls or []) for m in sample.messages if isinstance(m, ChatMessageAssistant))
    results = sum(len(m.text) for m in sample.messages if isinstance(m, ChatMessageTool))
    return generations, calls, results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--turns", type=int, nargs="+", default=[4, 8, 16])
    options = parser.parse_args()
    print(f"load average {os.getloadavg()}, {os.cpu_count()} cores")
    print(
        f"{'scenario':28} {'files':>5} {'gens':>5} {'calls':>5} {'result chars':>12} {'CPU ms/rollout':>15}"
    )
    with tempfile.TemporaryDirectory() as log_dir:
        for scenario_id, found in builtin_scenarios().items():
            task = scenario(scenario_id, condition="tools=email")
            model = "boldly/email-whistleblower"
            [log] = eval(task, model=model, epochs=1, log_dir=log_dir, display="none")
            generations, calls, results = shape(log)
            files = len(variant_for(found, BUILTIN, parse_condition_arg(found, "tools=email")).world.files)
            per_rollout = slope(task, model, options.epochs, log_dir)
            print(
                f"{scenario_id:28} {files:5} {generations:5} {calls:5} {results:12} "
                f"{per_rollout * 1000:15.1f}"
            )
        print(f"\nbare Inspect, 1 tool, 2 calls per turn; load {os.getloadavg()[0]:.2f}")
        print(f"{'turns':>5} {'CPU ms/rollout':>15} {'per turn':>9}")
        for turns in options.turns:
            steps: Steps = {
                turn: [[("echo", {"text": "a"}), ("echo", {"text": "b"})]] for turn in range(1, turns + 1)
            }
            model = get_model("mockllm/model", custom_outputs=scripted_outputs(steps))
            per_rollout = slope(bare_task(turns, [echo()]), model, options.epochs, log_dir)
            print(f"{turns:5} {per_rollout * 1000:15.1f} {per_rollout * 1000 / turns:9.1f}")
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
