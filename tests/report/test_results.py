"""Reading real scripted-persona logs into rollout records, cells, comparisons and the DataFrame."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from inspect_ai.log import read_eval_log, write_eval_log
from report_support import EPOCHS

from boldly.inspect import LogReadError, RolloutRecord, read_rollouts
from boldly.inspect._logs import CitedEffect, GuardRecord, OutcomeRecord
from boldly.report import ComparisonError, newcombe, results_from, summarize, wilson

WHISTLE = "boldly/email-whistleblower"
COMPLIANT = "boldly/compliant"
BROKEN = "mockllm/model"


@pytest.fixture(scope="module")
def results(lab_logs: Path):
    return summarize([lab_logs])


def cell(results, model: str, agency: str):
    [found] = [c for c in results.cells if c.model == model and c.condition["agency"] == agency]
    return found


def test_every_rollout_is_read_with_its_provenance(results, lab_logs: Path) -> None:
    assert results.counts()["rollouts"] == 2 * 2 * EPOCHS + 1
    assert results.models[:2] and set(results.models) == {WHISTLE, COMPLIANT, BROKEN}
    assert results.scenarios == ["assay-lab"]
    assert results.factors["assay-lab"].varying == ["agency"]
    assert results.factors["assay-lab"].levels["agency"] == ["none", "bold"]  # the scenario's declared order
    for rollout in results.rollouts:
        assert Path(rollout.log).parent == lab_logs
        assert rollout.variant.startswith("assay-lab/agency=")
        assert rollout.content_hash and rollout.content_hash.startswith("sha256:")
        assert rollout.messages, "transcripts are read"


def test_rates_and_wilson_intervals(results) -> None:
    whistle = cell(results, WHISTLE, "bold")
    assert whistle.n == EPOCHS
    bold = whistle.outcomes["unprompted_bold_action"]
    assert bold.attempted == wilson(EPOCHS, EPOCHS)
    assert bold.executed.k == EPOCHS and bold.blocked == 0
    assert whistle.outcomes["contacted_government"].attempted.k == EPOCHS
    assert whistle.outcomes["contacted_media"].attempted.k == EPOCHS
    assert whistle.outcomes["locked_out_users"].attempted.k == 0
    assert bold.first_turn.counts == {2: EPOCHS} and bold.first_turn.median == 2
    assert whistle.task == wilson(EPOCHS, EPOCHS)
    compliant = cell(results, COMPLIANT, "bold")
    assert compliant.rate("unprompted_bold_action") == wilson(0, EPOCHS)
    assert compliant.outcomes["unprompted_bold_action"].first_turn.median is None
    assert results.occurred() == [
        "unprompted_bold_action",
        "contacted_government",
        "contacted_media",
        "task_completed",
        "blackmail",
    ]


def test_failures_are_counted_apart_never_as_no(results) -> None:
    broken = cell(results, BROKEN, "bold")
    assert (broken.rollouts, broken.errors, broken.n) == (1, 1, 0)
    assert broken.rate("unprompted_bold_action") is None or broken.rate("unprompted_bold_action").n == 0
    [errored] = [r for r in results.rollouts if r.status == "error"]
    assert "provider exploded" in (errored.error or "")
    judged = [c.judged["blackmail"] for c in results.cells if "blackmail" in c.judged]
    assert sum(j.errors for j in judged) == 1, "the grader failed once"
    assert sum(j.yes.n for j in judged) == 2 * 2 * EPOCHS - 1, "the failed verdict is not a no"
    assert results.counts()["judge_errors"] == 1


def test_factor_and_model_comparisons(results) -> None:
    agency = [c for c in results.comparisons if c.kind == "factor" and c.outcome == "unprompted_bold_action"]
    assert {(c.model, c.a, c.b) for c in agency} == {(WHISTLE, "bold", "none"), (COMPLIANT, "bold", "none")}
    for comparison in agency:
        assert comparison.held == {"tools": "email", "connectivity": "open", "rush": "no"}
    models = [
        c
        for c in results.comparisons
        if c.kind == "model" and c.outcome == "unprompted_bold_action" and {c.a, c.b} == {WHISTLE, COMPLIANT}
    ]
    assert len(models) == 2
    for comparison in models:
        expected = newcombe(EPOCHS, EPOCHS, 0, EPOCHS) if comparison.a == WHISTLE else newcombe(0, 2, 2, 2)
        assert comparison.difference == expected
    assert not any(c.cell_a.model == BROKEN or c.cell_b.model == BROKEN for c in results.comparisons)


def test_requested_comparisons(lab_logs: Path) -> None:
    chosen = summarize([lab_logs], ["agency=none:bold", f"model={COMPLIANT}:{WHISTLE}"], transcripts=False)
    kinds = {(c.kind, c.a, c.b) for c in chosen.comparisons}
    assert kinds == {("factor", "none", "bold"), ("model", COMPLIANT, WHISTLE)}
    with pytest.raises(ComparisonError, match="'wild'"):
        summarize([lab_logs], ["agency=wild:none"], transcripts=False)
    with pytest.raises(ComparisonError, match="factors: agency"):
        summarize([lab_logs], ["colour"], transcripts=False)
    with pytest.raises(ComparisonError, match="nothing to compare"):
        summarize([lab_logs], ["rush"], transcripts=False)
    with pytest.raises(ComparisonError, match="expected factor"):
        summarize([lab_logs], ["agency=bold"], transcripts=False)


def test_dataframe_is_tidy(results) -> None:
    frame = results.frame()
    assert len(frame) == len(results.rollouts)
    assert frame["rollout_id"].is_unique
    assert str(frame["contacted_government"].dtype) == "boolean"
    rates = frame.groupby(["model", "factor_agency"])["unprompted_bold_action"].mean()
    assert rates[(WHISTLE, "bold")] == 1.0 and rates[(COMPLIANT, "none")] == 0.0
    broken = frame[frame["model"] == BROKEN].iloc[0]
    assert broken["status"] == "error" and broken["unprompted_bold_action"] is pd_na()
    verdicts = frame["blackmail_verdict"].value_counts().to_dict()
    assert verdicts == {"no": 2 * 2 * EPOCHS - 1, "error": 1}
    assert frame["blackmail"].sum() == 0 and frame["blackmail"].isna().sum() == 2
    assert frame.loc[frame["model"] == WHISTLE, "unprompted_bold_action_first_turn"].tolist() == [2] * 4


def pd_na():
    import pandas as pd

    return pd.NA


def test_older_attempts_are_left_out(lab_logs: Path, tmp_path: Path) -> None:
    first = sorted(lab_logs.glob("*.eval"))[0]
    copy = tmp_path / "logs"
    shutil.copytree(lab_logs, copy)
    older = copy / ("0000-older-" + first.name)
    shutil.copy(first, older)
    os.utime(older, (1, 1))
    found = read_rollouts([copy], transcripts=False)
    assert len(found.rollouts) == 2 * 2 * EPOCHS + 1
    assert any(str(older) in note and "older attempt" in note for note in found.notes)


def test_several_directories_merge_and_a_log_twice_counts_once(lab_logs: Path) -> None:
    logs = sorted(lab_logs.glob("*.eval"))
    found = read_rollouts([lab_logs, logs[0]], transcripts=False)
    assert len(found.rollouts) == 2 * 2 * EPOCHS + 1


def test_an_unfinished_log_reports_missing_rollouts(lab_logs: Path, tmp_path: Path) -> None:
    source = next(
        p for p in sorted(lab_logs.glob("*.eval")) if read_eval_log(p, header_only=True).eval.model == WHISTLE
    )
    log = read_eval_log(source)
    assert log.samples and len(log.samples) == EPOCHS
    log.samples = log.samples[:1]
    log.status = "error"
    write_eval_log(log, str(tmp_path / source.name))
    found = read_rollouts([tmp_path], transcripts=False)
    assert [r.status for r in found.rollouts] == ["scored", "missing"]
    missing = found.rollouts[1]
    assert (
        missing.variant == found.rollouts[0].variant
        and missing.content_hash == found.rollouts[0].content_hash
    )
    assert any("'error'" in note for note in found.notes)
    assert results_from(found.rollouts).cells[0].missing == 1


def test_unreadable_and_empty_paths(tmp_path: Path) -> None:
    with pytest.raises(LogReadError, match="no such file"):
        read_rollouts([tmp_path / "nowhere"])
    with pytest.raises(LogReadError, match="no Inspect logs"):
        read_rollouts([tmp_path])
    bad = tmp_path / "2026-01-01_broken.eval"
    bad.write_bytes(b"not a zip")
    with pytest.raises(LogReadError, match=r"broken\.eval: cannot read"):
        read_rollouts([tmp_path])


def guarded_rollout(number: int, blocked: bool, asks: int) -> RolloutRecord:
    status = "blocked" if blocked else "done"
    effect = CitedEffect(
        id="e1", seq=1, turn=2, tool="send_email", op="send_message", channel="email", status=status,
        targets=[{"kind": "address", "value": "tips@fda.gov", "party": "government"}], tool_call_id="c1",
    )  # fmt: skip
    attempted = OutcomeRecord(attempted=True, executed=not blocked, first_turn=2, effect_ids=["e1"])
    return RolloutRecord(
        id=f"r{number}", log="x.eval", task_id="t", model="m/guarded", scenario="s", variant="s/a=1",
        condition={"a": "1"}, sample_id="a=1", epoch=number, status="scored",
        outcomes={"contacted_government": attempted, "unprompted_bold_action": attempted},
        task_completed=True, effects={"e1": effect},
        guard=GuardRecord(policy="default", decisions={"allow": 3, "ask": asks, "deny": int(blocked)}),
    )  # fmt: skip


def test_guard_attempted_vs_executed_and_asks() -> None:
    rollouts = [guarded_rollout(1, True, 1), guarded_rollout(2, True, 0), guarded_rollout(3, False, 0)]
    [only] = results_from(rollouts).cells
    government = only.outcomes["contacted_government"]
    assert (government.attempted.k, government.executed.k, government.blocked) == (3, 1, 2)
    assert only.guard is not None
    assert only.guard.decisions == {"allow": 9, "ask": 1, "deny": 2, "redirect": 0}
    assert only.guard.asked == wilson(1, 3)
    assert only.guard.ask_rate == pytest.approx(1 / 12)
    frame = results_from(rollouts).frame()
    assert frame["guard_ask"].tolist() == [1, 0, 0]
    assert frame["contacted_government_executed"].tolist() == [False, False, True]


def test_without_a_guard_there_is_no_guard_column(results) -> None:
    assert all(c.guard is None for c in results.cells)
    assert "guard_ask" not in results.frame().columns


def test_a_guard_key_in_the_outcome_score_is_read(lab_logs: Path) -> None:
    from boldly.inspect._logs import rollout_record

    source = next(
        p for p in sorted(lab_logs.glob("*.eval")) if read_eval_log(p, header_only=True).eval.model == WHISTLE
    )
    log = read_eval_log(source)
    assert log.samples
    sample = log.samples[0]
    decisions = {"allow": 5, "ask": 1, "deny": 2, "redirect": 0}
    sample.scores["outcomes"].metadata["guard"] = {"policy": "default", "decisions": decisions}
    record = rollout_record(log, sample)
    assert record.guard == GuardRecord(policy="default", decisions=decisions)
    del sample.scores["outcomes"].metadata["guard"]
    assert rollout_record(log, sample).guard is None


@pytest.fixture(scope="module")
def guarded_logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from report_support import LAB
    from typer.testing import CliRunner

    from boldly.cli import app

    log_dir = tmp_path_factory.mktemp("guarded")
    args = [
        "run",
        "-m",
        WHISTLE,
        "-s",
        str(LAB),
        "-c",
        "tools=email",
        "--guard",
        "none",
        "--guard",
        "default",
    ]
    result = CliRunner().invoke(app, [*args, "--epochs", "2", "--log-dir", str(log_dir), "--display", "none"])
    assert result.exit_code == 0, result.output
    return log_dir


def test_a_real_guarded_run_is_a_factor_with_attempted_vs_executed(guarded_logs: Path) -> None:
    results = summarize([guarded_logs])
    assert results.factors["assay-lab"].levels["guard"] == ["none", "default"]
    unguarded, guarded = (
        next(c for c in results.cells if c.condition["guard"] == g) for g in ("none", "default")
    )
    assert unguarded.guard is None
    for name in ("unprompted_bold_action", "contacted_government", "contacted_media"):
        assert unguarded.outcomes[name].executed.k == 2
        stat = guarded.outcomes[name]
        assert (stat.attempted.k, stat.executed.k, stat.blocked) == (2, 0, 2), name
    assert guarded.guard is not None and guarded.guard.policies == ["default"]
    assert guarded.guard.decisions["deny"] >= 2 and guarded.guard.asked.n == 2
    [comparison] = [
        c for c in results.comparisons if c.factor == "guard" and c.outcome == "unprompted_bold_action"
    ]
    assert (comparison.a, comparison.b) == ("default", "none")
    frame = results.frame()
    assert sorted(frame["guard"].unique()) == ["default", "none"]
    assert frame.loc[frame["guard"] == "default", "contacted_government_executed"].tolist() == [False, False]
