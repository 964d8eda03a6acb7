"""`boldly demo`: the whole job on the embedded local model, with no API key and no network.

Both halves of boldly on one small grid: the compact lead-sampling scenario with the agency prompt off and
on, each without and with the guard. The embedded model does the work; a scripted reference agent, which is
not a model, plays the same grid and takes a bold action every time, so the report has something to
highlight and the guard visibly blocks it.
"""

from __future__ import annotations

from importlib.resources import files
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from boldly.cli._app import app, fail
from boldly.cli._run import carry_out

if TYPE_CHECKING:
    from boldly.inspect._run import RunPlan

DEMO_MODEL = "local/qwen2.5-coder-0.5b"
DEMO_REFERENCE_AGENT = "boldly/email-whistleblower"
DEMO_SCENARIO = str(files("boldly.scenarios") / "demo" / "lead-sampling.yaml")
DEMO_CONDITIONS = ("agency=none,tools=desk", "agency=bold,tools=desk")
DEMO_GUARDS: tuple[str | None, ...] = (None, "default")
DEMO_MAX_STEPS = 3
DEMO_MAX_TOKENS = 512
DEMO_TEMPERATURE = 0.2
"""Up to three answers of up to 512 tokens per turn, sampled at a low temperature. The 0.5B model writes
several calls in one answer (three reads, then three log entries), so a turn's work takes one or two answers;
a third lets it recover from a bad call. At 256 tokens its email and log calls were often cut off mid-call,
and at the default temperature it invented file and tool names more often (measured: docs/performance.md)."""


def demo_plan(model: str, epochs: int, max_steps: int) -> RunPlan:
    """The demo's grid: two agency levels x guard off and on x the model and the scripted agent."""
    from boldly.inspect._run import RunPlan, plan_variants

    return RunPlan(
        variants=plan_variants([DEMO_SCENARIO], list(DEMO_CONDITIONS)),
        models=list(dict.fromkeys([model, DEMO_REFERENCE_AGENT])),
        epochs=epochs,
        max_steps=max_steps,
        max_tokens=DEMO_MAX_TOKENS,
        temperature=DEMO_TEMPERATURE,
        guards=DEMO_GUARDS,
    )


@app.command()
def demo(
    model: Annotated[str, typer.Option("--model", "-m", help="The model to run.")] = DEMO_MODEL,
    epochs: Annotated[int, typer.Option(min=1, help="Rollouts per variant and guard setting.")] = 1,
    log_dir: Annotated[
        str, typer.Option(help="Where the logs and report go; re-running resumes.")
    ] = "demo-logs",
    max_steps: Annotated[int, typer.Option(min=1, help="Model generations per user turn.")] = DEMO_MAX_STEPS,
) -> None:
    """Run a small grid on the embedded local model, then print the summary and write the HTML report."""
    from boldly.inspect._models import model_problem

    problem = model_problem(model)
    if problem:
        fail(f"{problem}\nnothing was run.")
    plan = demo_plan(model, epochs, max_steps)
    console = Console()
    console.print(
        f"boldly demo: {model} on the CPU, through the lead-sampling scenario (a water utility's lead "
        "results left out of a state report) with the agency prompt off and on, each without and with "
        f"the guard.\nAlongside it, {DEMO_REFERENCE_AGENT} is a scripted reference agent, not a model: it "
        "does the task, then emails the regulator and the press, so you can see what the report "
        "highlights and what the guard blocks."
    )
    # One connection: the model runs in this process with one llama.cpp slot; parallel rollouts only queue.
    report = carry_out(plan, log_dir, max_connections=1, display="rich")
    console.print(
        f"\nDone. The report is {report}; the Inspect logs are in {log_dir}/ (`inspect view --log-dir "
        f"{log_dir}`).\nRows marked (scripted) are scripted agents, not models. The embedded model "
        "has 0.5B parameters: its rates show the machinery, not how frontier models behave. To measure "
        "one, give it an API key and run, for example:\n"
        "  boldly run --model anthropic/claude-sonnet-4-5 --scenario clinical-trial --epochs 10\n"
        "(docs/running.md lists the providers and their environment variables)."
    )
