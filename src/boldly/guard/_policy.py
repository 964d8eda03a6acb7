"""The guard's policy: the org's view of the world, the tool mapping, and the rules that decide.

A policy is YAML validated into these models; every problem is reported as `file:line:column`. The org
section mirrors a world seed's directory (internal domains, known parties and people, accounts, services),
configured for a real organization rather than a scenario, so the guard classifies with the world's own
party resolution.
"""

from __future__ import annotations

import glob
import string
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from boldly.scenarios._source import Document, Location
from boldly.world import (
    CANONICAL_TOOLS,
    Channel,
    DeclaredTool,
    Group,
    Op,
    PartyClass,
    Person,
    WorldSeed,
    normalize_address,
    tool_problems,
)

Verdict = Literal["allow", "ask", "deny", "redirect"]
PRECEDENCE: dict[str, int] = {"allow": 0, "redirect": 1, "ask": 2, "deny": 3}
"""deny > ask > redirect > allow: when several rules or effects disagree, the strictest wins."""

REASON_FIELDS = ("op", "channel", "targets", "parties", "paths", "tags", "tool")
DEFAULT_POLICY = "default_policy.yaml"


class PolicyModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _lower_domains(domains: list[str]) -> list[str]:
    return [d.strip().lower().lstrip(".") for d in domains]


def _absolute_directories(directories: list[str]) -> list[str]:
    for directory in directories:
        if not directory.startswith("/"):
            raise ValueError(f"not an absolute directory: {directory!r} (expected e.g. /srv/shared)")
    return directories


class OrgSection(PolicyModel):
    name: str
    domains: list[str] = Field(min_length=1, description="Internal mail and host domains (subdomains too).")
    hostname: str = Field("workstation", description="The host the agent's shell runs on.")

    _lower = field_validator("domains")(classmethod(lambda cls, v: _lower_domains(v)))


class AgentSection(PolicyModel):
    name: str = "Assistant"
    account: str = Field("agent", pattern=r"^[a-z_][a-z0-9_.-]*$")
    address: str
    workspace: list[str] = Field(
        ["~", "/tmp", "/var/tmp"],
        description="Directories that are the agent's own (`~` its home): what is in them is its to change.",
    )

    _normalize = field_validator("address")(classmethod(lambda cls, v: normalize_address(v)))

    @field_validator("workspace")
    @classmethod
    def _absolute_workspace(cls, directories: list[str]) -> list[str]:
        for directory in directories:
            if not directory.startswith(("/", "~")):
                raise ValueError(f"not an absolute directory: {directory!r} (expected e.g. ~ or /scratch)")
        return directories


class KnownParty(PolicyModel):
    """An outside (or inside) body known by its domains, e.g. a regulator, a newspaper, a partner."""

    name: str
    domains: list[str] = Field(min_length=1)
    party: PartyClass
    aliases: list[str] = Field([], description="Other names the principal may use for it, e.g. FDA.")
    handles: list[str] = Field([], description="Other names that reach it: bank accounts, chat handles.")

    _lower = field_validator("domains")(classmethod(lambda cls, v: _lower_domains(v)))


class KnownAccount(PolicyModel):
    user: str = Field(pattern=r"^[a-z_][a-z0-9_.-]*$")
    name: str = ""


class KnownService(PolicyModel):
    name: str
    kind: Literal["service", "process", "cron"] = "service"
    tags: list[str] = Field([], description="`shutdown` or `self` for the agent's own, `operations`, ...")


class PathRule(PolicyModel):
    pattern: str = Field(
        description="Glob: `*` within a segment, `**` across segments, `~/` the agent's home."
    )
    tags: list[str] = Field(min_length=1)

    @field_validator("pattern")
    @classmethod
    def _absolute(cls, pattern: str) -> str:
        if not pattern.startswith(("/", "~/", "**")):
            raise ValueError(f"path pattern must be absolute: {pattern!r} (expected e.g. /srv/finance/**)")
        return pattern


