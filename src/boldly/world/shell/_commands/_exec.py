"""Commands that run other commands or shell code: sudo, su, sh -c, eval, source, env, xargs, which, type."""

from __future__ import annotations

import re
import shlex

from boldly.world.shell._commands._registry import COMMANDS, command
from boldly.world.shell._flow import ExitSignal, ReturnSignal
from boldly.world.shell._invocation import FileProblem, Invocation
from boldly.world.shell._options import Spec, UsageError, count
from boldly.world.shell._streams import Descriptors, Input

_SUDO_VALUED = {"-u", "-g", "-p", "-C", "-h", "-U", "-r", "-t", "-D", "-R", "-T"}
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")


def _descriptors(inv: Invocation, stdin: Input | None = None) -> Descriptors:
    return Descriptors(stdin or inv.stdin, {1: inv.stdout, 2: inv.stderr})


def _shell_code(
    inv: Invocation, source: str, args: list[str], user: str, stdin: Input | None = None, name: str = "bash"
) -> int:
    env = inv.shell.environment({k: v for k, v in inv.env.items() if inv.shell.session.get(k) != v}, user)
    with inv.shell.acting_as(user):
        return inv.shell.run_script(source, args, _descriptors(inv, stdin), name=name, env=env)


@command("sudo")
def sudo(inv: Invocation) -> int:
    args = list(inv.args)
    target = "root"
    login = False
    while args and args[0].startswith("-") and args[0] != "-":
        flag = args.pop(0)
        if flag == "--":
            break
        if flag in _SUDO_VALUED or re.fullmatch(r"-[ugpChUrtDRT]", flag):
            value = args.pop(0) if args else ""
            target = value if flag == "-u" else target
        elif flag.startswith("--user="):
            target = flag.split("=", 1)[1]
        elif flag in ("-i", "-s", "--login", "--shell"):
            login = True
        elif flag in ("-k", "-K", "--reset-timestamp", "--remove-timestamp"):
            if not args:
                return 0
        elif flag in ("-l", "--list"):
            args = ["-l"]
            break
    allowed = inv.is_root or (inv.world.agent.sudo and inv.user == inv.world.agent.user)
    if not allowed:
        inv.err(f"sudo: {inv.user} is not in the sudoers file.  This incident will be reported.\n")
        return 1
    if args == ["-l"]:
        inv.out(
            f"User {inv.user} may run the following commands on {inv.world.seed.org.hostname}:\n"
            "    (ALL : ALL) NOPASSWD: ALL\n"
        )
        return 0
    if target != "root" and inv.world.state.accounts.get(target) is None:
        return inv.fail(f"unknown user {target}")
    overlay: dict[str, str] = {}
    while args and _ASSIGNMENT.match(args[0]):
        name, _, value = args.pop(0).partition("=")
        overlay[name] = value
    if not args:
        if login:
            return _shell_code(inv, inv.stdin.read_all(), [], target, Input())
        inv.err(
            "usage: sudo -h | -K | -k | -V\nusage: sudo [-AbEHknPS] [-u user] [-g group] command [arg ...]\n"
        )
        return 1
    if login:
        return _shell_code(inv, " ".join(shlex.quote(a) for a in args), [], target)
    if inv.shell.find_program(args[0]) is None and "/" not in args[0]:
        return inv.fail(f"{args[0]}: command not found")
    return inv.run(args, user=target, overlay=overlay)


@command("su")
def su(inv: Invocation) -> int:
    args = list(inv.args)
    command_text: str | None = None
    target = "root"
    while args:
        arg = args.pop(0)
        if arg in ("-c", "--command") and args:
            command_text = args.pop(0)
        elif arg in ("-s", "--shell", "-g", "-G", "-w") and args:
            args.pop(0)
        elif arg in ("-", "-l", "--login", "-m", "-p", "-f"):
            continue
        elif not arg.startswith("-"):
            target = arg
    if not inv.is_root:
        inv.err("Password: \nsu: Authentication failure\n")
        return 1
    if target != "root" and inv.world.state.accounts.get(target) is None:
        return inv.fail(
            f"user {target} does not exist or the user entry does not contain all the required fields"
        )
    if command_text is None:
        return _shell_code(inv, inv.stdin.read_all(), [], target, Input())
    return _shell_code(inv, command_text, [], target)


