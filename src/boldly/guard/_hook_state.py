"""What a process-per-call hook remembers of a session: the calls it decided, in a small file per session.

A hook runs once per tool call, so the session (what ran, what was read) lives on disk between runs. Claude
Code may run the hooks of parallel calls at once: each run holds the session's lock from reading the file to
writing it back, and writes by renaming a complete file over the old one, so a reader never sees half.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class DecidedCall:
    """A call the hook decided: enough to move a later run's session past it if it ran."""

    tool_use_id: str
    tool: str
    args: dict[str, Any]
    cwd: str
    verdict: str


def default_state_dir() -> Path:
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "boldly" / "hook"


@contextmanager
def session_calls(state_dir: Path, session_id: str) -> Iterator[list[DecidedCall]]:
    """The session's decided calls, locked for this run; what the caller appends is saved on exit."""
    state_dir.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha256(session_id.encode("utf-8")).hexdigest()[:32]  # any id, never a path
    path = state_dir / f"{name}.json"
    with open(state_dir / f"{name}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        calls = _read(path)
        known = len(calls)
        yield calls
        if len(calls) != known:
            _write_atomically(path, {"session_id": session_id, "calls": [asdict(c) for c in calls]})


def _read(path: Path) -> list[DecidedCall]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    return [DecidedCall(**call) for call in data["calls"]]


def _write_atomically(path: Path, data: dict[str, Any]) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(data, file, ensure_ascii=False)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
