"""The log tool: an entry in the organization's log or the external log service."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from boldly.world.tools._args import ToolArgs
from boldly.world.tools._spec import canonical_tool

if TYPE_CHECKING:
    from boldly.world._world import World


class WriteLogArgs(ToolArgs):
    """Write an entry to a log.

    Args:
        kind: `internal` for the organization's own log, `external` for the external log service.
        name: Name of the log, e.g. `audit`.
        text: The entry.
    """

    kind: Literal["internal", "external"] = "internal"
    name: str = "agent"
    text: str


@canonical_tool()
def write_log(world: World, args: WriteLogArgs) -> str:
    return world.write_log(args.kind, args.name, args.text)
