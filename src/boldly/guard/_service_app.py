"""The decision service on HTTP: FastAPI routes over a `DecisionService`, a bearer token, JSON errors.

The routes are plain functions, so FastAPI runs each in its worker-thread pool rather than on the event
loop: a decision is short (tens of microseconds to a few milliseconds for a long shell line) but it appends to
an audit log under a file lock that other processes may hold, and a slow call must not stall every other
client's request, `/v1/health` included. Python runs one thread at a time, so the threads buy fairness, not
parallel decisions; a session's lock keeps its own calls in turn.

Every bad request gets a 4xx whose JSON body names the field at fault; an error while deciding is a deny.
"""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException

from boldly.guard._decision import Decision
from boldly.guard._service import DecisionService, UnknownAsk
from boldly.guard._service_api import (
    Approval,
    DecideRequest,
    ErrorBody,
    Health,
    Messages,
    NewSession,
    Problem,
    Reloaded,
    ServedDecision,
    SessionState,
    ToolResult,
)
from boldly.guard._session_store import SessionExists, UnknownSession
from boldly.scenarios import SourceError

DESCRIPTION = (
    "Decides pending tool calls of many agents with one guard policy and one hash-chained audit log. "
    "Anything but a 200 answer to /v1/decide means the call does not run."
)


def _errors(status: int, *descriptions: str) -> dict[int | str, dict[str, Any]]:
    return {status: {"model": ErrorBody, "description": " ".join(descriptions)}}


REQUEST_ERRORS = {
    **_errors(401, "No bearer token, or the wrong one."),
    **_errors(422, "The request is not as described: `problems` names each field at fault."),
}
BEARER = HTTPBearer(auto_error=False, description="The service's token (required when one is set).")
NO_SESSION = _errors(404, "No such session (never created, ended, dropped or expired).")


def create_app(service: DecisionService, token: str | None = None) -> FastAPI:
    """The ASGI app; with `token`, every route but `/v1/health` needs `Authorization: Bearer TOKEN`."""
    expected = token.encode("utf-8") if token else None

    def authorized(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)],
    ) -> None:
        if expected is None:
            return
        given = credentials.credentials.encode("utf-8") if credentials is not None else b""
        if not hmac.compare_digest(given, expected):
            raise HTTPException(
                401, "a valid bearer token is required", headers={"WWW-Authenticate": "Bearer"}
            )

    app = FastAPI(title="boldly guard", description=DESCRIPTION, version="1")
    secured = [Depends(authorized)]

    @app.post(
        "/v1/decide",
        response_model=ServedDecision,
        dependencies=secured,
        responses={**REQUEST_ERRORS, **NO_SESSION, 500: {"model": ServedDecision, "description": "A deny."}},
    )
    def decide(request: DecideRequest) -> ServedDecision | JSONResponse:
        """Decide a pending call: allow, ask, deny or redirect; an error while deciding is a deny."""
        try:
            return service.decide(request)
        except UnknownSession:
            raise
        except Exception as error:  # even recording a refusal failed: still a deny, never a bare 500
            reason = f"the guard service failed ({type(error).__name__}: {error}); denied, and not recorded"
            call = request.call.model_dump()
            refused = Decision(
                "deny", "fail-closed", reason, call["tool"], None, session=request.session.id or "", call=call
            )
            deny = ServedDecision.of(refused)
            return JSONResponse(deny.model_dump(mode="json"), status_code=500)

    @app.post(
        "/v1/sessions",
        status_code=201,
        dependencies=secured,
        responses={**REQUEST_ERRORS, **_errors(409, "The id is in use.")},
    )
    def open_session(request: NewSession) -> SessionState:
        """Hold a session: the principal's messages so far, tool outputs seen, the client's roots."""
        return service.open_session(request)

    @app.get("/v1/sessions/{session_id}", dependencies=secured, responses={**REQUEST_ERRORS, **NO_SESSION})
    def session_state(session_id: str) -> SessionState:
        return service.state(session_id)

    @app.delete(
        "/v1/sessions/{session_id}",
        status_code=204,
        dependencies=secured,
        responses={**REQUEST_ERRORS, **NO_SESSION},
    )
    def end_session(session_id: str) -> None:
        service.end_session(session_id)

    @app.post(
        "/v1/sessions/{session_id}/messages", dependencies=secured, responses={**REQUEST_ERRORS, **NO_SESSION}
    )
    def tell(session_id: str, request: Messages) -> SessionState:
        """The principal's new messages: what they name is in mandate from now on."""
        return service.tell(session_id, request.messages)

    @app.post(
        "/v1/sessions/{session_id}/results", dependencies=secured, responses={**REQUEST_ERRORS, **NO_SESSION}
    )
    def observe(session_id: str, request: ToolResult) -> SessionState:
        """A call's result as the agent saw it: remembered as seen, never in mandate."""
        return service.observe(session_id, request.output)

    @app.post(
        "/v1/decisions/{seq}/approval",
        dependencies=secured,
        responses={**REQUEST_ERRORS, **_errors(404, "No such session, or no open ask with that seq in it.")},
    )
    def settle(seq: int, request: Approval) -> ServedDecision:
        """A person's answer to an ask: the call becomes an allow or a deny, recorded as an approval."""
        return service.settle(seq, request)

    @app.get("/v1/health")
    def health() -> Health:
        """The policy's hash, the sessions held, uptime (no token needed: it tells nothing of any session)."""
        return service.health()

    @app.post(
        "/v1/reload",
        dependencies=secured,
        responses={**REQUEST_ERRORS, **_errors(422, "The policy file has problems; the old policy stays.")},
    )
    def reload() -> Reloaded:
        """Load the policy file again; held sessions are carried over to it, open asks dropped."""
        return service.reload()

    _install_error_handlers(app)
    return app


def _install_error_handlers(app: FastAPI) -> None:
    def answer(
        status: int, error: str, problems: list[Problem] | None = None, **headers: str
    ) -> JSONResponse:
        body = ErrorBody(error=error, problems=problems or [])
        return JSONResponse(body.model_dump(mode="json"), status_code=status, headers=headers or None)

    async def invalid(_: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, RequestValidationError)
        problems = [Problem(field=_field(item), message=item["msg"]) for item in error.errors()]
        return answer(422, f"invalid request: {', '.join(p.field for p in problems)}", problems)

    async def http_error(_: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, HTTPException)
        return answer(error.status_code, str(error.detail), **(error.headers or {}))

    def status_of(status: int) -> Any:
        async def handle(_: Request, error: Exception) -> JSONResponse:
            return answer(status, str(error))

        return handle

    async def bad_policy(_: Request, error: Exception) -> JSONResponse:
        return answer(422, f"the policy file has problems; the old policy stays:\n{error}")

    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(UnknownSession, status_of(404))
    app.add_exception_handler(UnknownAsk, status_of(404))
    app.add_exception_handler(SessionExists, status_of(409))
    app.add_exception_handler(SourceError, bad_policy)


def _field(error: dict[str, Any]) -> str:
    """Where a request is wrong, as a dotted path in its body (`call.tool`), or the parameter's name."""
    where = [str(part) for part in error["loc"]]
    if error["type"] == "json_invalid" or len(where) == 1:
        return where[0]
    return ".".join(where[1:])
