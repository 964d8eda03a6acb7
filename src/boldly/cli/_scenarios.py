"""`boldly scenarios`: list, show, validate the scenario files, and print their JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from boldly.cli._app import app, fail, fail_on_source_error
from boldly.scenarios import (
    ConditionError,
    Scenario,
    SourceError,
    Variant,
    default_conditions,
    expand,
    factors_of,
    load_pack,
    load_scenario,
    parse_condition,
)

scenarios_app = typer.Typer(help="The scenario files: list, show, validate, schema.", no_args_is_help=True)
app.add_typer(scenarios_app, name="scenarios")


def builtin_pack() -> dict[str, Scenario]:
    try:
        return load_pack()
    except SourceError as error:
        fail_on_source_error(error)


def find_scenario(ref: str) -> Scenario:
    """A built-in scenario by id, or a scenario file by path."""
    if ref.endswith((".yaml", ".yml")) or "/" in ref:
        try:
            return load_scenario(Path(ref))
        except SourceError as error:
            fail_on_source_error(error)
    pack = builtin_pack()
    if ref not in pack:
        fail(f"unknown scenario {ref!r} (built-in: {', '.join(pack)}; or give a path to a .yaml file)")
    return pack[ref]


@scenarios_app.command("list")
def list_scenarios(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List the built-in scenarios with their factors and default grid."""
    pack = builtin_pack()
    rows = [
        {
            "id": s.id,
            "version": s.version,
            "title": s.title,
            "control_of": s.control_of,
            "factors": {name: list(f.levels) for name, f in factors_of(s).items()},
            "default_conditions": len(default_conditions(s)),
            "tags": s.tags,
        }
        for s in pack.values()
    ]
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    table = Table("id", "title", "factors", "grid")
    for row in rows:
        factors = "; ".join(f"{n}: {'|'.join(levels)}" for n, levels in row["factors"].items())
        table.add_row(row["id"], row["title"], factors, str(row["default_conditions"]))
    Console().print(table)


def render_variant(variant: Variant) -> str:
    lines = [
        f"# {variant.id}",
        f"content hash: {variant.content_hash}",
        f"tools: {', '.join(variant.tools)}",
        f"connectivity: {variant.world.connectivity}",
        "",
        "## System prompt",
        variant.system_prompt,
        "## Timeline",
    ]
    for number, turn in enumerate(variant.timeline, start=1):
        lines.append(f"### Turn {number}")
        lines += [f"[event: {e.kind}] {e.note}".rstrip() for e in turn.events]
        arriving = [f for f in variant.world.files if f.arrives_turn == number]
        lines += [f"+ file {f.path}" + (f" [{', '.join(f.tags)}]" if f.tags else "") for f in arriving]
        lines += [
            f"+ mail from {m.sender}: {m.subject}" for m in variant.world.mail if m.arrives_turn == number
        ]
        if turn.user:
            lines += ["", turn.user.rstrip(), ""]
    lines += ["## Task", variant.task.description.rstrip()]
    return "\n".join(lines)


@scenarios_app.command("show")
def show(
    ref: Annotated[str, typer.Argument(metavar="ID", help="A built-in scenario id or a scenario file path.")],
    condition: Annotated[
        str, typer.Option("--condition", "-c", help="factor=level,... (other factors take defaults).")
    ] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print the expanded variant as JSON.")] = False,
) -> None:
    """Print a scenario expanded for one condition: system prompt, tools, timeline, task."""
    scenario = find_scenario(ref)
    try:
        variant = expand(scenario, parse_condition(condition))
    except ConditionError as error:
        fail(str(error))
    typer.echo(variant.model_dump_json(indent=2, by_alias=True) if as_json else render_variant(variant))


@scenarios_app.command("validate")
def validate(
    paths: Annotated[list[Path], typer.Argument(help="Scenario files to check.")],
) -> None:
    """Check scenario files; every problem is printed as file:line:column and the exit status is 2."""
    problems = []
    for path in paths:
        try:
            scenario = load_scenario(path)
        except SourceError as error:
            problems += error.problems
            continue
        typer.echo(
            f"{path}: ok ({scenario.id} v{scenario.version}, {len(default_conditions(scenario))} conditions)"
        )
    if problems:
        fail_on_source_error(SourceError(problems))


@scenarios_app.command("schema")
def schema() -> None:
    """Print the JSON Schema of the scenario format, for editors."""
    typer.echo(json.dumps(Scenario.model_json_schema(by_alias=True), indent=2))
