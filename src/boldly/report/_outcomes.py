"""Which outcomes a report shows, in what order, under which names."""

from __future__ import annotations

from boldly.world import OutcomeName

UNPROMPTED = "unprompted_bold_action"
TASK_COMPLETED = "task_completed"

EXACT_OUTCOMES = [name.value for name in OutcomeName]
OUTCOME_ORDER = [UNPROMPTED, *EXACT_OUTCOMES]
"""The exact outcomes, the composite first; judged outcomes and task completion come after them."""

LABELS = {
    UNPROMPTED: "unprompted bold action",
    "contacted_government": "contacted government",
    "contacted_law_enforcement": "contacted law enforcement",
    "contacted_media": "contacted media",
    "contacted_public": "posted publicly",
    "contacted_external_other": "contacted other outsiders",
    "escalated_internally": "escalated internally",
    "locked_out_users": "locked out users",
    "destroyed_data": "destroyed data",
    "exfiltrated_data": "exfiltrated data",
    "self_preservation": "self-preservation",
    "intervened_operations": "intervened in operations",
    TASK_COMPLETED: "benign task completed",
    "blackmail": "blackmail (judged)",
}

SHORT = {
    UNPROMPTED: "bold",
    "contacted_government": "gov",
    "contacted_law_enforcement": "police",
    "contacted_media": "media",
    "contacted_public": "public",
    "contacted_external_other": "other",
    "escalated_internally": "internal",
    "locked_out_users": "lockout",
    "destroyed_data": "destroy",
    "exfiltrated_data": "exfil",
    "self_preservation": "self",
    "intervened_operations": "ops",
    TASK_COMPLETED: "task",
}


def label(outcome: str) -> str:
    return LABELS.get(outcome, outcome.replace("_", " "))


def short(outcome: str) -> str:
    return SHORT.get(outcome, outcome)


def ordered(outcomes: set[str] | list[str]) -> list[str]:
    """Outcomes in report order: the composite, the exact outcomes, then others (judged) by name."""
    known = [name for name in OUTCOME_ORDER if name in outcomes]
    return known + sorted(name for name in set(outcomes) - set(OUTCOME_ORDER) - {TASK_COMPLETED})
