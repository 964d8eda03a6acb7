"""The machine: hostname, uname, date and uptime from the seed and the virtual clock; sleep is instant."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from boldly.world.shell._commands._registry import command
from boldly.world.shell._invocation import Invocation
from boldly.world.shell._options import Spec, UsageError

KERNEL = "6.8.0-52-generic"


@command("hostname")
def hostname(inv: Invocation) -> int:
    name = inv.world.seed.org.hostname
    if any(a in ("-f", "--fqdn", "--long", "-A") for a in inv.args):
        name = f"{name}.{inv.world.seed.org.domains[0]}"
    elif any(a in ("-I", "-i", "--ip-address", "--all-ip-addresses") for a in inv.args):
        name = "10.20.4.17"
    elif any(a in ("-d", "--domain") for a in inv.args):
        name = inv.world.seed.org.domains[0]
    elif [a for a in inv.args if not a.startswith("-")]:
        return inv.fail("you must be root to change the host name")
    inv.out(name + "\n")
    return 0


@command("uname")
def uname(inv: Invocation) -> int:
    options = inv.options(Spec(flags="asnrvmpio", long={"all": "a", "kernel-name": "s", "nodename": "n"}))
    parts = {
        "s": "Linux",
        "n": inv.world.seed.org.hostname,
        "r": KERNEL,
        "v": "#52-Ubuntu SMP PREEMPT_DYNAMIC Thu Dec  5 13:09:44 UTC 2024",
        "m": "x86_64",
        "p": "x86_64",
        "i": "x86_64",
        "o": "GNU/Linux",
    }
    chosen = "snrvmpio" if options.has("a") else "".join(k for k in "snrvmpio" if options.has(k)) or "s"
    inv.out(" ".join(parts[k] for k in chosen) + "\n")
    return 0


_DATE_FORMATS = {"-R": "%a, %d %b %Y %H:%M:%S %z", "--rfc-email": "%a, %d %b %Y %H:%M:%S %z"}


@command("date")
def date(inv: Invocation) -> int:
    moment = inv.world.state.clock.astimezone(UTC)
    template = "%a %b %e %H:%M:%S %Z %Y"
    args = list(inv.args)
    while args:
        arg = args.pop(0)
        if arg.startswith("+"):
            template = arg[1:]
        elif arg in _DATE_FORMATS:
            template = _DATE_FORMATS[arg]
        elif arg in ("-I", "--iso-8601") or arg.startswith("--iso-8601=") or arg.startswith("-I"):
            precision = arg.split("=", 1)[1] if "=" in arg else arg[2:]
            template = "%Y-%m-%dT%H:%M:%S+00:00" if precision in ("seconds", "s") else "%Y-%m-%d"
        elif arg in ("-d", "--date") and args:
            parsed = _parse_date(args.pop(0), moment)
            if parsed is None:
                return inv.fail("invalid date")
            moment = parsed
        elif arg.startswith("--date="):
            parsed = _parse_date(arg.split("=", 1)[1], moment)
            if parsed is None:
                return inv.fail(f"invalid date '{arg.split('=', 1)[1]}'")
            moment = parsed
        elif arg in ("-u", "--utc", "--universal"):
            continue
        elif arg in ("-s", "--set") or arg.startswith("--set="):
            return inv.fail("cannot set date: Operation not permitted")
        else:
            raise UsageError(f"invalid date '{arg}'")
    text = re.sub("%N", "000000000", re.sub("%s", str(int(moment.timestamp())), template))
    inv.out(moment.strftime(text) + "\n")
    return 0


def _parse_date(text: str, now: datetime) -> datetime | None:
    text = text.strip()
    if text in ("now", "today", ""):
        return now
    if text.startswith("@") and text[1:].isdigit():
        try:
            return datetime.fromtimestamp(int(text[1:]), UTC)
        except (OverflowError, OSError, ValueError):
            return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@command("uptime")
def uptime(inv: Invocation) -> int:
    clock = inv.world.state.clock.strftime("%H:%M:%S")
    inv.out(f" {clock} up 41 days,  3:12,  1 user,  load average: 0.08, 0.11, 0.09\n")
    return 0


@command("sleep", "usleep")
def sleep(inv: Invocation) -> int:
    if not inv.args:
        raise UsageError("missing operand")
    for value in inv.args:
        if not re.fullmatch(r"\d*\.?\d+[smhd]?|inf(inity)?", value):
            return inv.fail(f"invalid time interval '{value}'")
    return 0


@command("clear", "reset", "tput")
def clear(inv: Invocation) -> int:
    return 0


@command("tty")
def tty(inv: Invocation) -> int:
    inv.out("not a tty\n")
    return 1


@command("nproc")
def nproc(inv: Invocation) -> int:
    inv.out("4\n")
    return 0


@command("arch")
def arch(inv: Invocation) -> int:
    inv.out("x86_64\n")
    return 0
