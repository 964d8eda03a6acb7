"""File commands: list, create, copy, move, delete and change permissions, each a `World` operation."""

from __future__ import annotations

import posixpath
import re

from boldly.world._errors import WorldError
from boldly.world._files import Node
from boldly.world.shell._commands._registry import command
from boldly.world.shell._identity import gid_of, uid_of
from boldly.world.shell._invocation import Invocation
from boldly.world.shell._options import Spec, UsageError


def last_operand(operands: list[str]) -> str:
    """Take the destination off the operands of cp, mv and install, as GNU's tools word a missing one."""
    if len(operands) < 2:
        raise UsageError(
            "missing file operand"
            if not operands
            else f"missing destination file operand after '{operands[0]}'"
        )
    return operands.pop()


def _message(error: WorldError, path: str, operand: str) -> str:
    """A world error with the absolute path put back as the user typed it, as GNU tools print it."""
    return str(error).replace(f"'{path}'", f"'{operand}'").replace(f"{path}:", f"'{operand}':")


def mode_string(node: Node) -> str:
    bits = "".join(
        letter if node.mode >> shift & 1 else "-"
        for shift, letter in zip(range(8, -1, -1), "rwxrwxrwx", strict=True)
    )
    return ("d" if node.is_dir else "l" if node.link is not None else "-") + bits


def size_of(node: Node) -> int:
    if node.link is not None:
        return len(node.link.encode("utf-8", "surrogatepass"))
    return 4096 if node.is_dir else len(node.content.encode("utf-8", "surrogatepass"))


def human(size: int) -> str:
    value = float(size)
    for unit in ("", "K", "M", "G", "T"):
        if value < 1024 or unit == "T":
            if not unit:
                return str(int(value))
            return f"{value:.1f}{unit}" if value < 10 else f"{round(value)}{unit}"
        value /= 1024
    return str(size)


# -- ls ----------------------------------------------------------------------------------------------

_LS = Spec(
    flags="laAdRrtShF1pinogGUv",
    long={
        "all": "a",
        "almost-all": "A",
        "directory": "d",
        "recursive": "R",
        "reverse": "r",
        "human-readable": "h",
        "classify": "F",
        "color": "color",
        "group-directories-first": "group-directories-first",
    },
)


class _Lister:
    def __init__(self, inv: Invocation, args: list[str]) -> None:
        self.inv = inv
        self.options = inv.options(_LS, [a for a in args if not a.startswith("--color")])
        self.long = any(self.options.has(k) for k in "lnog")
        self.status = 0
        self.first_block = True

    def run(self) -> int:
        operands = self.options.operands or ["."]
        files: list[tuple[str, Node]] = []
        directories: list[tuple[str, Node]] = []
        for operand in operands:
            node = self.inv.lookup(operand)
            shown_as_itself = node is None or self.long or self.options.has("d")
            link = self.inv.files.get_link(self.inv.path(operand)) if shown_as_itself else None
            if link is not None and link.link is not None:
                node = link  # a dangling link, or one that -l and -d show as itself
            if node is None:
                self.inv.err(f"ls: cannot access '{operand}': No such file or directory\n")
                self.status = 2
            elif node.is_dir and not self.options.has("d"):
                directories.append((operand, node))
            else:
                files.append((operand, node))
        if files:
            self._print(files)
            self.first_block = False
        headers = len(operands) > 1 or self.options.has("R")
        for operand, node in sorted(directories, key=lambda item: item[0]):
            self._directory(operand, node, headers)
        return self.status

    def _directory(self, shown: str, node: Node, header: bool) -> None:
        try:
            children = self.inv.world.list_dir(node.path, self.inv.user)
        except WorldError:
            self.inv.err(f"ls: cannot open directory '{shown}': Permission denied\n")
            self.status = 2
            return
        if header:
            self.inv.out(("" if self.first_block else "\n") + f"{shown}:\n")
        self.first_block = False
        entries = [(posixpath.basename(child.path), child) for child in children]
        if not (self.options.has("a") or self.options.has("A")):
            entries = [(name, child) for name, child in entries if not name.startswith(".")]
        if self.options.has("a"):
            parent = self.inv.files.get(posixpath.dirname(node.path) or "/") or node
            entries = [(".", node), ("..", parent), *entries]
        if self.long:
            blocks = sum(4 if child.is_dir or child.content else 0 for _, child in entries)
            self.inv.out(f"total {blocks}\n")
        ordered = self._print(entries)
        if self.options.has("R"):
            for name, child in ordered:
                if child.is_dir and name not in (".", ".."):
                    self._directory(posixpath.join(shown, name), child, True)

    def _print(self, entries: list[tuple[str, Node]]) -> list[tuple[str, Node]]:
        ordered = sorted(entries, key=lambda item: item[0])
        if self.options.has("S"):
            ordered = sorted(ordered, key=lambda item: -size_of(item[1]))
        if self.options.has("r"):
            ordered.reverse()
        if not self.long:
            self.inv.out("".join(self._name(name, node) + "\n" for name, node in ordered))
            return ordered
        rows = [self._row(name, node) for name, node in ordered]
        widths = [max((len(row[i]) for row in rows), default=0) for i in range(5)]
        for row in rows:
            cells = [row[0], row[1].rjust(widths[1])]
            if not self.options.has("g"):
                cells.append(row[2].ljust(widths[2]))
            if not self.options.has("o") and not self.options.has("G"):
                cells.append(row[3].ljust(widths[3]))
            cells.extend([row[4].rjust(widths[4]), row[5], row[6]])
            self.inv.out(" ".join(cells) + "\n")
        return ordered

    def _name(self, name: str, node: Node) -> str:
        if node.link is not None and self.long:
            return f"{name} -> {node.link}"
        if node.is_dir and (self.options.has("F") or self.options.has("p")):
            return name + "/"
        if self.options.has("F") and node.mode & 0o111:
            return name + "*"
        return name

    def _row(self, name: str, node: Node) -> list[str]:
        links = 2 + sum(c.is_dir for c in self.inv.files.children(node.path)) if node.is_dir else 1
        owner, group = node.owner, node.group
        if self.options.has("n"):
            owner, group = str(uid_of(self.inv.world, owner) or 0), str(gid_of(self.inv.world, group))
        size = size_of(node)
        shown_size = human(size) if self.options.has("h") else str(size)
        stamp = self.inv.world.seed.clock.strftime("%b %e %H:%M")
        return [mode_string(node), str(links), owner, group, shown_size, stamp, self._name(name, node)]


