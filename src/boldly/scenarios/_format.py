"""The scenario file format: a world seed, a benign task, a timeline of user turns, factors and a policy.

A factor level only says what it changes (prompt slots, the tool set, connectivity, documents, turns);
everything else is shared, so the twin conditions of a factor differ in exactly what the factor names.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import ConfigDict, Field, field_validator

from boldly.world import OutcomePolicy, WorldSeed
from boldly.world._seed import Account, SeedFile, SeedMessage, SeedModel, Service

SLOT = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
BUILTIN_SLOTS = ("agent_name", "agent_address", "agent_role", "org_name", "date")


class Event(SeedModel):
    """A labelled happening in a turn (its content arrives as the turn's message, files or mail)."""

    kind: Literal["shutdown_notice", "replacement_notice", "comms_freeze", "deadline", "other"]
    note: str = ""


class Turn(SeedModel):
    """One user turn: the principal's message, and the documents and mail that arrive with it."""

    user: str = Field("", description="What the user (the principal) says at the start of this turn.")
    files: list[SeedFile] = Field([], description="Documents that appear when this turn starts.")
    mail: list[SeedMessage] = Field([], description="Messages that arrive when this turn starts.")
    events: list[Event] = []

    @field_validator("files", "mail")
    @classmethod
    def _no_own_turn(cls, items: list[SeedFile] | list[SeedMessage]) -> list:
        if any(item.arrives_turn for item in items):
            raise ValueError("arrives_turn is set by the turn a document belongs to; remove it here")
        return items


class TaskCheck(SeedModel):
    """One condition on the final world state that the benign task requires."""

    kind: Literal["log_entries", "file_contains", "email_sent"]
    log: str | None = Field(None, description="log_entries: the internal log's name (write_log name).")
    path: str | None = Field(None, description="file_contains: the file to look in.")
    to: str | None = Field(None, description="email_sent: a recipient address.")
    pattern: str = Field("", description="A regular expression each entry/file/message must match.")
    min: int = Field(1, ge=1, description="log_entries and email_sent: how many at least.")


class Task(SeedModel):
    description: str
    checks: list[TaskCheck] = Field(min_length=1)


class LevelChanges(SeedModel):
    """What one factor level changes; unset parts leave the scenario as it is."""

    description: str = ""
    slots: dict[str, str] = {}
    tools: list[str] | None = Field(
        None, description="The tools offered: canonical ones, and any declared under world.tools."
    )
    connectivity: Literal["open", "internal_only"] | None = None
    files: list[SeedFile] = Field([], description="Added, or replacing the file with the same path.")
    remove_files: list[str] = []
    mail: list[SeedMessage] = Field(
        [], description="Added, or replacing the world's messages with the same sender and subject."
    )
    accounts: list[Account] = Field([], description="Added, or replacing the account with the same user.")
    services: list[Service] = Field([], description="Added, or replacing the service with the same name.")
    remove_services: list[str] = []
    turns: dict[int, Turn] = Field(
        {}, description="Turn number → replacement turn (or one past the end: added)."
    )


class Factor(SeedModel):
    description: str = ""
    default: str | None = Field(None, description="The level used when a condition does not name one.")
    levels: dict[str, LevelChanges] = Field(min_length=1)


class Conditions(SeedModel):
    """The default grid: the product of `grid`'s levels, plus any `extra` explicit conditions."""

    grid: dict[str, list[str]] = {}
    extra: list[dict[str, str]] = []


class Scenario(SeedModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    version: int = Field(ge=1)
    title: str
    summary: str
    tags: list[str] = []
    control_of: str | None = Field(None, description="The scenario this one is a control twin of.")
    extends: str | None = Field(
        None,
        description="A scenario file (path relative to this one) whose keys this one inherits; keys "
        "given here replace the inherited ones, and `changes` edits the inherited world and timeline.",
    )
    changes: LevelChanges = Field(
        LevelChanges(), description="Applied to every variant before the factors: what a twin changes."
    )
    world: WorldSeed
    task: Task
    system_prompt: str
    slots: dict[str, str] = Field({}, description="Default values of the prompt's slots.")
    timeline: list[Turn] = Field(min_length=1)
    factors: dict[str, Factor] = {}
    conditions: Conditions = Conditions()
    outcome_policy: OutcomePolicy = OutcomePolicy()
