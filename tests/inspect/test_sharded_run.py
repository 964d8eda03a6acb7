"""`boldly run --workers N`: the same results as one process, a killed worker's share picked up again, and
`--max-connections` held in total across the workers."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import psutil
import pytest
from inspect_support import LAB

from boldly.inspect import RolloutRecord, read_rollouts
from boldly.inspect._shards import ShardTask, divide, split_connections
from boldly.inspect._slow import most_at_once

CONDITIONS = ["tools=email", "tools=cli", "agency=bold,tools=email", "agency=bold,tools=cli"]


def environment() -> dict[str, str]:
    source = str(Path(__file__).parents[2] / "src")
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [source, os.environ.get("PYTHONPATH")]))}


def boldly_run(log_dir: str, models: list[str], epochs: int, *extra: str) -> list[str]:
    args = [sys.executable, "-m", "boldly", "run", "-s", str(LAB), "--epochs", str(epochs)]
    for model in models:
        args += ["--model", model]
    for condition in CONDITIONS:
        args += ["-c", condition]
    return [*args, "--log-dir", log_dir, "--display", "none", *extra]


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, env=environment(), cwd=cwd, capture_output=True, text=True, timeout=300)


def results(log_dir: Path) -> dict[tuple[str, str, int], RolloutRecord]:
    rollouts = read_rollouts([log_dir], transcripts=False).rollouts
    keys = Counter((r.model, r.variant, r.epoch) for r in rollouts)
    assert [key for key, count in keys.items() if count > 1] == [], "a rollout is in the results twice"
    return {(r.model, r.variant, r.epoch): r for r in rollouts}


def scored(record: RolloutRecord) -> tuple[object, ...]:
    outcomes = {name: (o.attempted, o.executed, o.first_turn) for name, o in record.outcomes.items()}
    return record.status, outcomes, record.task_completed, record.tool_calls


def test_shares_are_disjoint_balanced_and_connections_add_up_to_the_total() -> None:
    tasks = [ShardTask(f"t{i}", None, "h", rollouts=r) for i, r in enumerate([4, 4, 3, 3, 2, 2])]
    shares = divide(tasks, 3)
    assert sorted(t.identifier for share in shares for t in share) == sorted(t.identifier for t in tasks)
    assert sorted(sum(t.rollouts for t in share) for share in shares) == [6, 6, 6]
    assert len(divide(tasks[:2], 8)) == 2
    assert split_connections(10, 4) == [3, 3, 2, 2]
    assert split_connections(3, 8) == [1, 1, 1]
    assert split_connections(None, 2) == [None, None]


def test_two_workers_score_exactly_as_one_process_and_a_rerun_runs_nothing(tmp_path: Path) -> None:
    models = ["boldly/email-whistleblower", "boldly/compliant"]
    single = run(boldly_run(str(tmp_path / "single"), models, 2), tmp_path)
    assert single.returncode == 0, single.stdout + single.stderr
    sharded_dir = (tmp_path / "sharded").as_uri()  # a file:// URL, as Inspect's fsspec storage takes
    sharded = run(boldly_run(sharded_dir, models, 2, "--workers", "2"), tmp_path)
    assert sharded.returncode == 0, sharded.stdout + sharded.stderr
    assert "2 workers" in sharded.stdout

    expected, found = results(tmp_path / "single"), results(tmp_path / "sharded")
    assert len(expected) == len(CONDITIONS) * len(models) * 2
    assert sorted(found) == sorted(expected)
    assert {key: scored(r) for key, r in found.items()} == {key: scored(r) for key, r in expected.items()}
    assert len({r.log for r in found.values()}) == len(CONDITIONS) * len(models)  # one log per task

    logs = sorted(p.name for p in (tmp_path / "sharded").glob("*.eval"))
    again = run(boldly_run(sharded_dir, models, 2, "--workers", "2"), tmp_path)
    assert again.returncode == 0, again.stdout + again.stderr
    assert sorted(p.name for p in (tmp_path / "sharded").glob("*.eval")) == logs


@pytest.mark.slow
def test_a_killed_worker_is_replaced_and_the_connection_cap_holds_across_workers(tmp_path: Path) -> None:
    calls = tmp_path / "calls.txt"
    model = f"boldly-slow/email-whistleblower?seconds=0.25&calls={calls}"
    log_dir = tmp_path / "logs"
    args = boldly_run(str(log_dir), [model], 3, "--workers", "2", "--max-connections", "3")
    coordinator = subprocess.Popen(args, env=environment(), cwd=tmp_path, stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not calls.exists() or len(calls.read_text().splitlines()) < 20:
        assert coordinator.poll() is None, coordinator.communicate()[0]
        assert time.monotonic() < deadline, "the workers did not get going"
        time.sleep(0.2)
    workers = psutil.Process(coordinator.pid).children()
    assert len(workers) == 2
    workers[0].kill()  # SIGKILL, mid-run
    output, _ = coordinator.communicate(timeout=300)
    assert coordinator.returncode == 0, output

    found = results(log_dir)
    assert len(found) == len(CONDITIONS) * 3 and all(r.scored for r in found.values())
    lines = calls.read_text().splitlines()
    assert most_at_once(lines) <= 3
    assert len({line.split()[2] for line in lines}) >= 3  # two workers, then the one that took over

    again = run(args, tmp_path)
    assert again.returncode == 0, again.stdout + again.stderr
    assert len(calls.read_text().splitlines()) == len(lines), "a finished rollout was run again"
