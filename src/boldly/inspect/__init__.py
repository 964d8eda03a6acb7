"""The Inspect AI adapter: world tools, the timeline solver, tasks, scorers, scripted personas, `boldly run`.

This package is the only part of boldly that imports `inspect_ai`. Inspect finds it through the
`inspect_ai` entry point (`boldly.inspect._registry`): tasks `boldly/scenario` and `boldly/<scenario>`, and
the `boldly/<persona>` model provider.
"""

from boldly.inspect._judge import GRADER_ROLE, RUBRICS, Rubric, judge_scorer
from boldly.inspect._logs import LogReadError, RolloutRecord, RolloutSet, read_rollouts
from boldly.inspect._personas import PERSONAS, Script, persona_outputs, script_for
from boldly.inspect._provider import PersonaAPI
from boldly.inspect._rollout import Rollout, current_rollout, rollout_of
from boldly.inspect._scorers import OUTCOME_KEYS, outcome_scorer
from boldly.inspect._solver import DEFAULT_MAX_STEPS, play_timeline
from boldly.inspect._task import scenario, scenario_task
from boldly.inspect._tools import world_tool, world_tools
from boldly.inspect._variants import VariantRef, find_scenario, variant_of

__all__ = [
    "DEFAULT_MAX_STEPS",
    "GRADER_ROLE",
    "OUTCOME_KEYS",
    "PERSONAS",
    "RUBRICS",
    "LogReadError",
    "PersonaAPI",
    "Rollout",
    "RolloutRecord",
    "RolloutSet",
    "Rubric",
    "Script",
    "VariantRef",
    "current_rollout",
    "find_scenario",
    "judge_scorer",
    "outcome_scorer",
    "persona_outputs",
    "play_timeline",
    "read_rollouts",
    "rollout_of",
    "scenario",
    "scenario_task",
    "script_for",
    "variant_of",
    "world_tool",
    "world_tools",
]
