"""Cells: the rollouts of one model on one scenario variant, counted.

`n` is the number of scored rollouts; every rate is over them, with a Wilson 95% interval. Rollouts that
errored or never ran are counted beside `n` (`errors`, `missing`), never as a "no". A judged outcome's rate
is over the rollouts the grader actually judged; its errors and "not judged" are counted beside it.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from boldly.inspect import RolloutRecord
from boldly.report._awareness import AwarenessStat, awareness_stat
from boldly.report._conditions import ScenarioFactors, condition_of
from boldly.report._escalation import LadderStat, ladder_stat
from boldly.report._outcomes import OUTCOME_ORDER, TASK_COMPLETED
from boldly.report._stats import Rate, wilson

GUARD_VERDICTS = ("allow", "ask", "deny", "redirect")


@dataclass(frozen=True)
class TurnDistribution:
    """The user turn in which something first happened, over the rollouts where it did."""

    counts: dict[int, int]

    @property
    def median(self) -> float | None:
        turns = [turn for turn, count in self.counts.items() for _ in range(count)]
        return statistics.median(turns) if turns else None

    def to_json(self) -> dict[str, Any]:
        return {"median": self.median, "counts": {str(t): c for t, c in sorted(self.counts.items())}}


@dataclass(frozen=True)
class OutcomeStat:
    attempted: Rate
    executed: Rate
    """Rollouts where an effect proving the outcome took place (not blocked, failed or unreachable)."""
    blocked: int
    """Rollouts that attempted the outcome and had an effect of it blocked (by a guard)."""
    first_turn: TurnDistribution

    def to_json(self) -> dict[str, Any]:
        return {
            **self.attempted.to_json(),
            "executed": self.executed.to_json(),
            "blocked": self.blocked,
            "first_turn": self.first_turn.to_json(),
        }


@dataclass(frozen=True)
class JudgeStat:
    yes: Rate
    """Rollouts judged "yes", of those judged yes or no."""
    errors: int
    not_judged: int

    def to_json(self) -> dict[str, Any]:
        return {**self.yes.to_json(), "errors": self.errors, "not_judged": self.not_judged}


@dataclass(frozen=True)
class GuardStat:
    rollouts: int
    """Scored rollouts that ran with a guard."""
    policies: list[str]
    decisions: dict[str, int]
    asked: Rate
    """Rollouts in which the guard asked a person at least once."""

    @property
    def ask_rate(self) -> float | None:
        total = sum(self.decisions.values())
        return self.decisions.get("ask", 0) / total if total else None

    def to_json(self) -> dict[str, Any]:
        return {
            "rollouts": self.rollouts,
            "policies": self.policies,
            "decisions": self.decisions,
            "ask_rate": self.ask_rate,
            "asked": self.asked.to_json(),
        }


@dataclass
class Cell:
    model: str
    scenario: str
    variant: str
    condition: dict[str, str]
    label: str
    """The condition by the factors that vary in the scenario's rollouts."""
    content_hash: str | None
    rollouts: int = 0
    errors: int = 0
    missing: int = 0
    limits: int = 0
    """Scored rollouts that hit a time, token or message limit (scored as they stood)."""
    outcomes: dict[str, OutcomeStat] = field(default_factory=dict)
    task: Rate = field(default_factory=lambda: wilson(0, 0))
    judged: dict[str, JudgeStat] = field(default_factory=dict)
    guard: GuardStat | None = None
    ladder: LadderStat | None = None
    awareness: AwarenessStat | None = None

    @property
    def n(self) -> int:
        return self.rollouts - self.errors - self.missing

    @property
    def key(self) -> str:
        return f"{self.model}|{self.variant}"

    def rate(self, outcome: str) -> Rate | None:
        """The rate of an exact outcome (attempted), a judged outcome (yes), or `task_completed`."""
        if outcome == TASK_COMPLETED:
            return self.task
        if outcome in self.outcomes:
            return self.outcomes[outcome].attempted
        if outcome in self.judged:
            return self.judged[outcome].yes
        return None

    def to_json(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "scenario": self.scenario,
            "variant": self.variant,
            "condition": self.condition,
            "label": self.label,
            "content_hash": self.content_hash,
            "rollouts": self.rollouts,
            "n": self.n,
            "errors": self.errors,
            "missing": self.missing,
            "limits": self.limits,
            "outcomes": {name: stat.to_json() for name, stat in self.outcomes.items()},
            "task_completed": self.task.to_json(),
            "judged": {name: stat.to_json() for name, stat in self.judged.items()},
            "guard": self.guard.to_json() if self.guard else None,
            "escalation": self.ladder.to_json() if self.ladder else None,
            "awareness": self.awareness.to_json() if self.awareness else None,
        }


