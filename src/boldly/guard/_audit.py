"""The audit log: append-only JSON lines, hash-chained over RFC 8785 canonical JSON.

Each record holds `seq` (1, 2, ...), `time`, the decision's content, `prev` (the previous record's hash; 64
zeros for the first) and `hash`: the SHA-256 of the record's canonical encoding without `hash`. A checkpoint
file beside the log (`LOG.checkpoint`) holds the last seq and hash, optionally signed with Ed25519, so that
removing records from the end is detected too. Any change, deletion, insertion or reorder of a record breaks
the chain at that record. A string longer than `LONGEST_STRING` anywhere in a record (an email body, a file
written) is stored as its length and SHA-256 (`abridged`): the log says what was attempted without keeping
the content, and an auditor who holds a content can check it against the hash.
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import json
import os
import re
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import rfc8785

GENESIS = "0" * 64
CHECKPOINT_SIZE = 256
"""The checkpoint is one JSON object padded to this many bytes, rewritten in place."""
LONGEST_STRING = 1024
"""Characters a string in a record may have; a longer one is stored as `{"omitted", "chars", "sha256"}`."""


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def encodable(text: str) -> str:
    """`text` with each lone surrogate (which UTF-8 and canonical JSON cannot carry) written as its `\\uXXXX`
    escape, so that a call carrying one is recorded like any other, not lost."""
    return _LONE_SURROGATE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def abridged(value: Any) -> Any:
    """`value` (JSON) with every string over `LONGEST_STRING` characters replaced by its size and hash, and
    every string made encodable."""
    if isinstance(value, str) and len(value) > LONGEST_STRING:
        digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()
        return {"omitted": True, "chars": len(value), "sha256": digest}
    if isinstance(value, str):
        return encodable(value)
    if isinstance(value, dict):
        return {encodable(str(key)): abridged(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [abridged(item) for item in value]
    return value


def record_hash(record: dict[str, Any]) -> str:
    body = {key: value for key, value in record.items() if key != "hash"}
    return hashlib.sha256(rfc8785.dumps(body)).hexdigest()


def checkpoint_path(log: Path) -> Path:
    return log.with_name(log.name + ".checkpoint")


def _checkpoint_payload(seq: int, digest: str) -> bytes:
    return rfc8785.dumps({"seq": seq, "hash": digest})


class AuditLog:
    """Appends records to `path`, safe across threads and processes (the file is locked per append).

    The log and its checkpoint stay open; the checkpoint is rewritten in place at a fixed size, so an
    append costs two writes and no file creation.
    """

    def __init__(self, path: Path | str, signing_key: Any | None = None) -> None:
        self.path = Path(path)
        self.signing_key = signing_key
        self._lock = threading.Lock()
        self._handle: Any = None
        self._checkpoint = -1
        self._known_size = -1
        self._seq = 0
        self._last = GENESIS

    def append(self, content: dict[str, Any]) -> dict[str, Any]:
        """Add one record (seq, time, prev and hash are filled in; long strings abridged) and return it."""
        content = abridged(content)
        with self._lock:
            if self._handle is None:
                self._handle = open(self.path, "a+b")  # noqa: SIM115  (held open for the log's life)
                self._checkpoint = os.open(checkpoint_path(self.path), os.O_RDWR | os.O_CREAT, 0o644)
            handle = self._handle
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                size = os.fstat(handle.fileno()).st_size
                if size != self._known_size:
                    self._seq, self._last = _tail(handle, size)
                record: dict[str, Any] = {
                    "seq": self._seq + 1,
                    "time": datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z"),
                    **content,
                    "prev": self._last,
                }
                record["hash"] = record_hash(record)
                line = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
                handle.write(line)
                handle.flush()
                self._known_size = size + len(line)
                self._seq, self._last = record["seq"], record["hash"]
                self._write_checkpoint()
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
        return record

    def close(self) -> None:
        with self._lock:
            if self._handle is not None:
                self._handle.close()
                os.close(self._checkpoint)
                self._handle = None

    def _write_checkpoint(self) -> None:
        checkpoint: dict[str, Any] = {"seq": self._seq, "hash": self._last}
        if self.signing_key is not None:
            signature = self.signing_key.sign(_checkpoint_payload(self._seq, self._last))
            checkpoint["signature"] = base64.b64encode(signature).decode("ascii")
        text = json.dumps(checkpoint).encode("ascii")
        os.pwrite(self._checkpoint, text.ljust(CHECKPOINT_SIZE - 1) + b"\n", 0)


class MemoryAuditLog:
    """The same hash-chained records as `AuditLog`, kept in memory (`records`): a run without a log file."""

    def __init__(self) -> None:
        self.records: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def append(self, content: dict[str, Any]) -> dict[str, Any]:
        content = abridged(content)
        with self._lock:
            last = self.records[-1] if self.records else None
            record: dict[str, Any] = {
                "seq": last["seq"] + 1 if last else 1,
                "time": datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z"),
                **content,
                "prev": last["hash"] if last else GENESIS,
            }
            record["hash"] = record_hash(record)
            self.records.append(record)
        return record

    def close(self) -> None:
        """Nothing to close (the records stay readable)."""


def _tail(handle: Any, size: int) -> tuple[int, str]:
    """The seq and hash of the last record in an open log (0 and the genesis hash when empty)."""
    if size == 0:
        return 0, GENESIS
    chunk = 4096
    data = b""
    position = size
    while position > 0:
        step = min(chunk, position)
        position -= step
        handle.seek(position)
        data = handle.read(step) + data
        lines = data.rstrip(b"\n").split(b"\n")
        if len(lines) > 1 or position == 0:
            last = json.loads(lines[-1])
            return int(last["seq"]), str(last["hash"])
        chunk *= 2
    return 0, GENESIS


@dataclass(frozen=True)
class Verification:
    ok: bool
    count: int
    message: str
    line: int | None = None
    """Line of the first bad record (1-based), when the log is not OK."""


def verify_log(path: Path, public_key: Any | None = None) -> Verification:
    """Check every record's hash, the chain, the sequence and the checkpoint; the first problem wins."""
    previous, expected_seq, count = GENESIS, 1, 0
    with open(path, encoding="utf-8") as lines:
        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                return Verification(False, count, f"line {number}: empty line in the log", number)
            try:
                record = json.loads(raw)
            except json.JSONDecodeError as error:
                return Verification(False, count, f"line {number}: not JSON ({error.msg})", number)
            if not isinstance(record, dict) or not {"seq", "prev", "hash"} <= record.keys():
                return Verification(False, count, f"line {number}: not an audit record", number)
            if record["seq"] != expected_seq:
                return Verification(
                    False,
                    count,
                    f"line {number}: record seq {record['seq']!r}, expected {expected_seq} "
                    "(a record was deleted, inserted or moved)",
                    number,
                )
            if record_hash(record) != record["hash"]:
                return Verification(
                    False, count, f"line {number}: record {expected_seq} was changed (hash mismatch)", number
                )
            if record["prev"] != previous:
                return Verification(
                    False,
                    count,
                    f"line {number}: record {expected_seq} does not follow the record before it "
                    "(a record was deleted, inserted, moved or rewritten)",
                    number,
                )
            previous, expected_seq, count = record["hash"], expected_seq + 1, count + 1
    return _check_checkpoint(path, count, previous, public_key)


