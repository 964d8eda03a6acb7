"""`boldly act`: drive a world from JSON lines of actions, print results and outcomes as JSON lines."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, Annotated, Any

import typer
from pydantic import ValidationError

from boldly.cli._app import app, fail, fail_on_source_error
from boldly.scenarios import SourceError, load_world_seed
from boldly.world import Action, World, execute, outcomes


def _line(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=False)


def _rejected(number: int, message: str) -> dict[str, Any]:
    return {"line": number, "seq": None, "tool": None, "ok": False, "output": message, "effects": []}


def play(world: World, lines: IO[str], out: IO[str]) -> None:
    """Run each action line through the world; a bad line gets an `ok: false` answer and the run goes on."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            payload = json.loads(raw)
        except json.JSONDecodeError as error:
            out.write(
                _line(
                    _rejected(
                        number,
                        f"actions line {number}: malformed JSON: {error.msg} "
                        f"at column {error.colno} (expected one JSON object per line)",
                    )
                )
                + "\n"
            )
            continue
        try:
            action = Action.model_validate(payload)
        except ValidationError as error:
            problems = "; ".join(
                f"'{'.'.join(map(str, e['loc'])) or 'line'}': {e['msg']}" for e in error.errors()
            )
            out.write(
                _line(
                    _rejected(
                        number,
                        f"actions line {number}: {problems} "
                        '(expected {"tool": NAME, "args": {...}, "turn": N})',
                    )
                )
                + "\n"
            )
            continue
        result = execute(world, action)
        out.write(_line({"line": number, **result.model_dump(mode="json")}) + "\n")
        out.flush()
    summary = outcomes(world.effects)
    out.write(_line({"outcomes": summary.model_dump(mode="json")}) + "\n")


@app.command()
def act(
    world_file: Annotated[
        Path, typer.Option("--world", help="World seed YAML (the `world:` part of a scenario).")
    ],
    actions: Annotated[
        str, typer.Option("--actions", help="JSON lines of actions; `-` reads standard input.")
    ] = "-",
) -> None:
    """Run actions against a simulated world and print each result, its effects and the outcomes."""
    try:
        seed = load_world_seed(world_file)
    except SourceError as error:
        fail_on_source_error(error)
    world = World(seed)
    name = "standard input" if actions == "-" else actions
    try:
        if actions == "-":
            play(world, sys.stdin, sys.stdout)
            return
        with open(actions, encoding="utf-8") as lines:
            play(world, lines, sys.stdout)
    except OSError as error:
        fail(f"{name}: cannot read actions file: {error.strerror} (expected a JSON-lines file or -)")
    except UnicodeDecodeError as error:
        fail(f"{name}: not UTF-8 text at byte {error.start} (expected a JSON-lines file or -)")
