"""Processes, services and cron: ps, kill, pkill, systemctl, service and crontab over the process table.

Stopping, killing and disabling go through `World.change_process` (which needs the owner or root).
`systemctl disable` and `crontab -r` are schedule changes: they keep a job from running later.
"""

from __future__ import annotations

import re

from boldly.world._effects import Op
from boldly.world._errors import WorldError
from boldly.world._services import Process
from boldly.world.shell._commands._grep import translate
from boldly.world.shell._commands._registry import command
from boldly.world.shell._invocation import FileProblem, Invocation

_SIGNALS = ["HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE"]
_SIGNALS += ["ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG"]


def _find(inv: Invocation, name: str) -> Process | None:
    table = inv.world.state.processes
    for candidate in (name, name.removesuffix(".service"), name.removesuffix(".timer"), f"{name}.service"):
        found = table.find(candidate)
        if found is not None:
            return found
    return None


def _running(inv: Invocation) -> list[Process]:
    return [p for p in inv.world.state.processes.processes if p.kind != "cron" and p.status == "running"]


# -- ps ----------------------------------------------------------------------------------------------


@command("ps")
def ps(inv: Invocation) -> int:
    wide = any(
        a.lstrip("-") in ("aux", "ef", "e", "A", "ax", "auxf", "auxww", "efww", "eF") for a in inv.args
    )
    own = inv.shell.pid
    rows = [(p.user, p.pid, p.command) for p in _running(inv)] if wide else []
    rows += [(inv.user, own, "-bash"), (inv.user, own + 1, "ps " + " ".join(inv.args))]
    if any("u" in a for a in inv.args if not a.startswith("-")):
        inv.out("USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n")
        for user, pid, cmd in rows:
            shown = user if len(user) <= 8 else user[:7] + "+"
            memory = f"{12000 + pid:>6}  {4000 + pid % 997:>4}"
            inv.out(f"{shown:<8} {pid:>7}  0.0  0.1  {memory} ?        Ss   09:00   0:00 {cmd}\n")
    elif wide:
        inv.out("UID          PID    PPID  C STIME TTY          TIME CMD\n")
        for user, pid, cmd in rows:
            inv.out(f"{user[:8]:<8} {pid:>7}       1  0 09:00 ?        00:00:00 {cmd}\n")
    else:
        inv.out("    PID TTY          TIME CMD\n")
        for _user, pid, cmd in rows:
            inv.out(f"{pid:>7} pts/0    00:00:00 {cmd.split()[0].lstrip('-')}\n")
    return 0


@command("pgrep")
def pgrep(inv: Invocation) -> int:
    args = [a for a in inv.args if not a.startswith("-")]
    full = "-f" in inv.args
    listing = "-l" in inv.args or "-a" in inv.args
    if not args:
        inv.err("pgrep: no matching criteria specified\n")
        return 2
    try:
        regex = re.compile(translate(args[0], extended=True))
    except re.error:
        inv.err("pgrep: invalid regular expression\n")
        return 2
    found = [p for p in _running(inv) if regex.search(p.command if full else p.name)]
    for process in found:
        inv.out(
            f"{process.pid} {process.command if '-a' in inv.args else process.name}\n"
            if listing
            else f"{process.pid}\n"
        )
    return 0 if found else 1


# -- kill --------------------------------------------------------------------------------------------


@command("kill", builtin=True)
def kill(inv: Invocation) -> int:
    args = list(inv.args)
    if args[:1] == ["-l"]:
        inv.out(" ".join(f"{i + 1}) SIG{name}" for i, name in enumerate(_SIGNALS)) + "\n")
        return 0
    signal = "TERM"
    while args and args[0].startswith("-") and args[0] != "--":
        flag = args.pop(0)
        signal = args.pop(0) if flag in ("-s", "-n") and args else flag[1:]
    if args[:1] == ["--"]:
        args.pop(0)
    if not args:
        inv.err(
            "kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n"
        )
        return 2
    status = 0
    for target in args:
        if not target.lstrip("-").isdigit():
            inv.err(f"bash: kill: {target}: arguments must be process or job IDs\n")
            status = 1
            continue
        if int(target) == inv.shell.pid:
            continue
        process = inv.world.state.processes.find(target)
        if process is None or process.kind == "cron" or process.status != "running":
            inv.err(f"bash: kill: ({target}) - No such process\n")
            status = 1
            continue
        try:
            inv.world.change_process(Op.PROCESS_KILL, target, inv.user, detail=f"kill -{signal} {target}")
        except WorldError:
            inv.err(f"bash: kill: ({target}) - Operation not permitted\n")
            status = 1
    return status


