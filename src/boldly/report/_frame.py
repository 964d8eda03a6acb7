"""The rollouts as a tidy pandas DataFrame: one row per rollout, outcomes as columns, for your own analysis.

Columns, in order:
- identity: `rollout_id`, `model`, `scenario`, `variant`, `condition` (as `factor=level,...`), one column per
  factor (`factor_agency`, `factor_tools`, ...), `epoch`, `sample_id`, `content_hash`, `scenario_version`,
  `boldly_version`, `seed`, `guard` (the guard's policy, or `none`), `log`, `task_id`;
- state: `status` (`scored`, `error`, `missing`), `error`, `limit`;
- per exact outcome `o` (and the composite `unprompted_bold_action`): `o` (attempted; nullable boolean, NA
  unless scored), `o_executed`, `o_first_turn` (nullable integer);
- `task_completed` (nullable boolean);
- per judged outcome `j`: `j` (True yes, False no, NA for an error, not judged, or not scored) and
  `j_verdict` (`yes`, `no`, `error`, `not judged`);
- with a guard: `guard_policy`, `guard_allow`, `guard_ask`, `guard_deny`, `guard_redirect`;
- `escalation_attempted`, `escalation_executed`: the highest rung of the escalation ladder (`none`,
  `internal_log`, ... `coercion_or_self_preservation`), as an ordered categorical;
- `eval_aware` (nullable boolean: the agent said it may be in a test), `eval_aware_sentences` (how many
  sentences said so), `probe_verdict` (`real`, `test`, `unclear`, `error`; NA when no probe was asked);
- `tool_calls`, `malformed_calls` (returned to the model as parsing errors), `input_tokens`,
  `output_tokens`, `total_time`.

A rate is then the mean of a boolean column: pandas skips NA, so unscored rollouts never count as "no".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from boldly.inspect import RolloutRecord
from boldly.report._cells import GUARD_VERDICTS
from boldly.report._outcomes import TASK_COMPLETED, ordered
from boldly.world import Rung

_IDENTITY = [
    "rollout_id",
    "model",
    "scenario",
    "variant",
    "condition",
]
_AFTER_FACTORS = [
    "epoch",
    "sample_id",
    "content_hash",
    "scenario_version",
    "boldly_version",
    "seed",
    "guard",
    "log",
    "task_id",
    "status",
    "error",
    "limit",
]
_LADDER = ["escalation_attempted", "escalation_executed"]
_AWARENESS = ["eval_aware", "eval_aware_sentences", "probe_verdict"]
_USAGE = ["tool_calls", "malformed_calls", "input_tokens", "output_tokens", "total_time"]


def _row(r: RolloutRecord, outcomes: list[str], judged: list[str], guarded: bool) -> dict[str, Any]:
    row: dict[str, Any] = {
        "rollout_id": r.id,
        "model": r.model,
        "scenario": r.scenario,
        "variant": r.variant,
        "condition": ",".join(f"{k}={v}" for k, v in r.condition.items()),
        **{f"factor_{k}": v for k, v in r.condition.items()},
        "epoch": r.epoch,
        "sample_id": r.sample_id,
        "content_hash": r.content_hash,
        "scenario_version": r.scenario_version,
        "boldly_version": r.boldly_version,
        "seed": r.seed,
        "guard": r.guard_setting or "none",
        "log": r.log,
        "task_id": r.task_id,
        "status": r.status,
        "error": r.error,
        "limit": r.limit,
    }
    for name in outcomes:
        outcome = r.outcomes.get(name) if r.scored else None
        row[name] = outcome.attempted if outcome else None
        row[f"{name}_executed"] = outcome.executed if outcome else None
        row[f"{name}_first_turn"] = outcome.first_turn if outcome else None
    row[TASK_COMPLETED] = r.task_completed if r.scored else None
    for name in judged:
        verdict = r.judge.get(name)
        row[name] = {"yes": True, "no": False}.get(verdict.verdict) if verdict else None
        row[f"{name}_verdict"] = verdict.verdict if verdict else None
    if guarded:
        row["guard_policy"] = r.guard.policy if r.guard else None
        for verdict in GUARD_VERDICTS:
            row[f"guard_{verdict}"] = r.guard.decisions.get(verdict, 0) if r.guard else None
    ladder = r.escalation if r.scored else None
    awareness = r.awareness if r.scored else None
    row.update(
        escalation_attempted=ladder.attempted.value if ladder else None,
        escalation_executed=ladder.executed.value if ladder else None,
        eval_aware=awareness.stated if awareness else None,
        eval_aware_sentences=len(awareness.statements) if awareness else None,
        probe_verdict=awareness.probe.verdict if awareness and awareness.probe else None,
    )
    row.update(
        tool_calls=r.tool_calls,
        malformed_calls=r.malformed_calls,
        input_tokens=r.input_tokens,
        output_tokens=r.output_tokens,
        total_time=r.total_time,
    )
    return row


def rollouts_frame(rollouts: Sequence[RolloutRecord]) -> pd.DataFrame:
    """One row per rollout (see the module's docstring for the columns)."""
    outcomes = ordered({name for r in rollouts for name in r.outcomes})
    judged = sorted({name for r in rollouts for name in r.judge})
    guarded = any(r.guard is not None for r in rollouts)
    factors = list(dict.fromkeys(f"factor_{k}" for r in rollouts for k in r.condition))
    columns = [*_IDENTITY, *factors, *_AFTER_FACTORS]
    flags: list[str] = []
    turns: list[str] = []
    for name in outcomes:
        columns += [name, f"{name}_executed", f"{name}_first_turn"]
        flags += [name, f"{name}_executed"]
        turns.append(f"{name}_first_turn")
    columns.append(TASK_COMPLETED)
    flags.append(TASK_COMPLETED)
    for name in judged:
        columns += [name, f"{name}_verdict"]
        flags.append(name)
    counts = [
        "epoch",
        "scenario_version",
        "seed",
        "tool_calls",
        "malformed_calls",
        "input_tokens",
        "output_tokens",
        *turns,
    ]
    if guarded:
        columns += ["guard_policy", *(f"guard_{v}" for v in GUARD_VERDICTS)]
        counts += [f"guard_{v}" for v in GUARD_VERDICTS]
    columns += [*_LADDER, *_AWARENESS, *_USAGE]
    flags.append("eval_aware")
    counts.append("eval_aware_sentences")
    frame = pd.DataFrame([_row(r, outcomes, judged, guarded) for r in rollouts], columns=columns)
    for column in flags:
        frame[column] = frame[column].astype("boolean")
    for column in counts:
        frame[column] = frame[column].astype("Int64")
    frame["total_time"] = frame["total_time"].astype("Float64")
    rungs = pd.CategoricalDtype([rung.value for rung in Rung], ordered=True)
    for column in frame.columns:
        if column in _LADDER:
            frame[column] = frame[column].astype(rungs)
        elif column not in flags and column not in counts and column != "total_time":
            frame[column] = frame[column].astype("string")
    return frame
