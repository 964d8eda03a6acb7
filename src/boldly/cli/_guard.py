"""`boldly guard`: write a policy, draft its tools, check one call, verify an audit log, run the MCP proxy."""

from __future__ import annotations

import ipaddress
import json
import os
import shlex
import sys
import tempfile
from pathlib import Path
from typing import Annotated, Any, NoReturn

import anyio
import typer

from boldly._atomic_write import write_atomically
from boldly.cli._app import app, fail, fail_on_source_error
from boldly.guard import (
    AuditLog,
    Decision,
    Guard,
    Policy,
    Session,
    ToolListError,
    default_policy_text,
    draft_tools,
    draft_yaml,
    effect_line,
    load_private_key,
    load_public_key,
    path_kind,
    resolved_path,
    tools_from_json,
    tools_from_server,
    verify_log,
)
from boldly.guard._session_store import MAX_SESSIONS, SESSION_IDLE_SECONDS
from boldly.scenarios import SourceError

guard_app = typer.Typer(
    help="The guard: a policy and its tools, check a call, verify an audit log, proxy an MCP server.",
    no_args_is_help=True,
)
app.add_typer(guard_app, name="guard")

PolicyOption = Annotated[Path, typer.Option("--policy", help="The guard policy (YAML).")]
AuditOption = Annotated[
    Path | None,
    typer.Option("--audit-log", help="Append every decision to this hash-chained JSON-lines log."),
]
KeyOption = Annotated[
    Path | None,
    typer.Option("--signing-key", help="Ed25519 private key (PEM) that signs the log's checkpoint."),
]


def load_guard(
    policy: Path, audit_log: Path | None = None, signing_key: Path | None = None, on_host: bool = False
) -> Guard:
    """The guard of a policy file; `on_host`: paths are resolved and probed on this machine."""
    try:
        loaded = Policy.load(policy)
    except SourceError as error:
        fail_on_source_error(error)
    audit = AuditLog(audit_log, _signing_key(signing_key)) if audit_log is not None else None
    if on_host:
        return Guard(loaded, audit, probe=path_kind, resolve_path=resolved_path)
    return Guard(loaded, audit)


def _signing_key(path: Path | None) -> Any:
    if path is None:
        return None
    try:
        return load_private_key(path)
    except (OSError, ValueError) as error:
        fail(f"{path}: cannot use as a signing key: {error}")


def render(decision: Decision) -> str:
    lines = [f"{decision.verdict}  {decision.rule}", f"  {decision.reason}"]
    for verdict in decision.verdicts:
        lines.append(f"  - {effect_line(verdict.effect)}  [{verdict.verdict}: {verdict.rule}]")
    if decision.redirect is not None:
        lines.append(f"  redirect: {json.dumps(decision.redirect.model_dump(mode='json'))}")
    return "\n".join(lines)


