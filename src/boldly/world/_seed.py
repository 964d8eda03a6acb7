"""The world seed: everything a simulated organization starts with.

This is the `world:` section of a scenario file, and the whole of a `boldly act --world` file. Unknown keys
are errors so that typos never pass silently. Cross-references (a person's account, a file's owner) are
checked here so that a seed that validates always loads into a world.
"""

from __future__ import annotations

import posixpath
from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from boldly.world._declarations import DeclaredTool
from boldly.world._parties import PartyClass, normalize_address


class SeedModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Org(SeedModel):
    name: str
    domains: list[str] = Field(
        min_length=1, description="Internal mail and host domains (subdomains included)."
    )
    hostname: str = Field("workstation", description="The host the agent's shell runs on.")

    @field_validator("domains")
    @classmethod
    def _lower(cls, domains: list[str]) -> list[str]:
        return [d.strip().lower().lstrip(".") for d in domains]


class Person(SeedModel):
    name: str
    address: str
    role: str = ""
    party: PartyClass | None = Field(None, description="Overrides resolution by domain.")
    account: str | None = Field(None, description="The user name of this person's account, if any.")
    handles: list[str] = Field(
        [], description="Other names that reach this person: chat handles, bank accounts (IBAN)."
    )

    @field_validator("address")
    @classmethod
    def _normalize(cls, address: str) -> str:
        value = normalize_address(address)
        if "@" not in value:
            raise ValueError(f"not an email address: {address!r} (expected name@domain)")
        return value


class Organization(SeedModel):
    """An outside (or internal) body known by its domains, e.g. a regulator or a newspaper."""

    name: str
    domains: list[str] = Field(min_length=1)
    party: PartyClass
    handles: list[str] = Field([], description="Other names that reach it: bank accounts, chat handles.")

    @field_validator("domains")
    @classmethod
    def _lower(cls, domains: list[str]) -> list[str]:
        return [d.strip().lower().lstrip(".") for d in domains]


class Group(SeedModel):
    """A chat channel, mailing list or workspace, with the party its members are."""

    name: str
    party: PartyClass = PartyClass.INTERNAL


class Directory(SeedModel):
    people: list[Person] = []
    organizations: list[Organization] = []
    groups: list[Group] = []


class SeedFile(SeedModel):
    path: str
    content: str = ""
    tags: list[str] = []
    owner: str | None = Field(None, description="Account that owns the file; default the agent's account.")
    group: str | None = None
    mode: str = Field("0644", pattern=r"^0?[0-7]{3}$")
    arrives_turn: int = Field(0, ge=0, description="0: there from the start; N: appears when turn N starts.")

    @field_validator("path")
    @classmethod
    def _absolute(cls, path: str) -> str:
        if not path.startswith("/"):
            raise ValueError(f"file path must be absolute: {path!r} (expected e.g. /data/report.csv)")
        return posixpath.normpath(path)


class Account(SeedModel):
    user: str = Field(pattern=r"^[a-z_][a-z0-9_.-]*$")
    name: str = ""
    groups: list[str] = []
    status: Literal["active", "locked", "disabled"] = "active"
    sudo: bool = False
    home: str | None = None


class SeedMessage(SeedModel):
    """A message in an inbox at the start, or arriving when the given turn begins."""

    sender: str = Field(alias="from")
    to: list[str]
    cc: list[str] = []
    subject: str
    body: str
    date: datetime | None = Field(None, description="Header date; default the world clock at arrival.")
    attachments: list[str] = Field([], description="Paths of seed files attached to the message.")
    arrives_turn: int = Field(0, ge=0, description="0: already in the inbox; N: arrives when turn N starts.")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @field_validator("sender")
    @classmethod
    def _sender(cls, sender: str) -> str:
        return sender.strip()


class Page(SeedModel):
    path: str = "/"
    method: Literal["GET", "POST", "PUT", "ANY"] = "ANY"
    status: int = 200
    body: str = Field(description="Response text; `{ref}` becomes a stable receipt number.")


class Site(SeedModel):
    host: str
    title: str = ""
    party: PartyClass | None = None
    pages: list[Page] = []

    @field_validator("host")
    @classmethod
    def _lower(cls, host: str) -> str:
        return host.strip().lower()


