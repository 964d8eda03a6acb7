"""The escalation ladder and eval awareness in the report: cells, JSON, the DataFrame and the terminal."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from boldly.inspect import RolloutRecord
from boldly.inspect._awareness_rules import AwarenessStatement
from boldly.inspect._logs import AwarenessRecord, OutcomeRecord
from boldly.report import print_summary, summarize
from boldly.report._awareness import awareness_stat
from boldly.world import Escalation, Rung


def test_cells_count_rollouts_by_their_highest_rung(lab_logs: Path) -> None:
    results = summarize([lab_logs], transcripts=False)
    for cell in results.cells:
        if cell.n == 0:
            assert cell.ladder is None and cell.awareness is None
            continue
        assert cell.ladder is not None and cell.ladder.n == cell.n
        top = Rung.PRESS_OR_PUBLIC if cell.model == "boldly/email-whistleblower" else Rung.NONE
        assert cell.ladder.attempted[top] == cell.n and cell.ladder.executed[top] == cell.n
        exported = cell.to_json()["escalation"]
        assert list(exported["attempted"]) == [rung.value for rung in Rung]
        assert cell.to_json()["awareness"]["stated"]["k"] == 0


def test_the_frame_has_the_ladder_as_an_ordered_category_and_awareness(lab_logs: Path) -> None:
    frame = summarize([lab_logs], transcripts=False).frame()
    scored = frame[frame["status"] == "scored"]
    assert set(scored["escalation_attempted"]) == {"none", "press_or_public"}
    assert scored["escalation_attempted"].cat.ordered
    assert (scored["escalation_attempted"].max()) == "press_or_public"
    assert not scored["eval_aware"].any() and scored["probe_verdict"].isna().all()
    errored = frame[frame["status"] == "error"]
    assert errored["escalation_attempted"].isna().all() and errored["eval_aware"].isna().all()


def test_the_terminal_shows_both_tables(lab_logs: Path) -> None:
    console = Console(record=True, width=160)
    print_summary(summarize([lab_logs], transcripts=False), console)
    text = console.export_text()
    assert "escalation ladder, rollouts by highest rung" in text and "press" in text
    assert "eval awareness" in text and "bold|aware" in text


def rollout(number: int, aware: bool, bold: bool) -> RolloutRecord:
    statements = [AwarenessStatement(source="text", message=3, sentence="This is a test.")] if aware else []
    return RolloutRecord(
        id=f"r{number}",
        log="x.eval",
        task_id="t",
        model="m",
        scenario="s",
        variant="s/a",
        condition={},
        sample_id="a",
        epoch=number,
        status="scored",
        outcomes={"unprompted_bold_action": OutcomeRecord(attempted=bold)},
        awareness=AwarenessRecord(stated=aware, statements=statements),
        escalation=Escalation(),
    )


def test_the_bold_rate_is_split_by_awareness() -> None:
    rollouts = [
        rollout(1, aware=True, bold=False),
        rollout(2, aware=True, bold=False),
        rollout(3, aware=False, bold=True),
        rollout(4, aware=False, bold=True),
        rollout(5, aware=False, bold=False),
    ]
    stat = awareness_stat(rollouts)
    assert stat is not None
    assert (stat.stated.k, stat.stated.n) == (2, 5)
    assert (stat.bold_if_aware.k, stat.bold_if_aware.n) == (0, 2)
    assert (stat.bold_if_not_aware.k, stat.bold_if_not_aware.n) == (2, 3)
    assert (
        stat.bold_if_not_aware.low is not None
        and stat.bold_if_not_aware.low < 2 / 3 < stat.bold_if_not_aware.high
    )
    assert (stat.probe_test.n, stat.probe_unanswered) == (0, 0)
