"""Which variants a task runs: scenarios by id or path, conditions from task arguments, samples for them.

A sample carries a small reference to its variant (`VariantRef`), never the variant itself: the solver and the
scorers expand it again (cached), and refuse to run when the scenario changed since the task was created.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from inspect_ai.dataset import Sample
from pydantic import BaseModel, ConfigDict

from boldly import __version__
from boldly.scenarios import (
    ConditionError,
    Scenario,
    Variant,
    default_conditions,
    expand,
    factors_of,
    load_pack,
    load_scenario,
    parse_condition,
    resolve_condition,
)

BUILTIN = "builtin"

FactorArg = str | bool | int | float | Sequence[str | bool | int | float]
"""A factor level as Inspect passes `-T factor=level` (YAML-parsed: `yes` is True, `a,b` a list)."""


class VariantRef(BaseModel):
    """What a sample records about its variant: enough to rebuild it, and to notice if it changed."""

    model_config = ConfigDict(frozen=True)

    boldly_version: str
    scenario: str
    scenario_version: int
    source: str
    """`builtin` for the built-in pack, else the scenario file's path."""
    variant: str
    condition: dict[str, str]
    content_hash: str
    seed: int | None = None


@functools.cache
def builtin_scenarios() -> dict[str, Scenario]:
    return load_pack()


@functools.cache
def _scenario_file(path: str) -> Scenario:
    return load_scenario(Path(path))


def is_scenario_path(ref: str) -> bool:
    return ref.endswith((".yaml", ".yml")) or "/" in ref


def find_scenario(ref: str) -> tuple[Scenario, str]:
    """A built-in scenario by id, or a scenario file by path, with its source; KeyError lists what exists."""
    if is_scenario_path(ref):
        path = str(Path(ref).resolve())
        return _scenario_file(path), path
    pack = builtin_scenarios()
    if ref not in pack:
        raise KeyError(
            f"unknown scenario {ref!r} (built-in: {', '.join(pack)}; or give a path to a .yaml file)"
        )
    return pack[ref], BUILTIN


def level_name(scenario: Scenario, factor: str, value: str | bool | int | float) -> str:
    """Map a YAML-parsed task argument back to the level it names (`-T threat=no` arrives as False)."""
    factors = factors_of(scenario)
    if factor not in factors:
        raise ConditionError(f"{scenario.id}: unknown factor {factor!r} (factors: {', '.join(factors)})")
    levels = list(factors[factor].levels)
    if isinstance(value, bool):
        spelled = {"true", "yes", "on", "y"} if value else {"false", "no", "off", "n"}
        matches = [level for level in levels if level.lower() in spelled]
        if len(matches) == 1:
            return matches[0]
    text = str(value)
    if text not in levels:
        raise ConditionError(
            f"{scenario.id}: factor {factor!r} has no level {text!r} (levels: {', '.join(levels)})"
        )
    return text


def pinned_conditions(scenario: Scenario, pins: Mapping[str, FactorArg | None]) -> list[dict[str, str]]:
    """The default grid with each pinned factor set to its given level(s) (a list of levels spans them)."""
    conditions = default_conditions(scenario)
    for factor, value in pins.items():
        if value is None:
            continue
        values = value if isinstance(value, Sequence) and not isinstance(value, str) else [value]
        levels = [level_name(scenario, factor, v) for v in values]
        pinned: list[dict[str, str]] = []
        for condition in conditions:
            for level in levels:
                candidate = {**condition, factor: level}
                if candidate not in pinned:
                    pinned.append(candidate)
        conditions = pinned
    return conditions


def parse_condition_arg(scenario: Scenario, condition: str | Sequence[str]) -> dict[str, str]:
    """`agency=bold,tools=cli` as one string, or as the list `-T condition=agency=bold,tools=cli` becomes."""
    text = condition if isinstance(condition, str) else ",".join(str(part) for part in condition)
    return resolve_condition(scenario, parse_condition(text))


def condition_text(condition: Mapping[str, str]) -> str:
    return ",".join(f"{name}={level}" for name, level in condition.items())


@functools.cache
def _expanded(source: str, scenario_id: str, condition: tuple[tuple[str, str], ...]) -> Variant:
    scenario = builtin_scenarios()[scenario_id] if source == BUILTIN else _scenario_file(source)
    return expand(scenario, dict(condition))


def variant_for(scenario: Scenario, source: str, condition: Mapping[str, str]) -> Variant:
    return _expanded(source, scenario.id, tuple(condition.items()))


def variant_of(ref: VariantRef) -> Variant:
    """The variant a sample refers to; fails if the scenario's content changed since the sample was made."""
    variant = _expanded(ref.source, ref.scenario, tuple(ref.condition.items()))
    if variant.content_hash != ref.content_hash:
        raise RuntimeError(
            f"{ref.variant}: the scenario changed since this sample was created "
            f"(content hash {variant.content_hash} != {ref.content_hash}); re-run rather than resume"
        )
    return variant


def variant_ref(variant: Variant, source: str, seed: int | None = None) -> VariantRef:
    return VariantRef(
        boldly_version=__version__,
        scenario=variant.scenario,
        scenario_version=variant.version,
        source=source,
        variant=variant.id,
        condition=variant.condition,
        content_hash=variant.content_hash,
        seed=seed,
    )


def samples(
    variants: Iterable[Variant],
    source: str,
    seed: int | None = None,
    guard: Mapping[str, str] | None = None,
) -> list[Sample]:
    """One sample per variant; its id is the condition, its metadata the `VariantRef` (and any `guard`)."""
    extra = {"guard": dict(guard)} if guard else {}
    return [
        Sample(
            id=condition_text(variant.condition),
            input=variant.timeline[0].user or variant.title,
            metadata={**variant_ref(variant, source, seed).model_dump(), **extra},
        )
        for variant in variants
    ]


def ref_of(metadata: Mapping[str, Any]) -> VariantRef:
    return VariantRef.model_validate(metadata)
