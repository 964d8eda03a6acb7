"""Accounts: who am I, and the shadow-utils commands that lock, disable, delete or re-group users.

Every change goes through `World.change_account`, which needs root and records refused attempts too.
`passwd` for one's own password runs with root's rights, as the setuid program does.
"""

from __future__ import annotations

from datetime import date

from boldly.world._effects import Op
from boldly.world._errors import WorldError
from boldly.world.shell._commands._registry import command
from boldly.world.shell._identity import WELL_KNOWN_GROUPS, gid_of, groups_of, home_of, uid_of
from boldly.world.shell._invocation import Invocation
from boldly.world.shell._options import Spec

_NOLOGIN = {"/sbin/nologin", "/usr/sbin/nologin", "/bin/false", "/usr/bin/false"}


def _display_groups(inv: Invocation, user: str) -> list[str]:
    groups = groups_of(inv.world, user)
    account = inv.world.state.accounts.get(user)
    if account is not None and account.sudo and "sudo" not in groups:
        groups.append("sudo")
    return groups


@command("whoami")
def whoami(inv: Invocation) -> int:
    inv.out(inv.user + "\n")
    return 0


@command("id")
def id_(inv: Invocation) -> int:
    options = inv.options(Spec(flags="ugGnrz", long={"user": "u", "group": "g", "groups": "G", "name": "n"}))
    user = options.operands[0] if options.operands else inv.user
    uid = uid_of(inv.world, user)
    if uid is None:
        return inv.fail(f"'{user}': no such user")
    groups = _display_groups(inv, user)
    names = options.has("n")
    if options.has("u"):
        inv.out(f"{user if names else uid}\n")
    elif options.has("g"):
        inv.out(f"{groups[0] if names else gid_of(inv.world, groups[0])}\n")
    elif options.has("G"):
        inv.out(" ".join(g if names else str(gid_of(inv.world, g)) for g in groups) + "\n")
    else:
        listed = ",".join(f"{gid_of(inv.world, g)}({g})" for g in groups)
        inv.out(f"uid={uid}({user}) gid={gid_of(inv.world, groups[0])}({groups[0]}) groups={listed}\n")
    return 0


@command("groups")
def groups(inv: Invocation) -> int:
    users = inv.args or [inv.user]
    for user in users:
        if uid_of(inv.world, user) is None:
            inv.fail(f"'{user}': no such user")
            continue
        listed = " ".join(_display_groups(inv, user))
        inv.out(f"{user} : {listed}\n" if inv.args else f"{listed}\n")
    return 0


@command("getent")
def getent(inv: Invocation) -> int:
    if not inv.args or inv.args[0] not in ("passwd", "group"):
        inv.err("Unknown database\n" if inv.args else "getent: wrong number of arguments\n")
        return 1 if inv.args else 2
    wanted = set(inv.args[1:])
    accounts = inv.world.state.accounts.users
    if inv.args[0] == "passwd":
        rows = [("root", "root:x:0:0:root:/root:/bin/bash")]
        for user, account in sorted(accounts.items()):
            if account.status == "deleted":
                continue
            uid = uid_of(inv.world, user)
            shell = "/usr/sbin/nologin" if account.status == "disabled" else "/bin/bash"
            rows.append((user, f"{user}:x:{uid}:{uid}:{account.name}:{account.home}:{shell}"))
    else:
        members: dict[str, list[str]] = {name: [] for name in WELL_KNOWN_GROUPS}
        for user in sorted(accounts):
            members.setdefault(user, [])
            for group in _display_groups(inv, user)[1:]:
                members.setdefault(group, []).append(user)
        rows = [(g, f"{g}:x:{gid_of(inv.world, g)}:{','.join(m)}") for g, m in sorted(members.items())]
    found = [line for name, line in rows if not wanted or name in wanted]
    inv.out("".join(line + "\n" for line in found))
    return 0 if found or not wanted else 2


@command("who", "w", "users")
def who(inv: Invocation) -> int:
    stamp = inv.world.state.clock.strftime("%Y-%m-%d %H:%M")
    user = inv.world.agent.user
    inv.out(f"{user}\n" if inv.name == "users" else f"{user:<8} pts/0        {stamp} (10.20.4.17)\n")
    return 0


# -- changing accounts -------------------------------------------------------------------------------


def _change(inv: Invocation, op: Op, user: str, detail: str, groups: list[str] | None = None) -> bool:
    """One account change as the invoking user; on refusal, shadow-utils' message and False."""
    try:
        inv.world.change_account(op, user, inv.user, detail=detail, groups=groups)
    except WorldError:
        if not inv.is_root:
            inv.err(
                f"{inv.name}: Permission denied.\n{inv.name}: cannot lock /etc/passwd; try again later.\n"
            )
        else:
            inv.err(f"{inv.name}: user '{user}' does not exist\n")
        return False
    return True


def _known_groups(inv: Invocation) -> set[str]:
    accounts = inv.world.state.accounts.users
    return {*WELL_KNOWN_GROUPS, *accounts, *(g for a in accounts.values() for g in a.groups)}


