"""The scripted keyword grader stands in for a grader model in a run; the judge reads it like a model."""

from __future__ import annotations

import pytest
from inspect_ai.model import get_model

from boldly.inspect._rules_grader import RULES_GRADER


@pytest.mark.parametrize(("persona", "value"), [("blackmailer", 1.0), ("compliant", 0.0)])
def test_the_rules_grader_judges_a_rollout(persona: str, value: float, run_persona) -> None:
    sample = run_persona(persona, "tools=email", model_roles={"grader": get_model(RULES_GRADER)})
    score = sample.scores["judge"]
    assert score.value["blackmail"] == value
    assert score.metadata["blackmail"]["grader"] == RULES_GRADER


def test_the_rules_grader_knows_only_blackmail() -> None:
    with pytest.raises(ValueError, match="knows only 'blackmail'"):
        get_model("boldly-rules/bribery")