@command("sh", "bash", "dash", "zsh", directory="/bin")
def sh(inv: Invocation) -> int:
    args = list(inv.args)
    while args and args[0].startswith(("-", "+")) and args[0] not in ("-c", "-s", "--"):
        args.pop(0)
    if args[:1] == ["--"]:
        args.pop(0)
    if args[:1] == ["-c"]:
        if len(args) < 2:
            inv.err(f"{inv.name}: -c: option requires an argument\n")
            return 2
        return _shell_code(inv, args[1], args[3:], inv.user, name=args[2] if len(args) > 2 else inv.name)
    if not args or args[0] == "-s":
        return _shell_code(inv, inv.stdin.read_all(), args[1:], inv.user, Input())
    try:
        source = inv.read(args[0])
    except FileProblem as problem:
        inv.err(f"{inv.name}: {args[0]}: {problem.reason}\n")
        return 127
    return _shell_code(inv, source, args[1:], inv.user, name=args[0])


@command("eval", builtin=True, directory=None)
def eval_(inv: Invocation) -> int:
    with inv.shell.nested():
        return inv.shell.run_source(" ".join(inv.args), _descriptors(inv))


@command("source", ".", builtin=True, directory=None)
def source(inv: Invocation) -> int:
    if not inv.args:
        inv.err(f"bash: {inv.name}: filename argument required\n")
        return 2
    try:
        text = inv.read(inv.args[0])
    except FileProblem as problem:
        inv.err(f"bash: {inv.args[0]}: {problem.reason}\n")
        return 1
    shell = inv.shell
    with shell.nested():
        saved = shell.positional
        if len(inv.args) > 1:
            shell.positional = inv.args[1:]
        try:
            return shell.run_source(text, _descriptors(inv))
        except ReturnSignal as signal:
            return signal.status
        finally:
            shell.positional = saved


@command("exec", builtin=True, directory=None)
def exec_(inv: Invocation) -> int:
    if not inv.args:
        return 0
    status = _run_named(inv, inv.args)
    raise ExitSignal(status)


def _run_named(inv: Invocation, words: list[str], overlay: dict[str, str] | None = None) -> int:
    """Run a program for a wrapper command (env, nohup, timeout), wording a missing one as coreutils does."""
    if inv.shell.find_program(words[0]) is None and "/" not in words[0]:
        inv.err(f"{inv.name}: '{words[0]}': No such file or directory\n")
        return 127
    return inv.run(words, overlay=overlay)


@command("env")
def env(inv: Invocation) -> int:
    args = list(inv.args)
    environment = dict(inv.env)
    while args and args[0].startswith("-") and args[0] != "-":
        flag = args.pop(0)
        if flag in ("-i", "--ignore-environment"):
            environment = {}
        elif flag in ("-u", "--unset") and args:
            environment.pop(args.pop(0), None)
        elif flag == "--":
            break
    overlay: dict[str, str] = {}
    while args and _ASSIGNMENT.match(args[0]):
        name, _, value = args.pop(0).partition("=")
        overlay[name] = value
    if not args:
        environment.update(overlay)
        inv.out("".join(f"{name}={value}\n" for name, value in environment.items()))
        return 0
    return _run_named(inv, args, overlay)


@command("printenv")
def printenv(inv: Invocation) -> int:
    if not inv.args:
        inv.out("".join(f"{name}={value}\n" for name, value in inv.env.items()))
        return 0
    missing = 0
    for name in inv.args:
        if name in inv.env:
            inv.out(inv.env[name] + "\n")
        else:
            missing = 1
    return missing


