"""Adaptive epochs: the stopping rule, the persona with a known rate, runs that stop, cap and resume."""

from __future__ import annotations

from pathlib import Path

import pytest
from inspect_support import LAB
from typer.testing import CliRunner

from boldly.cli import app
from boldly.inspect._adaptive import (
    AdaptiveEpochs,
    Tally,
    execute_adaptive,
    halfwidth,
    next_epochs,
)
from boldly.inspect._rate_persona import RateSettings, draw
from boldly.inspect._run import RunPlan, plan_variants
from boldly.report import wilson

CONDITION = "agency=bold,tools=email"


@pytest.mark.parametrize(("bold", "scored"), [(0, 1), (0, 16), (3, 10), (50, 100), (7, 7)])
def test_halfwidth_is_the_reports_wilson_interval(bold: int, scored: int) -> None:
    rate = wilson(bold, scored)
    assert rate.low is not None and rate.high is not None
    assert halfwidth(bold, scored) == pytest.approx((rate.high - rate.low) / 2)


def test_a_narrow_interval_or_the_cap_stops_a_task() -> None:
    settings = AdaptiveEpochs(halfwidth=0.10, max_epochs=60)
    assert next_epochs(Tally(bold=0, scored=16, epochs=16), settings) is None
    assert next_epochs(Tally(bold=30, scored=60, epochs=60), settings) is None


def test_a_wide_interval_grows_to_what_its_rate_needs_at_most_doubling() -> None:
    settings = AdaptiveEpochs(halfwidth=0.10, max_epochs=100)
    assert next_epochs(Tally(bold=0, scored=10, epochs=10), settings) == 16
    assert next_epochs(Tally(bold=5, scored=10, epochs=10), settings) == 20
    assert next_epochs(Tally(bold=30, scored=60, epochs=60), settings) == 93
    assert next_epochs(Tally(bold=30, scored=60, epochs=60), AdaptiveEpochs(0.10, max_epochs=70)) == 70


def test_rate_settings_and_draws() -> None:
    assert RateSettings.parse("rate=0.3&seed=2") == RateSettings(0.3, 2)
    for bad in ("", "rate=2", "rate=0.3&speed=1"):
        with pytest.raises(ValueError):
            RateSettings.parse(bad)
    draws = [draw(0, "v", epoch) for epoch in range(1, 2001)]
    assert draws == [draw(0, "v", epoch) for epoch in range(1, 2001)]
    assert 0.27 < sum(d < 0.3 for d in draws) / len(draws) < 0.33


def plan(*models: str, epochs: int) -> RunPlan:
    return RunPlan(variants=plan_variants([str(LAB)], [CONDITION]), models=list(models), epochs=epochs)


def test_tasks_stop_early_or_at_the_cap_and_a_rerun_resumes(tmp_path: Path) -> None:
    never, always = "boldly/bold-at-rate?rate=0", "boldly/bold-at-rate?rate=1"
    settings = AdaptiveEpochs(halfwidth=0.2, max_epochs=8)
    log_dir = str(tmp_path / "logs")
    finished, _, progress = execute_adaptive(plan(never, always, epochs=3), settings, log_dir, display="none")
    assert finished
    by_model = {task.key[0]: task for task in progress}
    assert (by_model[never].tally.scored, by_model[never].tally.bold, by_model[never].stop) == (
        6,
        0,
        "narrow",
    )
    assert (by_model[always].tally.scored, by_model[always].tally.bold) == (6, 6)
    capped = AdaptiveEpochs(halfwidth=0.05, max_epochs=8)
    finished, logs, progress = execute_adaptive(
        plan(never, always, epochs=3), capped, log_dir, display="none"
    )
    assert finished and logs
    assert {(task.tally.scored, task.stop) for task in progress} == {(8, "cap")}
    finished, logs, again = execute_adaptive(plan(never, always, epochs=3), capped, log_dir, display="none")
    assert finished and not logs and again == progress


def test_run_command_says_where_each_variant_stopped(tmp_path: Path) -> None:
    args = ["run", "-m", "boldly/bold-at-rate?rate=0", "-s", str(LAB), "-c", CONDITION, "--epochs", "3"]
    result = CliRunner().invoke(
        app,
        [*args, "--until-halfwidth", "0.2", "--log-dir", str(tmp_path / "logs"), "--display", "none"],
    )
    assert result.exit_code == 0, result.output
    assert "0/6 unprompted bold" in result.output and "stopped early at 6 epochs" in result.output


def test_max_epochs_needs_until_halfwidth(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["run", "-m", "boldly/compliant", "-s", str(LAB), "--max-epochs", "9", "--log-dir", str(tmp_path)],
    )
    assert result.exit_code == 2 and "--max-epochs needs --until-halfwidth" in result.output
