"""`boldly-faults/<persona>`: a scripted persona behind a provider that fails, for testing runs under faults.

`--model 'boldly-faults/compliant?rate=0.3'` plays the persona, but each request (each attempt, retries
included) fails with probability `rate`, as a real provider does: a 429, a 5xx, a timeout (raised after `hang`
seconds), a reply cut off in the middle of a tool call (`stop_reason` max_tokens, arguments that do not
parse), or a malformed tool call (an unknown tool, or arguments that are not a JSON object). The first three
are errors Inspect retries with this provider's exponential backoff (`backoff` seconds, doubling); the last
two are answers, which Inspect returns to the model as tool errors. The persona then recovers: it is shown the
conversation without the failed exchanges, so it re-does the step it meant to take.

Options (query string): `rate` (0..1, default 0.3), `kinds` (comma-separated subset of `FAULT_KINDS`),
`seed` (default 0), `backoff` (default 0.02), `hang` (default 0.01). The draws are deterministic for a given
seed, rollout, position in the conversation and attempt, so a run's faults can be reproduced.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args
from urllib.parse import parse_qs

import anyio
from inspect_ai.model import (
    ChatMessage,
    ChatMessageAssistant,
    ChatMessageTool,
    GenerateConfig,
    ModelAPI,
    ModelOutput,
    modelapi,
)
from inspect_ai.tool import ToolCall, ToolChoice, ToolInfo
from tenacity.wait import WaitBaseT, wait_exponential

from boldly.inspect._inspect_compat import RetryDecision
from boldly.inspect._personas import persona_outputs, persona_with_options
from boldly.inspect._rollout import current_rollout

FaultKind = Literal["rate_limit", "server_error", "timeout", "truncated", "malformed"]
FAULT_KINDS: tuple[FaultKind, ...] = get_args(FaultKind)
RETRIED: frozenset[FaultKind] = frozenset({"rate_limit", "server_error", "timeout"})
"""Faults raised as errors (and retried); the others are answers with a broken tool call."""
FAULT_CALL_PREFIX = "fault-"
"""The id prefix of every tool call this provider breaks on purpose."""
SERVER_STATUSES = (500, 502, 503, 529)


class ProviderError(Exception):
    """An HTTP error as a provider's client raises it (status code and message)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"Error code: {status} - {message}")
        self.status = status


@dataclass(frozen=True)
class FaultSettings:
    rate: float = 0.3
    kinds: tuple[FaultKind, ...] = FAULT_KINDS
    seed: int = 0
    backoff: float = 0.02
    hang: float = 0.01

    @classmethod
    def parse(cls, query: str) -> FaultSettings:
        """The settings in `rate=0.3&kinds=timeout,truncated`; raises ValueError saying what is expected."""
        values = {key: items[-1] for key, items in parse_qs(query, strict_parsing=bool(query)).items()}
        unknown = sorted(set(values) - {"rate", "kinds", "seed", "backoff", "hang"})
        if unknown:
            raise ValueError(
                f"unknown fault option {unknown[0]!r} (options: rate, kinds, seed, backoff, hang)"
            )
        kinds = tuple(values["kinds"].split(",")) if "kinds" in values else FAULT_KINDS
        wrong = [kind for kind in kinds if kind not in FAULT_KINDS]
        if wrong:
            raise ValueError(f"unknown fault kind {wrong[0]!r} (kinds: {', '.join(FAULT_KINDS)})")
        settings = cls(
            rate=float(values.get("rate", cls.rate)),
            kinds=kinds,  # type: ignore[arg-type]
            seed=int(values.get("seed", cls.seed)),
            backoff=float(values.get("backoff", cls.backoff)),
            hang=float(values.get("hang", cls.hang)),
        )
        if not 0 <= settings.rate <= 1:
            raise ValueError(f"fault rate {settings.rate} is not between 0 and 1")
        return settings


@dataclass(frozen=True)
class Attempt:
    """One request as the provider saw it: which rollout and step, when, and the fault it got (if any)."""

    key: str
    time: float
    fault: FaultKind | None


def without_faults(messages: Sequence[ChatMessage]) -> list[ChatMessage]:
    """The conversation without the exchanges this provider broke: what the persona meant to say."""
    broken = {
        call.id
        for message in messages
        if isinstance(message, ChatMessageAssistant)
        for call in message.tool_calls or []
        if call.id.startswith(FAULT_CALL_PREFIX)
    }
    return [
        message
        for message in messages
        if not (isinstance(message, ChatMessageTool) and message.tool_call_id in broken)
        and not (
            isinstance(message, ChatMessageAssistant)
            and any(call.id in broken for call in message.tool_calls or [])
        )
    ]


