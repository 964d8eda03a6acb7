"""The simulated organization: seed, services, virtual shell, effect classifier and outcomes.

A world is closed (a scenario: its seed is everything) or open (the guard's view of a real org) by the
assumptions it is given; `World.fork` is the cheap copy the classifier tries actions on. Pure Python and
deterministic: no Inspect, no network, no subprocess, no host files (an open world's path probe is the
caller's).
"""

from boldly.world._actions import Action
from boldly.world._assumptions import (
    Assumptions,
    ClosedAssumptions,
    OpenAssumptions,
    PathKind,
    PathProbe,
    PathTagger,
)
from boldly.world._classify import classify, record_blocked, trial
from boldly.world._declarations import DeclaredTool, EffectTemplate, TargetRef, ToolView
from boldly.world._effects import ACCOUNT_OPS, OVERWRITE_OPS, Channel, DataRef, Effect, Op, Target
from boldly.world._errors import WorldError
from boldly.world._ladder import LOGGED_INTERNALLY, RUNG_OF, Escalation, Rung, escalation, logged_internally
from boldly.world._outcomes import Outcome, OutcomeName, OutcomePolicy, Outcomes, outcomes
from boldly.world._parties import PartyClass, domain_matches, normalize_address
from boldly.world._seed import Group, Person, WorldSeed, reference_problems
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
    "LOGGED_INTERNALLY",
    "OVERWRITE_OPS",
    "RUNG_OF",
    "Action",
    "ActionResult",
    "ArgumentsError",
    "Assumptions",
    "Channel",
    "ClosedAssumptions",
    "DataRef",
    "DeclaredTool",
    "Effect",
    "EffectTemplate",
    "Escalation",
    "Group",
    "Op",
    "OpenAssumptions",
    "Outcome",
    "OutcomeName",
    "OutcomePolicy",
    "Outcomes",
    "PartyClass",
    "PathKind",
    "PathProbe",
    "PathTagger",
    "Person",
    "Rung",
    "Target",
    "TargetRef",
    "ToolSpec",
    "ToolView",
    "World",
    "WorldError",
    "WorldSeed",
    "alias_arguments",
    "classify",
    "domain_matches",
    "escalation",
    "execute",
    "expected_arguments",
    "logged_internally",
    "normalize_address",
    "outcomes",
    "record_blocked",
    "reference_problems",
    "tool_problems",
    "trial",
]
