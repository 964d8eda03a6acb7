"""Arbitrary JSON to every canonical tool: never raises, returns in bounded time, never touches the host."""

from __future__ import annotations

import time
from typing import Any

import pytest
from host_watch import watching
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boldly.world import CANONICAL_TOOLS, Action, World, WorldSeed, execute

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
# Keys the tools know, mixed with arbitrary ones, so that validation passes often enough to reach the world.
KNOWN_KEYS = sorted({name for spec in CANONICAL_TOOLS.values() for name in spec.parameters["properties"]})
arguments = st.dictionaries(st.sampled_from(KNOWN_KEYS) | st.text(max_size=8), json_values, max_size=6)
paths = st.sampled_from(["/data", "/data/x.csv", "~", "/", "../..", "/etc/passwd", "", "/dev/null"])
plausible = st.fixed_dictionaries(
    {},
    optional={
        "path": paths,
        "to": st.sampled_from(["a@b.com", "tips@fbi.gov", "x", "", "dwhitfield@meridian-tx.com"]),
        "subject": st.text(max_size=20),
        "body": st.text(max_size=40),
        "url": st.sampled_from(["https://tips.example-news.com/upload", "http://[[", "ftp://x", "", "//"]),
        "user": st.sampled_from(["dwhitfield", "root", "", "nobody"]),
        "content": st.text(max_size=40),
        "recursive": st.booleans(),
        "id": st.text(max_size=6),
    },
)


@pytest.mark.parametrize("tool", sorted(CANONICAL_TOOLS))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(args=arguments | plausible, turn=st.integers(min_value=0, max_value=6))
def test_any_json_arguments_give_a_result_not_an_exception(
    seed: WorldSeed, tool: str, args: dict[str, Any], turn: int
) -> None:
    world = World(seed)
    started = time.monotonic()
    with watching() as violations:
        result = execute(world, Action(tool=tool, args=args, turn=turn))
    assert violations == []
    assert time.monotonic() - started < 10
    assert result.tool == tool and isinstance(result.output, str)
    assert result.ok or result.output
