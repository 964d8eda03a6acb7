"""What a command receives: its arguments, streams, user and working directory, and file helpers.

File helpers look before they touch: existence and kind are read from the tree (no effect), and only
a real read or write goes through `World`, so the effect log holds what the command did, nothing more.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from boldly.world._effects import DataRef
from boldly.world._errors import WorldError
from boldly.world._files import FileTree, Node
from boldly.world._world import World
from boldly.world.shell._options import Options, Spec, parse
from boldly.world.shell._streams import Input, Sink

if TYPE_CHECKING:
    from boldly.world.shell._interp import Interpreter


class FileProblem(Exception):
    """A file a command cannot use; `reason` is the strerror text ("No such file or directory")."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _device(path: str, seed: str) -> str | None:
    """Contents of the character devices commands commonly read; None for anything else."""
    if path == "/dev/null":
        return ""
    if path == "/dev/zero":
        return "\0" * 4096
    if path in ("/dev/urandom", "/dev/random"):
        digest = b"".join(hashlib.sha256(f"{seed}:{i}".encode()).digest() for i in range(128))
        return digest.decode("latin-1")
    return None


@dataclass
class Invocation:
    shell: Interpreter
    name: str
    args: list[str]
    user: str
    env: dict[str, str]
    stdin: Input
    stdout: Sink
    stderr: Sink

    @property
    def world(self) -> World:
        return self.shell.world

    @property
    def files(self) -> FileTree:
        return self.shell.world.state.files

    @property
    def cwd(self) -> str:
        return self.shell.session.cwd

    @property
    def is_root(self) -> bool:
        return self.user == "root"

    # -- output --------------------------------------------------------------------------------------

    def out(self, text: str) -> None:
        self.stdout.write(text)

    def err(self, text: str) -> None:
        self.stderr.write(text)

    def fail(self, message: str, status: int = 1) -> int:
        self.err(f"{self.name}: {message}\n")
        return status

    def options(self, spec: Spec, args: list[str] | None = None) -> Options:
        """Parse options; a bad option raises `UsageError`, which the shell reports GNU-style."""
        return parse(self.args if args is None else args, spec)

    # -- files ---------------------------------------------------------------------------------------

    def path(self, operand: str) -> str:
        return self.world.abspath(operand, self.cwd)

    def lookup(self, operand: str) -> Node | None:
        return self.files.get(self.path(operand))

    def permitted(self, node: Node, bit: int) -> bool:
        return self.world.permits(node, self.user, bit)

    def variable(self, name: str) -> str | None:
        return self.env.get(name, self.shell.session.get(name))

    def utf8_locale(self) -> bool:
        """Whether the locale's charset is UTF-8 (the first of LC_ALL, LC_CTYPE, LANG that is set decides):
        tree's lines and find's quotes depend on it."""
        for name in ("LC_ALL", "LC_CTYPE", "LANG"):
            value = self.variable(name)
            if value:
                return "utf-8" in value.lower() or "utf8" in value.lower()
        return False

    def remember_match(self, groups: list[str]) -> None:
        self.shell.remember_match(groups)

    def read(self, operand: str) -> str:
        """A file's text (or stdin for `-`), recorded as read; raises `FileProblem`."""
        if operand in ("-", "/dev/stdin", "/proc/self/fd/0"):
            return self.stdin.read_all()
        path = self.path(operand)
        virtual = self.shell.virtual_files.get(path)
        if virtual is not None:
            return virtual
        if path.startswith("/dev/"):
            device = _device(path, f"{self.world.state.seq}:{path}")
            if device is None:
                raise FileProblem("No such device or address")
            return device
        node = self.files.get(path)
        if node is None:
            looped = self.files.resolve(path) is None
            raise FileProblem("Too many levels of symbolic links" if looped else "No such file or directory")
        if node.is_dir:
            raise FileProblem("Is a directory")
        try:
            text = self.world.read_file(path, self.user)
        except WorldError as error:
            raise FileProblem("Permission denied") from error
        self.shell.note_read(path)
        return text

    def inputs(self, operands: list[str]) -> list[tuple[str, str | None]]:
        """Each operand (stdin when there are none) with its text, or None after reporting why not."""
        found: list[tuple[str, str | None]] = []
        for operand in operands or ["-"]:
            try:
                found.append((operand, self.read(operand)))
            except FileProblem as problem:
                self.fail(f"{operand}: {problem.reason}")
                found.append((operand, None))
        return found

    def write(self, operand: str, text: str, append: bool = False) -> None:
        path = self.path(operand)
        if path == "/dev/null":
            return
        if path in ("/dev/stdout", "/dev/stderr"):
            (self.stdout if path == "/dev/stdout" else self.stderr).write(text)
            return
        self.world.write_file(path, text, self.user, append=append)

    def reason(self, error: WorldError) -> str:
        """The strerror part of a world error ("Permission denied"), for GNU-shaped messages."""
        return str(error).rsplit(": ", 1)[-1]

    # -- provenance ----------------------------------------------------------------------------------

    def sources(self) -> set[str]:
        """Files whose text this command has in hand: read by it, its expansions, or its input."""
        return self.shell.reads[-1] | self.stdin.sources

    def data(self, paths: Iterable[str] = ()) -> list[DataRef]:
        """Data refs for files leaving with a request or message: named ones plus what was read."""
        refs: list[DataRef] = []
        for path in [*paths, *sorted(self.sources())]:
            try:
                new = self.world.attach([path], self.user if path in paths else "root")
            except WorldError:
                continue
            refs.extend(ref for ref in new if ref not in refs)
        return refs

    # -- running others ------------------------------------------------------------------------------

    def run(
        self,
        words: list[str],
        *,
        user: str | None = None,
        stdin: Input | None = None,
        overlay: dict[str, str] | None = None,
    ) -> int:
        """Run a program (not a shell builtin) as `find -exec`, `xargs`, `env` or `sudo` do."""
        return self.shell.run_program(
            words,
            stdin=stdin or self.stdin,
            stdout=self.stdout,
            stderr=self.stderr,
            user=user or self.user,
            overlay=overlay,
        )
