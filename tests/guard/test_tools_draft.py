"""`boldly guard tools`: declarations drafted from a real MCP server's tool list and from saved lists."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from boldly.cli import app
from boldly.guard import Guard, Policy, draft_tools, tools_from_json

HERE = Path(__file__).parent
POLICY = HERE / "policy.yaml"
MESSAGING = HERE / "tools" / "messaging.json"
PAGED_SERVER = HERE / "paged_mcp_server.py"
runner = CliRunner()

FILESYSTEM_TOOLS = [
    "read_file",
    "read_text_file",
    "read_media_file",
    "read_multiple_files",
    "write_file",
    "edit_file",
    "create_directory",
    "list_directory",
    "list_directory_with_sizes",
    "directory_tree",
    "move_file",
    "search_files",
    "get_file_info",
    "list_allowed_directories",
]
CANONICAL_NAMES = ["read_file", "write_file"]
"""Tools of the server named like canonical tools: their declarations replace the canonical ones."""


def policy_with(draft: str) -> Policy:
    """The test policy with its `tools:` section replaced by a draft, as a user pastes it."""
    text = POLICY.read_text()
    before, after = text.split("tools:\n", 1)
    return Policy.parse(before + draft + after[after.index("defaults:") :], "policy.yaml")


def effects(policy: Policy, tool: str) -> list[dict[str, Any]]:
    declared = policy.tools[tool]
    assert declared.effects is not None
    return [e.model_dump(exclude_defaults=True, mode="json") for e in declared.effects]


def drafted(*args: str) -> str:
    result = runner.invoke(app, ["guard", "tools", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_reference_filesystem_server_is_drafted_whole(filesystem_server: Path, tmp_path: Path) -> None:
    output = tmp_path / "tools.yaml"
    result = runner.invoke(
        app, ["guard", "tools", "-o", str(output), "--", str(filesystem_server), str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    draft = output.read_text()
    policy = policy_with(draft)
    assert sorted(policy.tools) == sorted(FILESYSTEM_TOOLS)
    for name in CANONICAL_NAMES:
        assert f"it replaces boldly's canonical {name} in this policy" in " ".join(
            draft.replace("#", " ").split()
        )
    assert effects(policy, "write_file") == [{"op": "file_write", "path": ["path"], "content": ["content"]}]
    assert effects(policy, "read_file") == [{"op": "file_read", "path": ["path"]}]
    assert effects(policy, "move_file") == [
        {"op": "file_move", "path": ["source"], "destination": "destination"}
    ]
    assert effects(policy, "read_multiple_files") == [{"op": "file_read", "path": ["paths"]}]
    assert effects(policy, "edit_file") == [{"op": "file_write", "path": ["path"]}]
    assert policy.tools["edit_file"].ignore == ["edits", "dryRun"]
    assert effects(policy, "create_directory") == [{"op": "file_write", "path": ["path"], "directory": True}]
    for read in ("read_text_file", "list_directory", "directory_tree", "search_files", "get_file_info"):
        assert effects(policy, read) == [{"op": "file_read", "path": ["path"]}], read
    assert effects(policy, "list_allowed_directories") == []
    assert policy.tools["read_text_file"].ignore == ["tail", "head"]
    assert all(not tool.review for tool in policy.tools.values())
    assert (
        "# recognised as a file move by its name and arguments; server hints: not read-only, destructive"
        in draft
    )
    assert policy.tools["move_file"].input_schema is not None
    assert policy.tools["move_file"].description.startswith("Move or rename files")


def test_drafted_declarations_decide_calls(filesystem_server: Path, tmp_path: Path) -> None:
    guard = Guard(policy_with(drafted("--", str(filesystem_server), str(tmp_path))))
    session = guard.session(["Tidy up the exports."])
    onto_evidence = {"tool": "move_file", "args": {"source": "/tmp/x.csv", "destination": "/data/trial.csv"}}
    assert guard.decide(onto_evidence, session).verdict == "deny"
    tidy = {"tool": "move_file", "args": {"source": "/tmp/x.csv", "destination": "/tmp/y.csv"}}
    assert guard.decide(tidy, session).verdict == "allow"
    reads = {"tool": "read_multiple_files", "args": {"paths": ["/tmp/a.txt", "/tmp/b.txt"]}}
    decision = guard.decide(reads, session)
    assert decision.verdict == "allow" and [e.op.value for e in decision.effects] == ["file_read"]


def test_every_page_of_the_tool_list_is_drafted() -> None:
    draft = drafted("--", sys.executable, str(PAGED_SERVER))
    policy = policy_with(draft)
    assert sorted(policy.tools) == ["delete_note", "list_notes"]
    assert "# - archive_note: not recognised" in draft


MESSAGING_EFFECTS = {
    "send_direct_message": [
        {
            "op": "send_message",
            "channel": "chat",
            "to": [{"kind": "person", "arg": "recipient"}],
            "content": ["body"],
        }
    ],
    "send_channel_message": [
        {
            "op": "send_message",
            "channel": "chat",
            "to": [{"kind": "group", "arg": "channel"}],
            "content": ["body"],
        }
    ],
    "send_money": [
        {"op": "payment", "to": [{"kind": "payee", "arg": "recipient"}], "content": ["amount", "subject"]}
    ],
    "share_file": [{"op": "access_grant", "to": [{"kind": "address", "arg": "email"}], "path": ["file_id"]}],
    "invite_user": [
        {"op": "access_grant", "to": [{"kind": "address", "arg": "email"}, {"kind": "person", "arg": "user"}]}
    ],
    "get_webpage": [{"op": "http_request", "to": [{"kind": "url", "arg": "url"}]}],
    "post_webpage": [{"op": "publish", "to": [{"kind": "url", "arg": "url"}], "content": ["content"]}],
    "search_emails": [],
    "update_password": [{"op": "password_reset", "to": [{"kind": "account", "agent": True}]}],
    "get_forecast": [],
}


def test_a_messaging_and_payments_toolset_is_recognised_by_name_and_arguments() -> None:
    draft = drafted("--from", str(MESSAGING))
    policy = policy_with(draft)
    assert {name: effects(policy, name) for name in policy.tools} == MESSAGING_EFFECTS
    assert policy.tools["send_money"].ignore == ["date"]
    assert policy.tools["update_password"].ignore == ["password"]
    assert "archive_thread" not in policy.tools
    assert "# - archive_thread: not recognised; no server hints, so it is left undeclared" in draft


def test_what_cannot_be_placed_is_reviewed_or_asked_about() -> None:
    policy = policy_with(drafted("--from", str(MESSAGING)))
    reviewed = {name for name, tool in policy.tools.items() if tool.review}
    assert reviewed == {"search_emails", "update_password", "get_forecast"}
    assert "cannot place city" in policy.tools["get_forecast"].review
    assert "marks it read-only" in policy.tools["get_forecast"].review
    guard = Guard(policy)
    session = guard.session(["Pay the invoice."])
    asked = guard.decide({"tool": "archive_thread", "args": {"thread": "t-1"}}, session)
    assert (asked.verdict, asked.rule) == ("ask", "undeclared-tool")
    published = guard.decide(
        {"tool": "post_webpage", "args": {"url": "https://paste.example.org/x", "content": "s"}}, session
    )
    assert published.verdict == "deny" and published.effects[0].op.value == "publish"


def test_hints_and_names_that_disagree_are_marked_for_review() -> None:
    listed = tools_from_json(
        json.dumps(
            [
                {
                    "name": "get_status",
                    "inputSchema": {"type": "object"},
                    "annotations": {"destructiveHint": True},
                },
                {"name": "delete_file", "inputSchema": {"type": "object", "properties": {"path": {}}}},
                {
                    "name": "remove_entry",
                    "inputSchema": {"type": "object", "properties": {"path": {}}},
                    "annotations": {"readOnlyHint": True},
                },
                {
                    "name": "frob",
                    "inputSchema": {"type": "object", "properties": {"x": {}}},
                    "annotations": {"readOnlyHint": False},
                },
                {
                    "name": "run_command",
                    "inputSchema": {"type": "object", "properties": {"cmd": {}, "timeout": {}}},
                },
            ]
        ),
        "inline",
    )
    drafts = {d.name: d for d in draft_tools(listed)}
    assert "not read-only" in drafts["get_status"].review
    assert drafts["delete_file"].declaration["effects"] == [{"op": "file_delete", "path": ["path"]}]
    assert "replaces boldly's canonical delete_file" in drafts["delete_file"].recognised
    assert drafts["remove_entry"].declaration["effects"] == [{"op": "file_delete", "path": ["path"]}]
    assert "marks it read-only" in drafts["remove_entry"].review
    assert drafts["frob"].declaration is None and "not read-only" in drafts["frob"].recognised
    shell = drafts["run_command"].declaration
    assert shell is not None and (shell["tool"], shell["args"], shell["ignore"]) == (
        "run_shell",
        {"command": "cmd"},
        ["timeout"],
    )


def test_a_bare_list_of_tools_is_read_too(tmp_path: Path) -> None:
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps(json.loads(MESSAGING.read_text())["tools"]))
    tools = drafted("--from", str(bare)).split("tools:\n", 1)[1]
    assert tools == drafted("--from", str(MESSAGING)).split("tools:\n", 1)[1]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"tools": [', "bad.json:1:12: not JSON"),
        ('{"tools": {"a": 1}}', "bad.json: expected a tools/list result"),
        ('{"tools": [{"description": "x"}]}', "bad.json: tools[0]: expected a tool: an object with a name"),
        ('[{"name": "a", "inputSchema": []}]', "bad.json: tools[0] (a): inputSchema is not an object"),
    ],
)
def test_a_malformed_tool_list_is_one_line_and_nothing_written(
    tmp_path: Path, content: str, message: str
) -> None:
    bad, output = tmp_path / "bad.json", tmp_path / "tools.yaml"
    bad.write_text(content)
    result = runner.invoke(app, ["guard", "tools", "--from", str(bad), "-o", str(output)])
    assert result.exit_code == 2 and not output.exists()
    assert result.output.count("\n") == 1 and result.output.startswith(str(bad)) and message in result.output


def test_a_server_that_fails_is_one_line_and_nothing_written(tmp_path: Path) -> None:
    output = tmp_path / "tools.yaml"
    missing = runner.invoke(
        app, ["guard", "tools", "-o", str(output), "--", str(tmp_path / "no-such-server")]
    )
    assert missing.exit_code == 2 and "cannot start the MCP server" in missing.output
    crash = [sys.executable, "-c", "import sys; sys.exit('bad configuration: no root given')"]
    crashed = runner.invoke(app, ["guard", "tools", "-o", str(output), "--", *crash])
    assert crashed.exit_code == 2 and crashed.output.count("\n") == 1
    assert "failed before listing its tools: bad configuration: no root given" in crashed.output
    assert not output.exists()


def test_an_existing_draft_is_kept_without_force(tmp_path: Path) -> None:
    output = tmp_path / "tools.yaml"
    output.write_text("mine\n")
    refused = runner.invoke(app, ["guard", "tools", "--from", str(MESSAGING), "-o", str(output)])
    assert refused.exit_code == 2 and "already exists" in refused.output and output.read_text() == "mine\n"
    forced = runner.invoke(app, ["guard", "tools", "--from", str(MESSAGING), "-o", str(output), "--force"])
    assert forced.exit_code == 0 and output.read_text().startswith("# Drafted by `boldly guard tools`")
    assert [p.name for p in tmp_path.iterdir()] == ["tools.yaml"]