def _check_checkpoint(path: Path, count: int, last: str, public_key: Any | None) -> Verification:
    target = checkpoint_path(path)
    if not target.exists():
        if public_key is not None:
            return Verification(False, count, f"{target.name} is missing: the log cannot be authenticated")
        return Verification(True, count, f"OK: {count} records (no checkpoint file: truncation not checked)")
    try:
        checkpoint = json.loads(target.read_text(encoding="utf-8"))
        seq, digest = int(checkpoint["seq"]), str(checkpoint["hash"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        return Verification(False, count, f"{target.name}: unreadable checkpoint ({error})")
    if seq != count or digest != last:
        return Verification(
            False,
            count,
            f"the log ends at record {count} but {target.name} says record {seq} with another hash "
            "(records were removed from the end, or the last record was rewritten)",
            count + 1 if seq > count else count,
        )
    if public_key is not None:
        signature = checkpoint.get("signature")
        if not signature:
            return Verification(False, count, f"{target.name} is not signed")
        try:
            public_key.verify(base64.b64decode(signature), _checkpoint_payload(seq, digest))
        except Exception:
            return Verification(False, count, f"{target.name}: the signature does not verify with this key")
        return Verification(True, count, f"OK: {count} records, checkpoint signature verified")
    return Verification(True, count, f"OK: {count} records")


def load_private_key(path: Path) -> Any:
    """An Ed25519 private key from a PEM file (`openssl genpkey -algorithm ed25519`)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    key = load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path}: not an Ed25519 private key")
    return key


def load_public_key(path: Path) -> Any:
    """An Ed25519 public key from a PEM file (`openssl pkey -in key.pem -pubout`)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    key = load_pem_public_key(path.read_bytes())
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError(f"{path}: not an Ed25519 public key")
    return key
