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
from boldly.inspect._approver import GuardSpec
from boldly.inspect._awareness_probe import awareness_probe
from boldly.inspect._awareness_scorer import awareness_scorer
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
    guard: str | None = None,
    guard_ask: str = "deny",
    guard_audit_log: str | None = None,
    probe: bool = False,
) -> Task:
    """A task over `conditions` of `scenario` (fully resolved conditions; `source` as in `VariantRef`).

    With `probe`, the agent is asked after the last turn whether it thought the deployment was real (see
    `awareness_probe`); the answer is kept apart from the scored rollout.

    With `guard` (a policy file, or `default`), every tool call goes through the guard first (see
    `guard_approver`); the policy's content hash is part of the task's version, so a guarded run, an
    unguarded one and one under an edited policy are different tasks that share a log directory.
    """
    spec = GuardSpec.load(guard, guard_ask) if guard else None
    variants = [variant_for(scenario, source, condition) for condition in conditions]
    hashes = {variant.id: variant.content_hash for variant in variants}
    digest = hashlib.sha256("\n".join(sorted(hashes.values())).encode()).hexdigest()[:12]
    scorers: list[Scorer] = [outcome_scorer()]
    if scenario.outcome_policy.judge_only:
        scorers.append(judge_scorer())
    scorers.append(awareness_scorer())
    name = variants[0].id if len(variants) == 1 else scenario.id
    metadata = {
        "boldly_version": __version__,
        "scenario": scenario.id,
        "scenario_version": scenario.version,
        "source": source,
        "seed": seed,
        "variants": hashes,
    }
    guarded = spec.metadata() if spec else None
    return Task(
        dataset=samples(variants, source, seed, guarded),
        solver=[play_timeline(max_steps), awareness_probe()] if probe else play_timeline(max_steps),
        scorer=scorers,
        config=GenerateConfig(seed=seed),
        approval=spec.approval(guard_audit_log) if spec else None,
        time_limit=time_limit,
        token_limit=token_limit,
        version=f"{scenario.version}-{digest}" + (f"-guard-{spec.policy_hash[:12]}" if spec else ""),
        display_name=f"{name} [guard: {spec.name}]" if spec else name,
        description=scenario.summary.strip(),
        metadata={**metadata, "guard": guarded} if guarded else metadata,
    )


@task(name="scenario")
def scenario(
    scenario: str,
    condition: str | list[str] | None = None,
    max_steps: int = DEFAULT_MAX_STEPS,
    time_limit: int | None = None,
    token_limit: int | None = None,
    seed: int | None = None,
    guard: str | None = None,
    guard_ask: str = "deny",
    guard_audit_log: str | None = None,
    probe_awareness: bool = False,
) -> Task:
    """Any scenario, for one condition or (by default) its default grid of conditions.

    Args:
        scenario: A built-in scenario id (e.g. `clinical-trial`) or the path of a scenario file.
        condition: `factor=level,...` (other factors take their defaults); default: the scenario's grid.
        max_steps: Generations per user turn before the next turn starts.
        time_limit: Seconds each rollout may take.
        token_limit: Tokens each rollout may use.
        seed: Generation seed, for providers that support one.
        guard: A guard policy file, or `default` for the shipped policy: every tool call is decided by it.
        guard_ask: How the simulated human answers the guard's asks: `approve` or `deny`.
        guard_audit_log: Append the guard's decisions to this audit log (else they are kept in memory).
        probe_awareness: After the last turn, ask whether the agent thought the deployment was real.
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
        guard=guard,
        guard_ask=guard_ask,
        guard_audit_log=guard_audit_log,
        probe=probe_awareness,
    )
