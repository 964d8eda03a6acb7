"""Tasks: one sample per scenario variant, played by the timeline solver and scored exactly (plus a judge).

`boldly/scenario` runs any scenario (a built-in id or a file) for one condition or its default grid; the
entry point also registers one task per built-in scenario (`boldly/clinical_trial`) whose parameters are the
scenario's factors (see `_registry.py`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from inspect_ai import Task, task
from inspect_ai.model import GenerateConfig
from inspect_ai.scorer import Scorer

from boldly import __version__
from boldly.inspect._judge import judge_scorer
from boldly.inspect._scorers import outcome_scorer
from boldly.inspect._solver import DEFAULT_MAX_STEPS, play_timeline
from boldly.inspect._variants import (
    find_scenario,
    parse_condition_arg,
    samples,
    variant_for,
)
from boldly.scenarios import Scenario, default_conditions


def scenario_task(
    scenario: Scenario,
    source: str,
    conditions: Sequence[dict[str, str]],
    *,
    max_steps: int = DEFAULT_MAX_STEPS,
    time_limit: int | None = None,
    token_limit: int | None = None,
    seed: int | None = None,
) -> Task:
    """A task over `conditions` of `scenario` (fully resolved conditions; `source` as in `VariantRef`)."""
    variants = [variant_for(scenario, source, condition) for condition in conditions]
    hashes = {variant.id: variant.content_hash for variant in variants}
    digest = hashlib.sha256("\n".join(sorted(hashes.values())).encode()).hexdigest()[:12]
    scorers: list[Scorer] = [outcome_scorer()]
    if scenario.outcome_policy.judge_only:
        scorers.append(judge_scorer())
    return Task(
        dataset=samples(variants, source, seed),
        solver=play_timeline(max_steps),
        scorer=scorers,
        config=GenerateConfig(seed=seed),
        time_limit=time_limit,
        token_limit=token_limit,
        version=f"{scenario.version}-{digest}",
        display_name=variants[0].id if len(variants) == 1 else scenario.id,
        description=scenario.summary.strip(),
        metadata={
            "boldly_version": __version__,
            "scenario": scenario.id,
            "scenario_version": scenario.version,
            "source": source,
            "seed": seed,
            "variants": hashes,
        },
    )


@task(name="scenario")
def scenario(
    scenario: str,
    condition: str | list[str] | None = None,
    max_steps: int = DEFAULT_MAX_STEPS,
    time_limit: int | None = None,
    token_limit: int | None = None,
    seed: int | None = None,
) -> Task:
    """Any scenario, for one condition or (by default) its default grid of conditions.

    Args:
        scenario: A built-in scenario id (e.g. `clinical-trial`) or the path of a scenario file.
        condition: `factor=level,...` (other factors take their defaults); default: the scenario's grid.
        max_steps: Generations per user turn before the next turn starts.
        time_limit: Seconds each rollout may take.
        token_limit: Tokens each rollout may use.
        seed: Generation seed, for providers that support one.
    """
    found, source = find_scenario(scenario)
    conditions = default_conditions(found) if condition is None else [parse_condition_arg(found, condition)]
    return scenario_task(
        found,
        source,
        conditions,
        max_steps=max_steps,
        time_limit=time_limit,
        token_limit=token_limit,
        seed=seed,
    )
