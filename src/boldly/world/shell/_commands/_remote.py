"""Remote hosts: ssh, scp, rsync, sftp, ftp, nc and telnet, each a `World.remote` contact.

Sending local files (or piped data) to a host is a remote copy that carries them as data; logging in,
running a remote command or fetching a remote file is a remote login. Remote commands are not executed,
and no remote file exists to fetch, so downloads report the file missing after the contact is recorded.
"""

from __future__ import annotations

import re

from boldly.world._effects import Op
from boldly.world._errors import WorldError
from boldly.world.shell._commands._registry import command
from boldly.world.shell._invocation import FileProblem, Invocation
from boldly.world.shell._options import Options, Spec, UsageError

_REMOTE_PATH = re.compile(r"^(?:(?P<user>[^@/:]+)@)?(?P<host>\[[^\]]+\]|[^@/:]+):(?P<path>.*)$")
_SSH = Spec(
    flags="1246AaCfGgKkMNnqsTtVvXxYy",
    valued="BbcDEeFIiJLlmOopQRSWw",
    stop_at_operand=True,
)


def _host(target: str) -> str:
    """`user@host`, `ssh://user@host:port` or `host` → host."""
    target = re.sub(r"^\w+://", "", target)
    return target.rsplit("@", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0].strip("[]")


def _contact(inv: Invocation, op: Op, host: str, detail: str, data_paths: list[str] | None = None) -> bool:
    """Record the contact; False (after ssh's message) when the network refuses it."""
    try:
        data = inv.data(data_paths or []) if op is Op.REMOTE_COPY else []
        inv.world.remote(op, host, data=data, detail=detail)
    except WorldError:
        inv.err(f"ssh: connect to host {host} port 22: Network is unreachable\n")
        if inv.name in ("scp", "rsync", "sftp"):
            inv.err("lost connection\n" if inv.name != "rsync" else "rsync: connection unexpectedly closed\n")
        return False
    return True


@command("ssh", "slogin")
def ssh(inv: Invocation) -> int:
    options = inv.options(_SSH)
    if not options.operands:
        inv.err("usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface] [-b bind_address]\n"
                "           [-c cipher_spec] [-D [bind_address:]port] [-E log_file] [-e escape_char]\n"
                "           destination [command [argument ...]]\n")  # fmt: skip
        return 255
    destination, remote_command = options.operands[0], options.operands[1:]
    host = _host(destination)
    user = options.value("l") or (destination.split("@", 1)[0] if "@" in destination else inv.user)
    detail = f"ssh {user}@{host}" + (f" {' '.join(remote_command)}" if remote_command else "")
    sending = False
    if not options.has("n"):
        sending = bool(inv.stdin.sources or inv.stdin.read_all().strip())
    if not _contact(inv, Op.REMOTE_COPY if sending else Op.REMOTE_LOGIN, host, detail):
        return 255
    if not remote_command and not options.has("N"):
        inv.err("Pseudo-terminal will not be allocated because stdin is not a terminal.\n")
    return 0


def _split_remote(operand: str) -> tuple[str, str] | None:
    """(host, path) for `[user@]host:path`; None for a local path (one with a `/` before any `:`)."""
    if "/" in operand.split(":", 1)[0] or ":" not in operand:
        return None
    match = _REMOTE_PATH.match(operand)
    return (match.group("host").strip("[]"), match.group("path")) if match else None


def _copy(inv: Invocation, sources: list[str], target: str, recursive: bool, tool: str) -> int:
    remote_target = _split_remote(target)
    remote_sources = [(s, _split_remote(s)) for s in sources]
    if remote_target is None:
        for source, remote in remote_sources:
            if remote is None:
                if not _local_copy(inv, source, target, recursive, tool):
                    return 1
                continue
            if not _contact(inv, Op.REMOTE_LOGIN, remote[0], f"{tool} {source} {target}"):
                return 255
            inv.err(f"{tool}: {remote[1] or '.'}: No such file or directory\n")
            return 1
        return 0
    paths: list[str] = []
    for source, remote in remote_sources:
        if remote is not None:
            if not _contact(inv, Op.REMOTE_LOGIN, remote[0], f"{tool} {source} {target}"):
                return 255
            continue
        node = inv.lookup(source)
        if node is None:
            inv.err(f"{tool}: {source}: No such file or directory\n")
            return 1
        if node.is_dir and not recursive:
            inv.err(f"{tool}: {source}: not a regular file\n")
            return 1
        if not inv.permitted(node, 4):
            inv.err(f"{tool}: {source}: Permission denied\n")
            return 1
        paths.append(node.path)
    if paths and not _contact(
        inv, Op.REMOTE_COPY, remote_target[0], f"{tool} {' '.join(sources)} {target}", paths
    ):
        return 255
    return 0


def _local_copy(inv: Invocation, source: str, target: str, recursive: bool, tool: str) -> bool:
    node = inv.lookup(source)
    if node is None:
        inv.err(f"{tool}: {source}: No such file or directory\n")
        return False
    try:
        inv.world.copy(node.path, inv.path(target), inv.user, recursive=recursive)
    except WorldError as error:
        inv.err(f"{tool}: {error}\n")
        return False
    return True


@command("scp")
def scp(inv: Invocation) -> int:
    options = inv.options(Spec(flags="346ABCOpqRrTv", valued="cDFiJloPS"))
    if len(options.operands) < 2:
        inv.err("usage: scp [-346ABCOpqRrTv] [-c cipher] [-D sftp_server_path] [-F ssh_config]\n"
                "           [-i identity_file] [-J destination] [-l limit] [-o ssh_option] [-P port]\n"
                "           [-S program] [-X sftp_option] source ... target\n")  # fmt: skip
        return 1
    return _copy(inv, options.operands[:-1], options.operands[-1], options.has("r"), "scp")


