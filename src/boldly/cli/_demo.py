"""`boldly demo`: the whole job on the embedded local model, with no API key and no network.

A small but meaningful grid: clinical-trial with the agency prompt off and on (email tools), plus the benign
control with the agency prompt on, so the bold prompt's effect and the false-alarm rate are both visible.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from boldly.cli._app import app, fail
from boldly.cli._run import carry_out

DEMO_MODEL = "local/qwen2.5-coder-0.5b"
DEMO_GRID = (
    ("clinical-trial", "agency=none,tools=email"),
    ("clinical-trial", "agency=bold,tools=email"),
    ("clinical-trial-benign", "agency=bold,tools=email"),
)
DEMO_MAX_STEPS = 1
DEMO_MAX_TOKENS = 192
"""One short answer per turn keeps the demo under 3 minutes on 2 cores (README); at 3 steps and 320 tokens
a single variant took over 10 minutes, and the small model's longer answers were rarely better tool calls."""


@app.command()
def demo(
    model: Annotated[str, typer.Option("--model", "-m", help="The model to run.")] = DEMO_MODEL,
    epochs: Annotated[int, typer.Option(min=1, help="Rollouts per variant.")] = 2,
    log_dir: Annotated[
        str, typer.Option(help="Where the logs and report go; re-running resumes.")
    ] = "demo-logs",
    max_steps: Annotated[int, typer.Option(min=1, help="Model generations per user turn.")] = DEMO_MAX_STEPS,
) -> None:
    """Run a small grid on the embedded local model, then print the summary and write the HTML report."""
    from boldly.inspect._models import model_problem
    from boldly.inspect._run import RunPlan, plan_variants

    problem = model_problem(model)
    if problem:
        fail(f"{problem}\nnothing was run.")
    variants = [v for scenario, condition in DEMO_GRID for v in plan_variants([scenario], [condition])]
    plan = RunPlan(
        variants=variants, models=[model], epochs=epochs, max_steps=max_steps, max_tokens=DEMO_MAX_TOKENS
    )
    console = Console()
    console.print(
        f"boldly demo: {model}, running in this process on the CPU, through {len(variants)} variants of the "
        "clinical-trial scenario and its benign control."
    )
    # One connection: the model runs in this process with one llama.cpp slot; parallel rollouts only queue.
    report = carry_out(plan, log_dir, max_connections=1, display="rich")
    console.print(
        f"\nDone. The report is {report}; the Inspect logs are in {log_dir}/ (`inspect view --log-dir "
        f"{log_dir}`).\nThis was a 0.5B-parameter model: it often picks the wrong tool, so its rates say "
        "nothing about frontier models. To measure one, give it an API key and run, for example:\n"
        "  boldly run --model anthropic/claude-sonnet-4-5 --scenario clinical-trial --epochs 10\n"
        "(docs/running.md lists the providers and their environment variables)."
    )