def _expired(value: str, today: date) -> bool | None:
    """Whether an expiry date (days since 1970 or YYYY-MM-DD) is already past; None when it is removed."""
    value = value.strip()
    if value in ("", "-1"):
        return None
    if value.lstrip("-").isdigit():
        return int(value) <= (today - date(1970, 1, 1)).days
    try:
        return date.fromisoformat(value) <= today
    except ValueError:
        return False


@command("usermod", directory="/usr/sbin")
def usermod(inv: Invocation) -> int:
    spec = Spec(
        flags="LUamMo",
        valued="GgesplcdufR",
        long={
            "lock": "L",
            "unlock": "U",
            "append": "a",
            "groups": "G",
            "gid": "g",
            "expiredate": "e",
            "shell": "s",
            "password": "p",
            "login": "l",
            "comment": "c",
            "home": "d",
            "move-home": "m",
            "uid": "u",
            "inactive": "f",
        },
    )
    options = inv.options(spec)
    if len(options.operands) != 1 or not options.items:
        inv.err("Usage: usermod [options] LOGIN\n")
        return 2
    user = options.operands[0]
    account = inv.world.state.accounts.get(user)
    if inv.is_root and account is None:
        _change(inv, Op.ACCOUNT_LOCK if options.has("L") else Op.PRIVILEGE_CHANGE, user, f"usermod {user}")
        return 6
    changes: list[tuple[Op, str, list[str] | None]] = []
    wanted = [g for value in options.values("G") for g in value.split(",") if g]
    unknown = [g for g in [*wanted, *options.values("g")] if g not in _known_groups(inv)]
    if unknown and inv.is_root:
        inv.err(f"usermod: group '{unknown[0]}' does not exist\n")
        return 6
    if options.has("L"):
        changes.append((Op.ACCOUNT_LOCK, f"usermod -L {user}", None))
    if options.has("U"):
        changes.append((Op.ACCOUNT_UNLOCK, f"usermod -U {user}", None))
    if options.has("G") or options.has("g"):
        current = account.groups if account is not None else []
        new = [*current, *(g for g in wanted if g not in current)] if options.has("a") else wanted
        if not options.has("G"):
            new = list(current)
        changes.append((Op.PRIVILEGE_CHANGE, f"usermod groups {user}: {','.join(new)}", new))
    expiry = options.value("e")
    if expiry is not None:
        expired = _expired(expiry, inv.world.state.clock.date())
        if expired:
            changes.append((Op.ACCOUNT_DISABLE, f"usermod -e {expiry} {user}", None))
        elif expired is None:
            changes.append((Op.ACCOUNT_UNLOCK, f"usermod -e '' {user}", None))
    if options.value("s") in _NOLOGIN:
        changes.append((Op.ACCOUNT_DISABLE, f"usermod -s {options.value('s')} {user}", None))
    if options.has("p"):
        changes.append((Op.PASSWORD_RESET, f"usermod -p {user}", None))
    for op, detail, groups_ in changes:
        if not _change(inv, op, user, detail, groups_):
            return 1 if not inv.is_root else 6
    if not changes and not inv.is_root:
        inv.err("usermod: Permission denied.\nusermod: cannot lock /etc/passwd; try again later.\n")
        return 1
    return 0


@command("passwd")
def passwd(inv: Invocation) -> int:
    options = inv.options(
        Spec(
            flags="ludeSak",
            valued="xnwi",
            long={"lock": "l", "unlock": "u", "delete": "d", "expire": "e", "status": "S", "stdin": "stdin"},
        )
    )
    user = options.operands[0] if options.operands else inv.user
    if options.has("S"):
        account = inv.world.state.accounts.get(user)
        if account is None:
            return inv.fail(f"user '{user}' does not exist")
        state = {"locked": "L", "disabled": "L"}.get(account.status, "P")
        inv.out(f"{user} {state} {inv.world.seed.clock.strftime('%m/%d/%Y')} 0 99999 7 -1\n")
        return 0
    op, done = Op.PASSWORD_RESET, "password updated successfully"
    if options.has("l"):
        op, done = Op.ACCOUNT_LOCK, "password changed."
    elif options.has("u"):
        op, done = Op.ACCOUNT_UNLOCK, "password changed."
    elif options.has("e"):
        done = "password expiry information changed."
    own = user == inv.user and op is Op.PASSWORD_RESET and not options.has("d")
    acting = "root" if own else inv.user
    try:
        inv.world.change_account(op, user, acting, detail=f"passwd {user}")
    except WorldError:
        if acting != "root":
            inv.err(f"passwd: You may not view or modify password information for {user}.\n")
        else:
            inv.err(f"passwd: user '{user}' does not exist\n")
        return 1
    if own and not options.has("stdin"):
        inv.out("New password: \nRetype new password: \n")
    inv.out(f"passwd: {done}\n")
    return 0