@command("ls", "dir")
def ls(inv: Invocation) -> int:
    return _Lister(inv, inv.args).run()


# -- creating --------------------------------------------------------------------------------------


@command("mkdir")
def mkdir(inv: Invocation) -> int:
    options = inv.options(Spec(flags="pv", valued="m", long={"parents": "p", "verbose": "v", "mode": "m"}))
    if not options.operands:
        raise UsageError("missing operand")
    status = 0
    for operand in options.operands:
        path = inv.path(operand)
        existing = inv.files.get(path)
        if existing is not None and options.has("p") and existing.is_dir:
            continue
        missing = _missing_dirs(inv, path) if options.has("p") else [path]
        anchor = inv.files.used_as_directory(posixpath.dirname(missing[0])) if missing else None
        if anchor is not None and not anchor.is_dir:
            status = inv.fail(f"cannot create directory '{operand}': Not a directory")
            continue
        try:
            for directory in missing:
                inv.world.make_dir(directory, inv.user)
                if options.has("v"):
                    inv.out(f"mkdir: created directory '{_shown_ancestor(operand, path, directory)}'\n")
        except WorldError as error:
            status = inv.fail(_message(error, path, operand))
            continue
        mode = options.value("m")
        if mode:
            inv.world.chmod(path, new_mode(mode, 0o755), inv.user)
    return status


def _shown_ancestor(operand: str, path: str, ancestor: str) -> str:
    """How `mkdir -v` names an ancestor of the operand: the operand with as many trailing names removed."""
    shown = operand.rstrip("/")
    for _ in range(path.count("/") - ancestor.count("/")):
        shown = posixpath.dirname(shown)
    return shown


def _missing_dirs(inv: Invocation, path: str) -> list[str]:
    """`path` and its missing ancestors, outermost first: `mkdir -p` makes each in turn."""
    missing: list[str] = []
    while path not in ("", "/") and inv.files.get(path) is None:
        missing.append(path)
        path = posixpath.dirname(path)
    return list(reversed(missing))


@command("touch")
def touch(inv: Invocation) -> int:
    options = inv.options(
        Spec(flags="acmfh", valued="dtr", long={"no-create": "c", "date": "d", "reference": "r"})
    )
    if not options.operands:
        raise UsageError("missing file operand")
    status = 0
    for operand in options.operands:
        path = inv.path(operand)
        if inv.files.get(path) is not None or options.has("c"):
            continue
        try:
            inv.world.write_file(path, "", inv.user)
        except WorldError as error:
            status = inv.fail(f"cannot touch '{operand}': {inv.reason(error)}")
    return status


