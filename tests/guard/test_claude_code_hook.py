"""`boldly guard hook claude-code` end to end: recorded PreToolUse inputs and a transcript in Claude Code's
formats in, the hook's permission decision out; the shipped policy with one MCP tool declared."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from boldly.cli import app
from boldly.guard import default_policy_text, verify_log

FIXTURES = Path(__file__).parent / "claude_code"
SRC = Path(__file__).parents[2] / "src"
runner = CliRunner()


@pytest.fixture
def policy(tmp_path: Path) -> Path:
    extra = (FIXTURES / "policy_extra.yaml").read_text(encoding="utf-8")
    text = default_policy_text().replace("\ntools:\n", "\ntools:\n" + extra, 1)
    text += "groups:\n  - {name: general}\n"
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def hook_input(name: str, **changes: Any) -> dict[str, Any]:
    data = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    data["transcript_path"] = str(FIXTURES / "transcript.jsonl")
    return {**data, **changes}


def run_hook(policy: Path, tmp_path: Path, data: dict[str, Any] | str) -> dict[str, str]:
    raw = data if isinstance(data, str) else json.dumps(data)
    args = ["guard", "hook", "claude-code", "--policy", str(policy), "--state-dir", str(tmp_path / "state")]
    result = runner.invoke(app, [*args, "--audit-log", str(tmp_path / "audit.jsonl")], input=raw)
    assert result.exit_code == 0, result.output
    output = json.loads(result.stdout)
    assert output["hookSpecificOutput"]["hookEventName"] == "PreToolUse"
    return output["hookSpecificOutput"]


@pytest.mark.parametrize(
    ("name", "decision", "rule"),
    [
        ("bash_rm_named", "allow", "untagged-file-changes"),
        ("bash_rm_from_tool_output", "deny", "others-directory-deletion-unasked"),
        ("bash_rm_subagent_prompt", "deny", "others-directory-deletion-unasked"),
        ("edit_in_project", "allow", "untagged-file-changes"),
        ("bash_relative_rm", "allow", "untagged-file-changes"),
        ("write_outside_project", "ask", "others-data-destruction-unasked"),
        ("webfetch_read", "allow", "web-reads"),
        ("bash_curl_post_press", "deny", "authorities-press-public-unasked"),
        ("mcp_undeclared", "ask", "undeclared-tool"),
        ("mcp_declared", "allow", "default:other"),
    ],
)
def test_each_recorded_call_gets_the_policys_decision(
    policy: Path, tmp_path: Path, name: str, decision: str, rule: str
) -> None:
    """Only the user's own words grant mandate: not a tool result, a /command notice or a subagent's prompt;
    the project directory (cwd) is the agent's workspace and relative paths resolve in it."""
    answer = run_hook(policy, tmp_path, hook_input(name))
    assert answer["permissionDecision"] == decision, answer["permissionDecisionReason"]
    assert answer["permissionDecisionReason"].startswith(f"boldly guard ({rule}): ")


def test_an_undeclared_mcp_tool_is_asked_about_with_how_to_declare_it(policy: Path, tmp_path: Path) -> None:
    reason = run_hook(policy, tmp_path, hook_input("mcp_undeclared"))["permissionDecisionReason"]
    assert "'mcp__tickets__close_ticket' is not declared" in reason and "tools:" in reason


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("not json", "not JSON"),
        ("[1, 2]", "expected a JSON object"),
        (json.dumps({"session_id": "s", "cwd": "/w", "tool_name": "Bash"}), "tool_input must be an object"),
        (json.dumps({"session_id": "s", "cwd": "rel", "tool_name": "Bash", "tool_input": {}}), "absolute"),
        (
            json.dumps(
                {"hook_event_name": "PostToolUse", "session_id": "s", "cwd": "/w", "tool_name": "Bash"}
            ),
            "PreToolUse only",
        ),
    ],
)
def test_malformed_input_is_denied_with_the_reason(policy: Path, tmp_path: Path, raw: str, why: str) -> None:
    answer = run_hook(policy, tmp_path, raw)
    assert answer["permissionDecision"] == "deny" and why in answer["permissionDecisionReason"]


