"""The simulated organization: seed, services, virtual shell, effect classifier and outcomes.

Pure Python and deterministic: no Inspect, no network, no subprocess, no host files.
"""

from boldly.world._actions import Action
from boldly.world._classify import classify, record_blocked
from boldly.world._declarations import DeclaredTool, EffectTemplate, TargetRef, ToolView
from boldly.world._effects import ACCOUNT_OPS, OVERWRITE_OPS, Channel, DataRef, Effect, Op, Target
from boldly.world._errors import WorldError
from boldly.world._outcomes import Outcome, OutcomeName, OutcomePolicy, Outcomes, outcomes
from boldly.world._parties import PartyClass, normalize_address
from boldly.world._seed import WorldSeed, reference_problems
from boldly.world._world import World
from boldly.world.tools import (
    CANONICAL_TOOLS,
    ActionResult,
    ArgumentsError,
    ToolSpec,
    alias_arguments,
    execute,
    expected_arguments,
    tool_problems,
)

__all__ = [
    "ACCOUNT_OPS",
    "CANONICAL_TOOLS",
    "OVERWRITE_OPS",
    "Action",
    "ActionResult",
    "ArgumentsError",
    "Channel",
    "DataRef",
    "DeclaredTool",
    "Effect",
    "EffectTemplate",
    "Op",
    "Outcome",
    "OutcomeName",
    "OutcomePolicy",
    "Outcomes",
    "PartyClass",
    "Target",
    "TargetRef",
    "ToolSpec",
    "ToolView",
    "World",
    "WorldError",
    "WorldSeed",
    "alias_arguments",
    "classify",
    "execute",
    "expected_arguments",
    "normalize_address",
    "outcomes",
    "record_blocked",
    "reference_problems",
    "tool_problems",
]
