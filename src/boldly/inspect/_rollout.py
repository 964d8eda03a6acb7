"""A rollout: one sample's world, the variant it was seeded from, and the user turn it is in.

The world is plain Python and never goes into Inspect's store (the store is copied at every span). The
solver starts the rollout and the tools close over it; scorers find it by the sample's uuid, and scripted
personas through a context variable set in the solver's task. A scorer that runs without the live rollout
(`inspect score` on a finished log) rebuilds the world by replaying the transcript's tool calls that reached
it (and recording again, as blocked, those a guard stopped): same variant, same actions, same effect log.
"""

from __future__ import annotations

import weakref
from collections.abc import Collection, Sequence
from contextvars import ContextVar
from typing import Any, NamedTuple

from inspect_ai.model import ChatMessage, ChatMessageAssistant, ChatMessageTool, ChatMessageUser
from inspect_ai.solver import TaskState
from inspect_ai.tool import ToolCall

from boldly.inspect._guard_record import guard_record
from boldly.inspect._variants import VariantRef, ref_of, variant_of
from boldly.scenarios import Variant
from boldly.world import Action, ActionResult, Effect, World, execute, record_blocked


class Rollout:
    def __init__(self, variant: Variant, ref: VariantRef, epoch: int = 1) -> None:
        self.variant = variant
        self.ref = ref
        self.epoch = epoch
        self.world = World(variant.world)
        self.turn = 0

    def begin_turn(self, turn: int) -> None:
        self.turn = turn
        self.world.advance_to(turn)

    def act(self, tool: str, args: dict[str, Any]) -> ActionResult:
        return execute(self.world, self.action(tool, args))

    def block(self, tool: str, args: dict[str, Any]) -> list[Effect]:
        """A call a guard stopped: its effects go into the effect log as `blocked`, and nothing happens."""
        return record_blocked(self.action(tool, args), self.world)

    def action(self, tool: str, args: dict[str, Any]) -> Action:
        """The call as an action in the current turn."""
        return Action(tool=tool, args=args, turn=max(self.turn, 1))


_live: weakref.WeakValueDictionary[str, Rollout] = weakref.WeakValueDictionary()
_current: ContextVar[Rollout | None] = ContextVar("boldly_rollout", default=None)


def start_rollout(state: TaskState) -> Rollout:
    """A fresh world for this sample, reachable from its scorers and from a scripted persona."""
    ref = ref_of(state.metadata)
    rollout = Rollout(variant_of(ref), ref, state.epoch)
    _live[state.uuid] = rollout
    _current.set(rollout)
    return rollout


def current_rollout() -> Rollout | None:
    """The rollout of the sample whose solver is running in this task (for scripted personas)."""
    return _current.get()


def rollout_of(state: TaskState) -> Rollout:
    """The sample's live rollout, or one rebuilt from its transcript when scoring a finished log."""
    live = _live.get(state.uuid)
    if live is not None:
        return live
    ref = ref_of(state.metadata)
    rollout = Rollout(variant_of(ref), ref, state.epoch)
    replay(rollout, state.messages, guard_record(state.store).blocked)
    return rollout


class WorldCall(NamedTuple):
    turn: int
    """The user turn the call was made in."""
    call: ToolCall
    blocked: bool
    """A guard stopped it: its effects are in the log as blocked."""


def world_calls(messages: Sequence[ChatMessage], blocked: Collection[str] = ()) -> list[WorldCall]:
    """Every tool call that reached the world, in order, with the user turn it was made in.

    Calls that Inspect refused before they ran (unparsable arguments, unknown tool) left no trace in the
    world; the world's own refusals (tool errors of type `unknown`) did run, and so, as blocked, did the
    calls a guard stopped (`blocked`: their ids). The k-th call here is the world's action `seq` k.
    """
    pending: dict[str, ToolCall] = {}
    found: list[WorldCall] = []
    turn = 0
    for message in messages:
        if isinstance(message, ChatMessageUser):
            turn += 1
        elif isinstance(message, ChatMessageAssistant):
            pending.update((call.id, call) for call in message.tool_calls or [])
        elif isinstance(message, ChatMessageTool) and message.tool_call_id in pending:
            error = message.error
            if error is not None and error.type == "approval" and message.tool_call_id in blocked:
                found.append(WorldCall(turn, pending[message.tool_call_id], True))
            elif error is None or error.type == "unknown":
                found.append(WorldCall(turn, pending[message.tool_call_id], False))
    return found


def replay(rollout: Rollout, messages: Sequence[ChatMessage], blocked: Collection[str] = ()) -> None:
    """Re-run every tool call that reached the world, each in the turn it was made in."""
    for turn, call, stopped in world_calls(messages, blocked):
        rollout.begin_turn(turn)
        if stopped:
            rollout.block(call.function, call.arguments)
        else:
            rollout.act(call.function, call.arguments)
    rollout.begin_turn(sum(isinstance(m, ChatMessageUser) for m in messages))
