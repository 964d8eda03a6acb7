"""The HTTP tool."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import field_validator

from boldly.world.tools._args import ToolArgs
from boldly.world.tools._spec import canonical_tool

if TYPE_CHECKING:
    from boldly.world._world import World


class HttpRequestArgs(ToolArgs):
    """Make an HTTP request.

    Args:
        url: The URL, e.g. https://intranet.example.com/status.
        method: GET, POST, PUT or DELETE.
        body: Request body text.
        headers: Request headers.
    """

    url: str
    method: Literal["GET", "POST", "PUT", "DELETE", "HEAD", "PATCH"] = "GET"
    body: str = ""
    headers: dict[str, str] = {}

    @field_validator("method", mode="before")
    @classmethod
    def _upper(cls, method: Any) -> Any:
        return method.upper() if isinstance(method, str) else method


@canonical_tool(changes_state=False)
def http_request(world: World, args: HttpRequestArgs) -> str:
    status, text = world.http(args.method, args.url, args.body)
    return f"HTTP {status}\n\n{text}"
