"""Mailboxes: each internal address has an inbox; messages have stable ids in arrival order."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class Message(BaseModel):
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

    def new_id(self) -> str:
        message_id = f"m{self.next_id:04d}"
        self.next_id += 1
        return message_id

    def deliver(self, address: str, message: Message) -> None:
        self.inboxes.setdefault(address, []).append(message)

    def find(self, address: str, message_id: str) -> Message | None:
        wanted = message_id.strip().lstrip("#").lower()
        return next((m for m in self.inboxes.get(address, []) if m.id == wanted), None)
