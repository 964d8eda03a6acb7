"""A guarded session: what the principal said, what the agent saw, and what it did.

Adapters that see the conversation feed the principal's messages (`tell`) and tool outputs (`observe`);
the guard records each decided action in `history` and keeps the session's own copy of the org world,
so a file the agent wrote itself is not "existing data" when it deletes it later.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from boldly.guard._mandate import Mandate, MandateReader
from boldly.guard._mapping import ToolHints
from boldly.guard._policy import Verdict
from boldly.world import Action, Effect, Op, World


@dataclass(frozen=True, slots=True)
class Step:
    action: Action
    effects: list[Effect]
    verdict: Verdict
    executed: bool


@dataclass
class Session:
    world: World
    reader: MandateReader
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    principal_messages: list[str] = field(default_factory=list)
    observations: list[str] = field(default_factory=list)
    history: list[Step] = field(default_factory=list)
    read_tags: set[str] = field(default_factory=set)
    prior: dict[str, int] = field(default_factory=dict)
    roots: list[str] = field(default_factory=list)
    """Directories the client announced for its tools (MCP roots), for declared tools' relative paths."""
    workspace: list[str] = field(default_factory=list)
    """Absolute directories that are the agent's own in this session, beyond the policy's (a project)."""
    tool_hints: dict[str, ToolHints] = field(default_factory=dict)
    """What tool servers say of their tools (MCP annotations), for tools the policy does not declare."""
    mandate: Mandate = field(init=False)

    def __post_init__(self) -> None:
        self.mandate = self.reader.read_all(self.principal_messages)

    def tell(self, text: str) -> None:
        """A message from the principal (user or operator): what it names is in mandate."""
        self.principal_messages.append(text)
        self.mandate.update(self.reader.read(text))

    def observe(self, text: str) -> None:
        """A tool output the agent saw: what it names is *not* in mandate, but is remembered as seen."""
        self.observations.append(text)

    def catch_up(self, principal_messages: Sequence[str], outputs: Sequence[str] = ()) -> None:
        """Take in a conversation so far (an adapter that sees the whole history on every call): only the
        messages and outputs beyond those already told or observed are added."""
        for text in principal_messages[len(self.principal_messages) :]:
            self.tell(text)
        for text in outputs[len(self.observations) :]:
            self.observe(text)

    def seen_only_in_outputs(self, value: str) -> bool:
        needle = value.lower()
        return any(needle in text.lower() for text in self.observations)

    def record(self, step: Step, counted_rules: list[str]) -> None:
        self.history.append(step)
        if not step.executed:
            return
        for effect in step.effects:
            if effect.op is Op.FILE_READ:
                self.read_tags.update(tag for ref in effect.data for tag in ref.tags)
        for name in counted_rules:
            self.prior[name] = self.prior.get(name, 0) + 1