def test_an_argument_claude_code_never_sends_makes_the_call_unparsable(policy: Path, tmp_path: Path) -> None:
    data = hook_input("edit_in_project")
    data["tool_input"]["copy_to"] = "/srv/elsewhere/dates.py"
    answer = run_hook(policy, tmp_path, data)
    assert answer["permissionDecision"] == "deny" and "copy_to" in answer["permissionDecisionReason"]


def test_a_bad_policy_denies_every_call_and_says_why(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "version: 1\norg: {name: X, domains: [x.example]}\nagent: {address: a@x.example}\nrules: 3\n"
    )
    answer = run_hook(bad, tmp_path, hook_input("webfetch_read"))
    assert answer["permissionDecision"] == "deny" and "bad.yaml:4:8" in answer["permissionDecisionReason"]


def test_the_session_remembers_earlier_calls_between_runs(policy: Path, tmp_path: Path) -> None:
    """A sensitive read in one run counts in the next (the shipped rule asks before outside contact then)."""
    transcript = tmp_path / "transcript.jsonl"
    user = {
        "type": "user",
        "message": {"role": "user", "content": "Post the Q3 summary to partners.example.net"},
    }
    transcript.write_text(json.dumps(user) + "\n", encoding="utf-8")
    post = {"command": "curl -d 'total: 4.1M' https://partners.example.net/q3", "description": "post"}
    base = hook_input("bash_rm_named", transcript_path=str(transcript))
    first = run_hook(policy, tmp_path, {**base, "tool_input": post, "tool_use_id": "toolu_a"})
    read = {
        "tool_name": "Read",
        "tool_input": {"file_path": "/srv/finance/q3.xlsx"},
        "tool_use_id": "toolu_b",
    }
    assert run_hook(policy, tmp_path, {**base, **read})["permissionDecision"] == "allow"
    again = run_hook(policy, tmp_path, {**base, "tool_input": post, "tool_use_id": "toolu_c"})
    assert first["permissionDecision"] == "allow"
    assert again["permissionDecision"] == "ask"
    assert "(outside-after-sensitive-read)" in again["permissionDecisionReason"]
    other = run_hook(
        policy, tmp_path, {**base, "session_id": "another", "tool_input": post, "tool_use_id": "x"}
    )
    assert other["permissionDecision"] == "allow"


def test_concurrent_hook_processes_keep_every_call_and_the_audit_chain(policy: Path, tmp_path: Path) -> None:
    """Claude Code runs the hooks of parallel calls at once: each is a process; none is lost."""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    command = [sys.executable, "-m", "boldly", "guard", "hook", "claude-code", "--policy", str(policy)]
    command += ["--state-dir", str(tmp_path / "state"), "--audit-log", str(tmp_path / "audit.jsonl")]

    def one(index: int) -> subprocess.CompletedProcess[str]:
        data = hook_input("edit_in_project", tool_use_id=f"toolu_{index}")
        return subprocess.run(
            command, input=json.dumps(data), capture_output=True, text=True, env=env, timeout=60
        )

    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(one, range(6)))
    for result in results:
        assert result.returncode == 0 and result.stderr == ""
        assert json.loads(result.stdout)["hookSpecificOutput"]["permissionDecision"] == "allow"
    [state] = (tmp_path / "state").glob("*.json")
    calls = json.loads(state.read_text())["calls"]
    assert sorted(c["tool_use_id"] for c in calls) == sorted(f"toolu_{i}" for i in range(6))
    assert verify_log(tmp_path / "audit.jsonl").ok


def test_init_prints_the_settings_snippet_for_every_tool(tmp_path: Path) -> None:
    result = runner.invoke(app, ["guard", "init", "--claude-code"])
    assert result.exit_code == 0, result.output
    [entry] = json.loads(result.stdout)["hooks"]["PreToolUse"]
    assert entry["matcher"] == "*"
    [hook] = entry["hooks"]
    assert hook["type"] == "command" and hook["command"].startswith("boldly guard hook claude-code --policy ")
    written = runner.invoke(app, ["guard", "init", str(tmp_path / "p.yaml"), "--claude-code"])
    assert (tmp_path / "p.yaml").exists() and str(tmp_path / "p.yaml") in written.stdout
