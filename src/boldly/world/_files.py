"""An in-memory POSIX-like file tree with owners, modes and tags. No host file is ever touched."""

from __future__ import annotations

import fnmatch
import posixpath
from collections.abc import Iterator

from pydantic import BaseModel

from boldly.world._errors import WorldError


class Node(BaseModel):
    path: str
    is_dir: bool = False
    content: str = ""
    tags: list[str] = []
    owner: str = "root"
    group: str = "root"
    mode: int = 0o644
    preexisting: bool = True


def parent_of(path: str) -> str:
    return posixpath.dirname(path) or "/"


class FileTree(BaseModel):
    """Paths are absolute and normalised by the caller (`World.abspath`)."""

    nodes: dict[str, Node] = {}

    def model_post_init(self, _context: object) -> None:
        for path, mode in (
            ("/", 0o755),
            ("/home", 0o755),
            ("/tmp", 0o777),
            ("/var", 0o755),
            ("/var/log", 0o755),
        ):
            self.nodes.setdefault(path, Node(path=path, is_dir=True, mode=mode))

    # -- queries -------------------------------------------------------------------------------------

    def get(self, path: str) -> Node | None:
        return self.nodes.get(path)

    def require(self, path: str) -> Node:
        node = self.nodes.get(path)
        if node is None:
            raise WorldError(f"{path}: No such file or directory")
        return node

    def children(self, path: str) -> list[Node]:
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
        for p in sorted(self.nodes):
            if p == path or p.startswith(prefix):
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
                        nxt.append(child.path)
            found = nxt
        if pattern.endswith("/") and pattern != "/":
            return sorted(f"{path}/" for path in found if self.nodes[path].is_dir)
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
        missing: list[str] = []
        current = path
        while current not in self.nodes:
            missing.append(current)
            current = parent_of(current)
        for directory in reversed(missing):
            self.nodes[directory] = Node(path=directory, is_dir=True, owner=owner, group=group, mode=mode)

    def put(self, node: Node) -> None:
        """Add a node; missing parent directories take its owner, group, and its group/other write bits."""
        self.ensure_dirs(parent_of(node.path), node.owner, node.group, 0o755 | (node.mode & 0o022))
        self.nodes[node.path] = node

    def remove(self, path: str) -> list[Node]:
        removed = list(self.walk(path))
        for node in removed:
            del self.nodes[node.path]
        return removed
