"""Dividing a run among workers that share one log directory, through Inspect's eval-set runner protocol.

The coordinator enumerates the eval set once (Inspect's capture mode: every task of the plan with its
identifier, which is also computed from the log a task writes), reads the log directory, and hands each worker
a disjoint selection of the tasks still outstanding; a worker runs its selection as an ordinary `eval_set` in
selection mode, which writes one log per task and does none of the directory's bookkeeping. So two workers
never write the same log file, whichever worker ran a task before its log says what is left of it, and the
directory stays one eval set that `boldly report` reads as one run.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from inspect_ai import eval_set
from inspect_ai.log import EvalLog

from boldly.inspect._inspect_compat import (
    EVAL_SET_SELECTION_VERSION,
    INSPECT_EVAL_SET_CAPTURE,
    EvalSetCapture,
    eval_set_id_for_log_dir,
    filesystem,
    list_all_eval_logs,
)
from boldly.inspect._run import PlannedVariant, RunPlan, eval_set_arguments

PROGRESS = "boldly-progress"
"""The first word of a worker's progress line: `boldly-progress rollout EVAL_ID`, `... task EVAL_ID DONE`."""


@dataclass(frozen=True)
class ShardTask:
    """One task (a variant under one guard setting, for one model) as a worker is told to run it."""

    identifier: str
    registry_name: str | None
    args_hash: str
    rollouts: int
    resume: str | None = None
    """The log of an earlier, unfinished attempt: its finished rollouts are kept, the rest run."""


@dataclass
class Standing:
    """What the log directory says of the plan: rollouts done, tasks outstanding, logs superseded."""

    total: int
    done: int
    outstanding: list[ShardTask]
    superseded: list[str] = field(default_factory=list)
    """Older attempts at tasks that have a newer log (Inspect's eval set deletes these too)."""


def plan_document(plan: RunPlan) -> dict[str, Any]:
    """The plan as JSON-ready data, for a worker in another process or on another machine."""
    return asdict(plan)


def plan_from_document(document: dict[str, Any]) -> RunPlan:
    return RunPlan(
        **{
            **document,
            "variants": [PlannedVariant(**variant) for variant in document["variants"]],
            "guards": tuple(document["guards"]),
        }
    )


def enumerate_tasks(plan: RunPlan, log_dir: str) -> EvalSetCapture:
    """Every task of the plan with its identifier, as Inspect enumerates an eval set (nothing is run)."""
    with tempfile.TemporaryDirectory(prefix="boldly-capture-") as scratch:
        manifest = Path(scratch) / "capture.json"
        previous = os.environ.get(INSPECT_EVAL_SET_CAPTURE)
        os.environ[INSPECT_EVAL_SET_CAPTURE] = str(manifest)
        try:
            eval_set(**eval_set_arguments(plan, log_dir, display="none"))
        except SystemExit as done:
            if done.code not in (0, None):
                raise
        finally:
            if previous is None:
                os.environ.pop(INSPECT_EVAL_SET_CAPTURE, None)
            else:
                os.environ[INSPECT_EVAL_SET_CAPTURE] = previous
        return EvalSetCapture.model_validate_json(manifest.read_bytes())


def _finished(header: EvalLog) -> bool:
    results = header.results
    return (
        header.status == "success"
        and not header.invalidated
        and results is not None
        and results.completed_samples >= results.total_samples
    )


def standing(capture: EvalSetCapture, log_dir: str) -> Standing:
    """Which of the enumerated tasks are finished in `log_dir`, and which must run (resuming their newest
    log, if they have one). Logs of other tasks in the directory are left alone."""
    planned = {task.identifier: task for task in capture.tasks}
    logs = list_all_eval_logs(log_dir) if filesystem(log_dir).exists(log_dir) else []
    by_task: dict[str, list[Any]] = {}
    for log in logs:
        if log.task_identifier in planned:
            by_task.setdefault(log.task_identifier, []).append(log)
    total = sum(task.samples * task.epochs for task in capture.tasks)
    done = 0
    outstanding: list[ShardTask] = []
    superseded: list[str] = []
    for identifier, task in planned.items():
        attempts = sorted(
            by_task.get(identifier, []), key=lambda log: (log.info.mtime or 0, log.header.eval.created)
        )
        newest = attempts[-1] if attempts else None
        superseded += [log.info.name for log in attempts[:-1]]
        rollouts = task.samples * task.epochs
        if newest is not None and _finished(newest.header):
            done += rollouts
            continue
        outstanding.append(
            ShardTask(
                identifier=identifier,
                registry_name=task.registry_name,
                args_hash=task.args_hash,
                rollouts=rollouts,
                resume=newest.info.name if newest else None,
            )
        )
    return Standing(total=total, done=done, outstanding=outstanding, superseded=superseded)


def remove_superseded(log_dir: str, locations: Sequence[str]) -> None:
    """Delete older attempts once a newer log of the same task exists, as Inspect's eval set does."""
    fs = filesystem(log_dir)
    for location in locations:
        if fs.exists(location):
            fs.rm(location)


def divide(tasks: Sequence[ShardTask], workers: int) -> list[list[ShardTask]]:
    """Disjoint shares, as even in rollouts as whole tasks allow (largest task first to the lightest share);
    no share is empty, so there are at most as many shares as tasks."""
    shares: list[list[ShardTask]] = [[] for _ in range(min(workers, len(tasks)))]
    loads = [0] * len(shares)
    for task in sorted(tasks, key=lambda task: -task.rollouts):
        lightest = loads.index(min(loads))
        shares[lightest].append(task)
        loads[lightest] += task.rollouts
    return shares


def split_connections(total: int | None, workers: int) -> list[int | None]:
    """Each worker's part of a per-provider connection limit: the total divided evenly, the remainder one
    each to the first workers; never more workers than connections (the caller runs that many)."""
    if total is None:
        return [None] * workers
    count = min(workers, total)
    return [total // count + (1 if index < total % count else 0) for index in range(count)]


def eval_set_id(log_dir: str) -> str:
    """The directory's eval set id (made on first use): every worker stamps its logs with it."""
    filesystem(log_dir).mkdir(log_dir, exist_ok=True)
    return eval_set_id_for_log_dir(log_dir)


def selection(set_id: str, share: Sequence[ShardTask]) -> dict[str, Any]:
    """Inspect's selection document for one worker's share."""
    return {
        "version": EVAL_SET_SELECTION_VERSION,
        "eval_set_id": set_id,
        "tasks": [
            {
                "identifier": task.identifier,
                "resume": task.resume,
                "registry_name": task.registry_name,
                "args_hash": task.args_hash,
            }
            for task in share
        ],
    }