def _outcome_stat(scored: list[RolloutRecord], name: str) -> OutcomeStat:
    found = [r.outcomes.get(name) for r in scored]
    attempted = [o for o in found if o is not None and o.attempted]
    blocked = 0
    for rollout, outcome in zip(scored, found, strict=True):
        if outcome is not None and outcome.attempted:
            statuses = {rollout.effects[e].status for e in outcome.effect_ids if e in rollout.effects}
            blocked += "blocked" in statuses
    turns = Counter(o.first_turn for o in attempted if o.first_turn is not None)
    return OutcomeStat(
        attempted=wilson(len(attempted), len(scored)),
        executed=wilson(sum(o.executed for o in attempted), len(scored)),
        blocked=blocked,
        first_turn=TurnDistribution(dict(sorted(turns.items()))),
    )


def _judge_stat(scored: list[RolloutRecord], name: str) -> JudgeStat:
    verdicts = Counter(r.judge[name].verdict for r in scored if name in r.judge)
    missing_verdict = sum(name not in r.judge for r in scored)
    return JudgeStat(
        yes=wilson(verdicts["yes"], verdicts["yes"] + verdicts["no"]),
        errors=verdicts["error"] + missing_verdict,
        not_judged=verdicts["not judged"],
    )


def _guard_stat(scored: list[RolloutRecord]) -> GuardStat | None:
    guarded = [r.guard for r in scored if r.guard is not None]
    if not guarded:
        return None
    decisions: Counter[str] = Counter({verdict: 0 for verdict in GUARD_VERDICTS})
    for guard in guarded:
        decisions.update(guard.decisions)
    return GuardStat(
        rollouts=len(guarded),
        policies=sorted({g.policy for g in guarded if g.policy}),
        decisions=dict(decisions),
        asked=wilson(sum(g.decisions.get("ask", 0) > 0 for g in guarded), len(guarded)),
    )


def make_cell(rollouts: list[RolloutRecord], label: str, condition: dict[str, str]) -> Cell:
    first = rollouts[0]
    scored = [r for r in rollouts if r.scored]
    outcomes = {name for r in scored for name in r.outcomes}
    judged = {name for r in scored for name in r.judge}
    completed = [r.task_completed for r in scored if r.task_completed is not None]
    return Cell(
        model=first.model,
        scenario=first.scenario,
        variant=first.variant,
        condition=condition,
        label=label,
        content_hash=first.content_hash,
        rollouts=len(rollouts),
        errors=sum(r.status == "error" for r in rollouts),
        missing=sum(r.status == "missing" for r in rollouts),
        limits=sum(r.limit is not None for r in scored),
        outcomes={name: _outcome_stat(scored, name) for name in sorted(outcomes, key=_outcome_rank)},
        task=wilson(sum(completed), len(completed)),
        judged={name: _judge_stat(scored, name) for name in sorted(judged)},
        guard=_guard_stat(scored),
        ladder=ladder_stat(scored),
        awareness=awareness_stat(scored),
    )


def _outcome_rank(name: str) -> tuple[int, str]:
    return (OUTCOME_ORDER.index(name) if name in OUTCOME_ORDER else len(OUTCOME_ORDER), name)


def make_cells(
    rollouts: Iterable[RolloutRecord],
    factors: Mapping[str, ScenarioFactors],
    models: list[str],
    guarded: bool = False,
) -> list[Cell]:
    """One cell per model, variant and guard (and content hash: an edited scenario's rollouts never pool
    with the old ones), ordered by scenario, condition (declared level order), then model."""
    groups: dict[tuple[str, str, str | None, str | None], list[RolloutRecord]] = {}
    for rollout in rollouts:
        key = (rollout.model, rollout.variant, rollout.guard_setting, rollout.content_hash)
        groups.setdefault(key, []).append(rollout)
    hashes = Counter(key[:3] for key in groups)
    cells = []
    for (model, variant, guard, content_hash), members in groups.items():
        condition = condition_of(members[0], guarded)
        label = factors[members[0].scenario].label(condition)
        if hashes[(model, variant, guard)] > 1:
            label += f" @{(content_hash or 'unknown').removeprefix('sha256:')[:8]}"
        cells.append(make_cell(members, label, condition))
    cells.sort(
        key=lambda c: (
            c.scenario,
            factors[c.scenario].sort_key(c.condition),
            c.label,
            models.index(c.model),
        )
    )
    return cells
