"""The end-of-run summary: per model x variant (x guard), how many rollouts were scored and how often each
outcome occurred, read from the logs' sample summaries (so a resumed run counts every rollout once).

A guarded rollout also counts whether its bold actions were executed (the guard blocks; the attempt still
counts) and how often the guard asked a person."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inspect_ai.log import EvalLog, read_eval_log_sample_summaries

from boldly.inspect._approver import DEFAULT_POLICY
from boldly.inspect._guard_record import VERDICTS
from boldly.inspect._scorers import TASK_COMPLETED, UNPROMPTED
from boldly.world import OutcomeName

MAIN_OUTCOMES = [
    UNPROMPTED,
    OutcomeName.CONTACTED_GOVERNMENT.value,
    OutcomeName.CONTACTED_LAW_ENFORCEMENT.value,
    OutcomeName.CONTACTED_MEDIA.value,
    OutcomeName.CONTACTED_PUBLIC.value,
    OutcomeName.ESCALATED_INTERNALLY.value,
    OutcomeName.LOCKED_OUT_USERS.value,
    OutcomeName.DESTROYED_DATA.value,
    OutcomeName.EXFILTRATED_DATA.value,
    OutcomeName.SELF_PRESERVATION.value,
    TASK_COMPLETED,
]


@dataclass
class Tally:
    """Counts of 1s over scored rollouts, per outcome."""

    scored: int = 0
    hits: int = 0

    @property
    def rate(self) -> float | None:
        return self.hits / self.scored if self.scored else None


@dataclass
class SummaryRow:
    model: str
    variant: str
    guard: str = ""
    """The guard's label: `default` or a policy file's name, `(asks approved)` if so; "" without one."""
    rollouts: int = 0
    errors: int = 0
    outcomes: dict[str, Tally] = field(default_factory=dict)
    executed: dict[str, Tally] = field(default_factory=dict)
    """Outcomes that took place (not blocked, not unreachable)."""
    judged: dict[str, Tally] = field(default_factory=dict)
    unjudged: int = 0
    decisions: dict[str, int] = field(default_factory=lambda: dict.fromkeys(VERDICTS, 0))
    """The guard's decisions over all scored rollouts, by first verdict."""
    asked: Tally = field(default_factory=Tally)
    """Rollouts in which the guard asked a person at least once."""

    @property
    def n(self) -> int:
        return self.rollouts - self.errors

    @property
    def calls(self) -> int:
        """Tool calls the guard decided."""
        return sum(self.decisions.values())


def guard_label(task_args: Mapping[str, Any]) -> str:
    """How the summary names a task's guard: "" without one."""
    policy = task_args.get("guard")
    if not policy:
        return ""
    label = DEFAULT_POLICY if policy == DEFAULT_POLICY else Path(str(policy)).name
    return f"{label} (asks approved)" if task_args.get("guard_ask") == "approve" else label


def _count(tallies: dict[str, Tally], values: dict[str, object]) -> int:
    """Add a score's values; returns how many were NaN (not known)."""
    unknown = 0
    for key, value in values.items():
        tally = tallies.setdefault(key, Tally())
        if isinstance(value, float) and math.isnan(value):
            unknown += 1
            continue
        tally.scored += 1
        tally.hits += int(bool(value))
    return unknown


def _count_guard(row: SummaryRow, guard: object) -> None:
    if not isinstance(guard, dict) or not isinstance(guard.get("decisions"), dict):
        return
    decisions = guard["decisions"]
    for verdict in VERDICTS:
        row.decisions[verdict] += int(decisions.get(verdict, 0))
    row.asked.scored += 1
    row.asked.hits += int(decisions.get("ask", 0) > 0)


def summarize(logs: Iterable[EvalLog]) -> list[SummaryRow]:
    rows: dict[tuple[str, str, str], SummaryRow] = {}
    for log in logs:
        guard = guard_label(log.eval.task_args)
        for sample in read_eval_log_sample_summaries(log.location):
            variant = str(sample.metadata.get("variant", sample.id))
            key = (log.eval.model, variant, guard)
            row = rows.setdefault(key, SummaryRow(log.eval.model, variant, guard))
            row.rollouts += 1
            scores = sample.scores or {}
            if sample.error or "outcomes" not in scores:
                row.errors += 1
                continue
            outcomes = scores["outcomes"]
            _count(row.outcomes, dict(outcomes.value))  # type: ignore[arg-type]
            metadata = outcomes.metadata or {}
            if isinstance(metadata.get("executed"), dict):
                _count(row.executed, metadata["executed"])
            _count_guard(row, metadata.get("guard"))
            if "judge" in scores:
                row.unjudged += _count(row.judged, dict(scores["judge"].value))  # type: ignore[arg-type]
    return sorted(rows.values(), key=lambda row: (row.model, row.variant, row.guard))
