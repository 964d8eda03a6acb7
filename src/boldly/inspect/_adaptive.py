"""Adaptive epochs: give each model and variant only as many rollouts as its unprompted-bold rate needs.

A fixed `--epochs` must be sized for the worst case (a rate near one half needs about 96 rollouts for a Wilson
95% interval of ±0.10), so rare behaviour, the common case, is paid for many times over. Here a run goes in
rounds: every task (a model on a variant, under one guard setting) starts with the plan's epochs; after each
round a task whose interval is still wider than the target gets more epochs, as many as its current rate
says it needs (at most twice as many, at most `max_epochs`), and the others stop. Inspect keeps every
finished rollout when a task's epochs grow, and each round's decisions are read back from the logs, so an
interrupted run resumes with the same command.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from statistics import NormalDist
from typing import Literal

from inspect_ai import task_with
from inspect_ai.log import EvalLog

from boldly.inspect._logs import LogReadError, guard_label, read_rollouts
from boldly.inspect._run import Display, PlannedVariant, RunPlan, execute_tasks
from boldly.inspect._scorers import UNPROMPTED

Z95 = NormalDist().inv_cdf(0.975)
DEFAULT_MAX_EPOCHS = 100
"""Enough for ±0.10 at any rate (the worst, one half, needs 93 to 96)."""

TaskKey = tuple[str, str, str | None]
"""A task as the logs name it: model, variant id, guard label (None without a guard)."""

Stop = Literal["narrow", "cap"]


@dataclass(frozen=True)
class AdaptiveEpochs:
    halfwidth: float
    """Stop once the Wilson 95% interval of the unprompted-bold rate is at most ± this."""
    max_epochs: int = DEFAULT_MAX_EPOCHS


@dataclass(frozen=True)
class Tally:
    """A task's scored rollouts so far, how many acted boldly unprompted, and its highest epoch."""

    bold: int = 0
    scored: int = 0
    epochs: int = 0


@dataclass(frozen=True)
class TaskProgress:
    key: TaskKey
    tally: Tally
    halfwidth: float | None
    stop: Stop | None
    """`narrow`: the interval is narrow enough (before the cap: stopped early); `cap`: max epochs reached."""


def halfwidth(bold: int, scored: int) -> float | None:
    """Half the width of the Wilson 95% score interval, as the report computes it (None with nothing scored).

    Written out here rather than imported, since the report sits above the harness.
    """
    if scored == 0:
        return None
    rate = bold / scored
    return Z95 / (1 + Z95**2 / scored) * math.sqrt(rate * (1 - rate) / scored + Z95**2 / (4 * scored**2))


def next_epochs(tally: Tally, settings: AdaptiveEpochs) -> int | None:
    """The epochs the task should have next, or None when it is done.

    The next count is the smallest whose interval would be narrow enough if the rate stayed as observed,
    bounded by twice the current count (an early rate is noisy) and by the cap.
    """
    width = halfwidth(tally.bold, tally.scored)
    if tally.epochs >= settings.max_epochs or (width is not None and width <= settings.halfwidth):
        return None
    bound = min(2 * tally.epochs, settings.max_epochs)
    if tally.scored == 0:
        return bound
    rate = tally.bold / tally.scored
    for epochs in range(tally.epochs + 1, bound + 1):
        width = halfwidth(round(rate * epochs), epochs)
        if width is not None and width <= settings.halfwidth:
            return epochs
    return bound


def task_keys(plan: RunPlan, model: str) -> list[tuple[TaskKey, PlannedVariant, str | None]]:
    """Each task of the plan for `model`, in `plan.tasks()` order, with its key, variant and guard."""
    return [
        ((model, planned.variant, guard_label(plan.guard_args(guard)) or None), planned, guard)
        for planned in plan.variants
        for guard in plan.guards
    ]


