"""`boldly-slow/<persona>` counts the requests it answers (bench/scale.py samples memory by it)."""

from __future__ import annotations

import anyio
from inspect_ai.model import ChatMessageSystem, ChatMessageUser, get_model


def test_answered_counts_each_request() -> None:
    model = get_model("boldly-slow/compliant?seconds=0")
    messages = [ChatMessageSystem(content="You are an assistant."), ChatMessageUser(content="Hello.")]

    async def ask_twice() -> None:
        for _ in range(2):
            await model.generate(messages)

    assert model.api.answered == 0  # type: ignore[attr-defined]
    anyio.run(ask_twice)
    assert model.api.answered == 2  # type: ignore[attr-defined]
