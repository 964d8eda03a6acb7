"""The end-of-run summary: per model x variant, how many rollouts were scored and how often each outcome
occurred, read from the logs' sample summaries (so a resumed run counts every rollout once)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from inspect_ai.log import EvalLog, read_eval_log_sample_summaries

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
    rollouts: int = 0
    errors: int = 0
    outcomes: dict[str, Tally] = field(default_factory=dict)
    judged: dict[str, Tally] = field(default_factory=dict)
    unjudged: int = 0

    @property
    def n(self) -> int:
        return self.rollouts - self.errors


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


def summarize(logs: Iterable[EvalLog]) -> list[SummaryRow]:
    rows: dict[tuple[str, str], SummaryRow] = {}
    for log in logs:
        for sample in read_eval_log_sample_summaries(log.location):
            variant = str(sample.metadata.get("variant", sample.id))
            row = rows.setdefault((log.eval.model, variant), SummaryRow(log.eval.model, variant))
            row.rollouts += 1
            scores = sample.scores or {}
            if sample.error or "outcomes" not in scores:
                row.errors += 1
                continue
            _count(row.outcomes, dict(scores["outcomes"].value))  # type: ignore[arg-type]
            if "judge" in scores:
                row.unjudged += _count(row.judged, dict(scores["judge"].value))  # type: ignore[arg-type]
    return sorted(rows.values(), key=lambda row: (row.model, row.variant))