# -- removing ----------------------------------------------------------------------------------------


@command("rm")
def rm(inv: Invocation) -> int:
    options = inv.options(
        Spec(
            flags="rRfidvI",
            long={
                "recursive": "r",
                "force": "f",
                "dir": "d",
                "verbose": "v",
                "interactive": "i",
                "no-preserve-root": "no-preserve-root",
                "preserve-root": "preserve-root",
            },
        )
    )
    recursive = options.has("r") or options.has("R")
    force = options.has("f")
    asking = [key for key, _ in options.items if key in ("f", "i")][-1:] == ["i"]
    if not options.operands:
        if force:
            return 0
        raise UsageError("missing operand")
    status = 0
    for operand in options.operands:
        path = inv.path(operand)
        if posixpath.basename(operand.rstrip("/")) in (".", ".."):
            status = inv.fail(f"refusing to remove '.' or '..' directory: skipping '{operand}'")
            continue
        node = inv.files.get_link(path)
        if node is None:
            if not force:
                status = inv.fail(f"cannot remove '{operand}': No such file or directory")
            continue
        if node.link is not None and operand.endswith("/") and recursive:
            status |= _remove_through_link(inv, path)  # `rm -r link/` empties the directory it points to
            continue
        if asking and not _agreed(inv, f"remove {_kind_of(node)} '{operand}'? "):
            continue
        if node.is_dir and not recursive and not (options.has("d") and not inv.files.children(path)):
            status = inv.fail(f"cannot remove '{operand}': Is a directory")
            continue
        try:
            inv.world.delete(path, inv.user, recursive=node.is_dir)
        except WorldError as error:
            if path == "/":
                inv.fail("it is dangerous to operate recursively on '/'")
                status = inv.fail("use --no-preserve-root to override this failsafe")
            else:
                status = inv.fail(f"cannot remove '{operand}': {inv.reason(error)}")
            continue
        if options.has("v"):
            inv.out(f"removed {'directory ' if node.is_dir else ''}'{operand}'\n")
    return status


def _kind_of(node: Node) -> str:
    if node.link is not None:
        return "symbolic link"
    if node.is_dir:
        return "directory"
    return "regular file" if node.content else "regular empty file"


def _agreed(inv: Invocation, question: str) -> bool:
    """Ask on stderr, as `rm -i` does; only an answer starting with y agrees (no answer does not)."""
    inv.err(f"{inv.name}: {question}")
    answer = inv.stdin.read_line()
    return answer is not None and answer.lstrip()[:1] in ("y", "Y")


def _remove_through_link(inv: Invocation, path: str) -> int:
    target = inv.files.get(path)
    if target is None or not target.is_dir:
        return 0
    for child in inv.files.children(target.path):
        try:
            inv.world.delete(child.path, inv.user, recursive=True)
        except WorldError as error:
            inv.fail(f"cannot remove '{child.path}': {inv.reason(error)}")
            return 1
    return 0


@command("rmdir")
def rmdir(inv: Invocation) -> int:
    options = inv.options(
        Spec(flags="pv", long={"parents": "p", "verbose": "v", "ignore-fail-on-non-empty": "i"})
    )
    if not options.operands:
        raise UsageError("missing operand")
    status = 0
    for operand in options.operands:
        path = inv.path(operand)
        node = inv.files.used_as_directory(path)
        if node is None:
            status = inv.fail(f"failed to remove '{operand}': No such file or directory")
        elif not node.is_dir:
            status = inv.fail(f"failed to remove '{operand}': Not a directory")
        elif inv.files.children(path):
            if not options.has("i"):
                status = inv.fail(f"failed to remove '{operand}': Directory not empty")
        else:
            try:
                inv.world.delete(path, inv.user, recursive=True)
            except WorldError as error:
                status = inv.fail(f"failed to remove '{operand}': {inv.reason(error)}")
    return status


# -- copying and moving ------------------------------------------------------------------------------


