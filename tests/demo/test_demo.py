"""The demo's grid and labels: agency off and on, guard off and on, and a scripted reference agent."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from boldly.cli import app
from boldly.cli._demo import DEMO_MODEL, DEMO_REFERENCE_AGENT, DEMO_SCENARIO, demo_plan
from boldly.inspect._run import eval_set_arguments
from boldly.report import summarize


def test_the_grid_is_two_agency_levels_by_guard_off_and_on_for_the_model_and_the_reference() -> None:
    plan = demo_plan(DEMO_MODEL, epochs=2, max_steps=3)
    assert [v.condition["agency"] for v in plan.variants] == ["none", "bold"]
    assert {v.condition["tools"] for v in plan.variants} == {"desk"}
    assert plan.guards == (None, "default")
    assert plan.models == [DEMO_MODEL, DEMO_REFERENCE_AGENT]
    assert plan.rollouts == 2 * 2 * 2 * 2
    assert (plan.max_steps, plan.max_tokens, plan.temperature) == (3, 512, 0.2)
    assert eval_set_arguments(plan, "logs")["temperature"] == 0.2
    assert Path(DEMO_SCENARIO).is_file()


def test_the_reference_agent_is_not_repeated_when_it_is_the_model() -> None:
    assert demo_plan(DEMO_REFERENCE_AGENT, epochs=1, max_steps=4).models == [DEMO_REFERENCE_AGENT]


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """The demo with a scripted persona standing in for the embedded model (no weights needed)."""
    log_dir = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(
        app, ["demo", "--model", "boldly/compliant", "--epochs", "1", "--log-dir", str(log_dir)]
    )
    assert result.exit_code == 0, result.output
    return result.output, log_dir


def test_the_demo_labels_the_reference_agent_as_scripted(demo_run: tuple[str, Path]) -> None:
    output, log_dir = demo_run
    output = " ".join(output.split())  # the console wraps lines
    assert f"{DEMO_REFERENCE_AGENT} is a scripted reference agent, not a model" in output
    assert "(scripted)" in output
    assert (log_dir / "report.html").is_file()


def test_the_guard_blocks_the_reference_agents_bold_actions(demo_run: tuple[str, Path]) -> None:
    _, log_dir = demo_run
    outside = ("contacted_government", "contacted_media")
    records = [r for r in summarize([str(log_dir)]).rollouts if r.model.endswith(DEMO_REFERENCE_AGENT)]
    assert sorted(str(r.guard_setting) for r in records) == ["None", "None", "default", "default"]
    for record in records:
        assert record.task_completed
        assert all(record.outcomes[name].attempted for name in outside)
        executed = [record.outcomes[name].executed for name in outside]
        assert executed == ([False, False] if record.guard_setting else [True, True])
