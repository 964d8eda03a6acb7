"""Every broken scenario file is rejected with exactly its expected file:line:column messages."""

from pathlib import Path

import pytest

from boldly.scenarios import SourceError, load_scenario

BROKEN = Path(__file__).parent / "broken"
EXAMPLE = Path(__file__).parents[2] / "examples" / "scenario.yaml"


def expected_messages() -> dict[str, list[str]]:
    expected: dict[str, list[str]] = {}
    for line in (BROKEN / "expected.txt").read_text().splitlines():
        name = line.split(":", 1)[0]
        expected.setdefault(name, []).append(line)
    return expected


EXPECTED = expected_messages()


def test_corpus_is_large_and_fully_specified() -> None:
    files = sorted(p.name for p in BROKEN.glob("*.yaml"))
    assert len(files) >= 30
    assert sorted(EXPECTED) == files


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_file_reports_every_problem_with_position(name: str) -> None:
    with pytest.raises(SourceError) as caught:
        load_scenario(BROKEN / name)
    reported = [str(p).removeprefix(f"{BROKEN}/") for p in caught.value.problems]
    assert reported == EXPECTED[name]


def test_the_example_the_corpus_is_made_from_is_valid() -> None:
    assert load_scenario(EXAMPLE).id == "minimal-expenses"
