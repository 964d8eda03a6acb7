"""The simulated organization: seed, services, virtual shell, effect classifier and outcomes.

A world is closed (a scenario: its seed is everything) or open (the guard's view of a real org) by the
assumptions it is given; `World.fork` is the cheap copy the classifier tries actions on. Pure Python and
deterministic: no Inspect, no network, no subprocess, no host files (an open world's path probe is the
caller's).
"""

from boldly.world._actions import TOOL_ARGS, Action, ToolArgs
from boldly.world._assumptions import (
    Assumptions,
    ClosedAssumptions,
    OpenAssumptions,
    PathKind,
    PathProbe,
    PathTagger,
)
from boldly.world._classify import classify, record_blocked
from boldly.world._effects import Channel, DataRef, Effect, Op, Target
from boldly.world._errors import WorldError
from boldly.world._outcomes import Outcome, OutcomeName, OutcomePolicy, Outcomes, outcomes
from boldly.world._parties import PartyClass, domain_matches, normalize_address
from boldly.world._seed import Person, WorldSeed, reference_problems
from boldly.world._tools import TOOLS, ActionResult, describe_validation_error, execute
from boldly.world._world import World

__all__ = [
    "TOOLS",
    "TOOL_ARGS",
    "Action",
    "ActionResult",
    "Assumptions",
    "Channel",
    "ClosedAssumptions",
    "DataRef",
    "Effect",
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
    "Target",
    "ToolArgs",
    "World",
    "WorldError",
    "WorldSeed",
    "classify",
    "describe_validation_error",
    "domain_matches",
    "execute",
    "normalize_address",
    "outcomes",
    "record_blocked",
    "reference_problems",
]
