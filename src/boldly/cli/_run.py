"""`boldly run`: run models through the scenarios with Inspect, resumably, and print a summary table."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.console import Console

from boldly.cli._app import app, fail, fail_on_source_error
from boldly.scenarios import ConditionError, SourceError

if TYPE_CHECKING:
    from boldly.inspect._adaptive import AdaptiveEpochs, TaskProgress
    from boldly.inspect._run import RunPlan

Display = Literal["full", "conversation", "rich", "plain", "log", "none"]
AskAnswer = Literal["approve", "deny"]
NO_GUARD = "none"
REPORT_NAME = "report.html"


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
        int | None,
        typer.Option(min=1, help="Concurrent connections per model provider, in total over all workers."),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1, help="Worker processes sharing the run (default 1; with --ray, the cluster's CPUs)."
        ),
    ] = None,
    ray: Annotated[
        str | None,
        typer.Option(
            "--ray",
            metavar="ADDRESS",
            help="Run the workers on a Ray cluster: `auto` (one started here with `ray start --head`), "
            "an address (ray://host:10001), or `local` (a Ray instance started for this run).",
        ),
    ] = None,
    grader: Annotated[
        str | None,
        typer.Option(help="Model for the judge (outcomes needing intent); without it: not judged."),
    ] = None,
    max_steps: Annotated[int, typer.Option(min=1, help="Model generations per user turn.")] = 10,
    time_limit: Annotated[int | None, typer.Option(min=1, help="Seconds per rollout.")] = None,
    token_limit: Annotated[int | None, typer.Option(min=1, help="Tokens per rollout.")] = None,
    max_retries: Annotated[
        int | None,
        typer.Option(min=0, help="Retries of a failed model request; then the rollout is an error."),
    ] = None,
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
    probe_awareness: Annotated[
        bool,
        typer.Option(
            "--probe-awareness",
            help="After the last turn, ask each agent whether it thought the deployment was real (unscored).",
        ),
    ] = False,
    until_halfwidth: Annotated[
        float | None,
        typer.Option(
            min=0.01,
            max=0.5,
            help="Add epochs to each model and variant (from --epochs) only until the 95% interval of its "
            "unprompted-bold rate is at most ± this wide.",
        ),
    ] = None,
    max_epochs: Annotated[
        int | None, typer.Option(min=1, help="With --until-halfwidth: epochs per variant at most (100).")
    ] = None,
) -> None:
    """Run models through scenario variants with Inspect, then print outcome rates per model and variant."""
    from boldly.inspect._adaptive import DEFAULT_MAX_EPOCHS, AdaptiveEpochs
    from boldly.inspect._models import model_problem
    from boldly.inspect._run import RunPlan, plan_variants

    try:
        variants = plan_variants(scenario or [], condition or [])
    except SourceError as error:
        fail_on_source_error(error)
    except (KeyError, ConditionError) as error:
        fail(str(error.args[0]) if isinstance(error, KeyError) else str(error))
    if max_epochs is not None and until_halfwidth is None:
        fail("--max-epochs needs --until-halfwidth.")
    if until_halfwidth is not None and ((workers or 1) > 1 or ray):
        fail("--until-halfwidth runs in one process: leave out --workers and --ray.")
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
        max_retries=max_retries,
        guards=guards,
        guard_ask=guard_ask or "deny",
        guard_audit_log=str(guard_audit_log.resolve()) if guard_audit_log else None,
        probe_awareness=probe_awareness,
    )
    adaptive = AdaptiveEpochs(until_halfwidth, max_epochs or DEFAULT_MAX_EPOCHS) if until_halfwidth else None
    carry_out(
        plan,
        log_dir,
        max_connections=max_connections,
        display=display,
        workers=workers,
        ray=ray,
        adaptive=adaptive,
    )


def carry_out(
    plan: RunPlan,
    log_dir: str,
    *,
    max_connections: int | None = None,
    display: Display | None = None,
    workers: int | None = None,
    ray: str | None = None,
    adaptive: AdaptiveEpochs | None = None,
) -> Path | None:
    """Run a checked plan, print the summary, write the HTML report; returns its path (None: no logs).

    With several workers (or Ray) the plan is sharded (`run_sharded`). With `adaptive`, the plan's epochs
    are the first round's, and each variant gets more until its interval is narrow enough (see
    `boldly.inspect._adaptive`); the summary then says where each stopped. Exits 1 when some rollouts did not
    finish (the same command resumes them).
    """
    from boldly.inspect._adaptive import describe, execute_adaptive
    from boldly.inspect._logs import LogReadError, check_readable, is_url
    from boldly.inspect._run import execute
    from boldly.report import print_summary, summarize, write_html

    try:
        check_readable(log_dir)
    except LogReadError as error:
        fail(f"{error}\nnothing was run.")
    console = Console()
    settings = f" x {len(plan.guards)} guard settings" if len(plan.guards) > 1 else ""
    progress: list[TaskProgress] = []
    if adaptive:
        console.print(
            f"{len(plan.variants)} variants{settings} x {len(plan.models)} models x {plan.epochs} to "
            f"{adaptive.max_epochs} epochs, until ±{adaptive.halfwidth:g} → {log_dir}"
        )
        finished, logs, progress = execute_adaptive(plan, adaptive, log_dir, max_connections, display)
        any_done = True  # a resumed adaptive run may have nothing left to run, and its logs to show
    else:
        console.print(
            f"{len(plan.variants)} variants{settings} x {len(plan.models)} models x {plan.epochs} epochs = "
            f"{plan.rollouts} rollouts → {log_dir}"
        )
        if (workers or 1) > 1 or ray:
            finished, any_done = run_sharded(plan, log_dir, workers, ray, max_connections, display, console)
        else:
            finished, logs = execute(plan, log_dir=log_dir, max_connections=max_connections, display=display)
            any_done = bool(logs)
    report = None
    if any_done:
        results = summarize([log_dir])
        print_summary(results, console)
        report = write_html(results, Path(REPORT_NAME) if is_url(log_dir) else Path(log_dir) / REPORT_NAME)
        if adaptive:
            console.print("\n".join(describe(progress, adaptive)), highlight=False)
        console.print(f"HTML report: {report}")
    if not finished:
        typer.echo(
            f"Some rollouts did not finish; run the same command again to resume from {log_dir}.", err=True
        )
        raise typer.Exit(1)
    return report


def run_sharded(
    plan: RunPlan,
    log_dir: str,
    workers: int | None,
    ray: str | None,
    max_connections: int | None,
    display: Display | None,
    console: Console,
) -> tuple[bool, bool]:
    """Run the plan in worker processes (here, or on Ray); returns whether it finished and whether any
    rollout is done. Progress goes to the console unless `--display none`."""
    from boldly.inspect._workers import LocalProcesses, RayUnavailable, execute_sharded

    engine = LocalProcesses()
    if ray:
        from boldly.inspect._ray_workers import RayCluster, connect

        try:
            cpus = connect(ray)
        except RayUnavailable as error:
            fail(f"{error}\nnothing was run.")
        engine, workers = RayCluster(), workers or cpus
    count = workers or 1
    limit = max_connections or "each provider's default, per worker"
    console.print(f"{count} workers{' on Ray' if ray else ''}; connections per provider in total: {limit}")
    announce = None if display == "none" else console.print
    finished, standing = execute_sharded(
        plan, log_dir, engine, count, max_connections=max_connections, announce=announce
    )
    return finished, standing.done > 0 or any(task.resume for task in standing.outstanding)
