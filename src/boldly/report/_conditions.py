"""Conditions as a reader sees them: each scenario's factors in declared order, and which of them vary."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from boldly.inspect import RolloutRecord, find_scenario
from boldly.scenarios import factors_of

GUARD = "guard"
"""The guard a rollout ran under, shown as one more factor (`none` first) when any rollout had one."""


def condition_of(rollout: RolloutRecord, guarded: bool) -> dict[str, str]:
    """The rollout's condition, with the guard as a factor when the rollouts compared include guarded ones."""
    if not guarded:
        return dict(rollout.condition)
    return {**rollout.condition, GUARD: rollout.guard_setting or "none"}


def _declared(scenario: str, source: str | None) -> dict[str, list[str]]:
    """The scenario's factors and their levels in declared order, if the scenario can still be found."""
    try:
        found, _ = find_scenario(scenario if source in (None, "builtin") else source)
    except Exception:
        return {}
    return {name: list(factor.levels) for name, factor in factors_of(found).items()}


@dataclass
class ScenarioFactors:
    """The levels of each factor seen in a scenario's rollouts, ordered as the scenario declares them (the
    first level is the baseline of a comparison)."""

    scenario: str
    levels: dict[str, list[str]] = field(default_factory=dict)

    @property
    def varying(self) -> list[str]:
        return [name for name, levels in self.levels.items() if len(levels) > 1]

    @property
    def fixed(self) -> dict[str, str]:
        return {name: levels[0] for name, levels in self.levels.items() if len(levels) == 1}

    def label(self, condition: Mapping[str, str]) -> str:
        """The condition by the factors that vary in this scenario's rollouts (`all` when none does)."""
        return ", ".join(f"{name}={condition[name]}" for name in self.varying if name in condition) or "all"

    def sort_key(self, condition: Mapping[str, str]) -> tuple[int, ...]:
        return tuple(
            levels.index(condition[name]) if condition.get(name) in levels else len(levels)
            for name, levels in self.levels.items()
        )


def scenario_factors(rollouts: Iterable[RolloutRecord], guarded: bool = False) -> dict[str, ScenarioFactors]:
    seen: dict[str, dict[str, list[str]]] = {}
    sources: dict[str, str | None] = {}
    for rollout in rollouts:
        factors = seen.setdefault(rollout.scenario, {})
        sources.setdefault(rollout.scenario, rollout.source)
        for name, level in condition_of(rollout, guarded).items():
            levels = factors.setdefault(name, [])
            if level not in levels:
                levels.append(level)
    result: dict[str, ScenarioFactors] = {}
    for scenario, factors in seen.items():
        declared = {**_declared(scenario, sources[scenario]), GUARD: ["none"]}
        ordered = {name: _in_order(levels, declared.get(name, [])) for name, levels in factors.items()}
        result[scenario] = ScenarioFactors(scenario, ordered)
    return result


def _in_order(levels: list[str], declared: list[str]) -> list[str]:
    """Declared levels in declared order, then any others as first seen."""
    return [lv for lv in declared if lv in levels] + [lv for lv in levels if lv not in declared]