@command("chpasswd", directory="/usr/sbin")
def chpasswd(inv: Invocation) -> int:
    status = 0
    for number, line in enumerate(inv.stdin.read_all().splitlines(), start=1):
        if not line.strip():
            continue
        user, separator, _password = line.partition(":")
        if not separator:
            inv.err(f"chpasswd: line {number}: missing new password\n")
            status = 1
            continue
        if not _change(inv, Op.PASSWORD_RESET, user.strip(), f"chpasswd {user.strip()}"):
            return 1
    return status


@command("chage")
def chage(inv: Invocation) -> int:
    options = inv.options(
        Spec(
            flags="lh",
            valued="EdMmWIi",
            long={
                "expiredate": "E",
                "lastday": "d",
                "list": "l",
                "maxdays": "M",
                "mindays": "m",
                "warndays": "W",
            },
        )
    )
    if len(options.operands) != 1:
        inv.err("Usage: chage [options] LOGIN\n")
        return 2
    user = options.operands[0]
    if options.has("l"):
        account = inv.world.state.accounts.get(user)
        if account is None:
            inv.err(f"chage: user '{user}' does not exist in /etc/passwd\n")
            return 1
        if not inv.is_root and user != inv.user:
            inv.err("chage: Permission denied.\n")
            return 1
        expires = "Jan 01, 1970" if account.status == "disabled" else "never"
        changed = inv.world.seed.clock.strftime("%b %d, %Y")
        inv.out(
            f"Last password change\t\t\t\t\t: {changed}\n"
            "Password expires\t\t\t\t\t: never\nPassword inactive\t\t\t\t\t: never\n"
            f"Account expires\t\t\t\t\t\t: {expires}\n"
            "Minimum number of days between password change\t\t: 0\n"
            "Maximum number of days between password change\t\t: 99999\n"
            "Number of days of warning before password expires\t: 7\n"
        )
        return 0
    changes: list[tuple[Op, str]] = []
    expiry = options.value("E")
    if expiry is not None:
        expired = _expired(expiry, inv.world.state.clock.date())
        if expired:
            changes.append((Op.ACCOUNT_DISABLE, f"chage -E {expiry} {user}"))
        elif expired is None:
            changes.append((Op.ACCOUNT_UNLOCK, f"chage -E -1 {user}"))
    if options.value("d") == "0":
        changes.append((Op.PASSWORD_RESET, f"chage -d 0 {user}"))
    for op, detail in changes:
        if not _change(inv, op, user, detail):
            return 1
    return 0


@command("userdel", "deluser", directory="/usr/sbin")
def userdel(inv: Invocation) -> int:
    flags = {a for a in inv.args if a.startswith("-")}
    operands = [a for a in inv.args if not a.startswith("-")]
    if not operands:
        inv.err(f"Usage: {inv.name} [options] LOGIN\n")
        return 2
    user = operands[0]
    if inv.name == "deluser" and len(operands) == 2:
        return _regroup(inv, user, operands[1], add=False)
    home = home_of(inv.world, user)
    if not _change(inv, Op.ACCOUNT_DELETE, user, f"{inv.name} {user}"):
        return 1 if not inv.is_root else 6
    if flags & {"-r", "--remove", "--remove-home", "--remove-all-files"} and home and inv.files.get(home):
        try:
            inv.world.delete(home, inv.user, recursive=True)
        except WorldError as error:
            inv.err(f"{inv.name}: {error}\n")
    if inv.name == "deluser":
        inv.out(f"Removing user `{user}' ...\nDone.\n")
    return 0


def _regroup(inv: Invocation, user: str, group: str, *, add: bool) -> int:
    account = inv.world.state.accounts.get(user)
    current = account.groups if account is not None else []
    if add:
        new = [*current, group] if group not in current else list(current)
    else:
        new = [g for g in current if g != group]
    verb = (
        f"Adding user `{user}' to group `{group}'" if add else f"Removing user `{user}' from group `{group}'"
    )
    if not _change(inv, Op.PRIVILEGE_CHANGE, user, f"{inv.name} {user} {group}", new):
        return 1
    inv.out(
        f"{verb} ...\nDone.\n"
        if inv.name in ("adduser", "deluser")
        else f"{verb.replace('`', '').replace(chr(39), '')}\n"
    )
    return 0


@command("gpasswd", directory="/usr/bin")
def gpasswd(inv: Invocation) -> int:
    args = list(inv.args)
    if len(args) == 3 and args[0] in ("-a", "--add", "-d", "--delete"):
        return _regroup(inv, args[1], args[2], add=args[0] in ("-a", "--add"))
    inv.err("Usage: gpasswd [option] GROUP\n")
    return 2


@command("adduser", directory="/usr/sbin")
def adduser(inv: Invocation) -> int:
    operands = [a for a in inv.args if not a.startswith("-")]
    if len(operands) == 2:
        return _regroup(inv, operands[0], operands[1], add=True)
    if not inv.is_root:
        inv.err("adduser: Only root may add a user or group to the system.\n")
        return 1
    inv.err("adduser: cannot lock /etc/passwd; try again later.\n")
    return 1
