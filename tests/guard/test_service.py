"""`boldly guard serve` end to end: a real server process on loopback, concurrent clients, a verified log."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from boldly.guard import AuditLog, Guard, GuardClient, GuardServiceError, MemoryAuditLog, verify_log
from boldly.guard._service import DecisionService
from boldly.guard._service_api import DecideRequest, NewSession
from boldly.guard._session_store import SessionStore, UnknownSession

POLICY = Path(__file__).with_name("policy.yaml")
SOURCE = Path(__file__).parents[2] / "src"
TOKEN = "test-token-4f1c"
CLIENTS = 8
CALLS_PER_CLIENT = 12


@dataclass
class Server:
    url: str
    audit_log: Path
    policy: Path
    process: subprocess.Popen[bytes]
    output: Path
    """What the service printed (uvicorn's log)."""

    def client(self, token: str | None = TOKEN) -> GuardClient:
        return GuardClient(self.url, token=token)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def boldly(*args: str) -> subprocess.CompletedProcess[str]:
    """The CLI in a process of its own, from this checkout, without a token in its environment."""
    env = {key: value for key, value in os.environ.items() if key != "BOLDLY_GUARD_TOKEN"}
    env["PYTHONPATH"] = str(SOURCE)
    return subprocess.run([sys.executable, "-m", "boldly", *args], env=env, text=True, capture_output=True)


def start(policy: Path, audit_log: Path, *options: str) -> Server:
    """`boldly guard serve` on a free loopback port, once it answers."""
    port = free_port()
    command = [sys.executable, "-m", "boldly", "guard", "serve", "--policy", str(policy)]
    command += ["--audit-log", str(audit_log), "--port", str(port), *options]
    environment = {**os.environ, "PYTHONPATH": str(SOURCE)}
    output = audit_log.with_name(f"serve-{port}.log")
    with output.open("wb") as log:
        process = subprocess.Popen(command, env=environment, stdout=log, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", audit_log, policy, process, output)
    deadline = time.monotonic() + 30
    while process.poll() is None and time.monotonic() < deadline:
        try:
            httpx.get(f"{server.url}/v1/health", timeout=1).raise_for_status()
            return server
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"the service did not start:\n{output.read_text()}")


@pytest.fixture
def token_file(tmp_path: Path) -> Path:
    path = tmp_path / "token"
    path.write_text(TOKEN + "\n")
    return path


@pytest.fixture
def server(tmp_path: Path, token_file: Path) -> Iterator[Server]:
    policy = tmp_path / "policy.yaml"
    policy.write_text(POLICY.read_text())
    running = start(policy, tmp_path / "audit.jsonl", "--token-file", str(token_file), "--max-sessions", "50")
    yield running
    running.stop()


def email(to: str) -> dict[str, object]:
    return {"to": [to], "subject": "Q3", "body": "Figures attached."}


def audit_records(server: Server) -> list[dict[str, object]]:
    return [json.loads(line) for line in server.audit_log.read_text().splitlines()]


def client_calls(index: int) -> tuple[str, list[tuple[str, dict[str, object]]]]:
    """A client's principal message and calls: mail to the outsider it named, to one it did not, a delete."""
    named, unnamed = f"ops{index}@northgate-cro.com", f"desk@partner{(index + 1) % CLIENTS}.example.net"
    cycle = [
        ("send_email", email(named)),
        ("send_email", email(unnamed)),
        ("run_shell", {"command": "rm -rf /data"}),
    ]
    return f"Send the Q3 figures to {named}.", [cycle[turn % 3] for turn in range(CALLS_PER_CLIENT)]


def test_concurrent_clients_share_one_log_whose_chain_verifies(server: Server, guard: Guard) -> None:
    """Each client's session decides as an in-process one would; every decision lands once in one chain."""

    def run_client(index: int) -> list[str]:
        message, calls = client_calls(index)
        with server.client() as client:
            session = client.open_session([message])
            verdicts = []
            for turn, (tool, args) in enumerate(calls):
                decision = client.decide(tool, args, session=session)
                assert decision.session == session and decision.seq is not None
                verdicts.append(decision.decision)
                client.observe(session, f"result {turn}")
            return verdicts

    def in_process(index: int) -> list[str]:
        message, calls = client_calls(index)
        session = guard.session([message])
        verdicts = []
        for turn, (tool, args) in enumerate(calls):
            verdicts.append(guard.decide({"tool": tool, "args": args}, session).verdict)
            session.observe(f"result {turn}")
        return verdicts

    with ThreadPoolExecutor(CLIENTS) as pool:
        served = list(pool.map(run_client, range(CLIENTS)))
    assert served == [in_process(index) for index in range(CLIENTS)]
    assert {verdict for verdicts in served for verdict in verdicts} == {"allow", "ask", "deny", "redirect"}
    records = audit_records(server)
    assert [r["seq"] for r in records] == list(range(1, len(records) + 1))
    assert [r["kind"] for r in records].count("decision") == CLIENTS * CALLS_PER_CLIENT
    verified = boldly("guard", "verify", str(server.audit_log))
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert f"OK: {CLIENTS * CALLS_PER_CLIENT + 1} records" in verified.stdout
    with server.client() as client:
        assert client.health().decisions == CLIENTS * CALLS_PER_CLIENT


def test_two_services_append_to_one_log_in_one_chain(tmp_path: Path, token_file: Path) -> None:
    log = tmp_path / "shared.jsonl"
    services = [start(POLICY, log, "--token-file", str(token_file)) for _ in range(2)]
    try:

        def run_client(index: int) -> None:
            message, calls = client_calls(index)
            with services[index % 2].client() as client:
                session = client.open_session([message])
                for tool, args in calls:
                    client.decide(tool, args, session=session)

        with ThreadPoolExecutor(CLIENTS) as pool:
            list(pool.map(run_client, range(CLIENTS)))
    finally:
        for service in services:
            service.stop()
    verified = boldly("guard", "verify", str(log))
    assert f"OK: {CLIENTS * CALLS_PER_CLIENT + 2} records" in verified.stdout, (
        verified.stdout + verified.stderr
    )


def test_one_sessions_concurrent_calls_are_decided_one_at_a_time(server: Server) -> None:
    with server.client() as client:
        session = client.open_session(["Tidy up /tmp."])

    def write(index: int) -> str:
        with server.client() as client:
            return client.decide(
                "write_file", {"path": f"/tmp/n{index}.txt", "content": "x"}, session=session
            ).decision

    with ThreadPoolExecutor(8) as pool:
        assert set(pool.map(write, range(32))) == {"allow"}
    state = httpx.get(
        f"{server.url}/v1/sessions/{session}", headers={"Authorization": f"Bearer {TOKEN}"}
    ).json()
    assert state["calls"] == 32


def test_a_token_is_required_and_health_is_open(server: Server) -> None:
    with server.client(token=None) as anonymous:
        assert anonymous.health().status == "ok"
        with pytest.raises(GuardServiceError) as refused:
            anonymous.open_session()
        assert refused.value.status == 401
    with server.client(token="wrong") as wrong, pytest.raises(GuardServiceError) as refused:
        wrong.decide("read_file", {"path": "/tmp/a"})
    assert refused.value.status == 401
    assert httpx.post(f"{server.url}/v1/reload").status_code == 401
    assert TOKEN not in server.audit_log.read_text()
    assert (
        '"POST /v1/reload HTTP/1.1" 401' in server.output.read_text()
        and TOKEN not in server.output.read_text()
    )


def test_bad_requests_name_the_field_and_unknown_sessions_say_why(server: Server) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    answer = httpx.post(f"{server.url}/v1/decide", headers=headers, json={"call": {"tool": "", "argz": {}}})
    assert answer.status_code == 422
    assert {p["field"] for p in answer.json()["problems"]} == {"call.tool", "call.argz"}
    answer = httpx.post(
        f"{server.url}/v1/decide", headers=headers, json={"session": {"id": "gone"}, "call": {"tool": "ls"}}
    )
    assert answer.status_code == 404 and "no session 'gone'" in answer.json()["error"]
    with server.client() as client:
        client.open_session(id="taken")
        with pytest.raises(GuardServiceError) as taken:
            client.open_session(id="taken")
        assert taken.value.status == 409
        with pytest.raises(GuardServiceError) as wrong:
            client.tell("taken")
        assert wrong.value.status == 422 and wrong.value.problems[0].field == "messages"


def test_a_one_off_session_and_an_unreadable_call(server: Server) -> None:
    """Without a session id a call is decided over the messages given; a call it cannot read is a deny."""
    with server.client() as client:
        fda = email("medwatch@fda.hhs.gov")
        assert client.decide("send_email", fda).decision == "deny"
        asked = client.decide("send_email", fda, principal_messages=["Please report HB-311 to the FDA."])
        assert asked.decision == "ask" and asked.refusal is None
        unreadable = client.decide("gmail_send", {"recipients": 5, "subject": "s", "text": "b"})
        assert unreadable.decision == "deny" and unreadable.refusal is not None
        hinted = client.decide("search_notes", {"query": "q3"}, hints={"readOnlyHint": True})
        assert hinted.decision == "allow"


def test_an_ask_is_settled_by_approval_and_logged(server: Server) -> None:
    with server.client() as client:
        session = client.open_session(["Draft the HB-311 summary."])
        fda = email("medwatch@fda.hhs.gov")
        assert client.decide("send_email", fda, session=session).decision == "deny"
        client.tell(session, "Please send the HB-311 summary to the FDA.")
        ask = client.decide("send_email", fda, session=session)
        assert ask.decision == "ask"
        settled = client.settle(ask, approved=True, approver="ingrid.sato")
        assert settled.decision == "allow" and settled.approver == "ingrid.sato"
        with pytest.raises(GuardServiceError) as again:
            client.settle(ask, approved=False, approver="ingrid.sato")
        assert again.value.status == 404 and "settled already" in again.value.error
    approval = audit_records(server)[-1]
    assert approval["kind"] == "approval" and approval["decision"] == "allow"


def test_a_reload_keeps_sessions_and_judges_their_past_by_the_new_policy(server: Server) -> None:
    """A file read before the reload becomes a sensitive read when the new policy tags its directory."""
    outsider = email("ops@northgate-cro.com")
    with server.client() as client:
        session = client.open_session(["Send the Q3 report to ops@northgate-cro.com."])
        assert (
            client.decide("read_file", {"path": "/srv/reports/q3.csv"}, session=session).decision == "allow"
        )
        assert client.decide("send_email", outsider, session=session).decision == "allow"
        client.tell(session, "Please send the HB-311 summary to the FDA.")
        ask = client.decide("send_email", email("medwatch@fda.hhs.gov"), session=session)
        assert ask.decision == "ask"
        before = client.health().policy_hash

        server.policy.write_text(server.policy.read_text() + "  # broken: not a rule\n  - {name: x}\n")
        with pytest.raises(GuardServiceError) as broken:
            client.reload()
        assert broken.value.status == 422 and "the old policy stays" in broken.value.error
        assert client.health().policy_hash == before

        tagged = POLICY.read_text().replace(
            '  - {pattern: "/data/**"',
            '  - {pattern: "/srv/reports/**", tags: [sensitive]}\n  - {pattern: "/data/**"',
        )
        server.policy.write_text(tagged)
        reloaded = client.reload()
        assert (reloaded.previous_policy_hash, reloaded.sessions) == (before, 1)
        assert (reloaded.calls_replayed, reloaded.calls_not_replayed, reloaded.asks_dropped) == (2, 0, 1)
        assert client.health().policy_hash == reloaded.policy_hash != before

        again = client.decide("send_email", outsider, session=session)
        assert (again.decision, again.rule) == ("ask", "outside-after-sensitive-read")
        with pytest.raises(GuardServiceError) as dropped:
            client.settle(ask, approved=True, approver="ingrid.sato")
        assert "policy reload" in dropped.value.error
    policies = [r for r in audit_records(server) if r["kind"] == "policy"]
    assert [p["policy_hash"] for p in policies] == [before, reloaded.policy_hash]
    assert boldly("guard", "verify", str(server.audit_log)).returncode == 0


def test_the_client_fails_closed_when_the_service_is_down() -> None:
    with GuardClient(f"http://127.0.0.1:{free_port()}", timeout=2) as client:
        decision = client.decide("send_email", email("ops@northgate-cro.com"), session="s1")
    assert (decision.decision, decision.rule) == ("deny", "fail-closed")
    assert "could not be reached" in decision.reason and decision.refusal is not None


def test_serving_beyond_loopback_needs_a_token(tmp_path: Path) -> None:
    log = tmp_path / "a.jsonl"
    refused = boldly("guard", "serve", "--policy", str(POLICY), "--audit-log", str(log), "--host", "0.0.0.0")
    assert refused.returncode == 2 and "--token-file" in refused.stderr
    assert not log.exists()


def test_sessions_are_bounded_and_expire_when_idle(guard: Guard) -> None:
    now = [0.0]
    store = SessionStore(max_sessions=2, idle_seconds=60, clock=lambda: now[0])
    for name in ("a", "b"):
        store.add(guard.session(id=name), guard)
    store.get("a")
    store.add(guard.session(id="c"), guard)  # the store is full: b, the least recently used, goes
    with pytest.raises(UnknownSession, match=r"'b'.*least recently used"):
        store.get("b")
    now[0] = 45.0
    store.get("c")
    now[0] = 90.0  # a was last used at 0, c at 45
    assert [held.session.id for held in store.held()] == ["c"]
    with pytest.raises(UnknownSession, match="idle for more than 60 s"):
        store.get("a")


def test_an_error_while_deciding_is_a_recorded_deny(monkeypatch: pytest.MonkeyPatch) -> None:
    service = DecisionService(POLICY, MemoryAuditLog())

    def broken(*_: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(service.guard, "decide", broken)
    request = DecideRequest.model_validate({"call": {"tool": "read_file", "args": {"path": "/tmp/a"}}})
    decision = service.decide(request)
    assert (decision.decision, decision.rule) == ("deny", "fail-closed")
    assert "disk on fire" in decision.reason
    assert service.audit.records[-1]["rule"] == "fail-closed" and decision.seq == 2


def test_reloads_while_sessions_decide_keep_every_decision_and_the_chain(tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    service = DecisionService(POLICY, AuditLog(log))
    sessions = [
        service.open_session(NewSession(principal_messages=[client_calls(i)[0]])).id for i in range(4)
    ]

    def decide_all(index: int) -> list[str]:
        _, calls = client_calls(index)
        ref = {"id": sessions[index]}
        requests = [
            DecideRequest.model_validate({"session": ref, "call": {"tool": t, "args": a}}) for t, a in calls
        ]
        return [service.decide(request).rule for request in requests]

    with ThreadPoolExecutor(5) as pool:
        decided = [pool.submit(decide_all, index) for index in range(4)]
        reloads = [service.reload() for _ in range(5)]
        rules = [rule for future in decided for rule in future.result()]
    assert "fail-closed" not in rules and len(rules) == 4 * CALLS_PER_CLIENT
    assert {reloaded.calls_not_replayed for reloaded in reloads} == {0}
    assert verify_log(log).ok and verify_log(log).count == 1 + 5 + 4 * CALLS_PER_CLIENT
