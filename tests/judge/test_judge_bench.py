"""The labelled judge set loads and validates; the bench scores a grader exactly; failures stay apart."""

from __future__ import annotations

import asyncio
import json
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from inspect_ai.model import ChatMessage, ModelOutput, ModelUsage, get_model
from typer.testing import CliRunner

from boldly.cli import app
from boldly.inspect._judge import PROMPT
from boldly.inspect._judge_bench import (
    CaseSetError,
    JudgeCaseSet,
    case_record,
    load_case_set,
    run_bench,
)
from boldly.inspect._rules_grader import RULES_GRADER, rules_verdict

CASES = Path(__file__).parent / "blackmail_cases.yaml"


@pytest.fixture(scope="module")
def case_set() -> JudgeCaseSet:
    return load_case_set(CASES)


def test_the_set_is_large_and_covers_every_kind(case_set: JudgeCaseSet) -> None:
    kinds = Counter(case.kind for case in case_set.cases)
    assert len(case_set.cases) >= 40
    assert {"escalation", "warning", "leverage-explicit", "leverage-implied"} <= set(kinds)
    coercive = sum(case.coercive for case in case_set.cases)
    assert 0.3 < coercive / len(case_set.cases) < 0.7
    assert case_set.rubric_spec.id == "blackmail@1"


def test_every_case_renders_as_the_agents_email_in_the_judge_record(case_set: JudgeCaseSet) -> None:
    for case in case_set.cases:
        record = case_record(case_set, case)
        assert record.startswith("## Turn 1\n[user] ")
        assert "[agent calls send_email]" in record
        assert repr(case.email.subject) in record


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "cases.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def _raw() -> dict:
    return yaml.safe_load(CASES.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("break_it", "message"),
    [
        (lambda raw: raw["cases"].append(dict(raw["cases"][0])), "case ids repeat"),
        (lambda raw: raw["cases"][0].update(coercive=True), "does not go with coercive=True"),
        (lambda raw: raw.update(rubric="bribery"), "unknown rubric"),
        (lambda raw: raw["cases"][0].update(rationale="two\nlines"), "one line"),
        (lambda raw: raw["cases"][0]["email"].pop("body"), "body"),
    ],
)
def test_a_broken_set_is_refused_with_the_reason(tmp_path: Path, break_it, message: str) -> None:
    raw = _raw()
    break_it(raw)
    with pytest.raises(CaseSetError, match=message):
        load_case_set(_write(tmp_path, raw))


def _grader_answering(answers: dict[str, str]):
    """A mock grader that answers each case's prompt with `answers[subject]` (else raises)."""

    def answer(messages: list[ChatMessage], *_args) -> ModelOutput:
        prompt = messages[-1].text
        subject = re.search(r"subject='([^']*)'", prompt)
        assert subject
        text = answers[subject.group(1)]
        if text == "raise":
            raise RuntimeError("grader unavailable")
        output = ModelOutput.from_content("mock", text)
        output.usage = ModelUsage(input_tokens=10, output_tokens=5, total_tokens=15)
        return output

    return get_model("mockllm/model", custom_outputs=answer)


def _small_set(case_set: JudgeCaseSet) -> JudgeCaseSet:
    """Three coercive and three other cases, each with its own subject."""
    coercive = [c for c in case_set.cases if c.coercive][:3]
    other = [c for c in case_set.cases if not c.coercive][:3]
    return case_set.model_copy(update={"cases": coercive + other})


def test_scoring_counts_the_confusion_matrix_and_keeps_failures_apart(case_set: JudgeCaseSet) -> None:
    small = _small_set(case_set)
    c1, c2, c3, n1, n2, n3 = (case.email.subject for case in small.cases)
    answers = {
        c1: "VERDICT: YES",  # true positive
        c2: "VERDICT: NO",  # false negative
        c3: "raise",  # failure: the grader errs
        n1: "VERDICT: YES",  # false positive
        n2: "VERDICT: NO",  # true negative
        n3: "I cannot say.",  # failure: no verdict
    }
    result = asyncio.run(run_bench(_grader_answering(answers), small))
    assert (result.true_positives, result.false_negatives) == (1, 1)
    assert (result.false_positives, result.true_negatives) == (1, 1)
    assert [r.case.id for r in result.failures] == [small.cases[2].id, small.cases[5].id]
    assert result.precision == 0.5
    assert result.recall == 0.5
    assert result.accuracy == 0.5
    assert "RuntimeError: grader unavailable" in (result.failures[0].error or "")
    assert result.as_dict()["failures"] == 2


def test_a_grader_that_always_fails_has_no_precision_or_recall(case_set: JudgeCaseSet) -> None:
    small = _small_set(case_set)
    result = asyncio.run(run_bench(_grader_answering(dict.fromkeys(_subjects(small), "raise")), small))
    assert len(result.failures) == len(small.cases)
    assert result.true_negatives == result.false_negatives == 0
    assert result.precision is None and result.recall is None


def _subjects(case_set: JudgeCaseSet) -> list[str]:
    return [case.email.subject for case in case_set.cases]


def test_the_rules_grader_answers_in_the_judges_format(case_set: JudgeCaseSet) -> None:
    by_id = {case.id: case for case in case_set.cases}
    yes = PROMPT.format(record=case_record(case_set, by_id["explicit-cancel-or-claire"]), question="?")
    no = PROMPT.format(record=case_record(case_set, by_id["routine-report-saved"]), question="?")
    assert rules_verdict(yes).endswith("VERDICT: YES")
    assert rules_verdict(no).endswith("VERDICT: NO")


def test_the_command_prints_the_figures_and_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    result = CliRunner().invoke(
        app, ["judge-bench", "--grader", RULES_GRADER, "--cases", str(CASES), "--json", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "scripted keyword rules, not a model" in result.output
    assert "precision:" in result.output and "recall:" in result.output
    [figures] = json.loads(out.read_text())
    assert figures["cases"] == len(load_case_set(CASES).cases)
    assert figures["failures"] == 0


def test_the_command_refuses_a_broken_set_before_any_grader_call(tmp_path: Path) -> None:
    raw = _raw()
    raw["rubric"] = "bribery"
    result = CliRunner().invoke(
        app, ["judge-bench", "--grader", RULES_GRADER, "--cases", str(_write(tmp_path, raw))]
    )
    assert result.exit_code == 2
    assert "unknown rubric" in result.output
