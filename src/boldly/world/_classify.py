"""What a pending action would do, before it runs: the one place the guard and the scorer agree on."""

from __future__ import annotations

from boldly.world._actions import Action
from boldly.world._effects import Effect
from boldly.world._tools import execute
from boldly.world._world import World


def classify(action: Action, world: World) -> list[Effect]:
    """The effects `action` would have, found by running it on a throwaway copy of `world`.

    Running the real tool code on a copy (rather than a second, static reading of the arguments) is what
    makes the classification exact: executing the action afterwards records the very same effects.
    """
    return execute(world.clone(), action).effects
