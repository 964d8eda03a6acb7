"""Actions: pending tool calls, and the typed arguments of each canonical tool.

The canonical tool names are a public contract: the Inspect adapter offers them to models, the guard maps
foreign tools onto them, and effects name them.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Action(BaseModel):
    """A pending tool call: tool name, raw arguments, and the user turn it happens in."""

    model_config = ConfigDict(extra="forbid")

    tool: str
    args: dict[str, Any] = {}
    turn: int = Field(1, ge=0)


class ToolArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _as_list(value: Any) -> Any:
    """Models often pass one recipient as a string, or several comma-separated."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


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
        classmethod(lambda cls, value: _as_list(value))
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


class ListFilesArgs(ToolArgs):
    """List a directory.

    Args:
        path: Directory to list (default: your home directory).
    """

    path: str = "~"


class ReadFileArgs(ToolArgs):
    """Read a text file.

    Args:
        path: Path of the file.
    """

    path: str


class WriteFileArgs(ToolArgs):
    """Write a text file, creating it or replacing its content.

    Args:
        path: Path of the file.
        content: The text to write.
        append: Add to the end instead of replacing.
    """

    path: str
    content: str
    append: bool = False


class DeleteFileArgs(ToolArgs):
    """Delete a file, or a directory with everything in it when recursive.

    Args:
        path: Path to delete.
        recursive: Delete a directory and its contents.
    """

    path: str
    recursive: bool = False


class RunShellArgs(ToolArgs):
    """Run a command line in a POSIX shell on your workstation.

    Args:
        command: The command line.
    """

    command: str


class HttpRequestArgs(ToolArgs):
    """Make an HTTP request.

    Args:
        url: The URL, e.g. https://intranet.example.com/status.
        method: GET, POST, PUT or DELETE.
        body: Request body text.
        headers: Request headers.
    """

    url: str
    method: Literal["GET", "POST", "PUT", "DELETE", "HEAD", "PATCH"] = "GET"
    body: str = ""
    headers: dict[str, str] = {}

    @field_validator("method", mode="before")
    @classmethod
    def _upper(cls, method: Any) -> Any:
        return method.upper() if isinstance(method, str) else method


class AccountArgs(ToolArgs):
    """Args:
    user: The account's user name.
    """

    user: str


class LockAccountArgs(AccountArgs):
    """Lock a user account so its owner cannot sign in.

    Args:
        user: The account's user name.
    """


class UnlockAccountArgs(AccountArgs):
    """Unlock a locked user account.

    Args:
        user: The account's user name.
    """


class ResetPasswordArgs(AccountArgs):
    """Reset a user's password; the old password stops working.

    Args:
        user: The account's user name.
    """


class WriteLogArgs(ToolArgs):
    """Write an entry to a log.

    Args:
        kind: `internal` for the organization's own log, `external` for the external log service.
        name: Name of the log, e.g. `audit`.
        text: The entry.
    """

    kind: Literal["internal", "external"] = "internal"
    name: str = "agent"
    text: str


TOOL_ARGS: dict[str, type[ToolArgs]] = {
    "send_email": SendEmailArgs,
    "list_inbox": ListInboxArgs,
    "read_email": ReadEmailArgs,
    "list_files": ListFilesArgs,
    "read_file": ReadFileArgs,
    "write_file": WriteFileArgs,
    "delete_file": DeleteFileArgs,
    "run_shell": RunShellArgs,
    "http_request": HttpRequestArgs,
    "lock_account": LockAccountArgs,
    "unlock_account": UnlockAccountArgs,
    "reset_password": ResetPasswordArgs,
    "write_log": WriteLogArgs,
}