def tally_logs(log_dir: str) -> dict[TaskKey, Tally]:
    """What the logs in `log_dir` hold for each task (nothing yet: empty)."""
    try:
        rollouts = read_rollouts([log_dir], transcripts=False).rollouts
    except LogReadError:
        return {}
    tallies: dict[TaskKey, Tally] = {}
    for rollout in rollouts:
        key = (rollout.model, rollout.variant, rollout.guard_setting)
        found = tallies.get(key, Tally())
        bold = rollout.scored and rollout.outcomes.get(UNPROMPTED) is not None
        tallies[key] = Tally(
            bold=found.bold + int(bold and rollout.outcomes[UNPROMPTED].attempted),
            scored=found.scored + int(rollout.scored),
            epochs=max(found.epochs, rollout.epoch),
        )
    return tallies


def progress(plan: RunPlan, settings: AdaptiveEpochs, tallies: Mapping[TaskKey, Tally]) -> list[TaskProgress]:
    """Where each task of the plan stands: its tally, its interval's half-width, and why it stopped."""
    found: list[TaskProgress] = []
    for model in plan.models:
        for key, _, _ in task_keys(plan, model):
            tally = tallies.get(key, Tally())
            done = tally.epochs > 0 and next_epochs(tally, settings) is None
            width = halfwidth(tally.bold, tally.scored)
            narrow = width is not None and width <= settings.halfwidth
            stop: Stop | None = ("narrow" if narrow else "cap") if done else None
            found.append(TaskProgress(key, tally, width, stop))
    return found


def execute_adaptive(
    plan: RunPlan,
    settings: AdaptiveEpochs,
    log_dir: str,
    max_connections: int | None = None,
    display: Display | None = None,
) -> tuple[bool, list[EvalLog], list[TaskProgress]]:
    """Run (or resume) the plan in rounds until every task is narrow enough or capped.

    Returns whether every task finished, the last round's logs, and where each task stopped. A round in
    which some task did not finish ends the run (the same command resumes it).
    """
    logs: list[EvalLog] = []
    while True:
        tallies = tally_logs(log_dir)
        rounds = {
            model: [
                (planned, guard, epochs)
                for key, planned, guard in task_keys(plan, model)
                if (epochs := _wanted(tallies.get(key), plan.epochs, settings)) is not None
            ]
            for model in plan.models
        }
        if not any(rounds.values()):
            return True, logs, progress(plan, settings, tallies)
        logs = []
        for model, wanted in rounds.items():
            if not wanted:
                continue
            tasks = [
                task_with(task, epochs=epochs)
                for planned, guard, epochs in wanted
                for task in replace(plan, variants=[planned], guards=(guard,)).tasks()
            ]
            finished, round_logs = execute_tasks(
                replace(plan, models=[model]), tasks, log_dir, max_connections, display, epochs=None
            )
            logs += round_logs
            if not finished:
                return False, logs, progress(plan, settings, tally_logs(log_dir))


def _wanted(tally: Tally | None, first: int, settings: AdaptiveEpochs) -> int | None:
    """The epochs a task should run with in this round (None: it is done)."""
    if tally is None or tally.epochs == 0:
        return min(first, settings.max_epochs)
    return next_epochs(tally, settings)


def describe(found: list[TaskProgress], settings: AdaptiveEpochs) -> list[str]:
    """One line per task: its rollouts, rate and interval, and whether it stopped early or at the cap."""
    lines = [f"adaptive epochs (until ±{settings.halfwidth:g}, at most {settings.max_epochs}):"]
    for task in found:
        model, variant, guard = task.key
        name = f"{model} {variant}" + (f" [guard: {guard}]" if guard else "")
        tally = task.tally
        if task.halfwidth is None:
            lines.append(f"  {name}: no scored rollouts")
            continue
        state = {"narrow": "stopped early", "cap": "reached the cap", None: "unfinished"}[task.stop]
        lines.append(
            f"  {name}: {tally.bold}/{tally.scored} unprompted bold "
            f"({tally.bold / tally.scored:.0%} ±{task.halfwidth:.3f}), {state} at {tally.epochs} epochs"
        )
    return lines
