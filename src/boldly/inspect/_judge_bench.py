"""Checking a grader against hand-labelled emails: precision, recall and the confusion matrix of its verdicts.

Each case is one email the agent sends, shown to the grader exactly as the judge scorer shows a rollout (the
principal's message, then the agent's `send_email` call and its result), with the same rubric and prompt, so
the figures describe the judge as it runs. A grader that fails on a case is counted apart, never as "no".
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from inspect_ai.model import (
    ChatMessage,
    ChatMessageAssistant,
    ChatMessageTool,
    ChatMessageUser,
    Model,
)
from inspect_ai.tool import ToolCall
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from boldly.inspect._judge import ERROR, RUBRICS, Rubric, grade, render_record

CaseKind = Literal[
    "escalation",
    "warning",
    "plea",
    "report",
    "disclosure",
    "routine",
    "leverage-explicit",
    "leverage-implied",
]
COERCIVE_KINDS = frozenset({"leverage-explicit", "leverage-implied"})


class BenchEmail(BaseModel):
    model_config = ConfigDict(extra="forbid")

    to: list[str] = Field(min_length=1)
    cc: list[str] = Field(default_factory=list)
    subject: str = Field(min_length=1)
    body: str = Field(min_length=1)


class JudgeCase(BaseModel):
    """One email with its label and the reason for it; the kind and the label must agree."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    kind: CaseKind
    coercive: bool
    rationale: str = Field(min_length=1)
    email: BenchEmail

    @field_validator("rationale")
    @classmethod
    def _one_line(cls, rationale: str) -> str:
        if "\n" in rationale.strip():
            raise ValueError("the rationale must be one line")
        return rationale.strip()

    @model_validator(mode="after")
    def _label_matches_kind(self) -> JudgeCase:
        if self.coercive != (self.kind in COERCIVE_KINDS):
            raise ValueError(
                f"case {self.id!r}: kind {self.kind!r} does not go with coercive={self.coercive}"
            )
        return self


class JudgeCaseSet(BaseModel):
    """Labelled cases for one rubric, and the principal's message each agent email answers."""

    model_config = ConfigDict(extra="forbid")

    rubric: str
    context: str = Field(min_length=1)
    cases: list[JudgeCase] = Field(min_length=1)

    @field_validator("rubric")
    @classmethod
    def _known_rubric(cls, rubric: str) -> str:
        if rubric not in RUBRICS:
            raise ValueError(f"unknown rubric {rubric!r} (rubrics: {', '.join(RUBRICS)})")
        return rubric

    @field_validator("cases")
    @classmethod
    def _unique_ids(cls, cases: list[JudgeCase]) -> list[JudgeCase]:
        repeated = [case_id for case_id, n in Counter(case.id for case in cases).items() if n > 1]
        if repeated:
            raise ValueError(f"case ids repeat: {', '.join(repeated)}")
        return cases

    @property
    def rubric_spec(self) -> Rubric:
        return RUBRICS[self.rubric]


class CaseSetError(ValueError):
    """A case file that cannot be read or does not validate; the message says where and why."""


def load_case_set(path: Path) -> JudgeCaseSet:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise CaseSetError(f"{path}: {error}") from error
    try:
        return JudgeCaseSet.model_validate(raw)
    except ValidationError as error:
        raise CaseSetError(f"{path}: {error}") from error


def case_messages(context: str, case: JudgeCase) -> list[ChatMessage]:
    """The case as a rollout's messages: the principal's turn, the agent's email, and the tool's answer."""
    arguments: dict[str, Any] = {"to": case.email.to, "subject": case.email.subject, "body": case.email.body}
    if case.email.cc:
        arguments["cc"] = case.email.cc
    call = ToolCall(id=f"call_{case.id}", function="send_email", arguments=arguments)
    return [
        ChatMessageUser(content=context),
        ChatMessageAssistant(content="", tool_calls=[call]),
        ChatMessageTool(content="Sent.", tool_call_id=call.id, function="send_email"),
    ]


def case_record(case_set: JudgeCaseSet, case: JudgeCase) -> str:
    return render_record(case_messages(case_set.context, case))


@dataclass(frozen=True)
class CaseResult:
    case: JudgeCase
    verdict: str
    """`yes`, `no` or `error`."""
    error: str | None = None

    @property
    def correct(self) -> bool | None:
        """Whether the grader agreed with the label; None when it gave no verdict."""
        return None if self.verdict == ERROR else (self.verdict == "yes") == self.case.coercive


@dataclass(frozen=True)
class BenchResult:
    """A grader's verdicts on a case set: the confusion matrix over real verdicts, failures apart."""

    grader: str
    rubric: str
    results: list[CaseResult]

    def _count(self, coercive: bool, verdict: str) -> int:
        return sum(1 for r in self.results if r.case.coercive == coercive and r.verdict == verdict)

    @property
    def true_positives(self) -> int:
        return self._count(True, "yes")

    @property
    def false_positives(self) -> int:
        return self._count(False, "yes")

    @property
    def true_negatives(self) -> int:
        return self._count(False, "no")

    @property
    def false_negatives(self) -> int:
        return self._count(True, "no")

    @property
    def failures(self) -> list[CaseResult]:
        return [r for r in self.results if r.verdict == ERROR]

    @property
    def precision(self) -> float | None:
        """Of the emails it called coercive, the share that are; None when it called none coercive."""
        called = self.true_positives + self.false_positives
        return self.true_positives / called if called else None

    @property
    def recall(self) -> float | None:
        """Of the coercive emails it judged, the share it called coercive; None when it judged none."""
        judged = self.true_positives + self.false_negatives
        return self.true_positives / judged if judged else None

    @property
    def accuracy(self) -> float | None:
        judged = len(self.results) - len(self.failures)
        correct = self.true_positives + self.true_negatives
        return correct / judged if judged else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "grader": self.grader,
            "rubric": self.rubric,
            "cases": len(self.results),
            "confusion": {
                "true_positives": self.true_positives,
                "false_positives": self.false_positives,
                "true_negatives": self.true_negatives,
                "false_negatives": self.false_negatives,
            },
            "failures": len(self.failures),
            "precision": self.precision,
            "recall": self.recall,
            "accuracy": self.accuracy,
            "verdicts": [
                {"id": r.case.id, "kind": r.case.kind, "coercive": r.case.coercive, "verdict": r.verdict}
                | ({"error": r.error} if r.error else {})
                for r in self.results
            ],
        }


def tally(grader: str, case_set: JudgeCaseSet, verdicts: list[dict[str, Any]]) -> BenchResult:
    """The result of `verdicts` (the judge's, one per case in order) on `case_set`."""
    if len(verdicts) != len(case_set.cases):
        raise ValueError(f"{len(verdicts)} verdicts for {len(case_set.cases)} cases")
    return BenchResult(
        grader=grader,
        rubric=case_set.rubric_spec.id,
        results=[
            CaseResult(case=case, verdict=verdict["verdict"], error=verdict.get("error"))
            for case, verdict in zip(case_set.cases, verdicts, strict=True)
        ],
    )


async def run_bench(grader: Model, case_set: JudgeCaseSet) -> BenchResult:
    """Ask `grader` about every case (the model's own connection limit sets how many at once)."""
    rubric = case_set.rubric_spec
    verdicts = await asyncio.gather(
        *(grade(grader, rubric, case_record(case_set, case)) for case in case_set.cases)
    )
    return tally(str(grader), case_set, list(verdicts))
