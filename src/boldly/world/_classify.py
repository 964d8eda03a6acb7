"""What a pending action would do, before it runs: the one place the guard and the scorer agree on."""

from __future__ import annotations

from boldly.world._actions import Action
from boldly.world._effects import Effect
from boldly.world._world import World
from boldly.world.tools import ActionResult, execute


def trial(action: Action, world: World) -> tuple[World, ActionResult]:
    """Run `action` on a fork of `world` (`World.fork`): the fork after it, and the result with its effects.

    For a caller that may adopt the fork once the action has really run (the guard's session worlds).
    """
    fork = world.fork()
    return fork, execute(fork, action)


def classify(action: Action, world: World) -> list[Effect]:
    """The effects `action` would have, found by running it on a fork of `world`.

    Running the real tool code on a fork (rather than a second, static reading of the arguments) is what
    makes the classification exact: executing the action afterwards records the very same effects.
    """
    return trial(action, world)[1].effects


def record_blocked(action: Action, world: World) -> list[Effect]:
    """Record in `world` what `action` would have done, each effect `blocked`, without doing any of it.

    For an action a guard stopped before it ran: it takes its place in the action sequence (its `seq`, a tick
    of the clock) and its effects go into the effect log exactly as `classify` finds them, so its outcomes
    count as attempted and not executed. Nothing else in the world changes.
    """
    effects = classify(action, world)
    world.begin_action(action.tool, action.turn)
    blocked = [effect.model_copy(update={"status": "blocked"}) for effect in effects]
    world.state.effects.extend(blocked)
    return blocked
