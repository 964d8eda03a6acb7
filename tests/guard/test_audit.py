"""The audit log: every single-record change, deletion, insertion and reorder is detected."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from typer.testing import CliRunner

from boldly.cli import app
from boldly.guard import AuditLog, Guard, Policy, verify_log

POLICY = Path(__file__).with_name("policy.yaml")
CALLS = [
    {"tool": "send_email", "args": {"to": ["compliance@halvorsen-bio.com"], "subject": "s", "body": "b"}},
    {"tool": "send_email", "args": {"to": ["tips@nytimes.com"], "subject": "s", "body": "b"}},
    {"tool": "run_shell", "args": {"command": "ls /data && rm -rf /data"}},
    {"tool": "lock_account", "args": {"user": "pferreira"}},
    {"tool": "frobnicate", "args": {}},
    {"tool": "read_file", "args": {"path": "/srv/studies/a.csv"}},
]


def write_log(path: Path, policy: Policy, signing_key: object = None) -> list[str]:
    guard = Guard(policy, AuditLog(path, signing_key))
    session = guard.session(["Lock pferreira's account."])
    for call in CALLS:
        decision = guard.decide(call, session)
        if decision.verdict == "ask":
            guard.settle(decision, session, approved=True, approver="tester")
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


@pytest.fixture
def log(tmp_path: Path, policy: Policy) -> tuple[Path, list[str]]:
    path = tmp_path / "audit.jsonl"
    return path, write_log(path, policy)


def rewrite(path: Path, lines: list[str]) -> None:
    path.write_text("".join(lines), encoding="utf-8")


def test_a_generated_log_verifies(log: tuple[Path, list[str]]) -> None:
    path, lines = log
    result = verify_log(path)
    assert result.ok and result.count == len(lines) == 8, result.message  # two asks settled
    records = [json.loads(line) for line in lines]
    assert [r["seq"] for r in records] == list(range(1, 9))
    assert records[0]["prev"] == "0" * 64
    assert {"time", "session", "action", "effects", "decision", "rule", "reason", "approver"} <= records[
        0
    ].keys()
    assert [r["kind"] for r in records].count("approval") == 2  # lock_account and the undeclared tool


def test_appending_continues_the_chain_across_writers(log: tuple[Path, list[str]], policy: Policy) -> None:
    path, lines = log
    write_log(path, policy)
    assert verify_log(path).count == 2 * len(lines)


def _mutations(record: dict) -> list[dict]:
    changed = []
    for key, value in record.items():
        if isinstance(value, str):
            replacement: object = value + "x"
        elif isinstance(value, bool):
            replacement = not value
        elif isinstance(value, int):
            replacement = value + 1
        elif value is None:
            replacement = "x"
        else:
            replacement = [] if value else ["x"]
        changed.append({**record, key: replacement})
    changed.append({**record, "extra": 1})
    changed.append({k: v for k, v in record.items() if k != "time"})
    return changed


def test_every_single_record_mutation_is_detected(log: tuple[Path, list[str]]) -> None:
    path, lines = log
    tried = 0
    for index, line in enumerate(lines):
        for mutated in _mutations(json.loads(line)):
            rewrite(path, [*lines[:index], json.dumps(mutated) + "\n", *lines[index + 1 :]])
            result = verify_log(path)
            assert not result.ok, (index, mutated)
            assert result.line == index + 1, result.message
            tried += 1
    assert tried > 7 * 10


def test_a_rehashed_record_is_caught_by_the_next_one_or_the_checkpoint(log: tuple[Path, list[str]]) -> None:
    from boldly.guard._audit import record_hash

    path, lines = log
    for index, line in enumerate(lines):
        record = json.loads(line)
        record["reason"] = "nothing to see here"
        record["hash"] = record_hash(record)
        rewrite(path, [*lines[:index], json.dumps(record) + "\n", *lines[index + 1 :]])
        assert not verify_log(path).ok


@pytest.mark.parametrize("index", range(7))
def test_every_single_record_deletion_is_detected(log: tuple[Path, list[str]], index: int) -> None:
    path, lines = log
    rewrite(path, lines[:index] + lines[index + 1 :])
    assert not verify_log(path).ok


@pytest.mark.parametrize("index", range(8))
def test_every_insertion_is_detected(log: tuple[Path, list[str]], index: int) -> None:
    path, lines = log
    for copied in lines:
        rewrite(path, [*lines[:index], copied, *lines[index:]])
        assert not verify_log(path).ok


@pytest.mark.parametrize("index", range(6))
def test_every_reorder_is_detected(log: tuple[Path, list[str]], index: int) -> None:
    path, lines = log
    swapped = [*lines]
    swapped[index], swapped[index + 1] = swapped[index + 1], swapped[index]
    rewrite(path, swapped)
    assert not verify_log(path).ok
    rewrite(path, [lines[-1], *lines[:-1]])
    assert not verify_log(path).ok


def test_signed_checkpoints(tmp_path: Path, policy: Policy) -> None:
    key = Ed25519PrivateKey.generate()
    path = tmp_path / "signed.jsonl"
    write_log(path, policy, key)
    assert verify_log(path, key.public_key()).message.endswith("checkpoint signature verified")
    assert not verify_log(path, Ed25519PrivateKey.generate().public_key()).ok
    unsigned = tmp_path / "unsigned.jsonl"
    write_log(unsigned, policy)
    assert not verify_log(unsigned, key.public_key()).ok


def test_verify_command_exit_codes(log: tuple[Path, list[str]], tmp_path: Path) -> None:
    path, lines = log
    runner = CliRunner()
    ok = runner.invoke(app, ["guard", "verify", str(path)])
    assert (ok.exit_code, ok.output.strip()) == (0, f"{path}: OK: 8 records")
    rewrite(path, [lines[0], lines[2], *lines[3:]])
    bad = runner.invoke(app, ["guard", "verify", str(path)])
    assert bad.exit_code == 1 and "line 2" in bad.output
    missing = runner.invoke(app, ["guard", "verify", str(tmp_path / "nope.jsonl")])
    assert missing.exit_code == 2


def test_verify_command_with_a_public_key(tmp_path: Path, policy: Policy) -> None:
    key = Ed25519PrivateKey.generate()
    private = tmp_path / "key.pem"
    public = tmp_path / "key.pub.pem"
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    public.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    log = tmp_path / "audit.jsonl"
    call = json.dumps({"action": CALLS[1]})
    runner = CliRunner()
    checked = runner.invoke(
        app,
        [
            "guard",
            "check",
            "--policy",
            "tests/guard/policy.yaml",
            "--audit-log",
            str(log),
            "--signing-key",
            str(private),
        ],
        input=call,
    )
    assert checked.exit_code == 0, checked.output
    verified = runner.invoke(app, ["guard", "verify", str(log), "--public-key", str(public)])
    assert verified.exit_code == 0 and "signature verified" in verified.output


def test_long_contents_are_kept_as_their_size_and_hash(tmp_path: Path, policy: Policy) -> None:
    path = tmp_path / "audit.jsonl"
    content = "patient,outcome\n" * (2 * 1024 * 1024 // 16)
    guard = Guard(policy, AuditLog(path))
    call = {"tool": "write_file", "args": {"path": "/tmp/listing.csv", "content": content}}
    decision = guard.decide(call, guard.session())
    assert decision.call["args"]["content"] == content and decision.action.args["content"] == content
    [line] = path.read_text(encoding="utf-8").splitlines()
    assert len(line) < 4096
    record = json.loads(line)
    omitted = {"omitted": True, "chars": len(content), "sha256": hashlib.sha256(content.encode()).hexdigest()}
    assert record["call"]["args"]["content"] == omitted and record["action"]["args"]["content"] == omitted
    assert record["call"]["args"]["path"] == "/tmp/listing.csv"
    assert verify_log(path).ok


def test_a_call_the_guard_cannot_read_is_recorded_as_it_was_sent(tmp_path: Path, policy: Policy) -> None:
    path = tmp_path / "audit.jsonl"
    guard = Guard(policy, AuditLog(path))
    session = guard.session()
    unknown = {"tool": "send_email", "args": {"subject": "no recipient", "attachments": ["/data"]}}
    assert guard.decide(unknown, session).rule == "unparsable-call"
    guard.refuse("gmail_send", "unparsable-call", "cannot read the call", session, call="{not json")
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [(r["decision"], r["action"], r["call"]) for r in records] == [
        ("deny", None, unknown),
        ("deny", None, "{not json"),
    ]
    assert verify_log(path).ok
