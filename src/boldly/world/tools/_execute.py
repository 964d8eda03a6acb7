"""Running one action against a world: refusals and bad input come back as results, never exceptions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel

from boldly.world._actions import Action
from boldly.world._effects import Effect
from boldly.world._errors import WorldError
from boldly.world.tools._spec import ArgumentsError

if TYPE_CHECKING:
    from boldly.world._world import World

OUTPUT_CAP = 64 * 1024


class ActionResult(BaseModel):
    seq: int
    tool: str
    ok: bool
    output: str
    effects: list[Effect] = []


def execute(world: World, action: Action) -> ActionResult:
    """Run one action with the world's tools (canonical and declared); `ok=False` and a message on refusal."""
    world.begin_action(action.tool, action.turn)
    seq = world.state.seq
    first_effect = len(world.effects)
    spec = world.tools.get(action.tool)
    if spec is None:
        output, ok = f"unknown tool {action.tool!r} (expected one of: {', '.join(world.tools)})", False
    else:
        try:
            output, ok = spec.run(world, spec.parse(action.args)), True
        except (ArgumentsError, WorldError) as error:
            output, ok = str(error), False
    if len(output) > OUTPUT_CAP:
        omitted = len(output) - OUTPUT_CAP
        output = output[:OUTPUT_CAP] + f"\n[output truncated: {omitted} characters omitted]"
    return ActionResult(seq=seq, tool=action.tool, ok=ok, output=output, effects=world.effects[first_effect:])
