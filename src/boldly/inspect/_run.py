"""`boldly run`: models x scenario variants x epochs, as one Inspect eval set in a log directory.

A run is planned first (`plan_variants`: every scenario and condition checked, nothing called), then run
with `eval_set`, which resumes from the log directory: re-running the same plan reuses every finished rollout.
Each variant is its own task (one per guard setting, when the run compares them), made by calling the
registered `boldly/scenario` task with plain arguments, so the plan splits along variants (`RunPlan.shard`)
and Inspect's eval-set worker mode, which runs selected tasks of one eval set in separate processes writing to
one log directory, can take it as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from inspect_ai import Task, eval_set
from inspect_ai.log import EvalLog

from boldly.inspect._judge import GRADER_ROLE
from boldly.inspect._solver import DEFAULT_MAX_STEPS
from boldly.inspect._task import scenario
from boldly.inspect._variants import (
    builtin_scenarios,
    condition_text,
    find_scenario,
    is_scenario_path,
    parse_condition_arg,
)
from boldly.scenarios import default_conditions

Display = Literal["full", "conversation", "rich", "plain", "log", "none"]
DEFAULT_EPOCHS = 5
DEFAULT_LOG_DIR = "logs"


@dataclass(frozen=True)
class PlannedVariant:
    scenario: str
    """A built-in id, or the absolute path of a scenario file."""
    condition: dict[str, str]
    variant: str


@dataclass(frozen=True)
class RunPlan:
    variants: list[PlannedVariant]
    models: list[str]
    epochs: int = DEFAULT_EPOCHS
    grader: str | None = None
    max_steps: int = DEFAULT_MAX_STEPS
    time_limit: int | None = None
    token_limit: int | None = None
    guards: tuple[str | None, ...] = (None,)
    """Each variant runs once per entry: None without a guard, else a policy file (absolute) or `default`."""
    guard_ask: str = "deny"
    guard_audit_log: str | None = None
    max_tokens: int | None = None
    """Cap on each model answer (None: the provider's default)."""
    temperature: float | None = None
    """Sampling temperature (None: each provider's default)."""
    max_retries: int | None = None
    """Retries of a failed model request, with the provider's backoff (None: Inspect's, until it times out);
    a request that still fails makes its rollout an error."""
    probe_awareness: bool = False
    """Ask each agent after its last turn whether it thought the deployment was real."""

    @property
    def task_count(self) -> int:
        return len(self.variants) * len(self.guards)

    @property
    def rollouts(self) -> int:
        return self.task_count * len(self.models) * self.epochs

    def tasks(self) -> list[Task]:
        return [
            scenario(
                planned.scenario,
                condition=condition_text(planned.condition),
                max_steps=self.max_steps,
                time_limit=self.time_limit,
                token_limit=self.token_limit,
                **({"probe_awareness": True} if self.probe_awareness else {}),
                **self.guard_args(guard),
            )
            for planned in self.variants
            for guard in self.guards
        ]

    def guard_args(self, guard: str | None) -> dict[str, str]:
        """Task arguments for the guard, only when there is one: an unguarded task keeps its identity."""
        if guard is None:
            return {}
        args = {"guard": guard, "guard_ask": self.guard_ask}
        if self.guard_audit_log:
            args["guard_audit_log"] = self.guard_audit_log
        return args


def plan_variants(scenarios: Sequence[str] = (), conditions: Sequence[str] = ()) -> list[PlannedVariant]:
    """The variants of each scenario (default: all built-in): the given conditions, else its default grid.

    Raises KeyError (unknown scenario), SourceError (broken scenario file) or ConditionError (unknown factor
    or level), each with a message listing what exists.
    """
    planned: list[PlannedVariant] = []
    for ref in scenarios or list(builtin_scenarios()):
        found, _ = find_scenario(ref)
        name = str(Path(ref).resolve()) if is_scenario_path(ref) else ref
        resolved = [parse_condition_arg(found, c) for c in conditions] or default_conditions(found)
        for condition in resolved:
            item = PlannedVariant(name, condition, f"{found.id}/{condition_text(condition)}")
            if item not in planned:
                planned.append(item)
    return planned


def eval_set_arguments(
    plan: RunPlan,
    log_dir: str,
    max_connections: int | None = None,
    display: Display | None = None,
    tasks: list[Task] | None = None,
) -> dict[str, Any]:
    """The `eval_set` arguments for the plan (its tasks, unless given): one place, so a single process, the
    enumeration of a sharded run and each of its workers make the same tasks with the same identities."""
    return dict(
        tasks=plan.tasks() if tasks is None else tasks,
        log_dir=log_dir,
        model=plan.models,
        model_roles={GRADER_ROLE: plan.grader} if plan.grader else None,
        epochs=plan.epochs,
        max_connections=max_connections,
        max_tokens=plan.max_tokens,
        temperature=plan.temperature,
        max_retries=plan.max_retries,
        display=display,
        log_dir_allow_dirty=True,
    )


def execute(
    plan: RunPlan,
    log_dir: str = DEFAULT_LOG_DIR,
    max_connections: int | None = None,
    display: Display | None = None,
) -> tuple[bool, list[EvalLog]]:
    """Run (or resume) the plan's eval set in `log_dir`; returns whether every task finished, and the logs.

    The directory may hold other runs' logs too (say, another model run earlier): each task is matched to its
    own log by its identity, so runs can be added to a directory one at a time and each resumes on its own.
    """
    return execute_tasks(plan, plan.tasks(), log_dir, max_connections, display, epochs=plan.epochs)


def execute_tasks(
    plan: RunPlan,
    tasks: list[Task],
    log_dir: str,
    max_connections: int | None = None,
    display: Display | None = None,
    *,
    epochs: int | None,
) -> tuple[bool, list[EvalLog]]:
    """Run `tasks` (made from `plan`) for the plan's models, with `epochs` each (None: each task's own).

    After an interruption Inspect returns the logs of the tasks that finished (and may report success), so
    completeness is judged here: one successful log for every task and model.
    """
    arguments = eval_set_arguments(plan, log_dir, max_connections, display, tasks)
    success, logs = eval_set(**{**arguments, "epochs": epochs})
    complete = success and len(logs) == len(tasks) * len(plan.models)
    return complete and all(log.status == "success" for log in logs), logs
