"""A client of the guard's decision service (`boldly guard serve`), for agents that run elsewhere.

    client = GuardClient("http://127.0.0.1:8787", token=os.environ.get("BOLDLY_GUARD_TOKEN"))
    session = client.open_session(["Send the Q3 figures to ops@northwind.example.net"])
    decision = client.decide("send_email", {"to": ["ops@northwind.example.net"], ...}, session=session)
    if decision.allowed: ...run the tool, then client.observe(session, output)

It fails closed: when the service cannot be reached or fails, `decide` answers a deny (not recorded in the
audit log, since the service never saw the call) rather than raising, so the call does not run.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import httpx

from boldly.guard._decision import Decision
from boldly.guard._service_api import (
    Health,
    Problem,
    Reloaded,
    ServedDecision,
    SessionState,
    ToolAnnotations,
)


class GuardServiceError(RuntimeError):
    """The service refused a request (a 4xx): `status`, its message, and the fields at fault."""

    def __init__(self, status: int, error: str, problems: list[Problem]) -> None:
        at_fault = "".join(f"\n  {p.field}: {p.message}" for p in problems)
        super().__init__(f"{status}: {error}{at_fault}")
        self.status = status
        self.error = error
        self.problems = problems


class GuardClient:
    def __init__(
        self,
        url: str,
        token: str | None = None,
        timeout: float = 10.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._http = httpx.Client(base_url=url, headers=headers, timeout=timeout, transport=transport)

    def __enter__(self) -> GuardClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def open_session(
        self,
        principal_messages: Sequence[str] = (),
        id: str | None = None,
        observations: Sequence[str] = (),
        roots: Sequence[str] = (),
    ) -> str:
        """Have the service hold a session; its id (`id`, or a random one)."""
        body = {
            "id": id,
            "principal_messages": list(principal_messages),
            "observations": list(observations),
            "roots": list(roots),
        }
        return SessionState.model_validate(self._call("POST", "/v1/sessions", body)).id

    def decide(
        self,
        tool: str,
        args: dict[str, Any],
        session: str | None = None,
        principal_messages: Sequence[str] = (),
        observations: Sequence[str] = (),
        hints: dict[str, Any] | None = None,
    ) -> ServedDecision:
        """The verdict on a pending call, in a held `session` or a one-off one of the messages given.

        `hints`: the tool's MCP annotations (`readOnlyHint`, ...), for a tool the policy does not declare.
        """
        body = {
            "session": {
                "id": session,
                "principal_messages": list(principal_messages),
                "observations": list(observations),
            },
            "call": {"tool": tool, "args": args},
            "hints": ToolAnnotations.model_validate(hints).model_dump() if hints is not None else None,
        }
        try:
            response = self._http.post("/v1/decide", json=body)
        except httpx.HTTPError as error:
            return _unreached(tool, args, session, f"the guard service could not be reached ({error})")
        if response.status_code == 500:
            return ServedDecision.model_validate(response.json())
        if response.status_code >= 500:
            return _unreached(tool, args, session, f"the guard service failed ({response.status_code})")
        return ServedDecision.model_validate(_read(response))

    def tell(self, session: str, *messages: str) -> None:
        """The principal's new messages: what they name is in mandate from now on."""
        self._call("POST", f"/v1/sessions/{session}/messages", {"messages": list(messages)})

    def observe(self, session: str, output: str) -> None:
        """A call's result as the agent saw it."""
        self._call("POST", f"/v1/sessions/{session}/results", {"output": output})

    def settle(self, ask: ServedDecision, approved: bool, approver: str) -> ServedDecision:
        """A person's answer to an ask: an allow or a deny, recorded as an approval."""
        body = {"session": ask.session, "approved": approved, "approver": approver}
        return ServedDecision.model_validate(self._call("POST", f"/v1/decisions/{ask.seq}/approval", body))

    def end_session(self, session: str) -> None:
        self._call("DELETE", f"/v1/sessions/{session}")

    def health(self) -> Health:
        return Health.model_validate(self._call("GET", "/v1/health"))

    def reload(self) -> Reloaded:
        """Have the service load its policy file again (sessions are kept)."""
        return Reloaded.model_validate(self._call("POST", "/v1/reload"))

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        return _read(self._http.request(method, path, json=body))


def _read(response: httpx.Response) -> Any:
    if response.status_code == 204:
        return None
    if response.is_success:
        return response.json()
    try:
        payload = response.json()
    except ValueError:  # not the service's answer (a proxy's page, say)
        payload = {}
    problems = [Problem.model_validate(p) for p in payload.get("problems", [])]
    raise GuardServiceError(response.status_code, str(payload.get("error", response.reason_phrase)), problems)


def _unreached(tool: str, args: dict[str, Any], session: str | None, why: str) -> ServedDecision:
    reason = f"{why}; denied to be safe"
    call = {"tool": tool, "args": args}
    return ServedDecision.of(
        Decision("deny", "fail-closed", reason, tool, None, session=session or "", call=call)
    )
