"""Streams between commands: text with the files it came from, so data leaving the org can be traced.

Everything runs to completion before the next pipeline stage starts, so a pipe is a string. Each stream
carries the paths of the files its text was read from (`sources`): `mail x@y < /data/a.csv` or
`cat a.csv | curl -d @- ...` then record `/data/a.csv` in the outgoing effect's data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from boldly.world._world import World
from boldly.world.shell._limits import MAX_OUTPUT, MAX_TERMINAL, ShellAbort, check_length


class Input:
    """A readable stream with a cursor, shared by the commands of a loop (`while read line`)."""

    def __init__(self, text: str = "", sources: Iterable[str] = ()) -> None:
        self.text = text
        self.pos = 0
        self.sources = set(sources)

    def read_all(self) -> str:
        rest = self.text[self.pos :]
        self.pos = len(self.text)
        return rest

    def read_line(self) -> str | None:
        """The next line with its newline, or None at end of input."""
        if self.pos >= len(self.text):
            return None
        end = self.text.find("\n", self.pos)
        end = len(self.text) if end < 0 else end + 1
        line = self.text[self.pos : end]
        self.pos = end
        return line


class Sink:
    """Where a command writes; the base class discards (`/dev/null`, a closed descriptor)."""

    def write(self, text: str) -> None:
        """Discard."""

    def absorb(self, sources: Iterable[str]) -> None:
        """Remember which files the written text came from (only pipes and captures care)."""

    def close(self) -> None:
        """Nothing to flush."""


class Capture(Sink):
    """A pipe or a command substitution: collects text and its sources."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.sources: set[str] = set()

    def write(self, text: str) -> None:
        self.size += len(text)
        check_length(self.size)
        self.parts.append(text)

    def absorb(self, sources: Iterable[str]) -> None:
        self.sources.update(sources)

    @property
    def text(self) -> str:
        return "".join(self.parts)


class Terminal(Sink):
    """What the agent sees: stdout and stderr merged in order, the first 64 KiB of it."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.kept = 0
        self.omitted = 0

    def write(self, text: str) -> None:
        size = len(text.encode("utf-8", "surrogatepass"))
        if self.kept + self.omitted + size > MAX_TERMINAL:
            raise ShellAbort("\nbash: output limit exceeded; command stopped\n", 124)
        room = MAX_OUTPUT - self.kept
        if size <= room:
            self.parts.append(text)
            self.kept += size
            return
        head = text.encode("utf-8", "surrogatepass")[:room].decode("utf-8", "ignore")
        self.parts.append(head)
        self.kept += room
        self.omitted += size - room

    def note(self, text: str) -> None:
        """Append past every limit: the reason a run stopped must be seen."""
        self.parts.append(text)

    def render(self) -> str:
        text = "".join(self.parts)
        if self.omitted:
            text += f"\n[output truncated: {self.omitted} bytes omitted]\n"
        return text


class FileSink(Sink):
    """A redirection to a file: buffered, then one `World.write_file` when the command ends."""

    def __init__(self, world: World, path: str, user: str, append: bool) -> None:
        self.world = world
        self.path = path
        self.user = user
        self.append = append
        self.parts: list[str] = []
        self.size = 0
        self.closed = False

    def write(self, text: str) -> None:
        self.size += len(text)
        check_length(self.size)
        self.parts.append(text)

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.world.write_file(self.path, "".join(self.parts), self.user, append=self.append)


@dataclass
class Descriptors:
    """A command's open files: standard input and the output descriptors (1, 2, and any others opened)."""

    stdin: Input
    outputs: dict[int, Sink]

    @property
    def stdout(self) -> Sink:
        return self.outputs.get(1) or Sink()

    @property
    def stderr(self) -> Sink:
        return self.outputs.get(2) or Sink()

    def with_input(self, stdin: Input) -> Descriptors:
        return Descriptors(stdin, dict(self.outputs))

    def with_outputs(self, stdout: Sink, stderr: Sink | None = None) -> Descriptors:
        return Descriptors(self.stdin, {**self.outputs, 1: stdout, 2: stderr or self.stderr})