@guard_app.command("init")
def init(
    path: Annotated[Path | None, typer.Argument(help="Where to write it; standard output without.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    claude_code: Annotated[
        bool,
        typer.Option(
            "--claude-code",
            help="Print the Claude Code settings.json snippet that runs the guard before every tool call "
            "(with PATH: also write the policy there, and the snippet uses it).",
        ),
    ] = False,
) -> None:
    """Write the default policy for an organization, with comments, to edit."""
    text = default_policy_text()
    if claude_code:
        if path is not None:
            _write_policy(path, text, force)
        typer.echo(claude_code_settings(path))
        return
    if path is None:
        typer.echo(text, nl=False)
        return
    _write_policy(path, text, force)


def claude_code_settings(policy: Path | None) -> str:
    """The settings.json `hooks` entry: every tool (matcher `*`) goes through `boldly guard hook`; the policy
    and the audit log in the project's `.claude/` unless a policy file is given (the log then beside it)."""
    if policy is None:
        where, log = (
            '"$CLAUDE_PROJECT_DIR"/.claude/boldly-policy.yaml',
            '"$CLAUDE_PROJECT_DIR"/.claude/boldly-audit.jsonl',
        )
    else:
        where, log = (
            shlex.quote(str(policy.resolve())),
            shlex.quote(str(policy.resolve().parent / "boldly-audit.jsonl")),
        )
    command = f"boldly guard hook claude-code --policy {where} --audit-log {log}"
    entry = {"matcher": "*", "hooks": [{"type": "command", "command": command, "timeout": 30}]}
    return json.dumps({"hooks": {"PreToolUse": [entry]}}, indent=2)


def _write_policy(path: Path, text: str, force: bool) -> None:
    if path.exists() and not force:
        fail(f"{path}: already exists (use --force to overwrite)")
    try:
        write_atomically(path, text)
    except OSError as error:
        fail(f"{path}: cannot write: {error.strerror}")
    typer.echo(f"wrote {path}", err=True)


def _session(guard: Guard, payload: dict[str, Any]) -> Session:
    given = payload.get("session") or {}
    if not isinstance(given, dict):
        raise ValueError('"session" must be an object')
    messages = given.get("principal_messages") or []
    if not isinstance(messages, list) or not all(isinstance(m, str) for m in messages):
        raise ValueError('"session.principal_messages" must be a list of strings')
    session = guard.session(messages, id=str(given.get("id") or "") or None)
    for text in given.get("observations") or []:
        session.observe(str(text))
    for index, past in enumerate(given.get("history") or []):
        try:
            guard.replay(past, session)
        except Exception as error:
            raise ValueError(f"session.history[{index}]: {error}") from None
    return session


@guard_app.command("check")
def check(
    policy: PolicyOption,
    as_json: Annotated[bool, typer.Option("--json", help="Print the decision as JSON.")] = False,
    audit_log: AuditOption = None,
    signing_key: KeyOption = None,
) -> None:
    """Decide one call read as JSON on standard input: {"action": {"tool", "args"}, "session": {...}}.

    The session is optional: {"principal_messages": [...], "history": [actions already run], "observations":
    [tool outputs]}. Input that cannot be read is denied, like any call the guard cannot classify.
    """
    guard = load_guard(policy, audit_log, signing_key)
    raw = sys.stdin.read()
    session = guard.session(id="check")
    sent: Any = raw
    try:
        payload = json.loads(raw)
        sent = payload.get("action", payload) if isinstance(payload, dict) else payload
        if not isinstance(payload, dict) or not isinstance(payload.get("action"), dict):
            raise ValueError('expected an object with "action": {"tool": ..., "args": {...}}')
        session = _session(guard, payload)
    except (ValueError, TypeError) as error:
        reason = f"cannot read the call: {error}"
        decision = guard.refuse("?", "unparsable-call", reason, session, call=sent)
    else:
        decision = guard.decide(payload["action"], session)
    typer.echo(json.dumps(decision.to_json(), indent=2, ensure_ascii=False) if as_json else render(decision))


hook_app = typer.Typer(
    help="The guard as an agent's hook: one process per pending tool call.", no_args_is_help=True
)
guard_app.add_typer(hook_app, name="hook")


@hook_app.command("claude-code")
def hook_claude_code(
    policy: PolicyOption,
    audit_log: AuditOption = None,
    state_dir: Annotated[
        Path | None,
        typer.Option(
            "--state-dir", help="Where each session's decided calls are kept (default ~/.cache/boldly/hook)."
        ),
    ] = None,
) -> None:
    """Claude Code PreToolUse hook: the hook input on standard input, the permission decision as JSON out.

    Always exits 0 with a decision: a bad policy, unreadable input or any failure is a deny with the reason.
    """
    from boldly.guard._claude_code import answer, fail_closed, hook_output, with_claude_code_tools
    from boldly.guard._hook_state import default_state_dir

    try:
        raw = sys.stdin.read()
        try:
            loaded = with_claude_code_tools(Policy.load(policy))
        except SourceError as error:
            output = hook_output(
                "deny", f"boldly guard: the policy cannot be used, so every call is denied: {error}"
            )
        else:
            audit = AuditLog(audit_log) if audit_log is not None else None
            guard = Guard(loaded, audit, resolve_path=resolved_path)
            output = answer(guard, raw, state_dir or default_state_dir())
    except Exception as error:  # fail closed, and in the hook's protocol: JSON on standard output
        output = fail_closed(error)
    typer.echo(json.dumps(output, ensure_ascii=False))


@guard_app.command("verify")
def verify(
    log: Annotated[Path, typer.Argument(help="The audit log (JSON lines).")],
    public_key: Annotated[
        Path | None,
        typer.Option("--public-key", help="Ed25519 public key (PEM): the checkpoint must be signed."),
    ] = None,
) -> None:
    """Check an audit log: OK and the count of records (exit 0), or the first bad record (exit 1)."""
    key = None
    if public_key is not None:
        try:
            key = load_public_key(public_key)
        except (OSError, ValueError) as error:
            fail(f"{public_key}: cannot use as a public key: {error}")
    try:
        result = verify_log(log, key)
    except OSError as error:
        fail(f"{log}: cannot read: {error.strerror}")
    except UnicodeDecodeError as error:
        fail(f"{log}: not a text file ({error.reason})")
    typer.echo(f"{log}: {result.message}")
    if not result.ok:
        raise typer.Exit(1)


@guard_app.command("mcp", context_settings={"allow_interspersed_args": False})
def mcp(
    policy: PolicyOption,
    command: Annotated[list[str], typer.Argument(help="The MCP server to run, after `--`.")],
    audit_log: AuditOption = None,
    signing_key: KeyOption = None,
    session_id: Annotated[str | None, typer.Option("--session", help="Session id in the audit log.")] = None,
    resolve_paths: Annotated[
        bool,
        typer.Option(
            "--resolve-paths",
            help="The server runs on this machine: follow symlinks and check what exists before classifying.",
        ),
    ] = False,
) -> None:
    """Run an MCP stdio server behind the guard: `boldly guard mcp --policy P --audit-log L -- CMD ARGS...`

    Exits 1 with one line on standard error when the server ends before the client does, 2 when it cannot
    be started.
    """
    from boldly.guard._mcp_proxy import serve

    guard = load_guard(policy, audit_log, signing_key, on_host=resolve_paths)
    try:
        anyio.run(serve, guard, command, _server_ended, session_id)
    except* OSError as group:
        error = group.exceptions[0]
        fail(f"{command[0]}: cannot start the MCP server: {getattr(error, 'strerror', None) or error}")


def _server_ended(how: str) -> NoReturn:
    """End the proxy at once (see `serve`); every audit record is already written and flushed."""
    sys.stderr.write(f"boldly guard mcp: the MCP server {how}; the calls it had not answered got an error\n")
    sys.stderr.flush()
    os._exit(1)


@guard_app.command("tools", context_settings={"allow_interspersed_args": False})
def tools(
    command: Annotated[list[str] | None, typer.Argument(help="The MCP server to run, after `--`.")] = None,
    from_file: Annotated[
        Path | None, typer.Option("--from", help="A saved MCP tools/list result (JSON) instead of a server.")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the draft here; standard output without.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing output file.")] = False,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Seconds to wait for the server's tools.")
    ] = 30.0,
) -> None:
    """Draft a policy's `tools:` section from an MCP server: `boldly guard tools -- CMD ARGS...`

    Shapes it recognises (files, mail, chat, web, payments, shell) are declared; the rest are declared as
    reads when the server marks them read-only, or listed as undeclared (asked about), each with the reason.
    """
    if (command is None) == (from_file is None):
        fail("give either an MCP server command after `--`, or --from tools.json")
    if output is not None and output.exists() and not force:
        fail(f"{output}: already exists (use --force to overwrite)")
    try:
        if from_file is not None:
            source = str(from_file)
            listed = tools_from_json(_read_text(from_file), source)
        else:
            source = f"`{shlex.join(command or [])}`"
            listed = anyio.run(tools_from_server, command, timeout)
    except ToolListError as error:
        fail(str(error))
    text = draft_yaml(draft_tools(listed), source)
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        _write_atomically(output, text)
    except OSError as error:
        fail(f"{output}: cannot write: {error.strerror}")
    typer.echo(f"wrote {output}", err=True)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise ToolListError(str(path), f"cannot read: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise ToolListError(str(path), f"not a text file ({error.reason})") from None


def _write_atomically(path: Path, text: str) -> None:
    """Write beside the target and rename over it, so a failed write leaves no half-written draft."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


TOKEN_VARIABLE = "BOLDLY_GUARD_TOKEN"


@guard_app.command("serve")
def serve_http(
    policy: PolicyOption,
    audit_log: Annotated[
        Path, typer.Option("--audit-log", help="The hash-chained log every client's decisions go to.")
    ],
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8787,
    token_file: Annotated[
        Path | None,
        typer.Option(
            "--token-file",
            help=f"A file holding the bearer token clients must send (else ${TOKEN_VARIABLE}); "
            "required beyond loopback.",
        ),
    ] = None,
    max_sessions: Annotated[
        int, typer.Option("--max-sessions", help="Sessions held at most.", min=1)
    ] = MAX_SESSIONS,
    session_idle: Annotated[
        float, typer.Option("--session-idle", help="Seconds after which an unused session is dropped.", min=1)
    ] = SESSION_IDLE_SECONDS,
    signing_key: KeyOption = None,
) -> None:
    """Serve decisions over HTTP for a fleet of agents: one policy, one audit log, sessions held here.

    `POST /v1/decide` decides a call; see docs/guard.md for the rest, and /docs on the service for its API.
    """
    token = _service_token(token_file)
    if token is None and not _is_loopback(host):
        fail(f"--host {host} is reachable beyond this machine: give --token-file or set ${TOKEN_VARIABLE}")
    from boldly.guard._service import DecisionService  # the HTTP stack only for `serve`

    audit = AuditLog(audit_log, _signing_key(signing_key))
    try:
        service = DecisionService(policy, audit, max_sessions, session_idle)
    except SourceError as error:
        fail_on_source_error(error)
    except OSError as error:
        fail(f"{error.filename}: {error.strerror}")
    import uvicorn

    from boldly.guard._service_app import create_app

    uvicorn.run(create_app(service, token), host=host, port=port)


def _service_token(token_file: Path | None) -> str | None:
    if token_file is None:
        return os.environ.get(TOKEN_VARIABLE, "").strip() or None
    try:
        token = token_file.read_text(encoding="utf-8").strip()
    except OSError as error:
        fail(f"{token_file}: cannot read: {error.strerror}")
    if not token:
        fail(f"{token_file}: empty token")
    return token


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name: it may resolve anywhere
        return False
