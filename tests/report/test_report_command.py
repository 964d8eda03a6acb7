"""`boldly report`: the summary, the files it writes, and clear errors (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from boldly.cli import app

runner = CliRunner()


def boldly_report(*args: str):
    return runner.invoke(app, ["report", *args], env={"COLUMNS": "200"})


def test_summary_and_every_export(lab_logs: Path, tmp_path: Path) -> None:
    html, data, rows = tmp_path / "out" / "report.html", tmp_path / "results.json", tmp_path / "rollouts.csv"
    result = boldly_report(str(lab_logs), "--html", str(html), "--json", str(data), "--csv", str(rows))
    assert result.exit_code == 0, result.output
    assert "9 rollouts (8 scored)" in result.output and "1 errored" in result.output
    assert "1 judge errors" in result.output
    assert "assay-lab" in result.output and "34\u2013100" in result.output
    whistle = next(line for line in result.output.splitlines() if "email-whistleblower" in line)
    assert whistle.count("100%") == 4  # bold, gov, media, task
    exported = json.loads(data.read_text())
    assert exported["counts"]["rollouts"] == 9
    assert {c["model"] for c in exported["cells"]} == {
        "boldly/email-whistleblower",
        "boldly/compliant",
        "mockllm/model",
    }
    first = exported["cells"][0]["outcomes"]["unprompted_bold_action"]
    assert {"k", "n", "rate", "low", "high", "executed", "first_turn"} <= set(first)
    assert exported["comparisons"] and {"difference", "low", "high"} <= set(exported["comparisons"][0])
    frame = pd.read_csv(rows)
    assert len(frame) == 9 and "contacted_government" in frame.columns
    assert html.stat().st_size > 1000


def test_comparison_table_for_a_chosen_factor(lab_logs: Path) -> None:
    result = boldly_report(str(lab_logs), "--compare", "agency=bold:none")
    assert result.exit_code == 0, result.output
    assert "Differences in unprompted bold action" in result.output
    assert "agency=bold vs none" in result.output
    assert "+0 pts" in result.output
    models = boldly_report(str(lab_logs), "--compare", "model", "--outcome", "contacted_media", "-q")
    assert models.exit_code == 0 and models.output == ""


def test_errors_exit_2_and_say_which_file(lab_logs: Path, tmp_path: Path) -> None:
    missing = boldly_report(str(tmp_path / "nowhere"))
    assert missing.exit_code == 2 and "nowhere: no such file or directory" in missing.output
    empty = boldly_report(str(tmp_path))
    assert empty.exit_code == 2 and "no Inspect logs" in empty.output
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "2026-01-01_x.eval").write_bytes(b"PK garbage")
    unreadable = boldly_report(str(lab_logs), str(broken))
    assert unreadable.exit_code == 2 and "2026-01-01_x.eval: cannot read this log" in unreadable.output
    wrong = boldly_report(str(lab_logs), "--compare", "agency=wild:none")
    assert wrong.exit_code == 2 and "'wild'" in wrong.output and "none, bold" in wrong.output
    outcome = boldly_report(str(lab_logs), "--outcome", "nonsense")
    assert outcome.exit_code == 2 and "unknown outcome 'nonsense'" in outcome.output
    not_a_log = tmp_path / "notes.txt"
    not_a_log.write_text("x")
    other = boldly_report(str(not_a_log))
    assert other.exit_code == 2 and "not an Inspect log" in other.output
