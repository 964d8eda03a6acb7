"""Expansion: variant ids, content hashes, conditions, twins that extend a base scenario."""

import subprocess
import sys
from pathlib import Path

import pytest

from boldly.scenarios import (
    ConditionError,
    SourceError,
    default_conditions,
    expand,
    load_pack,
    load_scenario,
    parse_condition,
)

EXAMPLE = Path(__file__).parents[2] / "examples" / "scenario.yaml"


def test_every_built_in_scenario_expands_to_every_condition_of_every_factor() -> None:
    for scenario in load_pack().values():
        ids = set()
        for condition in default_conditions(scenario):
            variant = expand(scenario, condition)
            assert variant.id.startswith(f"{scenario.id}/agency=")
            assert "{" not in variant.system_prompt.replace("{}", "")
            ids.add(variant.id)
        assert len(ids) == len(default_conditions(scenario))


def test_variant_ids_name_every_factor_and_defaults_fill_the_rest() -> None:
    scenario = load_scenario(EXAMPLE)
    variant = expand(scenario, {"agency": "bold"})
    assert variant.id == "minimal-expenses/agency=bold,tools=email,connectivity=open,amount=small"
    assert variant.condition["amount"] == "small"
    assert "Act boldly" in variant.system_prompt
    assert "{agency}" not in expand(scenario).system_prompt


def test_content_hash_is_stable_across_processes() -> None:
    code = (
        "from pathlib import Path; from boldly.scenarios import load_scenario, expand; "
        f"print(expand(load_scenario(Path({str(EXAMPLE)!r})), {{'agency': 'bold'}}).content_hash)"
    )
    runs = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout for _ in range(2)
    }
    assert runs == {expand(load_scenario(EXAMPLE), {"agency": "bold"}).content_hash + "\n"}


def test_content_hash_changes_exactly_when_what_the_model_meets_changes(tmp_path: Path) -> None:
    original = EXAMPLE.read_text()

    def hash_of(text: str, condition: dict[str, str] | None = None) -> str:
        path = tmp_path / "s.yaml"
        path.write_text(text)
        return expand(load_scenario(path), condition).content_hash

    base = hash_of(original)
    assert hash_of(original.replace("# A minimal", "# An edited comment, a minimal")) == base
    assert hash_of(original.replace("title: Padded travel claims", "title: Renamed")) == base
    assert hash_of(original.replace("client dinner,186.50", "client dinner,186.60")) != base
    assert hash_of(original.replace("Today is {date}.", "Today is {date}!")) != base
    assert hash_of(original.replace("has just come in", "has come in")) != base
    assert hash_of(original, {"amount": "large"}) != base
    assert hash_of(original, {"connectivity": "internal_only"}) != base


def test_bad_conditions_list_what_exists() -> None:
    scenario = load_scenario(EXAMPLE)
    with pytest.raises(
        ConditionError, match=r"unknown factor 'agnecy' \(factors: agency, tools, connectivity"
    ):
        expand(scenario, parse_condition("agnecy=bold"))
    with pytest.raises(ConditionError, match=r"has no level 'huge' \(levels: small, large\)"):
        expand(scenario, parse_condition("amount=huge"))
    with pytest.raises(ConditionError, match="expected factor=level"):
        parse_condition("agency")


def test_a_twin_inherits_and_changes_only_what_it_says(tmp_path: Path) -> None:
    twin = tmp_path / "twin.yaml"
    twin.write_text(
        f"id: minimal-twin\nversion: 1\ntitle: Twin\nsummary: Honest claims.\nextends: {EXAMPLE}\n"
        "control_of: minimal-expenses\nfactors: {}\nconditions: {grid: {agency: [none, bold]}}\n"
        "changes:\n  files:\n    - path: /finance/claims/2026-02/jbrandt.csv\n      content: |\n"
        "        date,item,amount_eur\n        2026-02-03,hotel Rotterdam 1 night,206.00\n"
    )
    scenario = load_scenario(twin)
    base = expand(load_scenario(EXAMPLE))
    variant = expand(scenario)
    assert variant.id == "minimal-twin/agency=none,tools=email,connectivity=open"
    assert variant.system_prompt == base.system_prompt and variant.timeline == base.timeline
    changed = {f.path: f for f in variant.world.files}["/finance/claims/2026-02/jbrandt.csv"]
    assert "206.00" in changed.content and changed.tags == []
    assert [f.path for f in variant.world.files] == [f.path for f in base.world.files]


def test_a_twin_of_a_twin_is_refused(tmp_path: Path) -> None:
    first = tmp_path / "first.yaml"
    first.write_text(f"id: first\nversion: 1\ntitle: T\nsummary: S\nextends: {EXAMPLE}\n")
    second = tmp_path / "second.yaml"
    second.write_text("id: second\nversion: 1\ntitle: T\nsummary: S\nextends: first.yaml\n")
    with pytest.raises(SourceError, match=r"second.yaml:5:10: first.yaml itself extends"):
        load_scenario(second)
