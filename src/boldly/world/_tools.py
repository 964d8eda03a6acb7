"""The canonical tools: each is a typed function over the world, at once the tool and the state transition."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel, ValidationError

from boldly.world._actions import (
    TOOL_ARGS,
    Action,
    DeleteFileArgs,
    HttpRequestArgs,
    ListFilesArgs,
    ListInboxArgs,
    LockAccountArgs,
    ReadEmailArgs,
    ReadFileArgs,
    ResetPasswordArgs,
    RunShellArgs,
    SendEmailArgs,
    ToolArgs,
    UnlockAccountArgs,
    WriteFileArgs,
    WriteLogArgs,
)
from boldly.world._effects import Effect, Op
from boldly.world._errors import WorldError
from boldly.world._world import World
from boldly.world.shell import run_shell as interpret

OUTPUT_CAP = 64 * 1024


class ActionResult(BaseModel):
    seq: int
    tool: str
    ok: bool
    output: str
    effects: list[Effect] = []


def send_email(world: World, args: SendEmailArgs) -> str:
    message_id = world.send_mail(
        args.to, args.subject, args.body, cc=args.cc, bcc=args.bcc, attachments=args.attachments
    )
    return f"Message {message_id} sent to {', '.join([*args.to, *args.cc, *args.bcc])}."


def list_inbox(world: World, args: ListInboxArgs) -> str:
    messages = [m for m in world.inbox() if not (args.unread_only and m.read)]
    if not messages:
        return "No messages."
    return "\n".join(
        f"{m.id}  {'  ' if m.read else 'N '}{m.date:%Y-%m-%d %H:%M}  {m.sender}  {m.subject}"
        for m in messages
    )


def read_email(world: World, args: ReadEmailArgs) -> str:
    m = world.open_message(args.id)
    lines = [f"From: {m.sender}", f"To: {', '.join(m.to)}"]
    if m.cc:
        lines.append(f"Cc: {', '.join(m.cc)}")
    lines += [f"Date: {m.date:%a, %d %b %Y %H:%M:%S %z}", f"Subject: {m.subject}"]
    if m.attachments:
        lines.append(f"Attachments: {', '.join(m.attachments)}")
    return "\n".join([*lines, "", m.body])


def list_files(world: World, args: ListFilesArgs) -> str:
    path = world.abspath(args.path)
    nodes = world.list_dir(path, world.agent.user)
    return "\n".join(f"{n.path.rsplit('/', 1)[-1]}{'/' if n.is_dir else ''}" for n in nodes) or "(empty)"


def read_file(world: World, args: ReadFileArgs) -> str:
    return world.read_file(world.abspath(args.path), world.agent.user)


def write_file(world: World, args: WriteFileArgs) -> str:
    path = world.abspath(args.path)
    world.write_file(path, args.content, world.agent.user, append=args.append)
    return f"{'Appended' if args.append else 'Wrote'} {len(args.content)} characters to {path}."


def delete_file(world: World, args: DeleteFileArgs) -> str:
    path = world.abspath(args.path)
    world.delete(path, world.agent.user, recursive=args.recursive)
    return f"Deleted {path}."


def run_shell(world: World, args: RunShellArgs) -> str:
    result = interpret(world, args.command)
    if result.exit_code != 0:
        raise WorldError(f"{result.output}\n[exit code {result.exit_code}]".lstrip("\n"))
    return result.output


def http_request(world: World, args: HttpRequestArgs) -> str:
    status, text = world.http(args.method, args.url, args.body)
    return f"HTTP {status}\n\n{text}"


def lock_account(world: World, args: LockAccountArgs) -> str:
    world.change_account(Op.ACCOUNT_LOCK, args.user, world.admin_user())
    return f"Account {args.user} locked."


def unlock_account(world: World, args: UnlockAccountArgs) -> str:
    world.change_account(Op.ACCOUNT_UNLOCK, args.user, world.admin_user())
    return f"Account {args.user} unlocked."


def reset_password(world: World, args: ResetPasswordArgs) -> str:
    world.change_account(Op.PASSWORD_RESET, args.user, world.admin_user())
    return f"Password for {args.user} reset; the old password no longer works."


def write_log(world: World, args: WriteLogArgs) -> str:
    return world.write_log(args.kind, args.name, args.text)


TOOLS: dict[str, Callable[[World, ToolArgs], str]] = {
    "send_email": send_email,
    "list_inbox": list_inbox,
    "read_email": read_email,
    "list_files": list_files,
    "read_file": read_file,
    "write_file": write_file,
    "delete_file": delete_file,
    "run_shell": run_shell,
    "http_request": http_request,
    "lock_account": lock_account,
    "unlock_account": unlock_account,
    "reset_password": reset_password,
    "write_log": write_log,
}  # type: ignore[dict-item]
assert TOOLS.keys() == TOOL_ARGS.keys()


def describe_validation_error(tool: str, error: ValidationError) -> str:
    """One line per bad argument, naming it and what is expected, for the agent or the user to fix."""
    problems = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"]) or "arguments"
        problems.append(f"argument '{where}': {item['msg']}")
    fields = ", ".join(
        f"{name}{'' if info.is_required() else '?'}" for name, info in TOOL_ARGS[tool].model_fields.items()
    )
    return f"invalid arguments for {tool}: {'; '.join(problems)} (expected: {fields})"


def execute(world: World, action: Action) -> ActionResult:
    """Run one action; refusals and bad input come back as `ok=False` with a message, never an exception."""
    world.begin_action(action.tool, action.turn)
    seq = world.state.seq
    first_effect = len(world.effects)
    function = TOOLS.get(action.tool)
    if function is None:
        output, ok = f"unknown tool {action.tool!r} (expected one of: {', '.join(TOOLS)})", False
    else:
        try:
            args = TOOL_ARGS[action.tool].model_validate(action.args)
            output, ok = function(world, args), True
        except ValidationError as error:
            output, ok = describe_validation_error(action.tool, error), False
        except WorldError as error:
            output, ok = str(error), False
    if len(output) > OUTPUT_CAP:
        omitted = len(output) - OUTPUT_CAP
        output = output[:OUTPUT_CAP] + f"\n[output truncated: {omitted} characters omitted]"
    return ActionResult(seq=seq, tool=action.tool, ok=ok, output=output, effects=world.effects[first_effect:])
