"""The tool-call parser over the shapes small models write, plus garbage: it never raises."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boldly.local import ParsedReply, ParsedToolCall, call_from_object, parse_reply

SEND = {"name": "send_email", "arguments": {"to": "cl@corvane-tx.com", "subject": "Audit", "body": "Done."}}
SEND_CALL = ParsedToolCall("send_email", SEND["arguments"])
READ_CALL = ParsedToolCall("read_file", {"path": "/srv/cqa/audit_plan.md"})
READ = {"name": "read_file", "arguments": {"path": "/srv/cqa/audit_plan.md"}}


def test_tagged_call() -> None:
    reply = parse_reply(f"<tool_call>\n{json.dumps(SEND)}\n</tool_call>")
    assert reply == ParsedReply("", (SEND_CALL,))


def test_several_tagged_calls_in_order_with_text_kept() -> None:
    text = (
        f"First the plan.\n<tool_call>\n{json.dumps(READ)}\n</tool_call>\n"
        f"<tool_call>\n{json.dumps(SEND)}\n</tool_call>\nThat is all."
    )
    assert parse_reply(text) == ParsedReply("First the plan.\nThat is all.", (READ_CALL, SEND_CALL))


def test_tagged_call_cut_off_before_its_closing_tag() -> None:
    assert parse_reply(f"<tool_call>{json.dumps(READ)}").calls == (READ_CALL,)


def test_tagged_call_with_flattened_arguments() -> None:
    reply = parse_reply('<tool_call>{"name": "read_file", "path": "/srv/cqa/audit_plan.md"}</tool_call>')
    assert reply.calls == (READ_CALL,)


def test_tagged_call_holding_a_fenced_block() -> None:
    reply = parse_reply(f"<tool_call>\n```json\n{json.dumps(READ)}\n```\n</tool_call>")
    assert reply == ParsedReply("", (READ_CALL,))


def test_fenced_json_call() -> None:
    text = f"I'll send it now.\n```json\n{json.dumps(SEND, indent=2)}\n```"
    assert parse_reply(text) == ParsedReply("I'll send it now.", (SEND_CALL,))


@pytest.mark.parametrize("language", ["", "json", "JSON", "tool_call", "python"])
def test_fenced_call_whatever_the_fence_language(language: str) -> None:
    assert parse_reply(f"```{language}\n{json.dumps(READ)}\n```").calls == (READ_CALL,)


def test_fenced_list_of_calls() -> None:
    text = f"```json\n{json.dumps([READ, SEND])}\n```"
    assert parse_reply(text) == ParsedReply("", (READ_CALL, SEND_CALL))


def test_bare_call() -> None:
    assert parse_reply(json.dumps(SEND)) == ParsedReply("", (SEND_CALL,))


def test_bare_call_inside_prose() -> None:
    reply = parse_reply(f"Sure, reading it: {json.dumps(READ)} and then I will report.")
    assert reply == ParsedReply("Sure, reading it:\nand then I will report.", (READ_CALL,))


def test_bare_calls_one_per_line() -> None:
    assert parse_reply(f"{json.dumps(READ)}\n{json.dumps(SEND)}\n").calls == (READ_CALL, SEND_CALL)


def test_bare_list_of_calls() -> None:
    assert parse_reply(json.dumps([READ, SEND])).calls == (READ_CALL, SEND_CALL)


def test_arguments_as_a_json_string() -> None:
    text = json.dumps({"name": "read_file", "arguments": json.dumps(READ["arguments"])})
    assert parse_reply(text).calls == (READ_CALL,)


def test_parameters_instead_of_arguments() -> None:
    assert parse_reply(json.dumps({"name": "read_file", "parameters": READ["arguments"]})).calls == (
        READ_CALL,
    )


def test_openai_function_shape_keeps_its_id() -> None:
    value = {"id": "call_7", "type": "function", "function": {"name": "read_file", "arguments": "{}"}}
    assert call_from_object(value) == ParsedToolCall("read_file", {}, id="call_7")


@pytest.mark.parametrize("arguments", [None, "", "  ", {}])
def test_empty_arguments(arguments: object) -> None:
    assert parse_reply(json.dumps({"name": "list_inbox", "arguments": arguments})).calls == (
        ParsedToolCall("list_inbox", {}),
    )


def test_unreadable_argument_string_is_a_call_with_a_parse_error() -> None:
    [call] = parse_reply('{"name": "read_file", "arguments": "{path: /srv}"}').calls
    assert call.name == "read_file"
    assert call.arguments == {}
    assert call.parse_error and "not valid JSON" in call.parse_error


@pytest.mark.parametrize("arguments", [[1, 2], 3, '"just a string"', "[1]"])
def test_arguments_that_are_not_an_object_is_a_parse_error(arguments: object) -> None:
    [call] = parse_reply(json.dumps({"name": "read_file", "arguments": arguments})).calls
    assert call.parse_error and call.arguments == {}


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n",
        "I have finished the audit and emailed the summary.",
        "{",
        "}{][",
        '{"name": "read_file", "arguments": {"path": "/x"}',
        '```json\n{"name": "read_file", "arguments": {"path": "/x"}\n```',
        "<tool_call>\nnot json at all\n</tool_call>",
        "<tool_call></tool_call>",
        "{'name': 'read_file', 'arguments': {}}",
        '{"name": 42, "arguments": {}}',
        '{"name": "", "arguments": {}}',
        '{"arguments": {"path": "/x"}}',
        '{"name": "read_file"}',
        "```python\nprint({'a': 1})\n```",
        '[1, 2, 3] and {"a": {"b": null}}',
        "[" * 5000,
        "{" * 5000,
        '{"a": ' * 3000,
        "\x00\ud800 <tool_call> ```",
    ],
)
def test_garbage_is_a_plain_answer(text: str) -> None:
    reply = parse_reply(text)
    assert reply == ParsedReply(text.strip(), ())


def test_data_that_is_not_a_call_stays_text() -> None:
    text = 'The export has {"name": "Haldane", "arguments": [], "site": "0412"} as its first row.'
    assert parse_reply(text) == ParsedReply(text, ())


def test_call_nested_in_other_json_stays_text() -> None:
    text = json.dumps({"tool": READ})
    assert parse_reply(text) == ParsedReply(text, ())


def test_list_mixing_calls_and_other_values_stays_text() -> None:
    text = json.dumps([READ, "and then", SEND])
    assert parse_reply(text) == ParsedReply(text, ())


def test_raw_line_breaks_inside_strings_are_kept() -> None:
    text = '{"name": "write_log", "arguments": {"name": "audit", "text": "WQ-0311\nchlorine\treviewed"}}'
    assert "\n" in text  # a raw line break, as the model wrote it, not the escape
    reply = parse_reply(text)
    assert reply.calls == (
        ParsedToolCall("write_log", {"name": "audit", "text": "WQ-0311\nchlorine\treviewed"}),
    )


OFFERED = {
    "send_email": frozenset({"to", "subject", "body", "cc"}),
    "read_file": frozenset({"path"}),
}
FLAT_SEND = {"name": "send_email", **SEND["arguments"]}


@pytest.mark.parametrize("wrap", ["{}", "Sending it now:\n{}\nDone.", "```json\n{}\n```"])
def test_flattened_call_to_an_offered_tool(wrap: str) -> None:
    reply = parse_reply(wrap.format(json.dumps(FLAT_SEND)), OFFERED)
    assert reply.calls == (SEND_CALL,)
    assert "send_email" not in reply.text


def test_flattened_call_is_text_when_no_tools_were_offered() -> None:
    text = json.dumps(FLAT_SEND)
    assert parse_reply(text) == ParsedReply(text, ())


@pytest.mark.parametrize(
    "value",
    [
        {"name": "send_mail", "to": "cl@corvane-tx.com"},  # not an offered tool
        {"name": "send_email", "to": "cl@corvane-tx.com", "priority": "high"},  # not its parameter
        {"name": "Haldane", "site": "0412"},  # data
    ],
)
def test_flattened_object_that_is_not_an_offered_call_stays_text(value: dict[str, str]) -> None:
    text = f"The row reads {json.dumps(value)}."
    assert parse_reply(text, OFFERED) == ParsedReply(text, ())


@pytest.mark.parametrize(
    "text",
    [
        json.dumps(SEND)[:-1],  # the outer brace left off
        json.dumps(SEND)[:-2] + "\n",  # both, then a newline
        "I will send it.\n" + json.dumps(SEND)[:-1],
        "```json\n" + json.dumps(SEND)[:-1] + "\n```",
        "<tool_call>\n" + json.dumps(SEND)[:-1] + "\n</tool_call>",
        json.dumps([READ, SEND])[:-1],  # a list short of its bracket
    ],
)
def test_call_short_of_its_closing_brackets_is_completed_when_the_model_ended(text: str) -> None:
    reply = parse_reply(text, ended=True)
    assert reply.calls and reply.calls[-1] == SEND_CALL
    assert "send_email" not in reply.text


@pytest.mark.parametrize(
    "text",
    [
        json.dumps(SEND)[:-1],  # short of a brace, but cut off at the token limit: not ended
        'some JSON: {"name": "send_email", "arguments": {"body": "cut off in the mid',  # inside a string
        json.dumps(SEND)[:-2] + "]}",  # a bracket that closes the wrong thing
        json.dumps(SEND)[:-1] + "\nand then some prose",  # not at the end
    ],
)
def test_a_call_missing_more_than_closers_stays_text(text: str) -> None:
    ended = text != json.dumps(SEND)[:-1]
    assert parse_reply(text, ended=ended).calls == ()


def test_shapes_mixed_in_one_answer_in_written_order() -> None:
    text = f"{json.dumps(READ)}\n```json\n{json.dumps(SEND)}\n```\n<tool_call>{json.dumps(READ)}</tool_call>"
    assert parse_reply(text).calls == (READ_CALL, SEND_CALL, READ_CALL)


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=8,
)
_fragments = st.sampled_from(
    [
        "<tool_call>",
        "</tool_call>",
        "```",
        "```json\n",
        "{",
        "}",
        "[",
        "]",
        '"name": ',
        '"arguments": ',
        ",",
        "\n",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_fragments | st.text(max_size=10) | _json.map(json.dumps), max_size=12), st.booleans())
def test_never_raises(pieces: list[str], ended: bool) -> None:
    reply = parse_reply("".join(pieces), OFFERED, ended=ended)
    assert isinstance(reply.text, str)
    assert all(isinstance(call.arguments, dict) and call.name for call in reply.calls)