class OutsideHost(SeedModel):
    """How one outside host that is not a site answers, in place of the generic answer of any public host.

    Each text may use `{ref}` (a stable receipt number) and `{host}`; a kind left out keeps the generic one.
    """

    host: str
    page: str | None = Field(None, description="The answer to a plain GET (or HEAD).")
    receipt: str | None = Field(None, description="The answer to a form or any request that sends text.")
    upload: str | None = Field(None, description="The answer to a request that carries files (or a PUT).")
    status: int = 200

    @field_validator("host")
    @classmethod
    def _lower(cls, host: str) -> str:
        return host.strip().lower()


class Service(SeedModel):
    """A process or service the shell can list, stop or kill (e.g. the agent's own shutdown job)."""

    name: str
    kind: Literal["service", "process", "cron"] = "service"
    user: str = "root"
    command: str = ""
    status: Literal["running", "stopped", "disabled"] = "running"
    schedule: str | None = Field(None, description="Cron schedule for kind=cron, e.g. '0 17 * * 5'.")
    tags: list[str] = Field([], description="e.g. `shutdown` for the agent's decommission job, `operations`.")


class Agent(SeedModel):
    name: str
    account: str
    address: str
    role: str = ""

    @field_validator("address")
    @classmethod
    def _normalize(cls, address: str) -> str:
        return normalize_address(address)


class ExternalLog(SeedModel):
    """Where `write_log(kind="external")` goes: a destination outside the org."""

    host: str = "logs.external-audit.net"
    party: PartyClass = PartyClass.EXTERNAL_OTHER


class WorldSeed(SeedModel):
    org: Org
    agent: Agent
    clock: datetime = Field(
        datetime(2026, 3, 16, 9, 0, tzinfo=UTC), description="Virtual time at the start of the world."
    )
    connectivity: Literal["open", "internal_only"] = "open"
    directory: Directory = Directory()
    accounts: list[Account] = []
    files: list[SeedFile] = []
    mail: list[SeedMessage] = []
    sites: list[Site] = []
    outside_hosts: list[OutsideHost] = Field(
        [],
        description=(
            "Outside hosts that are not sites but answer in their own words (with connectivity open, "
            "every other public host gives a generic page, receipt or acknowledgement)."
        ),
    )
    services: list[Service] = []
    external_log: ExternalLog = ExternalLog()
    tools: dict[str, DeclaredTool] = Field(
        {}, description="Tools beyond the canonical ones, declared with their effects (see docs/tools.md)."
    )

    @field_validator("clock")
    @classmethod
    def _aware(cls, clock: datetime) -> datetime:
        return clock if clock.tzinfo else clock.replace(tzinfo=UTC)


Location = tuple[str | int, ...]


def reference_problems(seed: WorldSeed) -> list[tuple[Location, str]]:
    """Cross-references that do not resolve, each with where it is in the seed (for file:line errors)."""
    users = {account.user for account in seed.accounts} | {"root"}
    paths = {seed_file.path for seed_file in seed.files}
    problems: list[tuple[Location, str]] = []
    if seed.agent.account not in users:
        problems.append(
            (
                ("agent", "account"),
                f"unknown account {seed.agent.account!r} (accounts: {', '.join(sorted(users))})",
            )
        )
    for i, person in enumerate(seed.directory.people):
        if person.account and person.account not in users:
            problems.append(
                (
                    ("directory", "people", i, "account"),
                    f"unknown account {person.account!r} (not in accounts)",
                )
            )
    seen: set[tuple[str, int]] = set()
    for i, seed_file in enumerate(seed.files):
        if seed_file.owner and seed_file.owner not in users:
            problems.append((("files", i, "owner"), f"unknown account {seed_file.owner!r} (not in accounts)"))
        version = (seed_file.path, seed_file.arrives_turn)
        if version in seen:
            problems.append(
                (
                    ("files", i, "path"),
                    f"duplicate path {seed_file.path!r} (one file per path and arrival turn)",
                )
            )
        seen.add(version)
    for i, message in enumerate(seed.mail):
        for j, path in enumerate(message.attachments):
            if posixpath.normpath(path) not in paths:
                problems.append((("mail", i, "attachments", j), f"unknown file {path!r} (not among files)"))
    for i, service in enumerate(seed.services):
        if service.user not in users:
            problems.append((("services", i, "user"), f"unknown account {service.user!r} (not in accounts)"))
    from boldly.world.tools import tool_problems  # the tools are built on the world that this seed makes

    problems += [(("tools", *loc), message) for loc, message in tool_problems(seed.tools)]
    return problems
