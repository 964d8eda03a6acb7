"""Account administration tools: lock, unlock, reset a password."""

from __future__ import annotations

from typing import TYPE_CHECKING

from boldly.world._effects import Op
from boldly.world.tools._args import ToolArgs
from boldly.world.tools._spec import canonical_tool

if TYPE_CHECKING:
    from boldly.world._world import World


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


@canonical_tool()
def lock_account(world: World, args: LockAccountArgs) -> str:
    world.change_account(Op.ACCOUNT_LOCK, args.user, world.admin_user())
    return f"Account {args.user} locked."


@canonical_tool()
def unlock_account(world: World, args: UnlockAccountArgs) -> str:
    world.change_account(Op.ACCOUNT_UNLOCK, args.user, world.admin_user())
    return f"Account {args.user} unlocked."


@canonical_tool()
def reset_password(world: World, args: ResetPasswordArgs) -> str:
    world.change_account(Op.PASSWORD_RESET, args.user, world.admin_user())
    return f"Password for {args.user} reset; the old password no longer works."
