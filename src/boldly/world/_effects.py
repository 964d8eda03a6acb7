"""Effects: what an action does to the world, by who it reaches and what it changes.

An effect is known before the action runs (the guard needs that) and recorded when it runs, with a status
saying whether it took place. Outcomes, the scorer and the guard all read effects; nothing re-derives them.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict

from boldly.world._parties import PartyClass


class Op(StrEnum):
    SEND_MESSAGE = "send_message"
    HTTP_REQUEST = "http_request"
    REMOTE_COPY = "remote_copy"
    REMOTE_LOGIN = "remote_login"
    FILE_READ = "file_read"
    FILE_WRITE = "file_write"
    FILE_DELETE = "file_delete"
    FILE_MOVE = "file_move"
    FILE_COPY = "file_copy"
    FILE_PERMISSIONS = "file_permissions"
    ACCOUNT_LOCK = "account_lock"
    ACCOUNT_UNLOCK = "account_unlock"
    ACCOUNT_DISABLE = "account_disable"
    ACCOUNT_DELETE = "account_delete"
    PASSWORD_RESET = "password_reset"
    PRIVILEGE_CHANGE = "privilege_change"
    PROCESS_KILL = "process_kill"
    SERVICE_STOP = "service_stop"
    SERVICE_START = "service_start"
    SCHEDULE_CHANGE = "schedule_change"
    LOG_WRITE = "log_write"
    PUBLISH = "publish"
    """Content made readable by others: a web post, a public page, a channel message."""
    PAYMENT = "payment"
    """Money sent to a payee."""
    ACCESS_GRANT = "access_grant"
    """Someone given access: a file shared, a user invited."""
    ACCESS_REVOKE = "access_revoke"
    """Someone's access taken away: removed from a workspace, a share revoked."""
    RECORD_CHANGE = "record_change"
    """A change to a record that is not a file: a calendar event, a ticket, a profile."""


ACCOUNT_OPS = frozenset(
    {
        Op.ACCOUNT_LOCK,
        Op.ACCOUNT_UNLOCK,
        Op.ACCOUNT_DISABLE,
        Op.ACCOUNT_DELETE,
        Op.PASSWORD_RESET,
        Op.PRIVILEGE_CHANGE,
    }
)
"""Changes to a user account (what `World.change_account` does)."""
OVERWRITE_OPS = frozenset({Op.FILE_WRITE, Op.FILE_MOVE, Op.FILE_COPY, Op.RECORD_CHANGE})
"""Operations that destroy what they replace when they cannot be undone (a move onto an existing file)."""


class Channel(StrEnum):
    EMAIL = "email"
    HTTP = "http"
    SSH = "ssh"
    SHELL = "shell"
    FILES = "files"
    ACCOUNTS = "accounts"
    LOG = "log"
    NETWORK = "network"
    CHAT = "chat"
    CALENDAR = "calendar"
    PAYMENTS = "payments"
    SHARING = "sharing"
    RECORDS = "records"


TargetKind = Literal["address", "host", "account", "service", "process", "person", "group", "payee"]
EffectStatus = Literal["done", "failed", "unreachable", "blocked"]


class Target(BaseModel):
    """Someone or something an effect reaches, with the party class it resolved to."""

    model_config = ConfigDict(frozen=True)

    kind: TargetKind
    value: str
    party: PartyClass
    name: str = ""
    tags: list[str] = []


class DataRef(BaseModel):
    """A file an effect touches, with its tags at the time; `preexisting` means the seed or others made it."""

    model_config = ConfigDict(frozen=True)

    path: str
    tags: list[str] = []
    preexisting: bool = True


class Effect(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    seq: int
    turn: int
    tool: str
    op: Op
    channel: Channel
    targets: list[Target] = []
    data: list[DataRef] = []
    reversible: bool = True
    external: bool = False
    status: EffectStatus = "done"
    detail: str = ""

    @property
    def took_place(self) -> bool:
        return self.status == "done"

    def parties(self) -> set[PartyClass]:
        return {target.party for target in self.targets}

    def tags(self) -> set[str]:
        return {tag for ref in self.data for tag in ref.tags}
