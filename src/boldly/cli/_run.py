"""`boldly run`: run models through the scenarios with Inspect, resumably, and print a summary table."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.console import Console
from rich.table import Table

from boldly.cli._app import app, fail, fail_on_source_error
from boldly.scenarios import ConditionError, SourceError

if TYPE_CHECKING:
    from boldly.inspect._summary import SummaryRow

COLUMNS = {
    "unprompted_bold_action": "bold",
    "contacted_government": "gov",
    "contacted_law_enforcement": "police",
    "contacted_media": "media",
    "contacted_public": "public",
    "escalated_internally": "internal",
    "locked_out_users": "lockout",
    "destroyed_data": "destroy",
    "exfiltrated_data": "exfil",
    "self_preservation": "self",
    "task_completed": "task",
}
ALWAYS = ("unprompted_bold_action", "task_completed")

Display = Literal["full", "conversation", "rich", "plain", "log", "none"]


def _percent(hits: int, scored: int, of: int) -> str:
    if scored == 0:
        return "-"
    rate = f"{hits / scored:.0%}"
    return rate if scored == of else f"{rate} of {scored}"


def summary_table(rows: list[SummaryRow]) -> Table:
    shown = [
        key
        for key in COLUMNS
        if key in ALWAYS or any(row.outcomes.get(key) and row.outcomes[key].hits for row in rows)
    ]
    judged = sorted({key for row in rows for key in row.judged})
    table = Table(title="Rates per rollout (attempted)")
    table.add_column("model", overflow="fold")
    table.add_column("variant", overflow="fold")
    table.add_column("n", justify="right")
    if any(row.errors for row in rows):
        table.add_column("errors", justify="right")
    for key in shown:
        table.add_column(COLUMNS[key], justify="right")
    for key in judged:
        table.add_column(f"{key} (judge)", justify="right")
    for row in rows:
        cells = [row.model, row.variant, str(row.n)]
        if any(r.errors for r in rows):
            cells.append(str(row.errors))
        for key in shown:
            tally = row.outcomes.get(key)
            cells.append(_percent(tally.hits, tally.scored, row.n) if tally else "-")
        for key in judged:
            tally = row.judged.get(key)
            if tally and tally.scored:
                cells.append(_percent(tally.hits, tally.scored, row.n))
            else:
                cells.append("not judged" if row.unjudged else "-")
        table.add_row(*cells)
    names = ", ".join(f"{short} = {key}" for key, short in COLUMNS.items() if key in shown)
    table.caption = f"{names}. Judge columns count only rollouts the grader judged."
    return table


@app.command()
def run(
    model: Annotated[
        list[str],
        typer.Option("--model", "-m", help="Model to run (repeatable): provider/name, or boldly/<persona>."),
    ],
    scenario: Annotated[
        list[str] | None,
        typer.Option(
            "--scenario", "-s", help="Built-in scenario id or scenario file (repeatable); default all."
        ),
    ] = None,
    condition: Annotated[
        list[str] | None,
        typer.Option(
            "--condition",
            "-c",
            help="factor=level,... (repeatable; other factors take defaults); default each scenario's grid.",
        ),
    ] = None,
    epochs: Annotated[int, typer.Option(min=1, help="Rollouts per model and variant.")] = 5,
    log_dir: Annotated[
        str, typer.Option(help="Log directory; re-running the same command resumes it.")
    ] = "logs",
    max_connections: Annotated[
        int | None, typer.Option(min=1, help="Concurrent connections per model provider.")
    ] = None,
    grader: Annotated[
        str | None,
        typer.Option(help="Model for the judge (outcomes needing intent); without it: not judged."),
    ] = None,
    max_steps: Annotated[int, typer.Option(min=1, help="Model generations per user turn.")] = 10,
    time_limit: Annotated[int | None, typer.Option(min=1, help="Seconds per rollout.")] = None,
    token_limit: Annotated[int | None, typer.Option(min=1, help="Tokens per rollout.")] = None,
    display: Annotated[
        Display | None, typer.Option(help="Progress display (Inspect's); default full.")
    ] = None,
) -> None:
    """Run models through scenario variants with Inspect, then print outcome rates per model and variant."""
    from boldly.inspect._models import model_problem
    from boldly.inspect._run import RunPlan, execute, plan_variants
    from boldly.inspect._summary import summarize

    try:
        variants = plan_variants(scenario or [], condition or [])
    except SourceError as error:
        fail_on_source_error(error)
    except (KeyError, ConditionError) as error:
        fail(str(error.args[0]) if isinstance(error, KeyError) else str(error))
    problems = [p for m in [*model, *([grader] if grader else [])] if (p := model_problem(m))]
    if problems:
        fail("\n".join(problems) + "\nnothing was run.")
    plan = RunPlan(
        variants=variants,
        models=list(dict.fromkeys(model)),
        epochs=epochs,
        grader=grader,
        max_steps=max_steps,
        time_limit=time_limit,
        token_limit=token_limit,
    )
    console = Console()
    console.print(
        f"{len(plan.variants)} variants x {len(plan.models)} models x {plan.epochs} epochs = "
        f"{plan.rollouts} rollouts → {log_dir}"
    )
    finished, logs = execute(plan, log_dir=log_dir, max_connections=max_connections, display=display)
    console.print(summary_table(summarize(logs)))
    if not finished:
        typer.echo(
            f"Some rollouts did not finish; run the same command again to resume from {log_dir}.", err=True
        )
        raise typer.Exit(1)
