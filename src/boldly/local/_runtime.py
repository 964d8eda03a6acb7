"""The in-process llama.cpp server (xllamacpp): OpenAI-style chat completions over one GGUF file.

llama.cpp keeps each slot's evaluated prompt and reuses its longest common prefix with the next request
(`cache_prompt`), and saves idle slots' prompts to RAM (`cache_ram_mib`) to restore them when a request
continues one of them, so each turn of a conversation only evaluates what is new since the last one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from boldly.local._errors import ContextExceeded, LocalModelError, RuntimeNotInstalled
from boldly.local._tool_calls import OfferedTools, ParsedToolCall, call_from_object, parse_reply

INSTALL_HINT = "pip install 'boldly[local]'"


@dataclass(frozen=True)
class RuntimeSettings:
    """How the server runs. The defaults suit a 2-core machine and the sub-2B models boldly ships.

    Args:
        context_size: Tokens of context per slot (the KV cache is allocated for all of them up front).
        threads: CPU threads for prompt evaluation and generation.
        parallel: Slots, i.e. requests served at once (each gets `context_size`).
        cache_ram_mib: RAM for saved prompt prefixes of idle slots (0 turns it off).
    """

    context_size: int = 16384
    threads: int = 2
    parallel: int = 1
    cache_ram_mib: int = 1024

    def __post_init__(self) -> None:
        for name in ("context_size", "threads", "parallel"):
            if not isinstance(getattr(self, name), int) or getattr(self, name) < 1:
                raise ValueError(f"{name} must be a positive integer (got {getattr(self, name)!r})")
        if not isinstance(self.cache_ram_mib, int) or self.cache_ram_mib < 0:
            raise ValueError(f"cache_ram_mib must be a non-negative integer (got {self.cache_ram_mib!r})")


@dataclass(frozen=True)
class ChatUsage:
    """Tokens of one request: the whole prompt, those of it reused from the cache, and those generated."""

    prompt_tokens: int
    cached_tokens: int
    completion_tokens: int


@dataclass(frozen=True)
class ChatTimings:
    """Where one request's time went: evaluating the prompt's new tokens, and generating."""

    prompt_tokens: int
    prompt_ms: float
    generated_tokens: int
    generation_ms: float


@dataclass(frozen=True)
class ChatReply:
    """One answer: text and tool calls (from llama.cpp's parser or ours), why it stopped, and its costs."""

    text: str
    calls: tuple[ParsedToolCall, ...]
    finish_reason: str
    usage: ChatUsage
    timings: ChatTimings
    reasoning: str | None
    response: dict[str, Any]


def offered_tools(tools: list[dict[str, Any]]) -> OfferedTools:
    """The names and parameter names of a request's tools (OpenAI's `{"function": {...}}` entries)."""
    offered: dict[str, frozenset[str]] = {}
    for tool in tools:
        function = tool.get("function") or {}
        parameters = (function.get("parameters") or {}).get("properties") or {}
        offered[str(function.get("name", ""))] = frozenset(parameters)
    return offered


def load_runtime() -> ModuleType:
    """The xllamacpp module, or a clear error saying how to install it."""
    try:
        import xllamacpp
    except ModuleNotFoundError as error:
        if error.name != "xllamacpp":
            raise
        raise RuntimeNotInstalled(
            f"The local model runs on xllamacpp, which is not installed. Install the `local` extra: "
            f"{INSTALL_HINT}"
        ) from error
    except ImportError as error:
        hint = " (on Debian or Ubuntu: apt-get install libgomp1)" if "libgomp" in str(error) else ""
        raise RuntimeNotInstalled(f"xllamacpp is installed but cannot load: {error}{hint}") from error
    return xllamacpp


class LocalServer:
    """A llama.cpp server over `weights`, answering OpenAI-style chat completion requests in-process."""

    def __init__(self, weights: Path, settings: RuntimeSettings) -> None:
        xllamacpp = load_runtime()
        params = xllamacpp.CommonParams()
        params.model.path = str(weights)
        params.n_ctx = settings.context_size * settings.parallel
        params.n_parallel = settings.parallel
        params.cpuparams.n_threads = settings.threads
        params.cpuparams_batch.n_threads = settings.threads
        params.use_jinja = True
        params.cache_prompt = True
        params.cache_ram_mib = settings.cache_ram_mib
        params.verbosity = 0
        self.weights = weights
        self.settings = settings
        try:
            self._server = xllamacpp.Server(params)
        except Exception as error:
            raise LocalModelError(f"llama.cpp could not load {weights}: {error}") from error

    def chat(self, request: dict[str, Any]) -> ChatReply:
        """Answer `request` (an OpenAI chat completion request); blocks until the answer is complete.

        When the request offers tools (and `tool_choice` is not `none`), tool calls written in the text
        are parsed out of it.
        """
        response = self._server.handle_chat_completions(request)
        if "error" in response:
            error = response["error"]
            message = str(error.get("message", error)) if isinstance(error, dict) else str(error)
            if isinstance(error, dict) and error.get("type") == "exceed_context_size_error":
                raise ContextExceeded(message)
            raise LocalModelError(f"llama.cpp refused the request: {message}")
        choice = response["choices"][0]
        message = choice["message"]
        text = message.get("content") or ""
        calls: tuple[ParsedToolCall, ...] = ()
        if request.get("tools") and request.get("tool_choice") != "none":
            native = [call_from_object(call, strict=False) for call in message.get("tool_calls") or []]
            ended = choice.get("finish_reason") == "stop"
            parsed = parse_reply(text, offered_tools(request["tools"]), ended=ended)
            text, calls = parsed.text, tuple(call for call in native if call) + parsed.calls
        usage = response.get("usage", {})
        timings = response.get("timings", {})
        return ChatReply(
            text=text,
            calls=calls,
            finish_reason=choice.get("finish_reason") or "stop",
            usage=ChatUsage(
                prompt_tokens=usage.get("prompt_tokens", 0),
                cached_tokens=(usage.get("prompt_tokens_details") or {}).get("cached_tokens", 0),
                completion_tokens=usage.get("completion_tokens", 0),
            ),
            timings=ChatTimings(
                prompt_tokens=timings.get("prompt_n", 0),
                prompt_ms=timings.get("prompt_ms", 0.0),
                generated_tokens=timings.get("predicted_n", 0),
                generation_ms=timings.get("predicted_ms", 0.0),
            ),
            reasoning=message.get("reasoning_content") or None,
            response=response,
        )
