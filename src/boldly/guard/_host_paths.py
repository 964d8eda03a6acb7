"""Host path resolution, for adapters that run on the same machine as the tool they guard (opt-in).

The guard's world cannot see a real org's files; an adapter beside the tool can. It follows symlinks the way
the tool's own open() will, and says what is at a path, so a new file in a tagged directory is a new file and
not an overwrite of data that was never there. Only adapters use this module: `boldly.world` stays pure.
"""

from __future__ import annotations

import os

from boldly.world import PathKind


def resolved_path(path: str) -> str:
    """The path with every symlink in it followed (as far as the path exists)."""
    return os.path.realpath(path)


def path_kind(path: str) -> PathKind | None:
    """What is at `path` on this machine; None when it cannot be told (no permission)."""
    try:
        return "dir" if os.path.isdir(path) else "file" if os.path.lexists(path) else "absent"
    except OSError:
        return None
