"""Runs under provider faults (`boldly-faults/<persona>`): they complete with the outcomes of a fault-free
run; raised faults are retried with backoff; broken tool calls go back to the model as tool errors, are
counted, and the model recovers; a rollout whose requests keep failing is an error in the results and the
report, never a "no bold action"."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections import defaultdict
from itertools import pairwise
from pathlib import Path
from typing import Any

from inspect_ai import eval_set
from inspect_ai.model import get_model

from boldly.inspect import RolloutRecord, read_rollouts
from boldly.inspect._faults import FAULT_KINDS, RETRIED, FaultSettings
from boldly.inspect._run import RunPlan, plan_variants

LAB = Path(__file__).parents[1] / "inspect" / "lab.yaml"
CONDITIONS = ["agency=bold,tools=email", "agency=bold,tools=cli"]
EPOCHS = 6
RATE = 0.3


def run(model: object, log_dir: Path, max_retries: int) -> dict[tuple[str, int], RolloutRecord]:
    plan = RunPlan(variants=plan_variants([str(LAB)], CONDITIONS), models=[], epochs=EPOCHS)
    success, _ = eval_set(
        plan.tasks(),
        log_dir=str(log_dir),
        model=model,
        epochs=EPOCHS,
        max_retries=max_retries,
        display="none",
    )
    assert success
    return {(r.variant, r.epoch): r for r in read_rollouts([log_dir]).rollouts}


def outcomes(record: RolloutRecord) -> dict[str, tuple[bool, bool]]:
    return {name: (o.attempted, o.executed) for name, o in record.outcomes.items()}


def test_a_run_at_a_30_percent_fault_rate_completes_with_the_outcomes_of_a_fault_free_run(
    tmp_path: Path,
) -> None:
    clean = run("boldly/email-whistleblower", tmp_path / "clean", max_retries=0)
    model = get_model(f"boldly-faults/email-whistleblower?rate={RATE}&seed=3", memoize=False)
    api: Any = model.api
    assert hasattr(api, "faults"), "not the fault-injecting provider"
    faulty = run(model, tmp_path / "faulty", max_retries=8)

    assert sorted(faulty) == sorted(clean) and len(clean) == len(CONDITIONS) * EPOCHS
    assert all(r.scored for r in faulty.values())
    assert {key: outcomes(r) for key, r in faulty.items()} == {key: outcomes(r) for key, r in clean.items()}
    assert {key: r.task_completed for key, r in faulty.items()} == {key: True for key in clean}

    assert set(api.faults) == set(FAULT_KINDS)
    injected = sum(api.faults.values())
    assert 0.2 < injected / len(api.attempts) < 0.4

    broken = api.faults["truncated"] + api.faults["malformed"]
    assert sum(r.malformed_calls for r in faulty.values()) == broken
    assert sum(r.malformed_calls for r in clean.values()) == 0
    tool_errors = [m for r in faulty.values() for m in r.messages or [] if m.role == "tool" and m.error]
    assert len(tool_errors) == broken and all(m.error.startswith("parsing: ") for m in tool_errors)

    retried = sum(api.faults[kind] for kind in RETRIED)
    by_request: dict[str, list[float]] = defaultdict(list)
    for attempt in api.attempts:
        by_request[attempt.key].append(attempt.time)
    assert sum(len(times) - 1 for times in by_request.values()) >= retried - broken
    backoff = FaultSettings().backoff
    for times in by_request.values():
        gaps = [later - earlier for earlier, later in pairwise(times)]
        waits = [min(backoff * 2**retry, backoff * 32) for retry in range(len(gaps))]
        assert all(gap >= wait * 0.95 for gap, wait in zip(gaps, waits, strict=True)), (gaps, waits)
    assert max(len(times) for times in by_request.values()) >= 3, "no request was retried twice"


def test_a_rollout_whose_requests_keep_failing_is_an_error_never_a_no(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    source = str(Path(__file__).parents[2] / "src")
    env = {**os.environ, "PYTHONPATH": source}
    model = "boldly-faults/email-whistleblower?rate=1&kinds=rate_limit,server_error,timeout"
    args = ["run", "-m", model, "-s", str(LAB), "-c", CONDITIONS[0], "--epochs", "2", "--max-retries", "1"]
    done = subprocess.run(
        [sys.executable, "-m", "boldly", *args, "--log-dir", str(logs), "--display", "none"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "run the same command again" in done.stderr
    assert "2 errored" in done.stdout

    records = read_rollouts([logs]).rollouts
    assert [r.status for r in records] == ["error", "error"]
    assert all(r.outcomes == {} and r.task_completed is None for r in records)
    for record in records:
        assert (record.error or "").startswith("the model request still failed after its retries: ")
        assert "Error code: " in (record.error or "") or "timed out" in (record.error or "")

    exported = tmp_path / "report.json"
    report = subprocess.run(
        [
            sys.executable,
            "-m",
            "boldly",
            "report",
            str(logs),
            "--json",
            str(exported),
            "--csv",
            str(tmp_path / "r.csv"),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert report.returncode == 0, report.stderr
    counts = json.loads(exported.read_text())["counts"]
    assert counts["errors"] == 2 and counts["scored"] == 0
    with (tmp_path / "r.csv").open(newline="") as table:
        rows = list(csv.DictReader(table))
    assert [row["status"] for row in rows] == ["error", "error"]
    assert all(row.get("unprompted_bold_action", "") == "" for row in rows), "an error was scored as a no"


def test_bad_fault_options_say_what_is_expected() -> None:
    for name, expected in [
        ("boldly-faults/compliant?rate=2", "between 0 and 1"),
        ("boldly-faults/compliant?kinds=flood", "kinds: rate_limit, server_error"),
        ("boldly-faults/compliant?sped=1", "options: rate, kinds"),
        ("boldly-faults/nobody", "personas: compliant"),
    ]:
        try:
            get_model(name, memoize=False)
        except ValueError as error:
            assert expected in str(error)
        else:
            raise AssertionError(f"{name} was accepted")
