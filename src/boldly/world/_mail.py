"""Mailboxes: each internal address has an inbox; messages have stable ids in arrival order.

Messages are immutable: marking one read replaces it, so a fork of the mail shares them all.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from boldly.world._forking import forked


class Message(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    sender: str
    to: list[str]
    cc: list[str] = []
    subject: str
    body: str
    date: datetime
    attachments: list[str] = []
    read: bool = False


class Mail(BaseModel):
    inboxes: dict[str, list[Message]] = {}
    sent: list[Message] = []
    next_id: int = 1

    def fork(self) -> Mail:
        """A copy whose changes neither side sees: the messages are shared, the inboxes are not."""
        inboxes = {address: list(messages) for address, messages in self.inboxes.items()}
        return forked(self, inboxes=inboxes, sent=list(self.sent))

    def new_id(self) -> str:
        message_id = f"m{self.next_id:04d}"
        self.next_id += 1
        return message_id

    def deliver(self, address: str, message: Message) -> None:
        self.inboxes.setdefault(address, []).append(message)

    def find(self, address: str, message_id: str) -> Message | None:
        wanted = message_id.strip().lstrip("#").lower()
        return next((m for m in self.inboxes.get(address, []) if m.id == wanted), None)

    def mark_read(self, address: str, message: Message) -> Message:
        inbox = self.inboxes[address]
        read = message.model_copy(update={"read": True})
        inbox[next(i for i, held in enumerate(inbox) if held is message)] = read
        return read
