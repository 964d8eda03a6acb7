"""What a world assumes about what it does not hold: the one place a closed world and an open one differ.

A scenario's world is *closed*: its seed is everything, so a path, account, service, host or mailbox the
seed does not name does not exist, and file modes decide who may do what. The guard's world is *open*: it
stands for a real organization it cannot see, so what it does not hold may well exist. The world asks its
assumptions only about what it does not hold itself; what they answer, it holds from then on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, Protocol

from boldly.world._accounts import UserAccount
from boldly.world._files import FileTree, Node
from boldly.world._services import Process

PathKind = Literal["file", "dir", "absent"]
PathProbe = Callable[[str], PathKind | None]
"""What is at an absolute path on the machine the tools run on; None when that cannot be told."""

STAND_IN_CONTENT = "[content unknown: a file this world has not seen]\n"
"""The content of a file an open world assumes exists: unknown, but not empty (writing over it overwrites)."""

_USER_NAME = re.compile(r"^[a-z_][a-z0-9_.-]{0,31}$")


class Assumptions(Protocol):
    """The questions a world asks about what it does not hold."""

    def unseen_node(self, path: str, directory: bool) -> Node | None:
        """What is at an absolute path the world does not hold; None when nothing is.

        `directory`: something lies below the path, so it can only be a directory.
        """
        ...

    def unseen_children(self, path: str) -> Sequence[str]:
        """Names under a directory that may exist besides those the world holds."""
        ...

    def as_directory(self, node: Node) -> Node | None:
        """The directory an assumed file may as well be, now that it is used as one; None if it is a file."""
        ...

    def content_known(self, node: Node) -> bool:
        """Whether the world knows what a file holds."""
        ...

    def unseen_account(self, user: str) -> UserAccount | None:
        """The account behind a user name the world does not hold; None when there is none."""
        ...

    def unseen_process(self, name_or_pid: str, free_pid: int) -> Process | None:
        """The service or process behind a name or pid the world does not hold; None when there is none."""
        ...

    def host_answers(self, host: str) -> bool:
        """Whether a host that is neither one of the world's sites nor a public outside host answers."""
        ...

    def mailbox_exists(self, address: str) -> bool:
        """Whether an address on an internal domain, held by no person or account, receives mail."""
        ...

    def permits(self, node: Node, user: str, groups: list[str], bit: int) -> bool:
        """Whether `user` (in `groups`) may read (4), write (2) or search (1) `node`."""
        ...


class ClosedAssumptions:
    """The seed is everything: nothing exists beyond it, and owners and modes decide."""

    def unseen_node(self, path: str, directory: bool) -> Node | None:
        return None

    def unseen_children(self, path: str) -> Sequence[str]:
        return ()

    def as_directory(self, node: Node) -> Node | None:
        return None

    def content_known(self, node: Node) -> bool:
        return True

    def unseen_account(self, user: str) -> UserAccount | None:
        return None

    def unseen_process(self, name_or_pid: str, free_pid: int) -> Process | None:
        return None

    def host_answers(self, host: str) -> bool:
        return False

    def mailbox_exists(self, address: str) -> bool:
        return False

    def permits(self, node: Node, user: str, groups: list[str], bit: int) -> bool:
        return FileTree.allowed(node, user, groups, bit)


CLOSED = ClosedAssumptions()


class PathTagger(Protocol):
    """Tags for paths of an org the world cannot see (e.g. from a policy's sensitive-path patterns)."""

    def tags(self, path: str) -> Sequence[str]:
        """Tags of a path; a path that may be a directory carries those of anything below it."""
        ...

    def children(self, path: str) -> Sequence[str]:
        """Names under a directory that the patterns spell out literally."""
        ...


@dataclass(frozen=True)
class OpenAssumptions:
    """A real org: what the world does not hold may exist, and the agent may do what it asks.

    An unseen path is a pre-existing file of unknown content tagged by `tagger` (its ancestors
    directories), unless `probe` says otherwise: "absent" (nothing there: a write makes a new file), "dir"
    or "file". A file assumed without the probe's word may turn out to be a directory once it is used as
    one (`cd /data`). Any plausible user name is an internal account, any named service runs, any host with
    a dot in its name answers, every address on an internal domain receives mail, and permissions allow.
    """

    tagger: PathTagger
    probe: PathProbe | None = None

    def _kind(self, path: str) -> PathKind | None:
        return self.probe(path) if self.probe is not None else None

    def unseen_node(self, path: str, directory: bool) -> Node | None:
        kind = self._kind(path)
        if kind == "absent" or (directory and kind == "file"):
            return None
        return _assumed_node(path, tuple(self.tagger.tags(path)), directory or kind == "dir")

    def unseen_children(self, path: str) -> Sequence[str]:
        return self.tagger.children(path)

    def as_directory(self, node: Node) -> Node | None:
        if node.is_dir or node.content != STAND_IN_CONTENT or self._kind(node.path) == "file":
            return None
        return node.model_copy(update={"is_dir": True, "content": "", "mode": 0o777})

    def content_known(self, node: Node) -> bool:
        return node.content != STAND_IN_CONTENT

    def unseen_account(self, user: str) -> UserAccount | None:
        return _assumed_account(user) if _USER_NAME.match(user) else None

    def unseen_process(self, name_or_pid: str, free_pid: int) -> Process | None:
        if not name_or_pid or "/" in name_or_pid:
            return None
        if name_or_pid.isdigit():
            return Process(
                pid=int(name_or_pid),
                name=name_or_pid,
                kind="process",
                user="root",
                command=name_or_pid,
                status="running",
            )
        return Process(
            pid=free_pid, name=name_or_pid, kind="service", user="root", command=name_or_pid, status="running"
        )

    def host_answers(self, host: str) -> bool:
        return "." in host

    def mailbox_exists(self, address: str) -> bool:
        return True

    def permits(self, node: Node, user: str, groups: list[str], bit: int) -> bool:
        return True


@lru_cache(maxsize=4096)
def _assumed_node(path: str, tags: tuple[str, ...], directory: bool) -> Node:
    """Nodes are immutable, so every world that assumes the same node can share one."""
    if directory:
        return Node(path=path, is_dir=True, tags=list(tags), mode=0o777)
    return Node(path=path, content=STAND_IN_CONTENT, tags=list(tags), mode=0o666)


@lru_cache(maxsize=1024)
def _assumed_account(user: str) -> UserAccount:
    return UserAccount(user=user, home=f"/home/{user}")
