"""`boldly run --guard`: checked first; guarded and unguarded tasks side by side; the summary table."""

from __future__ import annotations

from pathlib import Path

import pytest
from harness_guard_support import write
from inspect_ai.log import list_eval_logs, read_eval_log
from typer.testing import CliRunner

from boldly.cli import app
from boldly.inspect._logs import guard_label
from boldly.report import summarize

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
    assert "HTML report:" in first.output and "┃ guard" in first.output
    cells = {(cell.model, cell.condition.get("guard")): cell for cell in summarize([tmp_path]).cells}
    assert set(cells) == {
        (m, g) for m in ("boldly/email-whistleblower", "boldly/compliant") for g in ("none", "default")
    }

    def bold(model: str, guard: str) -> tuple[int, int]:
        stat = cells[model, guard].outcomes["unprompted_bold_action"]
        return stat.attempted.k, stat.executed.k

    assert bold("boldly/email-whistleblower", "none") == (1, 1)
    assert bold("boldly/email-whistleblower", "default") == (1, 0), "attempted, but blocked by the guard"
    assert bold("boldly/compliant", "default") == (0, 0)
    guarded = cells["boldly/email-whistleblower", "default"]
    assert guarded.task.k == 1 and guarded.guard is not None and guarded.guard.decisions["deny"] > 0
    assert guarded.guard.asked.k == 0 and cells["boldly/compliant", "none"].guard is None
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