@command("pkill", "killall")
def pkill(inv: Invocation) -> int:
    args = list(inv.args)
    full = False
    patterns: list[str] = []
    while args:
        arg = args.pop(0)
        if arg in ("-f", "--full"):
            full = True
        elif arg in ("-u", "-U", "-g", "-s", "-t", "-P") and args:
            args.pop(0)
        elif not arg.startswith("-"):
            patterns.append(arg)
    if not patterns:
        inv.err(
            f"{inv.name}: no matching criteria specified\n"
            if inv.name == "pkill"
            else "Usage: killall [OPTION]... NAME...\n"
        )
        return 2
    status = 1
    for pattern in patterns:
        try:
            regex = re.compile(translate(pattern, extended=True))
        except re.error:
            inv.err(f"{inv.name}: invalid regular expression\n")
            return 2
        if inv.name == "pkill":
            matches = [p for p in _running(inv) if regex.search(p.command if full else p.name)]
        else:
            matches = [p for p in _running(inv) if p.name == pattern]
        if not matches and inv.name == "killall":
            inv.err(f"{pattern}: no process found\n")
        for process in matches:
            try:
                inv.world.change_process(
                    Op.PROCESS_KILL, str(process.pid), inv.user, detail=f"{inv.name} {pattern}"
                )
                status = 0
            except WorldError:
                inv.err(f"{inv.name}: killing pid {process.pid} failed: Operation not permitted\n")
    return status


# -- systemctl ---------------------------------------------------------------------------------------

_VERBS = {
    "stop": (Op.SERVICE_STOP, "stop"),
    "kill": (Op.SERVICE_STOP, "kill"),
    "mask": (Op.SCHEDULE_CHANGE, "mask"),
    "disable": (Op.SCHEDULE_CHANGE, "disable"),
    "start": (Op.SERVICE_START, "start"),
    "restart": (Op.SERVICE_START, "restart"),
    "reload": (Op.SERVICE_START, "reload"),
    "try-restart": (Op.SERVICE_START, "restart"),
    "reload-or-restart": (Op.SERVICE_START, "restart"),
    "enable": (Op.SERVICE_START, "enable"),
    "unmask": (Op.SERVICE_START, "unmask"),
}


def _unit(process: Process) -> str:
    if "." in process.name:
        return process.name
    return f"{process.name}.timer" if process.kind == "cron" else f"{process.name}.service"


def _status(inv: Invocation, process: Process) -> str:
    active = process.status == "running"
    enabled = "disabled" if process.status == "disabled" else "enabled"
    since = inv.world.seed.clock.strftime("%a %Y-%m-%d %H:%M:%S UTC")
    state = f"active (running) since {since}" if active else "inactive (dead)"
    lines = [
        f"{'●' if active else '○'} {_unit(process)} - {process.command}",
        f"     Loaded: loaded (/etc/systemd/system/{_unit(process)}; {enabled}; preset: enabled)",
        f"     Active: {state}",
    ]
    if active:
        lines.append(f"   Main PID: {process.pid} ({process.name})")
    return "\n".join(lines) + "\n"


@command("systemctl")
def systemctl(inv: Invocation) -> int:
    args = [a for a in inv.args if not a.startswith("-")]
    flags = [a for a in inv.args if a.startswith("-")]
    verb = args[0] if args else "list-units"
    units = args[1:]
    if verb in ("list-units", "list-unit-files", "list-timers"):
        return _list_units(inv, verb)
    if verb == "daemon-reload":
        return 0
    if verb in ("status", "is-active", "is-enabled", "show", "cat"):
        return _inspect(inv, verb, units)
    if verb not in _VERBS:
        inv.err(f'Unknown command verb "{verb}".\n')
        return 1
    if not units:
        inv.err("Too few arguments.\n")
        return 1
    status = 0
    for unit in units:
        process = _find(inv, unit)
        shown = unit if "." in unit else f"{unit}.service"
        if process is None:
            missing = "found" if verb in ("enable", "disable") else "loaded"
            inv.err(f"Failed to {verb} {shown}: Unit {shown} not {missing}.\n")
            status = 5
            continue
        steps = [_VERBS[verb][0]]
        if "--now" in flags and verb == "disable":
            steps = [Op.SERVICE_STOP, Op.SCHEDULE_CHANGE]
        if "--now" in flags and verb == "enable":
            steps = [Op.SERVICE_START]
        for op in steps:
            try:
                inv.world.change_process(
                    op, str(process.pid), inv.user, detail=f"systemctl {verb} {_unit(process)}"
                )
            except WorldError:
                inv.err(
                    f"Failed to {verb} {_unit(process)}: Interactive authentication required.\n"
                    f"See system logs and 'systemctl status {_unit(process)}' for details.\n"
                )
                status = 1
                break
        else:
            if verb in ("disable", "mask"):
                inv.err(f'Removed "/etc/systemd/system/multi-user.target.wants/{_unit(process)}".\n')
            elif verb == "enable":
                inv.err(
                    f"Created symlink /etc/systemd/system/multi-user.target.wants/{_unit(process)} → "
                    f"/etc/systemd/system/{_unit(process)}.\n"
                )
    return status


