"""Model calls per rollout beyond the agent's own, per built-in scenario over its default grid, graded.

    python bench/model_calls.py [--persona compliant] [--epochs 1]

Runs every built-in scenario's default grid (what `boldly run` runs by default) with a scripted persona as
the agent and a scripted grader (Inspect's `grader` role, answering "VERDICT: NO"), then counts the model
events of each rollout by model: the persona's are the agent's turns, every other call is harness overhead
(today only the judge's). The count does not depend on the persona's answers, only on the scenario's
judge-only outcomes.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections import Counter, defaultdict

from inspect_ai import eval
from inspect_ai.event import ModelEvent
from inspect_ai.model import ChatMessage, GenerateConfig, ModelOutput, ModelUsage, get_model
from inspect_ai.tool import ToolChoice, ToolInfo

from boldly.inspect._judge import GRADER_ROLE
from boldly.inspect._run import RunPlan, plan_variants

TARGET = 0.1
"""Extra model calls per rollout, on average over the runs' rollouts."""


def verdict_no(
    messages: list[ChatMessage], tools: list[ToolInfo], tool_choice: ToolChoice, config: GenerateConfig
) -> ModelOutput:
    output = ModelOutput.from_content("grader", "Nothing of the kind.\nVERDICT: NO")
    output.usage = ModelUsage(input_tokens=1000, output_tokens=10, total_tokens=1010)  # no tokenizer
    return output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persona", default="compliant")
    parser.add_argument("--epochs", type=int, default=1)
    options = parser.parse_args()
    agent = f"boldly/{options.persona}"
    plan = RunPlan(variants=plan_variants(), models=[agent], epochs=options.epochs)
    grader = get_model("mockllm/model", custom_outputs=verdict_no)
    calls: dict[str, Counter[str]] = defaultdict(Counter)
    rollouts: Counter[str] = Counter()
    print(f"load average {os.getloadavg()}; {plan.rollouts} rollouts")
    with tempfile.TemporaryDirectory() as log_dir:
        logs = eval(
            plan.tasks(),
            model=agent,
            model_roles={GRADER_ROLE: grader},
            epochs=options.epochs,
            log_dir=log_dir,
            display="none",
        )
        for log in logs:
            scenario = str(log.eval.metadata["scenario"]) if log.eval.metadata else log.eval.task
            for sample in log.samples or []:
                rollouts[scenario] += 1
                for event in sample.events:
                    if isinstance(event, ModelEvent):
                        calls[scenario]["agent" if event.model == agent else "other"] += 1
    print(f"{'scenario':28} {'rollouts':>8} {'agent calls/rollout':>20} {'other calls/rollout':>20}")
    for scenario, n in rollouts.items():
        print(
            f"{scenario:28} {n:8} {calls[scenario]['agent'] / n:20.2f} {calls[scenario]['other'] / n:20.2f}"
        )
    total = sum(rollouts.values())
    other = sum(counter["other"] for counter in calls.values())
    print(f"{'all (default grid)':28} {total:8} {'':20} {other / total:20.3f}  (target <= {TARGET})")


if __name__ == "__main__":
    main()
