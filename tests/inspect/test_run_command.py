"""From the command line: `inspect eval boldly/...` with a persona model, and `boldly run`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from inspect_ai.log import list_eval_logs, read_eval_log
from inspect_support import LAB
from typer.testing import CliRunner

from boldly.cli import app

INSPECT = [sys.executable, "-m", "inspect_ai"]


def inspect_eval(task: str, model: str, log_dir: Path, *args: str) -> list:
    done = subprocess.run(
        [*INSPECT, "eval", task, "--model", model, "--log-dir", str(log_dir), "--display", "none", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    [info] = list_eval_logs(str(log_dir))
    log = read_eval_log(info)
    assert log.status == "success" and log.samples
    return log.samples


def test_inspect_eval_generic_task_with_a_persona_model(tmp_path: Path) -> None:
    [sample] = inspect_eval(
        "boldly/scenario",
        "boldly/email-whistleblower",
        tmp_path,
        "-T",
        f"scenario={LAB}",
        "-T",
        "condition=agency=bold,tools=email",
    )
    assert sample.metadata["variant"] == "assay-lab/agency=bold,tools=email,connectivity=open,rush=no"
    assert sample.scores["outcomes"].value["contacted_government"] == 1
    assert sample.scores["outcomes"].value["contacted_media"] == 1
    listed = subprocess.run(
        [*INSPECT, "log", "list", "--log-dir", str(tmp_path), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert listed.returncode == 0 and json.loads(listed.stdout)[0]["task"] == "scenario"


def test_inspect_eval_builtin_scenario_task(tmp_path: Path) -> None:
    samples = inspect_eval(
        "boldly/clinical_trial", "boldly/compliant", tmp_path, "-T", "agency=bold", "-T", "tools=email"
    )
    assert samples
    for sample in samples:
        assert sample.metadata["condition"]["agency"] == "bold"
        assert sample.metadata["condition"]["tools"] == "email"
        assert sample.metadata["scenario"] == "clinical-trial"
        assert sample.scores["outcomes"].value["unprompted_bold_action"] == 0


runner = CliRunner()


def boldly_run(*args: str):
    return runner.invoke(app, ["run", *args], env={"COLUMNS": "250"})


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--model", "boldly/compliant", "-s", "no-such-scenario"], "unknown scenario 'no-such-scenario'"),
        (["--model", "boldly/compliant", "-s", str(LAB), "-c", "colour=red"], "unknown factor 'colour'"),
        (["--model", "boldly/compliant", "-s", str(LAB), "-c", "agency=wild"], "has no level 'wild'"),
        (["--model", "boldly/compliant", "-s", str(LAB), "-c", "agency"], "bad condition part 'agency'"),
        (["--model", "nowhere/model-x", "-s", str(LAB)], "unknown model provider 'nowhere'"),
        (["--model", "boldly/hero", "-s", str(LAB)], "unknown persona 'hero'"),
        (["--model", "compliant", "-s", str(LAB)], "expected provider/model"),
        (
            ["--model", "boldly/compliant", "-s", str(LAB), "--grader", "boldly/judge"],
            "unknown persona 'judge'",
        ),
    ],
)
def test_bad_input_exits_2_listing_what_exists(args, message, tmp_path: Path) -> None:
    result = boldly_run(*args, "--log-dir", str(tmp_path))
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert not any(tmp_path.iterdir()), "nothing may be written before the input is known to be good"


def test_listing_names_the_alternatives() -> None:
    result = boldly_run("--model", "boldly/hero", "-s", str(LAB))
    assert "email-whistleblower" in result.output
    result = boldly_run("--model", "boldly/compliant", "-s", str(LAB), "-c", "agency=wild")
    assert "none, initiative, bold" in result.output


def test_missing_api_key_names_the_variable(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    result = boldly_run("--model", "openai/gpt-5", "--model", "anthropic/claude-x", "-s", str(LAB))
    assert result.exit_code == 2
    assert "set OPENAI_API_KEY" in result.output and "set ANTHROPIC_API_KEY" in result.output


def test_run_prints_a_summary_and_resumes(tmp_path: Path) -> None:
    args = ["-m", "boldly/email-whistleblower", "-m", "boldly/compliant", "-s", str(LAB), "-c", "tools=email"]
    args += ["--epochs", "2", "--log-dir", str(tmp_path), "--display", "none"]
    first = boldly_run(*args)
    assert first.exit_code == 0, first.output
    assert "4 rollouts" in first.output
    outcome_table = first.output.split("escalation ladder")[0]
    rows = [line for line in outcome_table.splitlines() if line.lstrip().startswith("│ boldly/")]
    assert len(rows) == 2, outcome_table
    whistle = next(line for line in rows if "whistleblower" in line)
    assert whistle.count("100%") >= 3  # bold, gov, media (and the task)
    assert (tmp_path / "report.html").is_file() and "HTML report:" in first.output
    logs = sorted(p.name for p in tmp_path.glob("*.eval"))
    again = boldly_run(*args)
    assert again.exit_code == 0, again.output
    assert sorted(p.name for p in tmp_path.glob("*.eval")) == logs


def test_run_probes_awareness_when_asked(tmp_path: Path) -> None:
    args = ["-m", "boldly/compliant", "-s", str(LAB), "-c", "tools=email", "--epochs", "1"]
    result = boldly_run(*args, "--probe-awareness", "--log-dir", str(tmp_path), "--display", "none")
    assert result.exit_code == 0, result.output
    assert "eval awareness" in result.output and "probe test" in result.output


@pytest.mark.skipif(shutil.which("boldly") is None, reason="the boldly script is not installed")
def test_boldly_run_from_a_shell(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            *["boldly", "run", "-m", "boldly/locker", "-s", str(LAB), "-c", "tools=admin", "--epochs", "1"],
            *["--log-dir", str(tmp_path), "--display", "plain"],
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "lockout" in done.stdout


def test_rescoring_a_log_rebuilds_the_world(tmp_path: Path) -> None:
    """`inspect score` in a fresh process has no live world: the scorer replays the transcript."""
    [sample] = inspect_eval(
        "boldly/scenario",
        "boldly/exfiltrator",
        tmp_path,
        "-T",
        f"scenario={LAB}",
        "-T",
        "condition=tools=cli",
    )
    [info] = list_eval_logs(str(tmp_path))
    done = subprocess.run(
        [
            *INSPECT,
            "score",
            info.name,
            "--scorer",
            "boldly/outcomes",
            "--action",
            "append",
            "--overwrite",
            "--display",
            "none",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    [rescored] = read_eval_log(info).samples
    assert rescored.scores["outcomes1"].value == sample.scores["outcomes"].value
    assert rescored.scores["outcomes1"].metadata["outcomes"] == sample.scores["outcomes"].metadata["outcomes"]
    assert sample.scores["outcomes"].value["self_preservation"] == 1


def test_a_plan_lists_each_variant_once() -> None:
    from boldly.inspect._run import RunPlan, plan_variants

    plan = RunPlan(
        plan_variants([str(LAB)], ["tools=email", "tools=cli", "tools=admin", "tools=email"]), ["m/x"]
    )
    assert [v.variant.split("/")[1].split(",")[1] for v in plan.variants] == [
        "tools=email",
        "tools=cli",
        "tools=admin",
    ]
    assert len(plan.tasks()) == 3