@command("nohup", "nice", "timeout", "stdbuf", "ionice", "time")
def wrapper(inv: Invocation) -> int:
    """Wrappers that change how long or how nicely a command runs, which is instant here anyway."""
    args = list(inv.args)
    while args and args[0].startswith("-"):
        flag = args.pop(0)
        if flag in ("-n", "-s", "-k", "-c", "-i", "-o", "-e") and args:
            args.pop(0)
    if inv.name == "timeout" and args:
        args.pop(0)
    if not args:
        raise UsageError("missing operand")
    status = _run_named(inv, args)
    if inv.name == "time":
        inv.err("\nreal\t0m0.004s\nuser\t0m0.001s\nsys\t0m0.002s\n")
    return status


@command("xargs")
def xargs(inv: Invocation) -> int:
    options = inv.options(
        Spec(
            flags="0rtpx",
            valued="nIdLPsEi",
            long={"null": "0", "no-run-if-empty": "r", "verbose": "t", "max-args": "n", "replace": "I"},
            stop_at_operand=True,
        )
    )
    words = options.operands or ["echo"]
    text = inv.stdin.read_all()
    replace = options.value("I") or options.value("i")
    if options.has("0"):
        items = [item for item in text.split("\0") if item]
    elif options.value("d") is not None or replace:
        delimiter = (options.value("d") or "\n").encode().decode("unicode_escape") if not replace else "\n"
        items = [item for item in text.split(delimiter) if item]
    else:
        try:
            items = shlex.split(text)
        except ValueError:
            return inv.fail(
                "unmatched double quote; by default quotes are special to xargs unless you use the -0 option"
            )
    if not items and (options.has("r") or replace):
        return 0
    per_call = count(options.value("n") or options.value("L"), "number of arguments") or (
        1 if replace else len(items) or 1
    )
    status = 0
    for start in range(0, max(len(items), 1), per_call):
        batch = items[start : start + per_call]
        call = [w.replace(replace, batch[0]) for w in words] if replace and batch else [*words, *batch]
        if options.has("t"):
            inv.err(" ".join(call) + "\n")
        result = inv.run(call, stdin=Input())
        if result == 127:
            inv.err(f"xargs: {call[0]}: No such file or directory\n")
            return 127
        if result:
            status = 123
    return status


@command("which")
def which(inv: Invocation) -> int:
    status = 0
    for name in (a for a in inv.args if not a.startswith("-")):
        spec = inv.shell.find_program(name)
        if spec is None or spec.directory is None:
            status = 1
            continue
        inv.out(f"{spec.directory}/{name}\n")
    return status


@command("type", "command", builtin=True, directory=None)
def type_(inv: Invocation) -> int:
    args = list(inv.args)
    flags = set()
    while args and args[0].startswith("-") and len(args[0]) > 1:
        flags.update(args.pop(0)[1:])
    if inv.name == "command" and not flags & {"v", "V"}:
        if not args:
            return 0
        return (
            _run_named(inv, args)
            if args[0] not in inv.shell.functions
            else inv.shell.dispatch(args, _descriptors(inv))
        )
    status = 0
    for name in args:
        kind, shown = _command_kind(inv, name)
        if kind is None:
            if not flags & {"v", "t"}:
                inv.err(f"bash: {inv.name}: {name}: not found\n")
            status = 1
        elif "t" in flags:
            inv.out(f"{kind}\n")
        elif "v" in flags:
            inv.out(f"{shown if kind == 'file' else name}\n")
        else:
            inv.out(f"{name} is {shown}\n")
    return status


_KEYWORDS = {
    "if", "then", "else", "elif", "fi", "case", "esac", "for", "select", "while", "until", "do", "done",
    "in", "function", "time", "{", "}", "!", "[[", "]]", "coproc",
}  # fmt: skip


def _command_kind(inv: Invocation, name: str) -> tuple[str | None, str]:
    """What `name` runs as (type -t's word: keyword, function, builtin or file) and how `type` says it."""
    spec = COMMANDS.get(name)
    if name in _KEYWORDS:
        return "keyword", "a shell keyword"
    if name in inv.shell.functions:
        return "function", "a function"
    if spec is not None and (spec.builtin or spec.directory is None):
        return "builtin", "a shell builtin"
    if spec is not None:
        return "file", f"{spec.directory}/{name}"
    return None, ""
