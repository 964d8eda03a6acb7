"""User accounts: status, groups, sudo rights and a password generation counter."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel


class UserAccount(BaseModel):
    user: str
    name: str = ""
    groups: list[str] = []
    status: Literal["active", "locked", "disabled", "deleted"] = "active"
    sudo: bool = False
    home: str
    password_generation: int = 0
    password_expired: bool = False


class Accounts(BaseModel):
    users: dict[str, UserAccount] = {}

    def get(self, user: str) -> UserAccount | None:
        account = self.users.get(user)
        return None if account is None or account.status == "deleted" else account