@modelapi(name="boldly-faults")
class FaultyPersonaAPI(ModelAPI):
    """A persona behind a provider that fails at a set rate; `attempts` records every request it got."""

    def __init__(
        self,
        model_name: str,
        base_url: str | None = None,
        api_key: str | None = None,
        config: GenerateConfig | None = None,
        **model_args: Any,
    ) -> None:
        super().__init__(model_name, base_url, api_key, [], config or GenerateConfig())
        persona, query = persona_with_options(model_name)
        self.settings = FaultSettings.parse(query)
        self._persona = persona_outputs(persona)
        self._tries: Counter[str] = Counter()
        self.attempts: list[Attempt] = []
        self.faults: Counter[FaultKind] = Counter()

    async def generate(
        self,
        input: list[ChatMessage],
        tools: list[ToolInfo],
        tool_choice: ToolChoice,
        config: GenerateConfig,
    ) -> ModelOutput:
        meant = without_faults(input)
        rollout = current_rollout()
        where = f"{rollout.ref.variant}@{rollout.epoch}" if rollout else "-"
        key = f"{where}#{len(meant)}/{len(input)}"
        self._tries[key] += 1
        fault = self._draw(f"{key}~{self._tries[key]}")
        self.attempts.append(Attempt(key, anyio.current_time(), fault))
        output = self._persona(meant, tools, tool_choice, config)
        if fault is None:
            return output
        self.faults[fault] += 1
        match fault:
            case "rate_limit":
                raise ProviderError(429, "rate limit exceeded; slow down")
            case "server_error":
                status = SERVER_STATUSES[self._tries[key] % len(SERVER_STATUSES)]
                raise ProviderError(status, "the server had an error while processing your request")
            case "timeout":
                await anyio.sleep(self.settings.hang)
                raise TimeoutError("the request timed out waiting for the provider")
            case "truncated" | "malformed":
                return self._broken_call(fault, output, key)

    def should_retry(self, ex: Exception) -> bool | RetryDecision:
        if isinstance(ex, ProviderError) and ex.status == 429:
            return RetryDecision.rate_limit()
        if (isinstance(ex, ProviderError) and ex.status >= 500) or isinstance(ex, TimeoutError):
            return RetryDecision.transient()
        return False

    def retry_wait(self) -> WaitBaseT | None:
        backoff = self.settings.backoff
        return wait_exponential(multiplier=backoff, min=backoff, max=backoff * 32)

    def max_connections(self) -> int:
        return 64

    def _draw(self, what: str) -> FaultKind | None:
        digest = hashlib.sha256(f"{self.settings.seed}:{what}".encode()).digest()
        if int.from_bytes(digest[:8], "big") / 2**64 >= self.settings.rate:
            return None
        return self.settings.kinds[digest[8] % len(self.settings.kinds)]

    def _broken_call(self, fault: FaultKind, meant: ModelOutput, key: str) -> ModelOutput:
        """A reply whose tool call cannot run: cut off mid-arguments, naming a tool that does not exist, or
        with arguments that are not a JSON object."""
        intended = (meant.message.tool_calls or [None])[0]
        function = intended.function if intended else "send_email"
        call_id = f"{FAULT_CALL_PREFIX}{hashlib.sha256(key.encode()).hexdigest()[:12]}-{self._tries[key]}"
        if fault == "truncated":
            raw = '{"' + next(iter(intended.arguments), "command") + '": "' if intended else '{"to": ['
            call = ToolCall(
                id=call_id,
                function=function,
                arguments={},
                parse_error=f"the arguments end before the JSON does: {raw!r}",
            )
            output = ModelOutput.for_tool_call(meant.model, function, {}, tool_call_id=call_id)
            output.choices[0].stop_reason = "max_tokens"
        elif self._tries[key] % 2:
            arguments = dict(intended.arguments) if intended else {}
            call = ToolCall(id=call_id, function=function + "_v2", arguments=arguments)
            output = ModelOutput.for_tool_call(meant.model, call.function, arguments, tool_call_id=call_id)
        else:
            call = ToolCall(
                id=call_id,
                function=function,
                arguments={},
                parse_error='the arguments are a JSON array, not an object: ["/data"]',
            )
            output = ModelOutput.for_tool_call(meant.model, function, {}, tool_call_id=call_id)
        output.message.tool_calls = [call]
        output.message.content = ""
        output.usage = meant.usage
        return output
