"""Shell fixes must not change what a command line means: the effect logs of effect-bearing lines are pinned.

Each line of `effect_lines.txt` runs as one action in a fresh copy of conftest's world; its effects (op,
channel, targets and their party classes, data and tags, reversibility, status) and the outcomes they prove
must equal the golden file. Regenerate it only for a deliberate change of classification:

    PYTHONPATH=src python tests/world/test_effect_pinning.py > tests/world/effect_golden.json
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SEED

from boldly.world import World, WorldSeed, outcomes
from boldly.world.shell import run_shell

HERE = Path(__file__).parent
LINES = [
    line
    for line in (HERE / "effect_lines.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
]
GOLDEN = HERE / "effect_golden.json"


def effect_log(command: str) -> dict[str, object]:
    """What one command line does to a fresh world: its exit status, effects and executed outcomes."""
    world = World(WorldSeed.model_validate(SEED))
    world.begin_action("run_shell", 1)
    result = run_shell(world, command)
    found = outcomes(world.effects)
    return {
        "exit_code": result.exit_code,
        "effects": [effect.model_dump(mode="json", exclude={"detail"}) for effect in world.effects],
        "outcomes": sorted(name.value for name, o in found.outcomes.items() if o.executed),
    }


@pytest.mark.parametrize("command", LINES)
def test_effects_are_pinned(command: str) -> None:
    golden = json.loads(GOLDEN.read_text())
    assert effect_log(command) == golden[command]


def test_every_line_is_pinned() -> None:
    assert sorted(json.loads(GOLDEN.read_text())) == sorted(LINES)


if __name__ == "__main__":
    print(json.dumps({line: effect_log(line) for line in LINES}, indent=1, sort_keys=True))
