"""Loading scenario files: schema validation, then every cross-reference, each problem with its position."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from boldly.scenarios._expand import ConditionError, default_conditions, expand, factors_of
from boldly.scenarios._format import BUILTIN_SLOTS, SLOT, Scenario
from boldly.scenarios._source import Document, Location, Problem, SourceError
from boldly.world import CANONICAL_TOOLS, reference_problems

PACK_DIR = Path(__file__).parent / "pack"


def _slot_problems(scenario: Scenario) -> list[tuple[Location, str]]:
    used = set(SLOT.findall(scenario.system_prompt))
    declared = set(scenario.slots) | set(BUILTIN_SLOTS)
    factors = factors_of(scenario)
    for factor in factors.values():
        for changes in factor.levels.values():
            declared |= set(changes.slots)
    problems: list[tuple[Location, str]] = [
        (
            ("system_prompt",),
            f"unknown slot {{{slot}}} (declare it under slots:, or use one of: "
            f"{', '.join(sorted(declared))})",
        )
        for slot in sorted(used - declared)
    ]
    for name, factor in scenario.factors.items():
        for level, changes in factor.levels.items():
            for slot in changes.slots:
                if slot not in used:
                    problems.append(
                        (
                            ("factors", name, "levels", level, "slots", slot),
                            f"slot {slot!r} is not in system_prompt (slots used: {', '.join(sorted(used))})",
                        )
                    )
    return problems


def _factor_problems(scenario: Scenario) -> list[tuple[Location, str]]:
    problems: list[tuple[Location, str]] = []
    factors = factors_of(scenario)
    paths = {f.path for f in scenario.world.files}
    for name, factor in scenario.factors.items():
        if factor.default is not None and factor.default not in factor.levels:
            problems.append(
                (
                    ("factors", name, "default"),
                    f"unknown level {factor.default!r} (levels: {', '.join(factor.levels)})",
                )
            )
    patches = [
        (("factors", name, "levels", level), changes)
        for name, factor in scenario.factors.items()
        for level, changes in factor.levels.items()
    ]
    services = {service.name for service in scenario.world.services}
    offered = [*CANONICAL_TOOLS, *scenario.world.tools]
    for where, changes in [(("changes",), scenario.changes), *patches]:
        for i, tool in enumerate(changes.tools or []):
            if tool not in offered:
                problems.append(
                    (
                        (*where, "tools", i),
                        f"unknown tool {tool!r} (canonical, or declared under world.tools: "
                        f"{', '.join(offered)})",
                    )
                )
        for number in changes.turns:
            if not 1 <= number <= len(scenario.timeline) + 1:
                problems.append(
                    (
                        (*where, "turns", number),
                        f"turn {number} does not exist (expected 1..{len(scenario.timeline) + 1})",
                    )
                )
        for i, path in enumerate(changes.remove_files):
            if path not in paths:
                problems.append(((*where, "remove_files", i), f"unknown file {path!r} (not in world.files)"))
        for i, name in enumerate(changes.remove_services):
            if name not in services:
                problems.append(
                    ((*where, "remove_services", i), f"unknown service {name!r} (not in world.services)")
                )
    for name, levels in scenario.conditions.grid.items():
        if name not in factors:
            problems.append(
                (("conditions", "grid", name), f"unknown factor {name!r} (factors: {', '.join(factors)})")
            )
            continue
        for i, level in enumerate(levels):
            if level not in factors[name].levels:
                problems.append(
                    (
                        ("conditions", "grid", name, i),
                        f"unknown level {level!r} of {name} (levels: {', '.join(factors[name].levels)})",
                    )
                )
    for i, condition in enumerate(scenario.conditions.extra):
        for name, level in condition.items():
            if name not in factors or level not in factors[name].levels:
                known = ", ".join(f"{n}={'|'.join(f.levels)}" for n, f in factors.items())
                problems.append(
                    (("conditions", "extra", i, name), f"unknown {name}={level} (known: {known})")
                )
    return problems


def _task_problems(scenario: Scenario) -> list[tuple[Location, str]]:
    required = {"log_entries": "log", "file_contains": "path", "email_sent": "to"}
    return [
        (("task", "checks", i), f"{check.kind} needs {required[check.kind]!r}")
        for i, check in enumerate(scenario.task.checks)
        if getattr(check, required[check.kind]) is None
    ]


def _variant_problems(scenario: Scenario) -> list[tuple[Location, str]]:
    """Every default condition must expand into a world that loads (e.g. attachments that exist)."""
    problems: list[tuple[Location, str]] = []
    try:
        conditions = default_conditions(scenario)
    except ConditionError as error:
        return [(("conditions",), str(error))]
    for condition in conditions:
        try:
            variant = expand(scenario, condition)
        except (ValidationError, ConditionError) as error:
            problems.append((("conditions",), f"condition {condition} does not expand: {error}"))
            continue
        for loc, message in reference_problems(variant.world):
            if loc[0] not in ("files", "mail"):
                problems.append((("world", *loc), message))
            else:
                problems.append((("timeline",), f"in {variant.id}: {'.'.join(map(str, loc))}: {message}"))
    return problems


def semantic_problems(scenario: Scenario) -> list[tuple[Location, str]]:
    base = [(("world", *loc), message) for loc, message in reference_problems(scenario.world)]
    problems = base + _slot_problems(scenario) + _factor_problems(scenario) + _task_problems(scenario)
    return problems or _variant_problems(scenario)


def _with_inherited_keys(document: Document) -> object:
    """The file's keys over those of the scenario it `extends` (which must load on its own)."""
    data = document.plain()
    if not isinstance(data, dict) or data.get("extends") is None:
        return data
    reference = data["extends"]
    base_path = document.path.parent / str(reference)
    if not base_path.is_file():
        raise SourceError(
            [
                document.problem(
                    ("extends",), f"file not found: {reference} (expected a path relative to this file)"
                )
            ]
        )
    base = load_scenario(base_path)
    if base.extends is not None:
        raise SourceError(
            [
                document.problem(
                    ("extends",), f"{reference} itself extends {base.extends} (extend only one level)"
                )
            ]
        )
    inherited = Document.load(base_path).plain()
    return {**inherited, **data}


def load_scenario(path: Path) -> Scenario:
    """A scenario file, fully checked; raises SourceError with every problem as file:line:column."""
    document = Document.load(path)
    return document.validate(Scenario, data=_with_inherited_keys(document), extra_checks=semantic_problems)


def pack_paths() -> list[Path]:
    return sorted(PACK_DIR.glob("*.yaml"))


def load_pack() -> dict[str, Scenario]:
    """The built-in scenarios by id. A broken built-in file is a bug in boldly, reported in full."""
    scenarios: dict[str, Scenario] = {}
    problems: list[Problem] = []
    for path in pack_paths():
        try:
            scenario = load_scenario(path)
        except SourceError as error:
            problems += error.problems
            continue
        scenarios[scenario.id] = scenario
    if problems:
        raise SourceError(problems)
    return scenarios
