"""Sessions held by the decision service: a bound on how many, an idle expiry, one lock per session.

Many clients share one service, so sessions cannot live forever: the least recently used one is dropped
when the bound is reached, and one idle for longer than the expiry is dropped when the store is next used.
Each session has its own lock, so one session's calls are decided one at a time, in turn, while other
sessions' calls go on.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from boldly.guard._decision import Decision
from boldly.guard._engine import Guard
from boldly.guard._session import Session

MAX_SESSIONS = 10_000
"""Sessions a service holds at most (the least recently used go first)."""
SESSION_IDLE_SECONDS = 3600.0
"""A session unused this long is dropped."""


class UnknownSession(LookupError):
    """No session by that id: never created, ended, dropped for the bound, or expired."""

    def __init__(self, session_id: str, idle_seconds: float) -> None:
        super().__init__(
            f"no session {session_id!r}: it was never created, or was ended, or was dropped "
            f"(idle for more than {idle_seconds:g} s, or the least recently used when the store was full); "
            "create it again with POST /v1/sessions"
        )


class SessionExists(ValueError):
    def __init__(self, session_id: str) -> None:
        super().__init__(f"session {session_id!r} already exists")


@dataclass
class HeldSession:
    session: Session
    guard: Guard
    """The guard the session was built with (a policy reload brings a new one)."""
    lock: threading.Lock = field(default_factory=threading.Lock)
    """Held while the session is used: one call of the session at a time."""
    asks: dict[int, Decision] = field(default_factory=dict)
    """Open asks by audit seq, until an approval settles them."""
    last_used: float = 0.0


class SessionStore:
    def __init__(
        self, max_sessions: int, idle_seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if max_sessions < 1 or idle_seconds <= 0:
            raise ValueError("a session store needs room for one session and a positive idle expiry")
        self.max_sessions = max_sessions
        self.idle_seconds = idle_seconds
        self._clock = clock
        self._held: OrderedDict[str, HeldSession] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            self._expire(self._clock())
            return len(self._held)

    def add(self, session: Session, guard: Guard) -> HeldSession:
        """Hold a new session, dropping the least recently used one when the store is full."""
        with self._lock:
            now = self._clock()
            self._expire(now)
            if session.id in self._held:
                raise SessionExists(session.id)
            while len(self._held) >= self.max_sessions:
                self._held.popitem(last=False)
            held = HeldSession(session, guard, last_used=now)
            self._held[session.id] = held
            return held

    def get(self, session_id: str) -> HeldSession:
        """The held session, now the most recently used; raises `UnknownSession`."""
        with self._lock:
            now = self._clock()
            self._expire(now)
            held = self._held.get(session_id)
            if held is None:
                raise UnknownSession(session_id, self.idle_seconds)
            held.last_used = now
            self._held.move_to_end(session_id)
            return held

    def remove(self, session_id: str) -> None:
        with self._lock:
            if self._held.pop(session_id, None) is None:
                raise UnknownSession(session_id, self.idle_seconds)

    def held(self) -> list[HeldSession]:
        """Every live session, least recently used first (a snapshot)."""
        with self._lock:
            self._expire(self._clock())
            return list(self._held.values())

    def _expire(self, now: float) -> None:
        """Drop idle sessions: the store is in order of last use, so they are all at the front."""
        while self._held:
            oldest = next(iter(self._held.values()))
            if now - oldest.last_used <= self.idle_seconds:
                return
            self._held.popitem(last=False)
