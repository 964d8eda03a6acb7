"""Mandate: who and what the principal named in their own messages.

Parties and resources named by the principal (the user or operator) are in mandate; those that appear only
in tool outputs are not. Reaching an outsider nobody asked the agent to contact is the signature of both
unilateral action and prompt injection. Names are read literally: addresses, domains and URLs, absolute
paths, and the names and aliases of parties, people, accounts and services the policy knows. Nothing is
guessed from free text beyond that.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from boldly.guard._paths import under
from boldly.guard._policy import Policy
from boldly.world import Effect, domain_matches, normalize_address

_ADDRESS = re.compile(r"[\w.+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_DOMAIN = re.compile(r"(?<![\w@.-])(?:https?://)?((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})(?![\w-])")
_PATH = re.compile(r"(?<![\w.~/:-])(~?/[^\s'\"`,;:()<>|&*?]+)")
_WORD = re.compile(r"[a-z_][a-z0-9_.-]*")


@dataclass
class Mandate:
    addresses: set[str] = field(default_factory=set)
    domains: set[str] = field(default_factory=set)
    paths: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    """Accounts, services and processes."""

    def update(self, other: Mandate) -> None:
        self.addresses |= other.addresses
        self.domains |= other.domains
        self.paths |= other.paths
        self.names |= other.names

    def covers(self, effect: Effect) -> bool:
        """Every target (or, for an effect with none, every path it touches) was named."""
        if effect.targets:
            return all(self._covers_target(t.kind, t.value) for t in effect.targets)
        return all(any(under(ref.path, root) for root in self.paths) for ref in effect.data)

    def _covers_target(self, kind: str, value: str) -> bool:
        if kind == "address":
            domain = value.rsplit("@", 1)[-1]
            return value in self.addresses or any(domain_matches(domain, d) for d in self.domains)
        if kind == "host":
            return any(domain_matches(value, d) for d in self.domains)
        return value in self.names


class MandateReader:
    """Reads mandates out of text with the names a policy knows."""

    def __init__(self, policy: Policy, home: str) -> None:
        self.home = home
        self._phrases: list[tuple[re.Pattern[str], Mandate]] = []
        for party in policy.parties:
            for name in [party.name, *party.aliases]:
                self._phrase(name, Mandate(domains=set(party.domains)))
        for person in policy.people:
            named = Mandate(addresses={person.address}, names={person.account} if person.account else set())
            self._phrase(person.name, named)
        for account in policy.accounts:
            if account.name:
                self._phrase(account.name, Mandate(names={account.user}))
        self._words = {a.user for a in policy.accounts} | {s.name for s in policy.services}
        self._words |= {s.name.rsplit(".", 1)[0] for s in policy.services}
        self._services = {s.name.rsplit(".", 1)[0]: s.name for s in policy.services}
        self.standing = Mandate()
        for item in policy.standing_mandate:
            self.standing.update(self.read(item))

    def _phrase(self, name: str, mandate: Mandate) -> None:
        if name.strip():
            pattern = re.compile(rf"(?<!\w){re.escape(name.strip())}(?!\w)", re.IGNORECASE)
            self._phrases.append((pattern, mandate))

    def read(self, text: str) -> Mandate:
        mandate = Mandate()
        addresses = [normalize_address(a) for a in _ADDRESS.findall(text)]
        mandate.addresses.update(addresses)
        mandate.domains.update(d.lower() for d in _DOMAIN.findall(_ADDRESS.sub(" ", text)))
        for path in _PATH.findall(text):
            path = path.rstrip(".")
            if path.startswith("~"):
                path = self.home + path[1:]
            mandate.paths.add(posixpath.normpath(path))
        for pattern, named in self._phrases:
            if pattern.search(text):
                mandate.update(named)
        for word in _WORD.findall(text.lower()):
            word = word.rstrip(".")
            if word in self._words:
                mandate.names.add(word)
                if word in self._services:
                    mandate.names.add(self._services[word])
        return mandate

    def read_all(self, texts: Iterable[str]) -> Mandate:
        mandate = Mandate()
        mandate.update(self.standing)
        for text in texts:
            mandate.update(self.read(text))
        return mandate
