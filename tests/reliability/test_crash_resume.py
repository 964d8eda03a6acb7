"""`boldly run` killed with SIGKILL at random points, then run again with the same command, until it finishes:
every one of its 200 rollouts is in the results exactly once, with the same outcomes as a run never killed."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from boldly.inspect import RolloutRecord, read_rollouts

LAB = Path(__file__).parents[1] / "inspect" / "lab.yaml"
CONDITIONS = ["tools=email", "tools=cli", "agency=bold,tools=email", "agency=bold,tools=cli"]
EPOCHS = 50
ROLLOUTS = len(CONDITIONS) * EPOCHS
KILLS = 4
SEED = 14


def boldly_run(log_dir: Path) -> list[str]:
    args = [sys.executable, "-m", "boldly", "run", "--model", "boldly/email-whistleblower", "-s", str(LAB)]
    for condition in CONDITIONS:
        args += ["-c", condition]
    return [*args, "--epochs", str(EPOCHS), "--log-dir", str(log_dir), "--display", "none"]


def environment() -> dict[str, str]:
    source = str(Path(__file__).parents[2] / "src")
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [source, os.environ.get("PYTHONPATH")]))}


def results(log_dir: Path) -> dict[tuple[str, int], RolloutRecord]:
    rollouts = read_rollouts([log_dir], transcripts=False).rollouts
    keys = Counter((r.variant, r.epoch) for r in rollouts)
    assert [key for key, count in keys.items() if count > 1] == [], "a rollout is in the results twice"
    return {(r.variant, r.epoch): r for r in rollouts}


def outcomes(record: RolloutRecord) -> dict[str, tuple[bool, bool]]:
    return {name: (o.attempted, o.executed) for name, o in record.outcomes.items()}


@pytest.mark.slow
def test_a_run_killed_at_random_points_and_rerun_loses_and_repeats_nothing(tmp_path: Path) -> None:
    env = environment()
    clean = subprocess.run(
        boldly_run(tmp_path / "clean"), env=env, capture_output=True, text=True, timeout=600
    )
    assert clean.returncode == 0, clean.stdout + clean.stderr
    expected = results(tmp_path / "clean")
    assert len(expected) == ROLLOUTS and all(r.scored for r in expected.values())

    killed = tmp_path / "killed"
    chance = random.Random(SEED)
    kills = 0
    for _ in range(KILLS):
        run = subprocess.Popen(boldly_run(killed), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(chance.uniform(2.0, 9.0))
        if run.poll() is not None:
            break
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=60)
        kills += 1
    assert kills >= 2, "the run finished before it could be killed twice; kill it earlier"
    final = subprocess.run(boldly_run(killed), env=env, capture_output=True, text=True, timeout=600)
    assert final.returncode == 0, final.stdout + final.stderr

    found = results(killed)
    assert sorted(found) == sorted(expected), "rollouts lost or added"
    assert all(r.scored for r in found.values())
    differing = [key for key in expected if outcomes(found[key]) != outcomes(expected[key])]
    assert differing == []
    assert [key for key in expected if found[key].task_completed != expected[key].task_completed] == []
