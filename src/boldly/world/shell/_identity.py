"""Numeric user and group ids and home directories, derived deterministically from the accounts."""

from __future__ import annotations

from boldly.world._world import World

WELL_KNOWN_GROUPS = {"root": 0, "adm": 4, "wheel": 10, "sudo": 27, "staff": 50, "users": 100, "docker": 999}


def uid_of(world: World, user: str) -> int | None:
    if user == "root":
        return 0
    if world.state.accounts.get(user) is None:
        return None
    return 1000 + sorted(world.state.accounts.users).index(user)


def gid_of(world: World, group: str) -> int:
    if group in WELL_KNOWN_GROUPS:
        return WELL_KNOWN_GROUPS[group]
    uid = uid_of(world, group)
    if uid is not None:
        return uid
    others = sorted({g for account in world.state.accounts.users.values() for g in account.groups})
    return 2000 + (others.index(group) if group in others else len(others))


def home_of(world: World, user: str) -> str | None:
    if user == "root":
        return "/root"
    account = world.state.accounts.get(user)
    return account.home if account is not None else None


def groups_of(world: World, user: str) -> list[str]:
    """Primary group first, then supplementary groups (root's only group is root)."""
    if user == "root":
        return ["root"]
    account = world.state.accounts.get(user)
    return [user, *(g for g in account.groups if g != user)] if account is not None else [user]
