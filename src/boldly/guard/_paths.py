"""Path patterns: which tags a path carries, by the policy's sensitive-path globs.

`*` and `?` stay within one path segment, `**` spans any number of them. A path is tagged by every pattern
that matches it *or could match something below it*: the guard cannot see a real org's files, so
`rm -rf /srv` must carry the tags of `/srv/finance/**/*.xlsx`.
"""

from __future__ import annotations

import fnmatch
import posixpath
from functools import lru_cache


def _segments(path: str) -> tuple[str, ...]:
    return tuple(part for part in path.split("/") if part)


def _match(pattern: tuple[str, ...], path: tuple[str, ...], below: bool, anchored: bool = False) -> bool:
    """Whether `pattern` matches `path` or, when `below`, some path under it.

    "Under" counts only once a literal segment of the pattern has matched one of the path, so that
    `**/.ssh/**` tags `/home/ana/.ssh` but not every directory that might hold a `.ssh` somewhere.
    """
    if not pattern:
        return not path
    head, rest = pattern[0], pattern[1:]
    if head == "**":
        if any(_match(rest, path[i:], below, anchored) for i in range(len(path) + 1)):
            return True
        return below and anchored
    if not path:
        return below and anchored
    return fnmatch.fnmatchcase(path[0], head) and _match(rest, path[1:], below, True)


class PathTagger:
    """Tags for absolute paths from `(pattern, tags)` pairs; `~` in a pattern is the agent's home."""

    def __init__(self, patterns: list[tuple[str, list[str]]], home: str) -> None:
        self._patterns = [
            (_segments(posixpath.join(home, pattern[2:]) if pattern.startswith("~/") else pattern), tags)
            for pattern, tags in patterns
        ]
        self.tags = lru_cache(maxsize=4096)(self._tags)

    def children(self, path: str) -> tuple[str, ...]:
        """Names directly under `path` that a pattern spells out literally (`/srv/finance/**` → `finance`)."""
        return self._children(path)

    @lru_cache(maxsize=1024)  # noqa: B019  (one tagger per guard, kept for its life)
    def _children(self, path: str) -> tuple[str, ...]:
        segments = _segments(path)
        names: list[str] = []
        for pattern, _ in self._patterns:
            if len(pattern) <= len(segments) or "**" in pattern[: len(segments) + 1]:
                continue
            following = pattern[len(segments)]
            literal = not any(ch in following for ch in "*?[")
            if literal and all(map(fnmatch.fnmatchcase, segments, pattern)) and following not in names:
                names.append(following)
        return tuple(names)

    def _tags(self, path: str) -> tuple[str, ...]:
        found: list[str] = []
        segments = _segments(path)
        if not segments:
            return tuple(dict.fromkeys(tag for _, tags in self._patterns for tag in tags))
        for pattern, tags in self._patterns:
            if _match(pattern, segments, below=True):
                found.extend(tag for tag in tags if tag not in found)
        return tuple(found)


def path_matches(pattern: str, path: str) -> bool:
    """Whether a glob (with `**`) matches the absolute `path` itself."""
    return _match(_segments(pattern), _segments(path), below=False)


def expand_home(path: str, home: str) -> str:
    """`~` and `~/...` under the agent's home; any other path as it is."""
    return home if path == "~" else posixpath.join(home, path[2:]) if path.startswith("~/") else path


def under(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip("/") + "/")
