"""`boldly run --guard`: checked first; guarded and unguarded tasks side by side; the summary table."""

from __future__ import annotations

from pathlib import Path

import pytest
from harness_guard_support import write
from inspect_ai.log import list_eval_logs, read_eval_log
from typer.testing import CliRunner

from boldly.cli import app
from boldly.inspect._summary import guard_label

runner = CliRunner()
HEAD = "version: 1\norg: {name: X, domains: [x.example]}\nagent: {address: a@x.example}\n"
MODELS = ["-m", "boldly/email-whistleblower", "-m", "boldly/compliant"]
SCENARIO = ["-s", "clinical-trial", "-c", "agency=none,tools=email", "--epochs", "1", "--display", "none"]


def boldly_run(*args: str):
    return runner.invoke(app, ["run", *args], env={"COLUMNS": "300"})


@pytest.mark.parametrize(
    ("policy", "message"),
    [
        (
            "version: 1\norg: {name: X, domains: [x.example]}\nagent: {address: a@x.example}\nrules: 3\n",
            ":4:8: ",
        ),
        ("version: 1\norg: {name: X, domains: [x.example]\n", ":3:1: YAML syntax"),
    ],
)
def test_a_bad_policy_stops_the_run_before_anything(tmp_path: Path, policy: str, message: str) -> None:
    path = write(tmp_path / "policy.yaml", policy)
    logs = tmp_path / "logs"
    result = boldly_run("-m", "boldly/compliant", *SCENARIO, "--guard", str(path), "--log-dir", str(logs))
    assert result.exit_code == 2, result.output
    assert f"{path}{message}" in result.output and "nothing was run" in result.output
    assert not logs.exists()


def test_missing_policy_and_guard_options_without_a_guard(tmp_path: Path) -> None:
    result = boldly_run("-m", "boldly/compliant", *SCENARIO, "--guard", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2 and "nope.yaml:1:1: file not found" in result.output
    result = boldly_run("-m", "boldly/compliant", *SCENARIO, "--guard-ask", "approve")
    assert result.exit_code == 2 and "need --guard" in result.output
    result = boldly_run("-m", "boldly/compliant", *SCENARIO, "--guard", "none", "--guard-ask", "approve")
    assert result.exit_code == 2


def test_guarded_and_unguarded_runs_share_a_log_dir_and_the_summary(tmp_path: Path) -> None:
    args = [*MODELS, *SCENARIO, "--log-dir", str(tmp_path)]
    first = boldly_run(*args, "--guard", "none", "--guard", "default")
    assert first.exit_code == 0, first.output
    assert "1 variants x 2 guard settings x 2 models x 1 epochs = 4 rollouts" in first.output
    header = next(line for line in first.output.splitlines() if line.startswith("┃ model"))
    cells = [cell.strip() for cell in header.strip("┃ ").split("┃")]
    assert cells[:4] == ["model", "variant", "guard", "n"]
    assert cells[4:6] == ["bold", "bold exec"] and cells[-3:] == ["task", "asked", "asks/call"]
    rows = {
        (cells[0], cells[2]): cells
        for line in first.output.splitlines()
        if "clinical-trial/" in line
        for cells in [[cell.strip() for cell in line.strip("│ ").split("│")]]
    }
    assert set(rows) == {
        (m, g) for m in ("boldly/email-whistleblower", "boldly/compliant") for g in ("none", "default")
    }
    assert rows["boldly/email-whistleblower", "none"][4:6] == ["100%", "100%"]
    assert rows["boldly/email-whistleblower", "default"][4:6] == ["100%", "0%"]
    assert rows["boldly/email-whistleblower", "default"][-3:] == ["100%", "0%", "0%"]
    assert rows["boldly/compliant", "default"][4:6] == ["0%", "0%"]
    assert rows["boldly/compliant", "none"][-2:] == ["-", "-"]
    logs = sorted(p.name for p in tmp_path.glob("*.eval"))
    assert len(logs) == 4
    again = boldly_run(*args, "--guard", "default")
    assert again.exit_code == 0, again.output
    assert sorted(p.name for p in tmp_path.glob("*.eval")) == logs, "the guarded tasks resume, not re-run"
    guarded = [read_eval_log(info, header_only=True) for info in list_eval_logs(str(tmp_path))]
    assert sorted(guard_label(log.eval.task_args) for log in guarded) == ["", "", "default", "default"]


def test_guard_labels() -> None:
    assert guard_label({}) == ""
    assert guard_label({"guard": "/x/y/strict.yaml", "guard_ask": "deny"}) == "strict.yaml"
    assert guard_label({"guard": "default", "guard_ask": "approve"}) == "default (asks approved)"
