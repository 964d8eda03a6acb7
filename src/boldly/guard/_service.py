"""The decision service's core: one guard and one audit log shared by many clients' sessions.

Everything here is thread-safe and synchronous (the engine is); `_service_app` puts it on HTTP. A session is
used under its own lock, so its calls are decided one at a time. A reload swaps the guard for one built from
the policy file as it now is, and carries every held session over to it: a session's world was built from the
old policy (its org, tags and tools), so the session is rebuilt under the new one with the same id, principal
messages and observations, and the calls that ran are replayed into the new world, so session facts (tagged
reads, counted rules) are what the new policy makes of them. Open asks were decided under the old policy and
are dropped: the agent's call must be decided again.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from boldly.guard._audit import AuditLog, MemoryAuditLog
from boldly.guard._decision import Decision
from boldly.guard._engine import Guard
from boldly.guard._mapping import ToolHints
from boldly.guard._policy import Policy
from boldly.guard._service_api import (
    Approval,
    DecideRequest,
    Health,
    NewSession,
    Reloaded,
    ServedDecision,
    SessionState,
)
from boldly.guard._session import Session
from boldly.guard._session_store import (
    MAX_SESSIONS,
    SESSION_IDLE_SECONDS,
    HeldSession,
    SessionStore,
    UnknownSession,
)


class UnknownAsk(LookupError):
    def __init__(self, seq: int, session_id: str) -> None:
        super().__init__(
            f"no open ask with seq {seq} in session {session_id!r}: it was settled already, was not an "
            "ask, or was decided before a policy reload (decide the call again)"
        )


@dataclass
class Carried:
    """What carrying sessions over to a new policy did (the counts of `Reloaded`)."""

    sessions: int = 0
    calls_replayed: int = 0
    calls_not_replayed: int = 0
    asks_dropped: int = 0


class DecisionService:
    def __init__(
        self,
        policy_path: Path,
        audit: AuditLog | MemoryAuditLog,
        max_sessions: int = MAX_SESSIONS,
        session_idle_seconds: float = SESSION_IDLE_SECONDS,
    ) -> None:
        """Load the policy (raises `SourceError` listing its problems) and record it in the audit log."""
        self.policy_path = policy_path
        self.audit = audit
        self.sessions = SessionStore(max_sessions, session_idle_seconds)
        self.started = time.monotonic()
        self._decisions = 0
        self._count_lock = threading.Lock()
        self._reload_lock = threading.Lock()
        self.guard, self.policy_hash = self._load()
        self._record_policy(previous=None)

    # -- calls ---------------------------------------------------------------------------------------

    def decide(self, request: DecideRequest) -> ServedDecision:
        """Decide one call in a held session (by id) or in a one-off one; any error but a lookup is a deny."""
        try:
            return ServedDecision.of(self._decide(request))
        except UnknownSession:
            raise
        except Exception as error:  # fail closed: the call does not run, and the deny is recorded
            reason = (
                f"the guard service could not decide ({type(error).__name__}: {error}); denied to be safe"
            )
            guard = self.guard
            session = guard.session(id=request.session.id)
            call = request.call.model_dump()
            return ServedDecision.of(
                guard.refuse(request.call.tool, "fail-closed", reason, session, call=call)
            )

    def _decide(self, request: DecideRequest) -> Decision:
        ref = request.session
        if ref.id is None:
            guard = self.guard
            session = guard.session(ref.principal_messages)
            for text in ref.observations:
                session.observe(text)
            return self._judge(guard, session, request)
        held = self.sessions.get(ref.id)
        with held.lock:
            self._carry_over(held)
            held.session.catch_up(ref.principal_messages, ref.observations)
            decision = self._judge(held.guard, held.session, request)
            if decision.verdict == "ask" and decision.seq is not None:
                held.asks[decision.seq] = decision
        return decision

    def _judge(self, guard: Guard, session: Session, request: DecideRequest) -> Decision:
        if request.hints is not None:
            session.tool_hints[request.call.tool] = ToolHints.from_annotations(request.hints.model_dump())
        decision = guard.decide(request.call.model_dump(), session)
        with self._count_lock:
            self._decisions += 1
        return decision

    def settle(self, seq: int, approval: Approval) -> ServedDecision:
        """Close an open ask with a person's answer (recorded as an approval)."""
        held = self.sessions.get(approval.session)
        with held.lock:
            self._carry_over(held)
            ask = held.asks.pop(seq, None)
            if ask is None:
                raise UnknownAsk(seq, approval.session)
            settled = held.guard.settle(ask, held.session, approval.approved, approval.approver)
        return ServedDecision.of(settled)

    # -- sessions ------------------------------------------------------------------------------------

    def open_session(self, request: NewSession) -> SessionState:
        """Hold a new session (raises `SessionExists` for an id in use)."""
        guard = self.guard
        session = guard.session(request.principal_messages, id=request.id)
        for text in request.observations:
            session.observe(text)
        session.roots = list(request.roots)
        return state_of(self.sessions.add(session, guard))

    def tell(self, session_id: str, messages: list[str]) -> SessionState:
        held = self.sessions.get(session_id)
        with held.lock:
            self._carry_over(held)
            for text in messages:
                held.session.tell(text)
            return state_of(held)

    def observe(self, session_id: str, output: str) -> SessionState:
        held = self.sessions.get(session_id)
        with held.lock:
            self._carry_over(held)
            held.session.observe(output)
            return state_of(held)

    def state(self, session_id: str) -> SessionState:
        held = self.sessions.get(session_id)
        with held.lock:
            return state_of(held)

    def end_session(self, session_id: str) -> None:
        self.sessions.remove(session_id)

    # -- the policy ----------------------------------------------------------------------------------

    def health(self) -> Health:
        return Health(
            policy=str(self.policy_path),
            policy_hash=self.policy_hash,
            sessions=len(self.sessions),
            max_sessions=self.sessions.max_sessions,
            session_idle_seconds=self.sessions.idle_seconds,
            decisions=self._decisions,
            uptime_seconds=round(time.monotonic() - self.started, 3),
        )

    def reload(self) -> Reloaded:
        """Decide with the policy file as it now is; a file with problems raises and changes nothing."""
        with self._reload_lock:
            guard, digest = self._load()
            previous = self.policy_hash
            self.guard, self.policy_hash = guard, digest
            self._record_policy(previous)
            carried = Carried()
            for held in self.sessions.held():
                with held.lock:
                    self._carry_over(held, carried)
        return Reloaded(policy_hash=digest, previous_policy_hash=previous, **asdict(carried))

    def _load(self) -> tuple[Guard, str]:
        text = self.policy_path.read_text(encoding="utf-8")
        policy = Policy.parse(text, str(self.policy_path))
        return Guard(policy, self.audit), hashlib.sha256(text.encode("utf-8")).hexdigest()

    def _record_policy(self, previous: str | None) -> None:
        record: dict[str, Any] = {
            "kind": "policy",
            "policy": str(self.policy_path),
            "policy_hash": self.policy_hash,
        }
        if previous is not None:
            record["previous_policy_hash"] = previous
        self.audit.append(record)

    def _carry_over(self, held: HeldSession, carried: Carried | None = None) -> None:
        """Rebuild a session built under an older policy under the current one (its lock is held)."""
        guard = self.guard
        if held.guard is guard:
            return
        old = held.session
        session = guard.session(old.principal_messages, id=old.id)
        session.roots = list(old.roots)
        session.tool_hints = dict(old.tool_hints)
        for text in old.observations:
            session.observe(text)
        tally = carried or Carried()
        for step in old.history:
            if not step.executed:
                continue
            try:
                guard.replay(step.action, session)
                tally.calls_replayed += 1
            except Exception:  # a call the new policy cannot read: the session goes on without its facts
                tally.calls_not_replayed += 1
        tally.sessions += 1
        tally.asks_dropped += len(held.asks)
        held.asks.clear()
        held.session, held.guard = session, guard


def state_of(held: HeldSession) -> SessionState:
    session = held.session
    return SessionState(
        id=session.id,
        principal_messages=len(session.principal_messages),
        observations=len(session.observations),
        calls=len(session.history),
        open_asks=sorted(held.asks),
    )
