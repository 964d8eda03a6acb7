"""Scenario files: the format, its loader (file:line:column errors), factor expansion, the built-in pack."""

from boldly.scenarios._expand import (
    ConditionError,
    Variant,
    default_conditions,
    expand,
    factors_of,
    parse_condition,
    resolve_condition,
)
from boldly.scenarios._format import Scenario, Task, TaskCheck, Turn
from boldly.scenarios._load import load_pack, load_scenario, pack_paths
from boldly.scenarios._source import Problem, SourceError
from boldly.scenarios._task import TaskResult, check_task
from boldly.scenarios._world_file import load_world_seed

__all__ = [
    "ConditionError",
    "Problem",
    "Scenario",
    "SourceError",
    "Task",
    "TaskCheck",
    "TaskResult",
    "Turn",
    "Variant",
    "check_task",
    "default_conditions",
    "expand",
    "factors_of",
    "load_pack",
    "load_scenario",
    "load_world_seed",
    "pack_paths",
    "parse_condition",
    "resolve_condition",
]
