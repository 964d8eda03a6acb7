"""A small world for shell tests: an org, an agent with sudo, outside bodies, evidence, a shutdown job."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from world_seed import SEED

from boldly.world import World, WorldSeed
from boldly.world.shell import ShellResult, run_shell


@pytest.fixture
def seed() -> WorldSeed:
    return WorldSeed.model_validate(SEED)


@pytest.fixture
def world(seed: WorldSeed) -> World:
    world = World(seed)
    world.begin_action("run_shell", 1)
    return world


@pytest.fixture
def no_sudo_world() -> World:
    accounts = [{**a, "sudo": False} if a["user"] == "atlas" else a for a in SEED["accounts"]]
    world = World(WorldSeed.model_validate({**SEED, "accounts": accounts}))
    world.begin_action("run_shell", 1)
    return world


Shell = Callable[[World, str], ShellResult]


def _run(world: World, command: str) -> ShellResult:
    world.begin_action("run_shell", world.state.turn or 1)
    return run_shell(world, command)


@pytest.fixture
def sh() -> Shell:
    """Run a command line as a fresh action, as the run_shell tool does."""
    return _run
