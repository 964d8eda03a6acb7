"""Running a plan in several worker processes, on this machine or on a Ray cluster, into one log directory.

Each round reads the log directory, divides what is outstanding among the workers (`_shards.py`) and waits
for them; a worker that dies (killed, its node lost) leaves its tasks unfinished, so the next round picks them
up, resuming their logs. The run is complete when the directory holds a finished log for every task.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from boldly.inspect._run import RunPlan
from boldly.inspect._shards import (
    PROGRESS,
    Standing,
    divide,
    enumerate_tasks,
    eval_set_id,
    plan_document,
    remove_superseded,
    selection,
    split_connections,
    standing,
)

DEFAULT_ROUNDS = 3
"""A first round and two retries of whatever is still outstanding after it."""
WORKER_COMMAND = [sys.executable, "-m", "boldly.inspect._worker"]


class RayUnavailable(RuntimeError):
    """Ray is not installed, or no cluster could be reached or started."""


@dataclass
class Progress:
    """Rollouts done out of the plan's total, and the rate since the run started, from the workers' lines."""

    total: int
    done_before: int
    started: float = field(default_factory=time.monotonic)
    _ended: dict[str, int] = field(default_factory=dict)
    _finished_tasks: dict[str, int] = field(default_factory=dict)
    _rollouts_seen: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def rebase(self, done: int) -> None:
        """Start counting again from what the log directory now holds (between rounds)."""
        with self._lock:
            self.done_before = done
            self._ended.clear()
            self._finished_tasks.clear()

    def record(self, line: str) -> None:
        """Take one line of a worker's output (lines that are not progress are ignored)."""
        words = line.split()
        if len(words) < 3 or words[0] != PROGRESS:
            return
        with self._lock:
            if words[1] == "rollout":
                self._rollouts_seen += 1
                self._ended[words[2]] = self._ended.get(words[2], 0) + 1
            elif words[1] == "task" and len(words) == 4:
                self._finished_tasks[words[2]] = int(words[3])

    @property
    def done(self) -> int:
        """Rollouts done (a finished task counts every rollout its log holds, ones reused from before too)."""
        with self._lock:
            running = sum(n for task, n in self._ended.items() if task not in self._finished_tasks)
            return min(self.done_before + running + sum(self._finished_tasks.values()), self.total)

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self._rollouts_seen / elapsed
        return f"{self.done}/{self.total} rollouts done, {rate:.1f} per second over {elapsed:.0f} s"


class Engine(Protocol):
    """Runs worker shares to their end (or their worker's death), passing on each line they print."""

    def run(self, shares: Sequence[dict[str, Any]], report: Callable[[str], None]) -> None: ...


class LocalProcesses:
    """Each share in its own Python process on this machine."""

    def run(self, shares: Sequence[dict[str, Any]], report: Callable[[str], None]) -> None:
        workers = [
            subprocess.Popen(WORKER_COMMAND, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
            for _ in shares
        ]
        readers = []
        for worker, share in zip(workers, shares, strict=True):
            assert worker.stdin is not None and worker.stdout is not None
            worker.stdin.write(json.dumps(share))
            worker.stdin.close()
            reader = threading.Thread(target=_relay, args=(worker.stdout, report), daemon=True)
            reader.start()
            readers.append(reader)
        for worker, reader in zip(workers, readers, strict=True):
            worker.wait()
            reader.join()


def _relay(lines: Any, report: Callable[[str], None]) -> None:
    for line in lines:
        report(line)


def execute_sharded(
    plan: RunPlan,
    log_dir: str,
    engine: Engine,
    workers: int,
    max_connections: int | None = None,
    rounds: int = DEFAULT_ROUNDS,
    announce: Callable[[str], None] | None = None,
    every: float = 10.0,
) -> tuple[bool, Standing]:
    """Run (or resume) the plan with up to `workers` workers; returns whether every rollout finished, and
    what the log directory holds at the end. `announce` gets a progress line every `every` seconds."""
    capture = enumerate_tasks(plan, log_dir)
    set_id = eval_set_id(log_dir)
    current = standing(capture, log_dir)
    progress = Progress(total=current.total, done_before=current.done)
    for _ in range(rounds):
        if not current.outstanding:
            break
        shares = divide(current.outstanding, min(workers, max_connections or workers))
        limits = split_connections(max_connections, len(shares))
        documents = [
            {
                "plan": plan_document(plan),
                "log_dir": log_dir,
                "max_connections": limit,
                "selection": selection(set_id, share),
            }
            for share, limit in zip(shares, limits, strict=True)
        ]
        stop = threading.Event()
        if announce is not None:
            threading.Thread(target=_announce, args=(progress, announce, stop, every), daemon=True).start()
        try:
            engine.run(documents, progress.record)
        finally:
            stop.set()
        current = standing(capture, log_dir)
        progress.rebase(current.done)
    remove_superseded(log_dir, current.superseded)
    if announce is not None:
        announce(progress.line())
    return not current.outstanding, current


def _announce(
    progress: Progress, announce: Callable[[str], None], stop: threading.Event, every: float
) -> None:
    while not stop.wait(every):
        announce(progress.line())