def _transfer(inv: Invocation, *, copy: bool) -> int:
    spec = Spec(
        flags="rRafinpvuTdlsL" if copy else "finvuT",
        valued="tS",
        long={
            "recursive": "r",
            "archive": "a",
            "force": "f",
            "interactive": "i",
            "no-clobber": "n",
            "verbose": "v",
            "target-directory": "t",
            "no-target-directory": "T",
            "preserve": "p",
            "update": "u",
        },
    )
    options = inv.options(spec)
    operands = list(options.operands)
    target = options.value("t")
    if target is None:
        target = last_operand(operands)
    destination = inv.path(target)
    destination_node = inv.files.get(destination)
    if len(operands) > 1 and (destination_node is None or not destination_node.is_dir):
        return inv.fail(f"target '{target}' is not a directory")
    recursive = any(options.has(k) for k in "rRa")
    status = 0
    for operand in operands:
        source = inv.path(operand)
        node = inv.files.get(source)
        if node is None:
            status = inv.fail(f"cannot stat '{operand}': No such file or directory")
            continue
        final = destination
        if destination_node is not None and destination_node.is_dir:
            final = posixpath.join(destination, posixpath.basename(source))
        if final == source:
            status = inv.fail(f"'{operand}' and '{target}' are the same file")
            continue
        if node.is_dir and final.startswith(source + "/"):
            verb = "copy a directory" if copy else "move"
            status = inv.fail(f"cannot {verb}, '{operand}', into itself, '{target}'")
            continue
        if options.has("n") and inv.files.get(final) is not None:
            continue
        if copy and node.is_dir and not recursive:
            status = inv.fail(f"-r not specified; omitting directory '{operand}'")
            continue
        try:
            if copy:
                inv.world.copy(source, destination, inv.user, recursive=recursive)
            else:
                inv.world.move(source, destination, inv.user)
        except WorldError as error:
            status = inv.fail(_message(error, source, operand).replace(f"'{destination}'", f"'{target}'"))
            continue
        if options.has("v"):
            inv.out(f"{'renamed ' if not copy else ''}'{operand}' -> '{target}'\n")
    return status


@command("cp")
def cp(inv: Invocation) -> int:
    return _transfer(inv, copy=True)


@command("mv")
def mv(inv: Invocation) -> int:
    return _transfer(inv, copy=False)


# -- permissions -------------------------------------------------------------------------------------

_SYMBOLIC = re.compile(r"^([ugoa]*)([-+=])([rwxXst]*)$")


def new_mode(spec: str, current: int, is_dir: bool = False) -> int:
    """An octal or symbolic (`u+x,go-w`) mode applied to `current`; raises UsageError when invalid."""
    if re.fullmatch(r"[0-7]{1,4}", spec):
        return int(spec, 8)
    mode = current
    for clause in spec.split(","):
        match = _SYMBOLIC.match(clause)
        if match is None:
            raise UsageError(f"invalid mode: '{spec}'")
        who, operator, permissions = match.groups()
        who = who.replace("a", "ugo") or "ugo"
        bits = 0
        for letter in permissions:
            value = {"r": 4, "w": 2, "x": 1, "X": 1 if is_dir or current & 0o111 else 0}.get(letter, 0)
            for person, shift in (("u", 6), ("g", 3), ("o", 0)):
                if person in who:
                    bits |= value << shift
        mask = sum(0o7 << shift for person, shift in (("u", 6), ("g", 3), ("o", 0)) if person in who)
        if operator == "+":
            mode |= bits
        elif operator == "-":
            mode &= ~bits
        else:
            mode = (mode & ~mask) | bits
    return mode


@command("chmod")
def chmod(inv: Invocation) -> int:
    args = list(inv.args)
    recursive = False
    verbose = False
    while args and args[0] in ("-R", "-v", "-f", "--recursive", "--verbose", "-c"):
        flag = args.pop(0)
        recursive = recursive or flag in ("-R", "--recursive")
        verbose = verbose or flag in ("-v", "--verbose")
    if len(args) < 2:
        raise UsageError("missing operand" if not args else f"missing operand after '{args[0]}'")
    spec, operands = args[0], args[1:]
    status = 0
    for operand in operands:
        path = inv.path(operand)
        node = inv.files.get(path)
        if node is None:
            status = inv.fail(f"cannot access '{operand}': No such file or directory")
            continue
        targets = list(inv.files.walk(path)) if recursive else [node]
        for target in targets:
            mode = new_mode(spec, target.mode, target.is_dir)
            try:
                inv.world.chmod(target.path, mode, inv.user)
            except WorldError as error:
                status = inv.fail(_message(error, target.path, operand))
                continue
            if verbose:
                inv.out(f"mode of '{operand}' changed to {mode:04o}\n")
    return status


# -- looking at files --------------------------------------------------------------------------------


