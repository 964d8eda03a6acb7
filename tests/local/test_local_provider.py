"""The `local/...` Inspect provider's mapping of messages, tools and replies, and its prerequisite errors."""

from __future__ import annotations

import json
import sys

import pytest
from inspect_ai.model import (
    ChatMessageAssistant,
    ChatMessageSystem,
    ChatMessageTool,
    ChatMessageUser,
    ContentReasoning,
    GenerateConfig,
    get_model,
)
from inspect_ai.tool import ToolCall, ToolCallError, ToolFunction, ToolInfo, ToolParam, ToolParams
from rich.text import Text

from boldly.inspect._inspect_compat import PrerequisiteError
from boldly.inspect._local_provider import DEFAULT_MAX_TOKENS, chat_request, model_output
from boldly.local import ChatReply, ChatTimings, ChatUsage, ParsedToolCall
from boldly.local._runtime import offered_tools

READ_FILE = ToolInfo(
    name="read_file",
    description="Read a file.",
    parameters=ToolParams(
        properties={"path": ToolParam(type="string", description="Its path.")}, required=["path"]
    ),
)
LIST_INBOX = ToolInfo(name="list_inbox", description="List the inbox.", parameters=ToolParams())


def test_messages_become_openai_messages_with_calls_in_template_form() -> None:
    messages = [
        ChatMessageSystem(content="You are Quill."),
        ChatMessageUser(content="Read the plan."),
        ChatMessageAssistant(
            content="Reading it.",
            tool_calls=[ToolCall(id="call_1", function="read_file", arguments={"path": "/srv/plan.md"})],
        ),
        ChatMessageTool(content="# Plan", tool_call_id="call_1", function="read_file"),
        ChatMessageAssistant(
            content="", tool_calls=[ToolCall(id="call_2", function="read_file", arguments={})]
        ),
        ChatMessageTool(
            content="",
            tool_call_id="call_2",
            function="read_file",
            error=ToolCallError(type="parsing", message="'path' is a required property"),
        ),
    ]
    request = chat_request(messages, [READ_FILE], "auto", GenerateConfig())
    assert request["messages"] == [
        {"role": "system", "content": "You are Quill."},
        {"role": "user", "content": "Read the plan."},
        {
            "role": "assistant",
            "content": "Reading it.",
            "tool_calls": [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": "read_file", "arguments": json.dumps({"path": "/srv/plan.md"})},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": "# Plan"},
        {
            "role": "assistant",
            "content": "",
            "tool_calls": [
                {"id": "call_2", "type": "function", "function": {"name": "read_file", "arguments": "{}"}}
            ],
        },
        {"role": "tool", "tool_call_id": "call_2", "content": "Error: 'path' is a required property"},
    ]


def test_tools_are_in_the_request_for_the_chat_template() -> None:
    request = chat_request([ChatMessageUser(content="hi")], [READ_FILE, LIST_INBOX], "auto", GenerateConfig())
    assert request["tool_choice"] == "auto"
    assert request["tools"][0] == {
        "type": "function",
        "function": {
            "name": "read_file",
            "description": "Read a file.",
            "parameters": {
                "type": "object",
                "properties": {"path": {"type": "string", "description": "Its path."}},
                "required": ["path"],
                "additionalProperties": False,
            },
        },
    }
    assert [tool["function"]["name"] for tool in request["tools"]] == ["read_file", "list_inbox"]
    # What the reply parser accepts as a flattened call: each offered tool with its parameters.
    assert offered_tools(request["tools"]) == {"read_file": {"path"}, "list_inbox": frozenset()}


@pytest.mark.parametrize(
    "choice, expected, offered",
    [
        ("any", "required", ["read_file", "list_inbox"]),
        ("none", "none", ["read_file", "list_inbox"]),
        (ToolFunction("list_inbox"), "required", ["list_inbox"]),
    ],
)
def test_tool_choice(choice: object, expected: str, offered: list[str]) -> None:
    request = chat_request([ChatMessageUser(content="hi")], [READ_FILE, LIST_INBOX], choice, GenerateConfig())  # type: ignore[arg-type]
    assert request["tool_choice"] == expected
    assert [tool["function"]["name"] for tool in request["tools"]] == offered


def test_no_tools_no_tool_fields() -> None:
    request = chat_request([ChatMessageUser(content="hi")], [], "auto", GenerateConfig())
    assert set(request) == {"messages", "max_tokens"}
    assert request["max_tokens"] == DEFAULT_MAX_TOKENS


def test_generation_settings_pass_through() -> None:
    config = GenerateConfig(max_tokens=64, temperature=0.0, top_p=0.9, top_k=20, seed=7, stop_seqs=["END"])
    request = chat_request([ChatMessageUser(content="hi")], [], "auto", config)
    assert {key: request[key] for key in ("max_tokens", "temperature", "top_p", "top_k", "seed", "stop")} == {
        "max_tokens": 64,
        "temperature": 0.0,
        "top_p": 0.9,
        "top_k": 20,
        "seed": 7,
        "stop": ["END"],
    }


def _reply(text: str = "", calls: tuple[ParsedToolCall, ...] = (), finish: str = "stop") -> ChatReply:
    return ChatReply(
        text=text,
        calls=calls,
        finish_reason=finish,
        usage=ChatUsage(prompt_tokens=1200, cached_tokens=1000, completion_tokens=40),
        timings=ChatTimings(prompt_tokens=200, prompt_ms=2500.0, generated_tokens=40, generation_ms=1800.0),
        reasoning=None,
        response={},
    )


def test_reply_with_calls_becomes_tool_calls_with_usage() -> None:
    calls = (
        ParsedToolCall("read_file", {"path": "/srv/plan.md"}),
        ParsedToolCall("send_email", {}, id="call_x", parse_error="arguments are not valid JSON: '{to:'"),
    )
    output = model_output("qwen2.5-coder-0.5b", _reply("Reading.", calls), 4.3)
    assert output.stop_reason == "tool_calls"
    assert output.message.text == "Reading."
    assert output.message.tool_calls is not None
    first, second = output.message.tool_calls
    assert (first.function, first.arguments, first.parse_error) == (
        "read_file",
        {"path": "/srv/plan.md"},
        None,
    )
    assert first.id.startswith("call_") and first.id != "call_x"
    assert (second.id, second.parse_error) == ("call_x", "arguments are not valid JSON: '{to:'")
    assert output.usage is not None
    assert (output.usage.input_tokens, output.usage.input_tokens_cache_read, output.usage.output_tokens) == (
        200,
        1000,
        40,
    )
    assert output.usage.total_tokens == 1240
    assert output.time == 4.3


def test_plain_reply_and_length_stop() -> None:
    assert model_output("m", _reply("Done."), 1.0).stop_reason == "stop"
    output = model_output("m", _reply("It was a dark", finish="length"), 1.0)
    assert output.stop_reason == "max_tokens"
    assert output.message.tool_calls is None


def test_reasoning_is_kept_apart_from_the_text() -> None:
    reply = ChatReply(**{**_reply("Answer.").__dict__, "reasoning": "Let me think."})
    content = model_output("m", reply, 1.0).message.content
    assert isinstance(content, list) and isinstance(content[0], ContentReasoning)
    assert model_output("m", reply, 1.0).message.text == "Answer."


def test_missing_extra_says_which_pip_command_to_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "xllamacpp", None)
    with pytest.raises(PrerequisiteError) as raised:
        get_model("local/qwen2.5-coder-0.5b", memoize=False)
    assert "pip install 'boldly[local]'" in Text.from_markup(str(raised.value.message)).plain


def test_bad_model_args_are_named() -> None:
    with pytest.raises(PrerequisiteError, match="context_size"):
        get_model("local/qwen2.5-coder-0.5b", memoize=False, context_sise=4096)


def test_unknown_model_is_refused() -> None:
    with pytest.raises(PrerequisiteError):
        get_model("local/no-such-model", memoize=False)
