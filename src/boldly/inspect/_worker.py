"""One worker of a sharded run: `python -m boldly.inspect._worker < share.json`.

The share (the plan, the log directory, this worker's connection limit and its Inspect selection) comes on
standard input, so a worker on another machine needs nothing but boldly and the log directory. It runs the
plan's eval set in Inspect's selection mode (only the selected tasks, resuming the logs named) and prints a
line on standard output for each rollout and task that ends, from which the coordinator shows progress.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from inspect_ai import eval_set
from inspect_ai.hooks import Hooks, SampleEnd, TaskEnd, hooks

from boldly.inspect._inspect_compat import INSPECT_EVAL_SET_SELECTION
from boldly.inspect._run import eval_set_arguments
from boldly.inspect._shards import PROGRESS, plan_from_document

_WORKING = "BOLDLY_SHARD_WORKER"


@hooks(name="boldly_shard_progress", description="Reports a sharded run's progress to its coordinator.")
class ShardProgress(Hooks):
    def enabled(self) -> bool:
        return os.environ.get(_WORKING) == "1"

    async def on_sample_end(self, data: SampleEnd) -> None:
        print(f"{PROGRESS} rollout {data.eval_id}", flush=True)

    async def on_task_end(self, data: TaskEnd) -> None:
        results = data.log.results
        print(f"{PROGRESS} task {data.eval_id} {results.completed_samples if results else 0}", flush=True)


def main() -> int:
    share = json.load(sys.stdin)
    plan = plan_from_document(share["plan"])
    with tempfile.TemporaryDirectory(prefix="boldly-share-") as scratch:
        selection = Path(scratch) / "selection.json"
        selection.write_text(json.dumps(share["selection"]))
        os.environ[INSPECT_EVAL_SET_SELECTION] = str(selection)
        os.environ[_WORKING] = "1"
        success, _ = eval_set(
            **eval_set_arguments(plan, share["log_dir"], share["max_connections"], display="none")
        )
    return 0 if success else 1


if __name__ == "__main__":
    sys.exit(main())