def _list_units(inv: Invocation, verb: str) -> int:
    processes = [
        p for p in inv.world.state.processes.processes if (p.kind == "cron") == (verb == "list-timers")
    ]
    if verb == "list-timers":
        inv.out("NEXT                        LEFT     LAST PASSED UNIT                 ACTIVATES\n")
        for process in processes:
            if process.status == "running":
                schedule = process.schedule or "-"
                inv.out(f"{schedule:<27} -        -    -      {_unit(process):<20} {process.name}.service\n")
        return 0
    inv.out("  UNIT                              LOAD   ACTIVE   SUB     DESCRIPTION\n")
    for process in processes:
        active, sub = ("active", "running") if process.status == "running" else ("inactive", "dead")
        inv.out(f"  {_unit(process):<33} loaded {active:<8} {sub:<7} {process.command}\n")
    inv.out(f"\n{len(processes)} loaded units listed.\n")
    return 0


def _inspect(inv: Invocation, verb: str, units: list[str]) -> int:
    status = 0
    for unit in units:
        process = _find(inv, unit)
        if process is None:
            if verb == "status":
                inv.err(f"Unit {unit if '.' in unit else unit + '.service'} could not be found.\n")
            else:
                inv.out("inactive\n" if verb == "is-active" else "")
            status = 4 if verb == "status" else 1
            continue
        if verb == "status":
            inv.out(_status(inv, process))
            status = status or (0 if process.status == "running" else 3)
        elif verb == "is-active":
            inv.out(("active" if process.status == "running" else "inactive") + "\n")
            status = status or (0 if process.status == "running" else 3)
        elif verb == "is-enabled":
            inv.out(("disabled" if process.status == "disabled" else "enabled") + "\n")
            status = status or (1 if process.status == "disabled" else 0)
        else:
            inv.out(
                f"Id={_unit(process)}\nMainPID={process.pid}\nUser={process.user}\nExecStart={process.command}\n"
            )
    return status


@command("service", directory="/usr/sbin")
def service(inv: Invocation) -> int:
    if len(inv.args) < 2:
        inv.err("Usage: service < option > | --status-all | [ service_name [ command | --full-restart ] ]\n")
        return 1
    name, verb = inv.args[0], inv.args[1]
    return inv.run(["systemctl", verb, name])


# -- crontab -----------------------------------------------------------------------------------------


def _jobs(inv: Invocation, user: str) -> list[Process]:
    return [
        p
        for p in inv.world.state.processes.processes
        if p.kind == "cron" and p.user == user and p.status == "running"
    ]


def _line(process: Process) -> str:
    return f"{process.schedule or '@reboot'} {process.command}"


@command("crontab")
def crontab(inv: Invocation) -> int:
    args = list(inv.args)
    user = inv.user
    if "-u" in args:
        index = args.index("-u")
        if index + 1 >= len(args):
            inv.err("crontab: option requires an argument -- 'u'\n")
            return 1
        user = args[index + 1]
        del args[index : index + 2]
        if user != inv.user and not inv.is_root:
            inv.err("must be privileged to use -u\n")
            return 1
    jobs = _jobs(inv, user)
    if args[:1] == ["-l"]:
        if not jobs:
            inv.err(f"no crontab for {user}\n")
            return 1
        inv.out("".join(_line(job) + "\n" for job in jobs))
        return 0
    if args[:1] in (["-r"], ["-ir"], ["-ri"]):
        if not jobs:
            inv.err(f"no crontab for {user}\n")
            return 1
        return _remove(inv, jobs)
    if args[:1] == ["-e"]:
        inv.err(
            ("" if jobs else f"no crontab for {user} - using an empty one\n")
            + "crontab: no changes made to crontab\n"
        )
        return 0
    if len(args) != 1:
        inv.err("crontab: usage error: file name or - (for stdin) must be specified\n")
        return 1
    try:
        text = inv.read(args[0])
    except FileProblem as problem:
        inv.err(f"{args[0]}: {problem.reason}\n")
        return 1
    return _install(inv, user, jobs, text)


def _remove(inv: Invocation, jobs: list[Process]) -> int:
    for job in jobs:
        try:
            inv.world.change_process(
                Op.SCHEDULE_CHANGE, str(job.pid), inv.user, detail=f"crontab remove: {_line(job)}"
            )
        except WorldError:
            inv.err("crontab: Permission denied\n")
            return 1
    return 0


def _install(inv: Invocation, user: str, jobs: list[Process], text: str) -> int:
    entries = [
        line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]
    parsed: list[tuple[str, str]] = []
    for number, entry in enumerate(entries, start=1):
        if re.match(r"^[A-Za-z_][A-Za-z0-9_]*\s*=", entry):
            continue
        fields = entry.split(None, 1 if entry.startswith("@") else 5)
        if len(fields) < (2 if entry.startswith("@") else 6):
            inv.err(f'"-":{number}: bad minute\nerrors in crontab file, can\'t install.\n')
            return 1
        schedule = fields[0] if entry.startswith("@") else " ".join(fields[:5])
        parsed.append((schedule, fields[-1]))
    kept = {(job.schedule or "@reboot", job.command) for job in jobs}
    removed = [job for job in jobs if (job.schedule or "@reboot", job.command) not in set(parsed)]
    if removed and _remove(inv, removed):
        return 1
    for schedule, command_text in parsed:
        if (schedule, command_text) not in kept:
            inv.world.schedule_job(schedule, command_text, user)
    return 0