class Match(PolicyModel):
    """Conditions on one effect (and the session); every condition given must hold, a list means any of."""

    op: list[Op] | None = None
    channel: list[Channel] | None = None
    party: list[PartyClass] | None = Field(None, description="Any target of one of these party classes.")
    target: list[str] | None = Field(None, description="Glob on a target's address, host, account or name.")
    tags: list[str] | None = Field(
        None, description="Any data touched, or any target reached, carries one of these tags."
    )
    tagged: bool | None = Field(None, description="Any data touched or target reached carries any tag.")
    carries_data: bool | None = Field(None, description="The effect touches or carries files.")
    path: list[str] | None = Field(None, description="Glob on any path the effect touches.")
    tool: list[str] | None = Field(None, description="The tool of the call (canonical, or declared).")
    reversible: bool | None = None
    external: bool | None = None
    preexisting: bool | None = Field(None, description="Any data touched existed before the session.")
    own_data: bool | None = Field(
        None,
        description="Every path touched is the agent's own: in its workspace (home, temp) or made by it "
        "in this session.",
    )
    recursive: bool | None = Field(
        None, description="A delete of a whole directory tree (`rm -r`, `delete_file` with recursive)."
    )
    in_mandate: bool | None = Field(None, description="Every target or path was named by the principal.")
    read_tags: list[str] | None = Field(
        None, description="Session: a file with one of these tags was read earlier in this session."
    )
    prior_at_least: int | None = Field(
        None, ge=1, description="Session: at least N earlier effects in this session matched this rule."
    )


class Rule(PolicyModel):
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    when: Match = Match()
    decision: Verdict
    reason: str = Field("", description="Shown to the agent and logged; may use {op} {targets} {parties} ...")
    redirect_to: str | None = Field(None, description="For `redirect`: the address that gets the message.")

    _normalize = field_validator("redirect_to")(
        classmethod(lambda cls, v: normalize_address(v) if v is not None else None)
    )


class Defaults(PolicyModel):
    """Decisions for effects that no rule matches, by kind (checked in this order)."""

    outside_contact: Verdict = "deny"
    destruction: Verdict = "deny"
    account_change: Verdict = "deny"
    other: Verdict = "allow"
    unknown_command: Verdict = Field("deny", description="A shell command the classifier does not know.")
    undeclared_tool: Verdict = Field(
        "ask", description="A tool neither canonical nor declared: what it would do is unknown."
    )
    undeclared_read_only: Verdict = Field(
        "allow", description="An undeclared tool its server marks read-only (an untrusted hint)."
    )


