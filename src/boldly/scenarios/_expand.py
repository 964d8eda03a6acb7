"""Scenario plus condition → a concrete Variant, with a stable id and a hash of all the model meets."""

from __future__ import annotations

import hashlib
import itertools
import json

from pydantic import BaseModel

from boldly.scenarios._format import SLOT, Factor, LevelChanges, Scenario, Task, Turn
from boldly.scenarios._standard import STANDARD_FACTORS
from boldly.world import OutcomePolicy, WorldSeed


class ConditionError(ValueError):
    """A condition that names an unknown factor or level; the message lists what exists."""


class Variant(BaseModel):
    id: str
    scenario: str
    version: int
    title: str
    condition: dict[str, str]
    system_prompt: str
    tools: list[str]
    world: WorldSeed
    timeline: list[Turn]
    task: Task
    outcome_policy: OutcomePolicy
    content_hash: str


def factors_of(scenario: Scenario) -> dict[str, Factor]:
    """The standard factors (unless the scenario redefines them), then the scenario's own, in order."""
    merged = {name: scenario.factors.get(name, factor) for name, factor in STANDARD_FACTORS.items()}
    merged.update({name: factor for name, factor in scenario.factors.items() if name not in merged})
    return merged


def default_level(factor: Factor) -> str:
    return factor.default or next(iter(factor.levels))


def parse_condition(text: str) -> dict[str, str]:
    """`agency=bold,tools=cli` → {"agency": "bold", "tools": "cli"}."""
    condition: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, sep, level = part.partition("=")
        if not sep or not name.strip() or not level.strip():
            raise ConditionError(f"bad condition part {part!r} (expected factor=level, e.g. agency=bold)")
        condition[name.strip()] = level.strip()
    return condition


def resolve_condition(scenario: Scenario, condition: dict[str, str]) -> dict[str, str]:
    """Every factor's level: the ones given, checked, and each other factor's default."""
    factors = factors_of(scenario)
    for name, level in condition.items():
        if name not in factors:
            raise ConditionError(f"{scenario.id}: unknown factor {name!r} (factors: {', '.join(factors)})")
        if level not in factors[name].levels:
            raise ConditionError(
                f"{scenario.id}: factor {name!r} has no level {level!r} "
                f"(levels: {', '.join(factors[name].levels)})"
            )
    return {name: condition.get(name, default_level(factor)) for name, factor in factors.items()}


def default_conditions(scenario: Scenario) -> list[dict[str, str]]:
    """The scenario's default grid (product of `grid`, then `extra`), each fully resolved, without repeats."""
    grid = scenario.conditions.grid
    combos = [dict(zip(grid, levels, strict=True)) for levels in itertools.product(*grid.values())]
    resolved: list[dict[str, str]] = []
    for partial in [*combos, *scenario.conditions.extra] or [{}]:
        full = resolve_condition(scenario, partial)
        if full not in resolved:
            resolved.append(full)
    return resolved


def variant_id(scenario_id: str, condition: dict[str, str]) -> str:
    return f"{scenario_id}/" + ",".join(f"{name}={level}" for name, level in condition.items())


def _replace_or_add(current: list[dict], items: list[BaseModel], identity: tuple[str, ...]) -> list[dict]:
    """Each item replaces the entries with its identity where they stand, or is added at the end."""
    merged = list(current)
    for item in items:
        dumped = item.model_dump(by_alias=True, exclude_unset=True)
        key = tuple(dumped.get(field) for field in identity)
        places = [i for i, entry in enumerate(merged) if tuple(entry.get(field) for field in identity) == key]
        if places:
            merged[places[0]] = dumped
            merged = [entry for i, entry in enumerate(merged) if i not in places[1:]]
        else:
            merged.append(dumped)
    return merged


def _apply(
    world: dict, timeline: list[Turn], changes: LevelChanges, replaced_turns: dict[int, str], who: str
) -> list[Turn]:
    """Apply one level's changes to a world seed (as a dict) and a timeline; returns the new timeline."""
    if changes.connectivity:
        world["connectivity"] = changes.connectivity
    for key, items, identity in (
        ("files", changes.files, ("path",)),
        ("accounts", changes.accounts, ("user",)),
        ("services", changes.services, ("name",)),
        ("mail", changes.mail, ("from", "subject")),
    ):
        world[key] = _replace_or_add(world.get(key, []), items, identity)
    removed_files, removed_services = set(changes.remove_files), set(changes.remove_services)
    world["files"] = [f for f in world.get("files", []) if f["path"] not in removed_files]
    world["services"] = [s for s in world.get("services", []) if s["name"] not in removed_services]
    timeline = list(timeline)
    for number, turn in sorted(changes.turns.items()):
        if number in replaced_turns:
            raise ConditionError(f"turn {number} is replaced by both {replaced_turns[number]} and {who}")
        replaced_turns[number] = who
        if number == len(timeline) + 1:
            timeline.append(turn)
        else:
            timeline[number - 1] = turn
    return timeline


def render_prompt(template: str, slots: dict[str, str]) -> str:
    return SLOT.sub(lambda match: slots.get(match.group(1), match.group(0)), template).strip() + "\n"


def builtin_slots(world: WorldSeed) -> dict[str, str]:
    return {
        "agent_name": world.agent.name,
        "agent_address": world.agent.address,
        "agent_role": world.agent.role,
        "org_name": world.org.name,
        "date": world.clock.strftime("%A %-d %B %Y"),
    }


def content_hash(parts: dict) -> str:
    canonical = json.dumps(parts, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()


def expand(scenario: Scenario, condition: dict[str, str] | None = None) -> Variant:
    """The concrete variant for `condition` (missing factors take their defaults)."""
    full = resolve_condition(scenario, condition or {})
    factors = factors_of(scenario)
    world = scenario.world.model_dump(by_alias=True, exclude_unset=True)
    timeline = list(scenario.timeline)
    slots = dict(scenario.slots)
    tools: list[str] = []
    replaced_turns: dict[int, str] = {}
    timeline = _apply(world, timeline, scenario.changes, replaced_turns, "changes")
    for name, level in full.items():
        changes = factors[name].levels[level]
        timeline = _apply(world, timeline, changes, replaced_turns, f"{name}={level}")
        slots.update(changes.slots)
        if changes.tools is not None:
            tools = list(changes.tools)
    for number, turn in enumerate(timeline, start=1):
        world["files"] = world.get("files", []) + [
            {**f.model_dump(by_alias=True, exclude_unset=True), "arrives_turn": number} for f in turn.files
        ]
        world["mail"] = world.get("mail", []) + [
            {**m.model_dump(by_alias=True, exclude_unset=True), "arrives_turn": number} for m in turn.mail
        ]
    seed = WorldSeed.model_validate(world)
    prompt = render_prompt(scenario.system_prompt, {**builtin_slots(seed), **slots})
    visible = {
        "system_prompt": prompt,
        "tools": tools,
        "world": seed.model_dump(mode="json"),
        "timeline": [turn.model_dump(mode="json") for turn in timeline],
        "task": scenario.task.model_dump(mode="json"),
        "outcome_policy": scenario.outcome_policy.model_dump(mode="json"),
    }
    return Variant(
        id=variant_id(scenario.id, full),
        scenario=scenario.id,
        version=scenario.version,
        title=scenario.title,
        condition=full,
        system_prompt=prompt,
        tools=tools,
        world=seed,
        timeline=timeline,
        task=scenario.task,
        outcome_policy=scenario.outcome_policy,
        content_hash=content_hash(visible),
    )
