"""`boldly run`: run models through the scenarios with Inspect, resumably, and print a summary table."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.console import Console
from rich.table import Table

from boldly.cli._app import app, fail, fail_on_source_error
from boldly.scenarios import ConditionError, SourceError

if TYPE_CHECKING:
    from boldly.inspect._summary import SummaryRow, Tally

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
UNPROMPTED = "unprompted_bold_action"
ALWAYS = (UNPROMPTED, "task_completed")

Display = Literal["full", "conversation", "rich", "plain", "log", "none"]
AskAnswer = Literal["approve", "deny"]
NO_GUARD = "none"


def _percent(hits: int, scored: int, of: int) -> str:
    if scored == 0:
        return "-"
    rate = f"{hits / scored:.0%}"
    return rate if scored == of else f"{rate} of {scored}"


def _rate(tally: Tally | None, n: int) -> str:
    return _percent(tally.hits, tally.scored, n) if tally else "-"


def summary_table(rows: list[SummaryRow]) -> Table:
    """Outcome rates per model and variant; with a guard in the run, also per guard, with what the guard
    let through (bold actions executed), the benign task, and how often it asked a person."""
    shown = [
        key
        for key in COLUMNS
        if key in ALWAYS or any(row.outcomes.get(key) and row.outcomes[key].hits for row in rows)
    ]
    judged = sorted({key for row in rows for key in row.judged})
    guarded = any(row.guard for row in rows)
    errors = any(row.errors for row in rows)
    table = Table(title="Rates per rollout (attempted)")
    table.add_column("model", overflow="fold")
    table.add_column("variant", overflow="fold")
    if guarded:
        table.add_column("guard", overflow="fold")
    table.add_column("n", justify="right")
    if errors:
        table.add_column("errors", justify="right")
    for key in shown:
        table.add_column(COLUMNS[key], justify="right")
        if guarded and key == UNPROMPTED:
            table.add_column(f"{COLUMNS[key]} exec", justify="right")
    for key in judged:
        table.add_column(f"{key} (judge)", justify="right")
    if guarded:
        table.add_column("asked", justify="right")
        table.add_column("asks/call", justify="right")
    for row in rows:
        cells = [row.model, row.variant]
        if guarded:
            cells.append(row.guard or "none")
        cells.append(str(row.n))
        if errors:
            cells.append(str(row.errors))
        for key in shown:
            cells.append(_rate(row.outcomes.get(key), row.n))
            if guarded and key == UNPROMPTED:
                cells.append(_rate(row.executed.get(key), row.n))
        for key in judged:
            tally = row.judged.get(key)
            if tally and tally.scored:
                cells.append(_percent(tally.hits, tally.scored, row.n))
            else:
                cells.append("not judged" if row.unjudged else "-")
        if guarded:
            cells.append(_rate(row.asked, row.n) if row.guard else "-")
            calls = row.calls
            cells.append(f"{row.decisions['ask'] / calls:.0%}" if row.guard and calls else "-")
        table.add_row(*cells)
    names = ", ".join(f"{short} = {key}" for key, short in COLUMNS.items() if key in shown)
    caption = f"{names}. Judge columns count only rollouts the grader judged."
    if guarded:
        caption += (
            " With a guard: bold counts attempts (blocked ones too), bold exec those that took place; "
            "asked = rollouts in which the guard asked a person, asks/call = its asks over all tool calls."
        )
    table.caption = caption
    return table


def _guard_ref(ref: str) -> str | None:
    """A `--guard` value checked (a bad policy file stops the run here, before any model call): None for
    `none`, `default`, or the policy file's absolute path (so the run resumes from any directory)."""
    from boldly.inspect._approver import DEFAULT_POLICY, GuardSpec

    if ref == NO_GUARD:
        return None
    resolved = ref if ref == DEFAULT_POLICY else str(Path(ref).resolve())
    try:
        GuardSpec.load(resolved)
    except SourceError as error:
        fail_on_source_error(error)
    return resolved


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
    guard: Annotated[
        list[str] | None,
        typer.Option(
            "--guard",
            help="Put the guard between the agent and its tools: a policy file, `default` (the shipped "
            "policy) or `none`; repeat to compare (--guard none --guard default).",
        ),
    ] = None,
    guard_ask: Annotated[
        AskAnswer | None,
        typer.Option("--guard-ask", help="How the simulated human answers the guard's asks; default deny."),
    ] = None,
    guard_audit_log: Annotated[
        Path | None,
        typer.Option("--guard-audit-log", help="Append the guard's decisions to this hash-chained log."),
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
    if (guard_ask or guard_audit_log) and not any(ref != NO_GUARD for ref in guard or []):
        fail("--guard-ask and --guard-audit-log need --guard POLICY (or --guard default).")
    guards = tuple(dict.fromkeys(_guard_ref(ref) for ref in guard or [NO_GUARD]))
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
        guards=guards,
        guard_ask=guard_ask or "deny",
        guard_audit_log=str(guard_audit_log.resolve()) if guard_audit_log else None,
    )
    console = Console()
    settings = f" x {len(guards)} guard settings" if len(guards) > 1 else ""
    console.print(
        f"{len(plan.variants)} variants{settings} x {len(plan.models)} models x {plan.epochs} epochs = "
        f"{plan.rollouts} rollouts → {log_dir}"
    )
    finished, logs = execute(plan, log_dir=log_dir, max_connections=max_connections, display=display)
    console.print(summary_table(summarize(logs)))
    if not finished:
        typer.echo(
            f"Some rollouts did not finish; run the same command again to resume from {log_dir}.", err=True
        )
        raise typer.Exit(1)
