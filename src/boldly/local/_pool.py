"""One lazily started server per model file and settings, shared by the whole process."""

from __future__ import annotations

import threading
from pathlib import Path

from boldly.local._runtime import LocalServer, RuntimeSettings

_servers: dict[tuple[Path, RuntimeSettings], LocalServer] = {}
_lock = threading.Lock()


def shared_server(weights: Path, settings: RuntimeSettings) -> LocalServer:
    """The process's server for `weights` with `settings`, loading the model on first call (thread-safe)."""
    key = (weights.resolve(), settings)
    with _lock:
        server = _servers.get(key)
        if server is None:
            server = _servers[key] = LocalServer(weights, settings)
        return server
