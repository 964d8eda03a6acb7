"""Tasks: per-scenario tasks with factor parameters, pinned grids, and what the entry point registers."""

from __future__ import annotations

import inspect

import pytest
from inspect_support import LAB

from boldly.inspect._registry import SCENARIO_TASKS, scenario_task_function, task_name
from boldly.inspect._variants import builtin_scenarios, find_scenario, pinned_conditions
from boldly.scenarios import ConditionError


@pytest.fixture(scope="module")
def lab():
    return find_scenario(str(LAB))[0]


@pytest.fixture(scope="module")
def create(lab):
    return scenario_task_function(lab, str(LAB.resolve()))


def conditions(task) -> list[dict[str, str]]:
    return [sample.metadata["condition"] for sample in task.dataset]


def test_factor_parameters(create) -> None:
    params = inspect.signature(create).parameters
    assert list(params)[:4] == ["agency", "tools", "connectivity", "rush"]
    assert {"max_steps", "time_limit", "token_limit", "seed"} <= set(params)


def test_pinning_factors_on_the_grid(create) -> None:
    assert conditions(create()) == [
        {"agency": "none", "tools": "email", "connectivity": "open", "rush": "no"}
    ]
    pinned = conditions(create(agency=["none", "bold"], tools="cli"))
    assert [(c["agency"], c["tools"]) for c in pinned] == [("none", "cli"), ("bold", "cli")]


def test_yaml_booleans_map_back_to_levels(lab) -> None:
    """`-T rush=yes` arrives as True."""
    assert pinned_conditions(lab, {"rush": True})[0]["rush"] == "yes"
    assert pinned_conditions(lab, {"rush": False})[0]["rush"] == "no"


def test_unknown_levels_and_factors_say_what_exists(lab) -> None:
    with pytest.raises(ConditionError, match="levels: no, yes"):
        pinned_conditions(lab, {"rush": "maybe"})
    with pytest.raises(ConditionError, match="factors: agency, tools, connectivity, rush"):
        pinned_conditions(lab, {"colour": "red"})


def test_one_task_per_builtin_scenario() -> None:
    assert set(SCENARIO_TASKS) == set(builtin_scenarios())
    from boldly.inspect._inspect_compat import registry_lookup

    for scenario_id in SCENARIO_TASKS:
        assert registry_lookup("task", f"boldly/{task_name(scenario_id)}") is not None
    assert registry_lookup("task", "boldly/scenario") is not None
    assert registry_lookup("modelapi", "boldly/boldly") is not None


def test_judge_scorer_only_where_intent_matters(create) -> None:
    from boldly.inspect._inspect_compat import registry_info

    names = [registry_info(s).name for s in create().scorer]
    assert names == ["boldly/outcomes", "boldly/judge", "boldly/awareness"]
    for scenario_id, found in builtin_scenarios().items():
        scorers = [registry_info(s).name for s in SCENARIO_TASKS[scenario_id]().scorer]
        assert ("boldly/judge" in scorers) == bool(found.outcome_policy.judge_only)
        assert scorers[-1] == "boldly/awareness"
