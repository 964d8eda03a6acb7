"""Workers on a Ray cluster: each share is a Ray task (one CPU) that runs the worker process on its node.

Ray only places and watches the workers; each one is the same `python -m boldly.inspect._worker` as on one
machine, so every node needs boldly installed and the log directory reachable (shared storage, or S3 and
the like). Progress lines travel back through a small actor. A worker whose node is lost fails its Ray task
(never retried by Ray: the coordinator's next round resumes its tasks from their logs).
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Sequence
from typing import Any

from boldly.inspect._workers import WORKER_COMMAND, RayUnavailable

LOCAL = "local"
"""`--ray local`: start a Ray instance on this machine for the run (else an address, or `auto`)."""


def _ray() -> Any:
    try:
        import ray
    except ImportError as error:
        raise RayUnavailable("--ray needs Ray: pip install 'boldly[ray]'") from error
    return ray


def connect(address: str) -> int:
    """Join the cluster at `address` (`auto` for one started with `ray start --head` here; `local` starts
    one); returns the cluster's CPUs. Raises RayUnavailable saying why it could not."""
    ray = _ray()
    try:
        if not ray.is_initialized():
            ray.init(
                address=None if address == LOCAL else address,
                logging_level="ERROR",
                log_to_driver=False,
                include_dashboard=False,
            )
        return int(ray.cluster_resources().get("CPU", 1))
    except Exception as error:
        raise RayUnavailable(f"cannot reach a Ray cluster at {address!r}: {error}") from error


def _run_worker(share: dict[str, Any], board: Any) -> int:
    """On a Ray node: the worker process over `share`, its progress lines sent to `board`."""
    worker = subprocess.Popen(WORKER_COMMAND, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert worker.stdin is not None and worker.stdout is not None
    worker.stdin.write(json.dumps(share))
    worker.stdin.close()
    for line in worker.stdout:
        board.add.remote(line)
    return worker.wait()


class _Board:
    """Progress lines from every worker, until the coordinator takes them."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, line: str) -> None:
        self.lines.append(line)

    def take(self) -> list[str]:
        taken, self.lines = self.lines, []
        return taken


class RayCluster:
    """Runs each share as a Ray task on the cluster `connect` joined."""

    def __init__(self, poll: float = 0.5) -> None:
        self.poll = poll

    def run(self, shares: Sequence[dict[str, Any]], report: Callable[[str], None]) -> None:
        ray = _ray()
        board = ray.remote(num_cpus=0)(_Board).remote()
        worker = ray.remote(num_cpus=1, max_retries=0)(_run_worker)
        pending = [worker.remote(share, board) for share in shares]
        while pending:
            # a worker that ended, or failed with its node, is simply done: the logs say what is left
            _, pending = ray.wait(pending, timeout=self.poll)
            for line in ray.get(board.take.remote()):
                report(line)
        for line in ray.get(board.take.remote()):
            report(line)
        ray.kill(board)
