"""An in-memory POSIX-like file tree with owners, modes and tags. No host file is ever touched.

Nodes are immutable: a change replaces the node, so a fork of the tree shares them all (see `fork`).
"""

from __future__ import annotations

import fnmatch
import posixpath
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, PrivateAttr

from boldly.world._errors import WorldError
from boldly.world._forking import forked

if TYPE_CHECKING:
    from boldly.world._assumptions import Assumptions


class Node(BaseModel):
    model_config = ConfigDict(frozen=True)

    path: str
    is_dir: bool = False
    content: str = ""
    tags: list[str] = []
    owner: str = "root"
    group: str = "root"
    mode: int = 0o644
    preexisting: bool = True
    link: str | None = None
    """A symbolic link's target as written (relative to the link's directory unless absolute); the link
    holds no data: reads and writes through it reach the target in this tree, never a host file."""


MAX_LINK_HOPS = 40  # Linux's limit on symbolic links followed while resolving one path
PATH_MAX = 4096
"""Linux's limit on a path's length: a longer one names nothing and cannot be created."""


def parent_of(path: str) -> str:
    return posixpath.dirname(path) or "/"


def under(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip("/") + "/")


class FileTree(BaseModel):
    """Paths are absolute and normalised by the caller (`World.abspath`).

    A path the tree does not hold is asked of its assumptions (`World` sets them), ancestors first, except
    below a path removed in this action or a directory made in this world; what they find, the tree holds.
    """

    nodes: dict[str, Node] = {}
    _assumptions: Assumptions | None = PrivateAttr(None)
    _removed: frozenset[str] = PrivateAttr(frozenset())

    def model_post_init(self, _context: object) -> None:
        for path, mode in (
            ("/", 0o755),
            ("/home", 0o755),
            ("/tmp", 0o777),
            ("/var", 0o755),
            ("/var/log", 0o755),
        ):
            self.nodes.setdefault(path, Node(path=path, is_dir=True, mode=mode))

    def assume(self, assumptions: Assumptions) -> None:
        self._assumptions = assumptions

    def fork(self) -> FileTree:
        """A copy whose changes neither side sees: the nodes are shared, the index is not."""
        return forked(self, nodes=dict(self.nodes))

    def forget_removals(self) -> None:
        """A new action begins: what earlier ones removed may be there again for all an open world knows."""
        if self._removed:
            self._removed = frozenset()

    # -- queries -------------------------------------------------------------------------------------

    def get(self, path: str) -> Node | None:
        """The node at `path`, symbolic links followed (a dangling one is None); a path longer than
        PATH_MAX names nothing, as the kernel refuses it."""
        if len(path) > PATH_MAX:
            return None
        resolved = self.resolve(path)
        return self.get_link(resolved) if resolved is not None else None

    def get_link(self, path: str) -> Node | None:
        """The node at `path` itself (a symbolic link is not followed), its directories resolved."""
        if path not in self.nodes:
            directory = self.resolve(parent_of(path)) if path != "/" else "/"
            if directory is None:
                return None
            path = posixpath.join(directory, posixpath.basename(path)) if path != "/" else path
        node = self.nodes.get(path)
        if node is None:
            node = self._unseen(path)
        return node

    def resolve(self, path: str, *, follow_last: bool = True) -> str | None:
        """The path with every symbolic link in it followed, as the kernel does; None after too many.

        Only held nodes can be links (assumptions never make one), and a held node's directories are held,
        so the walk stops at the first component the tree does not hold."""
        held = self.nodes.get(path)
        if held is not None and held.link is None:
            return path  # held nodes never lie below a link, so nothing above it is one
        pending = [part for part in reversed(path.split("/")) if part]
        resolved = "/"
        hops = 0
        while pending:
            part = pending.pop()
            if part in (".", ".."):
                resolved = parent_of(resolved) if part == ".." else resolved
                continue
            candidate = posixpath.join(resolved, part)
            node = self.nodes.get(candidate)
            if node is None:
                return posixpath.join(candidate, *reversed(pending)) if pending else candidate
            if node.link is None or (not pending and not follow_last):
                resolved = candidate
                continue
            hops += 1
            if hops > MAX_LINK_HOPS:
                return None
            pending.extend(part for part in reversed(posixpath.join(resolved, node.link).split("/")) if part)
            resolved = "/"
        return resolved

    def require(self, path: str) -> Node:
        node = self.get(path)
        if node is None:
            raise WorldError(f"{path}: No such file or directory")
        return node

    def used_as_directory(self, path: str) -> Node | None:
        """The node at `path`, which is about to be used as a directory (an assumed file may become one)."""
        node = self.get(path)
        if node is not None and not node.is_dir and self._assumptions is not None:
            directory = self._assumptions.as_directory(node)
            if directory is not None:
                self.nodes[path] = node = directory
        return node

    def _unseen(self, path: str) -> Node | None:
        """Ask the assumptions what is at a path the tree does not hold, each missing ancestor first (as a
        directory); the nearest held ancestor must be a directory this world did not make."""
        assumptions = self._assumptions
        if assumptions is None or not path.startswith("/"):
            return None
        removed = self._removed
        if removed and any(under(path, gone) for gone in removed):
            return None
        missing = [path]
        held_path = parent_of(path)
        while (held := self.nodes.get(held_path)) is None and held_path != "/":
            missing.append(held_path)
            held_path = parent_of(held_path)
        if held is not None and not held.is_dir:
            held = self.used_as_directory(held_path)
        node = held
        for step in reversed(missing):
            if node is None or not node.is_dir or not node.preexisting:
                return None
            node = assumptions.unseen_node(step, directory=step != path)
            if node is not None:
                self.nodes[step] = node
        return node

    def locate(self, path: str) -> str:
        """Where the entry `path` names lives: its directories resolved, a final symbolic link kept."""
        return self.resolve(path, follow_last=False) or path

    def children(self, path: str) -> list[Node]:
        path = self.resolve(path) or path
        if self._assumptions is not None:
            for name in self._assumptions.unseen_children(path):
                child = posixpath.join(path, name)
                if child not in self.nodes:
                    self._unseen(child)
        prefix = path.rstrip("/") + "/"
        return sorted(
            (
                n
                for p, n in self.nodes.items()
                if p != path and p.startswith(prefix) and "/" not in p[len(prefix) :]
            ),
            key=lambda n: n.path,
        )

    def walk(self, path: str) -> Iterator[Node]:
        """The node at `path` and everything below it, in path order."""
        prefix = path.rstrip("/") + "/"
        for p in sorted(p for p in self.nodes if p == path or p.startswith(prefix)):
            yield self.nodes[p]

    def files_under(self, path: str) -> list[Node]:
        return [n for n in self.walk(path) if not n.is_dir]

    def glob(self, pattern: str) -> list[str]:
        """Paths matching a shell pattern segment by segment (`*` does not cross `/`); a pattern ending in
        `/` matches directories only, and they keep the slash."""
        parts = pattern.strip("/").split("/")
        found = ["/"]
        for part in parts:
            nxt: list[str] = []
            for base in found:
                if not any(ch in part for ch in "*?["):
                    candidate = posixpath.join(base, part)
                    if candidate in self.nodes:
                        nxt.append(candidate)
                    continue
                for child in self.children(base):
                    name = posixpath.basename(child.path)
                    if name.startswith(".") and not part.startswith("."):
                        continue
                    if fnmatch.fnmatchcase(name, part):
                        nxt.append(posixpath.join(base, name))
            found = nxt
        if pattern.endswith("/") and pattern != "/":
            return sorted(
                f"{path}/" for path in found if (node := self.get(path)) is not None and node.is_dir
            )
        return sorted(found)

    # -- permissions ---------------------------------------------------------------------------------

    @staticmethod
    def allowed(node: Node, user: str, groups: list[str], bit: int) -> bool:
        """`bit` is 4 (read), 2 (write) or 1 (execute/search); root may do anything."""
        if user == "root":
            return True
        if node.owner == user:
            return bool(node.mode >> 6 & bit)
        if node.group in groups:
            return bool(node.mode >> 3 & bit)
        return bool(node.mode & bit)

    # -- changes -------------------------------------------------------------------------------------

    def ensure_dirs(self, path: str, owner: str, group: str, mode: int = 0o755) -> None:
        if len(path) > PATH_MAX:
            raise WorldError(f"{path[:48]}...: File name too long")
        missing: list[str] = []
        current = path
        while current not in self.nodes:
            missing.append(current)
            current = parent_of(current)
        for directory in reversed(missing):
            self.nodes[directory] = Node(path=directory, is_dir=True, owner=owner, group=group, mode=mode)

    def put(self, node: Node) -> None:
        """Add a node; missing parent directories take its owner, group, and its group/other write bits."""
        if len(node.path) > PATH_MAX:
            raise WorldError(f"{node.path[:48]}...: File name too long")
        self.ensure_dirs(parent_of(node.path), node.owner, node.group, 0o755 | (node.mode & 0o022))
        self.nodes[node.path] = node

    def change(self, node: Node, **changes: Any) -> Node:
        """Replace a held node with a changed copy (nodes are immutable), and return the copy."""
        changed = node.model_copy(update=changes)
        self.nodes[node.path] = changed
        return changed

    def remove(self, path: str) -> list[Node]:
        removed = list(self.walk(path))
        for node in removed:
            del self.nodes[node.path]
        self._removed |= {path}
        return removed
