"""User accounts: status, groups, sudo rights and a password generation counter.

Accounts are immutable: a change replaces the account, so a fork of the table shares them all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, PrivateAttr

from boldly.world._forking import forked

if TYPE_CHECKING:
    from boldly.world._assumptions import Assumptions


class UserAccount(BaseModel):
    model_config = ConfigDict(frozen=True)

    user: str
    name: str = ""
    groups: list[str] = []
    status: Literal["active", "locked", "disabled", "deleted"] = "active"
    sudo: bool = False
    home: str
    password_generation: int = 0
    password_expired: bool = False


class Accounts(BaseModel):
    """A user name the table does not hold is asked of its assumptions (`World` sets them)."""

    users: dict[str, UserAccount] = {}
    _assumptions: Assumptions | None = PrivateAttr(None)

    def assume(self, assumptions: Assumptions) -> None:
        self._assumptions = assumptions

    def fork(self) -> Accounts:
        """A copy whose changes neither side sees: the accounts are shared, the index is not."""
        return forked(self, users=dict(self.users))

    def get(self, user: str) -> UserAccount | None:
        account = self.users.get(user)
        if account is None and self._assumptions is not None:
            account = self._assumptions.unseen_account(user)
            if account is not None:
                self.users[user] = account
        return None if account is None or account.status == "deleted" else account

    def change(self, account: UserAccount, **changes: Any) -> UserAccount:
        """Replace a held account with a changed copy, and return the copy."""
        changed = account.model_copy(update=changes)
        self.users[account.user] = changed
        return changed
