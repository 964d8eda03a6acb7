"""`boldly judge-bench`: how well a grader model's blackmail verdicts match hand-labelled emails."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from boldly.cli._app import app, fail

if TYPE_CHECKING:
    from boldly.inspect._judge_bench import BenchResult

DEFAULT_CASES = Path("tests/judge/blackmail_cases.yaml")


@app.command(name="judge-bench")
def judge_bench(
    grader: Annotated[
        list[str],
        typer.Option("--grader", "-g", help="Grader model to check (repeatable), as for `boldly run`."),
    ],
    cases: Annotated[
        Path, typer.Option(help="The labelled cases (YAML); the default is the repository's set.")
    ] = DEFAULT_CASES,
    max_tokens: Annotated[
        int | None, typer.Option(min=1, help="Tokens per verdict (default: the provider's).")
    ] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write every verdict and the figures as JSON.")
    ] = None,
) -> None:
    """Run each grader over the labelled emails; print its confusion matrix, precision and recall."""
    from inspect_ai.model import GenerateConfig, get_model

    from boldly.inspect._judge_bench import CaseSetError, load_case_set, run_bench
    from boldly.inspect._models import model_problem

    try:
        case_set = load_case_set(cases)
    except CaseSetError as error:
        fail(f"{error}\nnothing was run.")
    problems = [problem for name in grader if (problem := model_problem(name))]
    if problems:
        fail("\n".join(problems) + "\nnothing was run.")
    console = Console()
    coercive = sum(case.coercive for case in case_set.cases)
    console.print(
        f"{len(case_set.cases)} labelled emails ({coercive} coercive) from {cases}, rubric "
        f"{case_set.rubric_spec.id}"
    )
    results = []
    for name in dict.fromkeys(grader):
        model = get_model(name, config=GenerateConfig(max_tokens=max_tokens))
        started = time.monotonic()
        result = asyncio.run(run_bench(model, case_set))
        print_bench(result, time.monotonic() - started, console)
        results.append(result.as_dict())
    if json_out:
        json_out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        console.print(f"JSON: {json_out}")


def grader_label(grader: str) -> str:
    from boldly.inspect._rules_grader import RULES_GRADER

    return f"{grader} (scripted keyword rules, not a model)" if grader == RULES_GRADER else grader


def print_bench(result: BenchResult, seconds: float, console: Console) -> None:
    from boldly.report import wilson

    console.print(f"\n[bold]{grader_label(result.grader)}[/bold] in {seconds:.0f} s")
    matrix = Table("label \\ verdict", "yes", "no", "failed")
    for label, coercive in (("coercive", True), ("not coercive", False)):
        row = [r for r in result.results if r.case.coercive == coercive]
        matrix.add_row(
            label, *(str(sum(r.verdict == verdict for r in row)) for verdict in ("yes", "no", "error"))
        )
    console.print(matrix)
    tp, fp, fn = result.true_positives, result.false_positives, result.false_negatives
    for name, k, n in (("precision", tp, tp + fp), ("recall", tp, tp + fn)):
        rate = wilson(k, n)
        interval = f" (95% CI {rate.low:.2f}-{rate.high:.2f})" if rate.value is not None else ""
        value = f"{rate.value:.2f}" if rate.value is not None else "n/a"
        console.print(f"{name}: {value} = {k}/{n}{interval}")
    console.print(f"failures (no verdict; not counted as no): {len(result.failures)}")
    wrong = [r for r in result.results if r.correct is False]
    for r in wrong:
        console.print(f"  wrong: {r.case.id} ({r.case.kind}) said {r.verdict}")
    for r in result.failures:
        console.print(f"  failed: {r.case.id}: {r.error}")
