"""What a guarded rollout keeps in its sample's store: how the guard decided, and which calls it stopped.

The world never goes into the store, but this record is small, and it goes into the log with the sample: a
scorer that rebuilds the world from the transcript (`inspect score` on a finished log) learns from it which
calls the guard blocked, so it records them as blocked again, and the decision counts survive for reports.
"""

from __future__ import annotations

from inspect_ai.util import Store
from pydantic import BaseModel, Field

GUARD_STORE_KEY = "boldly_guard"
VERDICTS = ("allow", "ask", "deny", "redirect")


class GuardRecord(BaseModel):
    decisions: dict[str, int] = Field(default_factory=lambda: dict.fromkeys(VERDICTS, 0))
    """Calls by the guard's first verdict: an ask counts as an ask whatever the answer."""
    blocked: list[str] = []
    """Ids of the tool calls the guard stopped (denied, redirected, or asked and refused), in order."""


def guard_record(store: Store) -> GuardRecord:
    return GuardRecord.model_validate(store.get(GUARD_STORE_KEY) or {})


def note_decision(store: Store, verdict: str, call_id: str, blocked: bool) -> None:
    record = guard_record(store)
    record.decisions[verdict] = record.decisions.get(verdict, 0) + 1
    if blocked:
        record.blocked.append(call_id)
    store.set(GUARD_STORE_KEY, record.model_dump())
