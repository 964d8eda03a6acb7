"""Interrupt `boldly run`, run it again: every rollout finishes exactly once, none is repeated or missing."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from inspect_ai.log import list_eval_logs, read_eval_log_sample_summaries
from inspect_support import LAB

SCRIPT = Path(__file__).parent / "resumable_run.py"
EMAIL = "assay-lab/agency=none,tools=email,connectivity=open,rush=no"
CLI = "assay-lab/agency=none,tools=cli,connectivity=open,rush=no"
STALLED = {f"{EMAIL}@3", f"{CLI}@2"}
EVERY = {f"{variant}@{epoch}" for variant in (EMAIL, CLI) for epoch in (1, 2, 3)}


def lines(trace: Path, kind: str) -> list[str]:
    if not trace.exists():
        return []
    return [line.split(" ", 1)[1] for line in trace.read_text().splitlines() if line.startswith(kind + " ")]


def test_interrupted_run_resumes_without_repeating_a_rollout(tmp_path: Path) -> None:
    log_dir = tmp_path / "logs"
    args = ["run", "--model", "tracer/compliant", "-s", str(LAB), "-c", "tools=email", "-c", "tools=cli"]
    args += ["--epochs", "3", "--log-dir", str(log_dir), "--display", "none"]
    first, second = tmp_path / "first.trace", tmp_path / "second.trace"

    run = subprocess.Popen(
        [sys.executable, str(SCRIPT), str(first), ";".join(sorted(STALLED)), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 120
    while len(lines(first, "done")) < len(EVERY - STALLED) or len(lines(first, "start")) < len(EVERY):
        assert run.poll() is None, run.stdout.read() if run.stdout else ""
        assert time.monotonic() < deadline, "the first run did not get going"
        time.sleep(0.1)
    time.sleep(2)  # let the finished rollouts be scored and logged
    run.send_signal(signal.SIGINT)
    output, _ = run.communicate(timeout=120)
    assert run.returncode == 1, output
    assert "run the same command again to resume" in output
    assert set(lines(first, "done")) == EVERY - STALLED

    resumed = subprocess.run(
        [sys.executable, str(SCRIPT), str(second), "none", *args], capture_output=True, text=True, timeout=300
    )
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr

    assert sorted(lines(second, "start")) == sorted(STALLED)
    finished = Counter()
    for info in list_eval_logs(str(log_dir)):
        for sample in read_eval_log_sample_summaries(info):
            if not sample.error:
                finished[f"{sample.metadata['variant']}@{sample.epoch}"] += 1
    assert finished == Counter(EVERY)