@command("rsync")
def rsync(inv: Invocation) -> int:
    spec = Spec(
        flags="avzrPhnqulpogtDHAXSWxRbcCiIK",
        valued="eBfT",
        long={
            "archive": "a",
            "verbose": "v",
            "compress": "z",
            "recursive": "r",
            "progress": "progress",
            "partial": "partial",
            "human-readable": "h",
            "dry-run": "n",
            "delete": "delete",
            "exclude": "exclude",
            "include": "include",
            "rsh": "e",
            "checksum": "c",
            "stats": "stats",
            "update": "u",
            "quiet": "q",
            "remove-source-files": "remove-source-files",
        },
        long_valued=frozenset({"exclude", "include"}),
    )
    options = inv.options(spec)
    operands = options.operands
    if len(operands) < 2:
        raise UsageError("rsync error: syntax or usage error (code 1)")
    target = operands[-1]
    if options.has("n"):
        remote = _split_remote(target) or next((r for r in map(_split_remote, operands) if r), None)
        if remote is not None and not _contact(inv, Op.REMOTE_LOGIN, remote[0], f"rsync --dry-run {target}"):
            return 255
        return 0
    recursive = options.has("a") or options.has("r")
    status = _copy(inv, operands[:-1], target, recursive, "rsync")
    if status == 0 and options.has("v"):
        inv.out("sending incremental file list\n" + "".join(f"{s}\n" for s in operands[:-1]))
    return status


def _session_uploads(inv: Invocation, host: str, commands: str, tool: str) -> int:
    """ftp/sftp: connect, then `put`/`mput`/`send` lines upload local files as remote copies."""
    uploads: list[str] = []
    for line in commands.splitlines():
        words = line.split()
        if words and words[0] in ("open",) and len(words) > 1 and not host:
            host = words[1]
        elif words and words[0] in ("put", "mput", "send", "append", "reput") and len(words) > 1:
            names = words[1:] if words[0] == "mput" else words[1:2]
            for name in names:
                if name.startswith("-"):
                    continue
                if inv.lookup(name) is None:
                    inv.err(f"local: {name}: No such file or directory\n")
                    continue
                uploads.append(inv.path(name))
    if not host:
        inv.err(f"{tool}: no host given\n")
        return 1
    if not _contact(inv, Op.REMOTE_LOGIN, host, f"{tool} {host}"):
        return 1
    if uploads and not _contact(inv, Op.REMOTE_COPY, host, f"{tool} put {' '.join(uploads)}", uploads):
        return 1
    return 0


@command("ftp", "lftp", "tftp")
def ftp(inv: Invocation) -> int:
    operands = [a for a in inv.args if not a.startswith("-")]
    host = _host(operands[0]) if operands else ""
    return _session_uploads(inv, host, inv.stdin.read_all(), inv.name)


@command("sftp")
def sftp(inv: Invocation) -> int:
    options = inv.options(Spec(flags="46aCfNpqrv", valued="BbcDFiJloPRSs"))
    if not options.operands:
        raise UsageError("usage: sftp [-46AaCfNpqrv] [-B buffer_size] [-b batchfile] destination")
    batch = options.value("b")
    try:
        commands = inv.read(batch) if batch and batch != "-" else inv.stdin.read_all()
    except FileProblem as problem:
        return inv.fail(f"{batch}: {problem.reason}", 1)
    return _session_uploads(inv, _host(options.operands[0]), commands, "sftp")


def _nc_target(options: Options) -> tuple[str, str] | None:
    operands = options.operands
    if len(operands) < 2 and not options.has("l"):
        return None
    return (operands[0], operands[1]) if len(operands) >= 2 else ("", operands[0] if operands else "")


@command("nc", "ncat", "netcat")
def nc(inv: Invocation) -> int:
    options = inv.options(Spec(flags="46bCDdhklNnrStUuvzc", valued="IiMmOPpqsTVwxXe"))
    if options.has("l"):
        inv.err(f"{inv.name}: Address already in use\n")
        return 1
    target = _nc_target(options)
    if target is None:
        inv.err("usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n"
                "\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]\n"
                "\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]\n"
                "\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]\n"
                "\t  [destination] [port]\n")  # fmt: skip
        return 1
    host, port = target
    text = inv.stdin.read_all()
    sending = bool(text) and not options.has("z")
    op = Op.REMOTE_COPY if sending else Op.REMOTE_LOGIN
    try:
        inv.world.remote(
            op, host, data=inv.data() if sending else [], detail=f"nc {host} {port} ({len(text)} bytes)"
        )
    except WorldError:
        inv.err(f"{inv.name}: connect to {host} port {port} (tcp) failed: Network is unreachable\n")
        return 1
    if options.has("v") or options.has("z"):
        inv.err(f"Connection to {host} {port} port [tcp/*] succeeded!\n")
    return 0


@command("telnet")
def telnet(inv: Invocation) -> int:
    operands = [a for a in inv.args if not a.startswith("-")]
    if not operands:
        return 0
    host = operands[0]
    if not _contact(inv, Op.REMOTE_LOGIN, host, f"telnet {' '.join(operands)}"):
        return 1
    inv.out(f"Trying {host}...\nConnected to {host}.\nEscape character is '^]'.\n")
    inv.out("Connection closed by foreign host.\n")
    return 1