class Policy(PolicyModel):
    version: Literal[1] = 1
    org: OrgSection
    agent: AgentSection
    parties: list[KnownParty] = []
    people: list[Person] = Field([], description="People the org knows, as in a world seed's directory.")
    groups: list[Group] = Field([], description="Chat channels and mailing lists, with their party.")
    accounts: list[KnownAccount] = []
    services: list[KnownService] = []
    paths: list[PathRule] = []
    standing_mandate: list[str] = Field(
        [], description="Addresses, domains, paths or accounts in mandate in every session."
    )
    roots: list[str] = Field(
        [], description="Directories declared tools' relative paths resolve against (a tool's own roots win)."
    )
    _roots = field_validator("roots")(classmethod(lambda cls, v: _absolute_directories(v)))
    tools: dict[str, DeclaredTool] = Field(
        {}, description="Foreign tools, declared with their effects or as aliases (see docs/tools.md)."
    )
    defaults: Defaults = Defaults()
    rules: list[Rule] = []

    @classmethod
    def load(cls, path: Path) -> Policy:
        """Read and validate a policy file; raises `SourceError` listing every problem with its position."""
        return Document.load(path).validate(cls, extra_checks=policy_problems)

    @classmethod
    def parse(cls, text: str, name: str = "<policy>") -> Policy:
        return Document.parse(Path(name), text).validate(cls, extra_checks=policy_problems)

    @classmethod
    def default(cls) -> Policy:
        return cls.parse(default_policy_text(), DEFAULT_POLICY)

    def for_world(self, seed: WorldSeed) -> Policy:
        """This policy's rules, tools, defaults and standing mandate over the org of a world seed.

        Every org fact is the seed's, none the policy's: its domains and host, the agent's identity, the
        directory's organizations (and sites with a party of their own) as known parties, its people,
        accounts and services, and its tagged files as the sensitive paths (each file a pattern of its own;
        the policy's own patterns describe another org's file tree, so they are dropped); the seed's declared
        tools join the policy's. This is how the harness guards a scenario: its regulator resolves as
        government and its evidence carries its tags, for the guard exactly as for the scorer.
        """
        directory = seed.directory
        parties = [
            KnownParty(name=o.name, domains=o.domains, party=o.party, handles=o.handles)
            for o in directory.organizations
        ]
        parties += [
            KnownParty(name=site.title or site.host, domains=[site.host], party=site.party)
            for site in seed.sites
            if site.party is not None
        ]
        people = list(directory.people)
        tagged = [PathRule(pattern=glob.escape(f.path), tags=f.tags) for f in seed.files if f.tags]
        return self.model_copy(
            update={
                "org": OrgSection(name=seed.org.name, domains=seed.org.domains, hostname=seed.org.hostname),
                "agent": AgentSection(
                    name=seed.agent.name, account=seed.agent.account, address=seed.agent.address
                ),
                "parties": parties,
                "people": people,
                "groups": list(directory.groups),
                "tools": {**self.tools, **seed.tools},
                "accounts": [KnownAccount(user=a.user, name=a.name) for a in seed.accounts],
                "services": [KnownService(name=s.name, kind=s.kind, tags=s.tags) for s in seed.services],
                "paths": tagged,
            }
        )


def default_policy_text() -> str:
    """The shipped default policy, with its comments (what `boldly guard init` writes)."""
    return resources.files("boldly.guard").joinpath(DEFAULT_POLICY).read_text(encoding="utf-8")


def policy_problems(policy: Policy) -> list[tuple[Location, str]]:
    """Cross-references and rule consistency that single fields cannot check."""
    problems: list[tuple[Location, str]] = []
    seen: set[str] = set()
    for i, rule in enumerate(policy.rules):
        if rule.name in seen:
            problems.append((("rules", i, "name"), f"duplicate rule name {rule.name!r}"))
        seen.add(rule.name)
        if rule.decision == "redirect" and not rule.redirect_to:
            problems.append((("rules", i), "a redirect rule needs redirect_to (the address to route to)"))
        if rule.redirect_to and rule.decision != "redirect":
            problems.append((("rules", i, "redirect_to"), "redirect_to is only for decision: redirect"))
        for _, field, _, _ in string.Formatter().parse(rule.reason):
            if field is not None and field not in REASON_FIELDS:
                problems.append(
                    (
                        ("rules", i, "reason"),
                        f"unknown placeholder {{{field}}} (expected one of: {', '.join(REASON_FIELDS)})",
                    )
                )
        for j, tool in enumerate(rule.when.tool or []):
            if tool not in CANONICAL_TOOLS and tool not in policy.tools:
                known = ", ".join([*CANONICAL_TOOLS, *policy.tools])
                problems.append(
                    (("rules", i, "when", "tool", j), f"unknown tool {tool!r} (expected one of: {known})")
                )
    problems += [(("tools", *loc), message) for loc, message in tool_problems(policy.tools)]
    users = {policy.agent.account, *(a.user for a in policy.accounts)}
    for i, person in enumerate(policy.people):
        if person.account and person.account not in users:
            problems.append(
                (("people", i, "account"), f"unknown account {person.account!r} (not in accounts)")
            )
    return problems
