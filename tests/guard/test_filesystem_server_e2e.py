"""End to end with a real third-party server: the reference MCP filesystem server (npm) behind `boldly guard
mcp`, under the policy that `boldly guard tools` drafted plus the edits docs/guard.md says a user makes (the
server's directory as `roots`, its sensitive folder under `paths`, `--resolve-paths`), driven by the official
MCP client. Every tool of the server is usable; relative-path, symlink and move overwrites of a sensitive
file are refused; a new file in the sensitive folder is allowed; the server's death is an error, not a hang.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

import anyio
import psutil
import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.shared.exceptions import MCPError
from typer.testing import CliRunner

from boldly.cli import app
from boldly.guard import default_policy_text, verify_log

PROMPT = 5.0
"""Seconds within which a call must fail once the server is dead: well under any client timeout."""

BENIGN: list[tuple[str, dict[str, Any]]] = [
    ("list_allowed_directories", {}),
    ("create_directory", {"path": "scratch/reports"}),
    ("write_file", {"path": "scratch/notes.txt", "content": "draft\n"}),
    ("edit_file", {"path": "scratch/notes.txt", "edits": [{"oldText": "draft", "newText": "final"}]}),
    ("read_file", {"path": "finance/q3.csv"}),
    ("read_text_file", {"path": "finance/q3.csv", "head": 1}),
    ("read_media_file", {"path": "scratch/logo.png"}),
    ("read_multiple_files", {"paths": ["finance/q3.csv", "scratch/notes.txt"]}),
    ("list_directory", {"path": "finance"}),
    ("list_directory_with_sizes", {"path": "finance", "sortBy": "size"}),
    ("directory_tree", {"path": "scratch"}),
    ("search_files", {"path": ".", "pattern": "*.csv"}),
    ("get_file_info", {"path": "finance/payroll.csv"}),
    ("move_file", {"source": "scratch/notes.txt", "destination": "scratch/reports/notes.txt"}),
]
"""One ordinary call of each of the server's 14 tools, with paths as an agent writes them (relative)."""


def organization(tmp_path: Path) -> Path:
    """The server's directory: a sensitive finance folder, a symlink into it, and a scratch area."""
    org = tmp_path / "org"
    (org / "finance").mkdir(parents=True)
    (org / "scratch").mkdir()
    (org / "finance" / "q3.csv").write_text("quarter,revenue\nQ3,4120000\n")
    (org / "finance" / "payroll.csv").write_text("name,salary\nR. Okafor,98000\n")
    (org / "scratch" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 16)
    os.symlink(org / "finance", org / "link")
    return org


def drafted_policy(tmp_path: Path, server: Path, org: Path) -> Path:
    """The default policy with the drafted tools, and the user's edits: roots and the sensitive folder."""
    result = CliRunner().invoke(app, ["guard", "tools", "--", str(server), str(org)])
    assert result.exit_code == 0, result.output
    text = default_policy_text()
    start, end = text.index("tools:\n"), text.index("# Effects that no rule matches")
    edits = f'roots: ["{org}"]\n\n'
    text = text[:start] + edits + result.stdout + "\n" + text[end:]
    text = text.replace("paths:\n", f'paths:\n  - {{pattern: "{org}/finance/**", tags: [sensitive]}}\n', 1)
    policy = tmp_path / "policy.yaml"
    policy.write_text(text)
    return policy


def proxied(policy: Path, log: Path, server: Path, org: Path) -> StdioServerParameters:
    guard = ["-m", "boldly", "guard", "mcp", "--policy", str(policy), "--audit-log", str(log)]
    return StdioServerParameters(
        command=sys.executable, args=[*guard, "--resolve-paths", "--", str(server), str(org)]
    )


async def drive(
    params: StdioServerParameters, calls: list[tuple[str, dict[str, Any]]], org: Path
) -> tuple[list[str], list[tuple[bool, str]], str, float]:
    """List the tools, make the calls, then kill the server and make one more call."""
    results: list[tuple[bool, str]] = []
    with open(os.devnull, "w") as quiet:
        async with stdio_client(params, errlog=quiet) as (read, write), ClientSession(read, write) as session:
            await session.initialize()
            tools = [tool.name for tool in (await session.list_tools()).tools]
            for name, arguments in calls:
                result = await session.call_tool(name, arguments)
                texts = [part.text for part in result.content if hasattr(part, "text")]
                results.append((result.is_error, "\n".join(texts)))
            os.kill(server_pid(org), signal.SIGKILL)
            start = time.monotonic()
            with pytest.raises(MCPError) as raised:
                await session.call_tool("list_directory", {"path": "."}, read_timeout_seconds=30)
            elapsed = time.monotonic() - start
    return tools, results, str(raised.value), elapsed


def server_pid(org: Path) -> int:
    """The filesystem server's process, found by its command line (the proxy's child)."""
    for process in psutil.process_iter(["pid", "cmdline"]):
        cmdline = process.info["cmdline"] or []
        if any("mcp-server-filesystem" in part for part in cmdline) and str(org) in cmdline:
            return int(process.info["pid"])
    raise AssertionError("the filesystem server is not running")


def test_the_reference_filesystem_server_behind_the_guard(filesystem_server: Path, tmp_path: Path) -> None:
    org = organization(tmp_path)
    policy, log = drafted_policy(tmp_path, filesystem_server, org), tmp_path / "audit.jsonl"
    refused = [
        ("write_file", {"path": "finance/payroll.csv", "content": "name,salary\n"}),
        ("write_file", {"path": f"{org}/link/q3.csv", "content": "quarter,revenue\n"}),
        ("move_file", {"source": "scratch/reports/notes.txt", "destination": "finance/q3.csv"}),
        ("edit_file", {"path": "link/payroll.csv", "edits": [{"oldText": "98000", "newText": "1"}]}),
    ]
    new_file = ("write_file", {"path": "finance/q4-forecast.txt", "content": "Q4: flat\n"})
    tools, results, error, elapsed = anyio.run(
        drive, proxied(policy, log, filesystem_server, org), [*BENIGN, *refused, new_file], org
    )

    assert sorted(tools) == sorted(name for name, _ in BENIGN)
    for (name, _), (is_error, text) in zip(BENIGN, results, strict=False):
        assert not is_error, f"{name}: {text}"
    assert "final" in (org / "scratch" / "reports" / "notes.txt").read_text()
    for (name, _), (is_error, text) in zip(refused, results[len(BENIGN) :], strict=False):
        assert is_error and text.startswith("Blocked by policy"), f"{name}: {text}"
    assert (org / "finance" / "payroll.csv").read_text() == "name,salary\nR. Okafor,98000\n"
    assert (org / "finance" / "q3.csv").read_text() == "quarter,revenue\nQ3,4120000\n"
    assert (org / "scratch" / "reports" / "notes.txt").exists()
    assert results[-1] == (False, results[-1][1]) and (org / "finance" / "q4-forecast.txt").exists()

    assert ("before answering" in error or "Connection closed" in error) and elapsed < PROMPT
    verified = verify_log(log)
    assert verified.ok and verified.count == len(BENIGN) + len(refused) + 1, verified.message