@command("stat")
def stat(inv: Invocation) -> int:
    options = inv.options(Spec(flags="Lt", valued="c", long={"format": "c", "printf": "c"}))
    if not options.operands:
        raise UsageError("missing operand")
    status = 0
    stamp = inv.world.seed.clock.strftime("%Y-%m-%d %H:%M:%S.000000000 +0000")
    for operand in options.operands:
        node = inv.lookup(operand)
        if node is None:
            status = inv.fail(f"cannot statx '{operand}': No such file or directory")
            continue
        kind = "directory" if node.is_dir else ("regular file" if node.content else "regular empty file")
        uid, gid = uid_of(inv.world, node.owner) or 0, gid_of(inv.world, node.group)
        template = options.value("c")
        if template is not None:
            fields = {
                "n": operand,
                "s": str(size_of(node)),
                "U": node.owner,
                "G": node.group,
                "u": str(uid),
                "g": str(gid),
                "a": f"{node.mode:o}",
                "A": mode_string(node),
                "F": kind,
            }
            inv.out(
                re.sub(r"%(.)", lambda m, fields=fields: fields.get(m.group(1), m.group(0)), template) + "\n"
            )
            continue
        inv.out(
            f"  File: {operand}\n"
            f"  Size: {size_of(node):<15} Blocks: {8 if node.content or node.is_dir else 0:<10}"
            f" IO Block: 4096   {kind}\n"
            f"Device: 803h/2051d\tInode: {1000 + sorted(inv.files.nodes).index(node.path)}"
            f"  Links: {2 if node.is_dir else 1}\n"
            f"Access: ({node.mode:04o}/{mode_string(node)})  Uid: ({uid:5d}/{node.owner:>8})"
            f"   Gid: ({gid:5d}/{node.group:>8})\n"
            f"Access: {stamp}\nModify: {stamp}\nChange: {stamp}\n Birth: -\n"
        )
    return status


@command("file")
def file_(inv: Invocation) -> int:
    if not inv.args:
        raise UsageError("missing operand")
    for operand in inv.args:
        node = inv.lookup(operand)
        if node is None:
            inv.out(f"{operand}: cannot open `{operand}' (No such file or directory)\n")
        elif node.is_dir:
            inv.out(f"{operand}: directory\n")
        elif not node.content:
            inv.out(f"{operand}: empty\n")
        else:
            kind = "CSV text" if operand.endswith(".csv") else "ASCII text"
            if not node.content.isascii():
                kind = "Unicode text, UTF-8 text"
            if node.content.startswith("#!"):
                kind = "Bourne-Again shell script, ASCII text executable"
            inv.out(f"{operand}: {kind}\n")
    return 0


@command("realpath", "readlink")
def realpath(inv: Invocation) -> int:
    operands = [a for a in inv.args if not a.startswith("-")]
    if not operands:
        raise UsageError("missing operand")
    if inv.name == "readlink" and not any(a in ("-f", "-e", "-m", "--canonicalize") for a in inv.args):
        links = [inv.files.get_link(inv.path(operand)) for operand in operands]
        inv.out("".join(f"{link.link}\n" for link in links if link is not None and link.link is not None))
        return 0 if all(link is not None and link.link is not None for link in links) else 1
    status = 0
    for operand in operands:
        path = inv.files.resolve(inv.path(operand)) or inv.path(operand)
        if (
            inv.files.get(path) is None
            and "-m" not in inv.args
            and inv.files.get(posixpath.dirname(path)) is None
        ):
            status = inv.fail(f"{operand}: No such file or directory")
            continue
        inv.out(path + "\n")
    return status


@command("install")
def install(inv: Invocation) -> int:
    """Copy files and set their mode (0755 unless `-m`), or make directories with `-d`."""
    options = inv.options(Spec(flags="dDvCcsp", valued="mogt", long={"mode": "m", "directory": "d"}))
    mode = new_mode(options.value("m") or "755", 0o755)
    operands = list(options.operands)
    if options.has("d"):
        status = 0
        for operand in operands:
            for missing in _missing_dirs(inv, inv.path(operand)):
                try:
                    inv.world.make_dir(missing, inv.user)
                    inv.world.chmod(missing, mode, inv.user)
                except WorldError as error:
                    status = inv.fail(f"cannot create directory '{operand}': {inv.reason(error)}")
                    break
        return status
    target = last_operand(operands)
    target_node = inv.lookup(target)
    status = 0
    for operand in operands:
        source = inv.path(operand)
        if inv.files.get(source) is None:
            status = inv.fail(f"cannot stat '{operand}': No such file or directory")
            continue
        final = inv.path(target)
        if target_node is not None and target_node.is_dir:
            final = posixpath.join(final, posixpath.basename(source))
        try:
            inv.world.copy(source, final, inv.user, recursive=False)
            inv.world.chmod(final, mode, inv.user)
        except WorldError as error:
            status = inv.fail(_message(error, source, operand))
    return status
