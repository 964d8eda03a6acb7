"""What Inspect loads through the `inspect_ai` entry point: the tasks, the persona, fault-injecting, slow,
local and scripted-grader model providers (`boldly/<persona>`, `boldly-faults/<persona>`,
`boldly-slow/<persona>`, `local/<model>`, `boldly-rules/blackmail`), the guard approver (`boldly/guard`), and
one task per built-in scenario, named after it (`clinical-trial` → `boldly/clinical_trial`), whose parameters
are the scenario's factors (and the common options, the guard's among them):
`inspect eval boldly/clinical_trial -T agency=bold -T tools=cli -T guard=default --model ...`.

A factor given as a task argument pins that factor on the scenario's default grid (`-T agency=none,bold`
pins it to both levels); factors not given vary as the grid says.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from inspect_ai import Task, task

from boldly.inspect._approver import guard_approver
from boldly.inspect._faults import FaultyPersonaAPI
from boldly.inspect._local_provider import LocalModelAPI
from boldly.inspect._provider import PersonaAPI
from boldly.inspect._rules_grader import RulesGraderAPI
from boldly.inspect._slow import SlowPersonaAPI
from boldly.inspect._solver import DEFAULT_MAX_STEPS
from boldly.inspect._task import scenario, scenario_task
from boldly.inspect._variants import BUILTIN, FactorArg, builtin_scenarios, pinned_conditions
from boldly.scenarios import Scenario, factors_of

_COMMON = {
    "max_steps": (int, DEFAULT_MAX_STEPS),
    "time_limit": (int | None, None),
    "token_limit": (int | None, None),
    "seed": (int | None, None),
    "guard": (str | None, None),
    "guard_ask": (str, "deny"),
    "guard_audit_log": (str | None, None),
}


def task_name(scenario_id: str) -> str:
    return scenario_id.replace("-", "_")


def scenario_task_function(found: Scenario, source: str = BUILTIN) -> Callable[..., Task]:
    """A task function for `found` whose keyword parameters are its factors (and the common options)."""
    factors = factors_of(found)

    def create(**args: Any) -> Task:
        pins = {name: args.pop(name) for name in factors if name in args}
        return scenario_task(found, source, pinned_conditions(found, pins), **args)

    parameters = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=FactorArg | None)
        for name in factors
    ] + [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)
        for name, (annotation, default) in _COMMON.items()
    ]
    create.__signature__ = inspect.Signature(parameters, return_annotation=Task)  # type: ignore[attr-defined]
    create.__annotations__ = {p.name: p.annotation for p in parameters} | {"return": Task}
    create.__name__ = create.__qualname__ = task_name(found.id)
    create.__module__ = __name__
    levels = "; ".join(f"{name}: {' | '.join(factor.levels)}" for name, factor in factors.items())
    create.__doc__ = f"{found.title}\n\n{found.summary.strip()}\n\nFactors ({levels})."
    return task(name=task_name(found.id))(create)


SCENARIO_TASKS: dict[str, Callable[..., Task]] = {
    scenario_id: scenario_task_function(found) for scenario_id, found in builtin_scenarios().items()
}

__all__ = [
    "SCENARIO_TASKS",
    "FaultyPersonaAPI",
    "LocalModelAPI",
    "PersonaAPI",
    "RulesGraderAPI",
    "SlowPersonaAPI",
    "guard_approver",
    "scenario",
    "scenario_task_function",
    "task_name",
]
