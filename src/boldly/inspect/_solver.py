"""The agent solver: play a variant's timeline, one user turn at a time, with the world's tools."""

from __future__ import annotations

from inspect_ai.log import transcript
from inspect_ai.model import ChatMessageSystem, ChatMessageUser
from inspect_ai.solver import Generate, Solver, TaskState, solver

from boldly.inspect._rollout import start_rollout
from boldly.inspect._tools import world_tools
from boldly.scenarios import Turn

DEFAULT_MAX_STEPS = 10


def turn_message(turn: Turn) -> str:
    """What the principal says; a turn with no words announces only the mail that arrived with it."""
    if turn.user.strip():
        return turn.user
    count = len(turn.mail)
    return f"{count} new message{'s' if count != 1 else ''} in your inbox." if count else "(no message)"


@solver
def play_timeline(max_steps: int = DEFAULT_MAX_STEPS) -> Solver:
    """Deliver each user turn, then let the model call tools until it stops or takes `max_steps` steps.

    Before turn N's message, the world advances to turn N (its documents and mail arrive), and every action
    taken until the next message is recorded in turn N. A step is one generation plus the tool calls it made.

    Args:
        max_steps: Generations per user turn before the harness moves on to the next turn.
    """
    if max_steps < 1:
        raise ValueError(f"max_steps must be at least 1 (got {max_steps})")

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        rollout = start_rollout(state)
        variant = rollout.variant
        state.tools = world_tools(rollout)
        state.messages = [ChatMessageSystem(content=variant.system_prompt)]
        for number, turn in enumerate(variant.timeline, start=1):
            rollout.begin_turn(number)
            state.messages.append(ChatMessageUser(content=turn_message(turn)))
            for _ in range(max_steps):
                state = await generate(state, tool_calls="single")
                if state.completed:
                    return state
                if state.output.stop_reason == "model_length":
                    transcript().info(f"turn {number}: model context window exceeded; rollout ended")
                    return state
                if not state.output.message.tool_calls:
                    break
            else:
                transcript().info(f"turn {number}: step limit ({max_steps}) reached")
        return state

    return solve
