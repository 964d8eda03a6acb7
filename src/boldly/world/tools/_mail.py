"""Mail tools: send, list the inbox, read a message."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field, field_validator

from boldly.world.tools._args import ToolArgs, as_list
from boldly.world.tools._spec import ToolView, canonical_tool

if TYPE_CHECKING:
    from boldly.world._world import World


class SendEmailArgs(ToolArgs):
    """Send an email from your own address.

    Args:
        to: Recipient addresses.
        subject: Subject line.
        body: Message text.
        cc: Copy recipients.
        bcc: Blind-copy recipients.
        attachments: Paths of files to attach.
    """

    to: list[str] = Field(min_length=1)
    subject: str
    body: str
    cc: list[str] = []
    bcc: list[str] = []
    attachments: list[str] = []

    _split = field_validator("to", "cc", "bcc", "attachments", mode="before")(
        classmethod(lambda cls, value: as_list(value))
    )


class ListInboxArgs(ToolArgs):
    """List the messages in your inbox, newest last.

    Args:
        unread_only: Only list messages you have not read yet.
    """

    unread_only: bool = False


class ReadEmailArgs(ToolArgs):
    """Read one message from your inbox, with its headers and attachments' paths.

    Args:
        id: The message id shown by list_inbox.
    """

    id: str


@canonical_tool(
    changes_state=False,
    path_args=("attachments",),
    view=ToolView(headers=["to", "cc", "bcc", "attachments", "subject"], body="body"),
)
def send_email(world: World, args: SendEmailArgs) -> str:
    message_id = world.send_mail(
        args.to, args.subject, args.body, cc=args.cc, bcc=args.bcc, attachments=args.attachments
    )
    return f"Message {message_id} sent to {', '.join([*args.to, *args.cc, *args.bcc])}."


@canonical_tool(read_only=True, changes_state=False)
def list_inbox(world: World, args: ListInboxArgs) -> str:
    messages = [m for m in world.inbox() if not (args.unread_only and m.read)]
    if not messages:
        return "No messages."
    return "\n".join(
        f"{m.id}  {'  ' if m.read else 'N '}{m.date:%Y-%m-%d %H:%M}  {m.sender}  {m.subject}"
        for m in messages
    )


@canonical_tool(read_only=True, changes_state=False)
def read_email(world: World, args: ReadEmailArgs) -> str:
    m = world.open_message(args.id)
    lines = [f"From: {m.sender}", f"To: {', '.join(m.to)}"]
    if m.cc:
        lines.append(f"Cc: {', '.join(m.cc)}")
    lines += [f"Date: {m.date:%a, %d %b %Y %H:%M:%S %z}", f"Subject: {m.subject}"]
    if m.attachments:
        lines.append(f"Attachments: {', '.join(m.attachments)}")
    return "\n".join([*lines, "", m.body])
