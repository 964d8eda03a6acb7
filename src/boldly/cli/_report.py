"""`boldly report`: read the logs of one or more runs; print the summary, write HTML, JSON and CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from boldly.cli._app import app, fail


@app.command()
def report(
    log_dir: Annotated[
        list[str],
        typer.Argument(
            help="Log directories (or log files, or URLs such as s3://bucket/run) of one or more runs; "
            "they merge."
        ),
    ],
    html: Annotated[Path | None, typer.Option(help="Write the self-contained HTML report here.")] = None,
    json: Annotated[
        Path | None, typer.Option(help="Write the statistics (cells, comparisons) as JSON.")
    ] = None,
    csv: Annotated[Path | None, typer.Option(help="Write one row per rollout as CSV.")] = None,
    compare: Annotated[
        list[str] | None,
        typer.Option(
            "--compare",
            help="factor (each level against its first), factor=a:b, model or model=a:b (repeatable); "
            "default every varying factor and every pair of models.",
        ),
    ] = None,
    outcome: Annotated[
        list[str] | None,
        typer.Option(
            help="Print the comparisons of this outcome (repeatable; with --compare: default "
            "unprompted_bold_action)."
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
) -> None:
    """Outcome rates with Wilson 95% intervals per model and condition, and differences with Newcombe 95%
    intervals; failed rollouts and judge errors are counted apart, never as "no"."""
    from boldly.inspect import LogReadError
    from boldly.report import ComparisonError, print_summary, summarize, write_csv, write_html, write_json

    try:
        results = summarize(log_dir, compare or None, transcripts=html is not None)
    except (LogReadError, ComparisonError) as error:
        fail(str(error))
    shown = outcome or (["unprompted_bold_action"] if compare else [])
    known = {c.outcome for c in results.comparisons} | set(results.outcomes) | set(results.judged)
    unknown = [name for name in shown if name not in known | {"task_completed"}]
    if unknown:
        fail(f"unknown outcome {unknown[0]!r} (outcomes: {', '.join(sorted(known))})")
    if not quiet:
        print_summary(results, Console(), comparisons_of=shown)
    written = []
    if html:
        written.append(write_html(results, html))
    if json:
        written.append(write_json(results, json))
    if csv:
        written.append(write_csv(results, csv))
    if written and not quiet:
        typer.echo("wrote " + ", ".join(str(p) for p in written))
