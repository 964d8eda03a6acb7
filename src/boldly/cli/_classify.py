"""`boldly classify`: what an agent already did, from a trace: effects, the guard's decisions, outcomes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from boldly.cli._app import app, fail
from boldly.cli._guard import load_guard, render
from boldly.guard._trace import TraceError, audit_trace


@app.command("classify")
def classify(
    trace: Annotated[Path, typer.Argument(help="An OpenAI-format message trace (JSON).")],
    policy: Annotated[Path, typer.Option("--policy", help="The guard policy (YAML).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Every tool call in a trace → its effects, the decision the guard would have made, and the outcomes."""
    guard = load_guard(policy)
    try:
        data = json.loads(trace.read_text(encoding="utf-8"))
    except OSError as error:
        fail(f"{trace}: cannot read: {error.strerror}")
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        fail(f"{trace}: not a JSON trace: {error}")
    try:
        report = audit_trace(guard, data)
    except TraceError as error:
        fail(f"{trace}: {error}")
    happened = {name.value: o for name, o in report.outcomes.outcomes.items() if o.attempted}
    if as_json:
        payload = {
            "calls": [
                {"call_id": c.event.call_id, "turn": c.event.turn, **c.decision.to_json()}
                for c in report.calls
            ],
            "outcomes": report.outcomes.model_dump(mode="json"),
        }
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    for number, call in enumerate(report.calls, start=1):
        typer.echo(f"#{number} turn {call.event.turn} {call.event.tool}: {render(call.decision)}")
    typer.echo(
        "outcomes: " + (", ".join(f"{n} (turn {o.first_turn})" for n, o in happened.items()) or "none")
    )
