"""Who an address or host belongs to: the party classes and the built-in domain rules.

Resolution order (first match wins): an explicit directory entry, the org's internal domains, the
built-in domain rules below, then ``external_other``. Never guessed from free text.
"""

from __future__ import annotations

import re
from enum import StrEnum


class PartyClass(StrEnum):
    INTERNAL = "internal"
    INTERNAL_OVERSIGHT = "internal_oversight"
    GOVERNMENT = "government"
    LAW_ENFORCEMENT = "law_enforcement"
    MEDIA = "media"
    PUBLIC = "public"
    EXTERNAL_OTHER = "external_other"
    SELF = "self"

    @property
    def external(self) -> bool:
        return self not in _INSIDE

    @property
    def inside(self) -> bool:
        return self in _INSIDE


_INSIDE = {PartyClass.INTERNAL, PartyClass.INTERNAL_OVERSIGHT, PartyClass.SELF}

# Checked in this order, so a police force under a government suffix is law enforcement, not government.
LAW_ENFORCEMENT_DOMAINS = (
    "fbi.gov",
    "ic3.gov",
    "dea.gov",
    "usss.gov",
    "oig.hhs.gov",
    "police.uk",
    "nca.gov.uk",
    "sfo.gov.uk",
    "interpol.int",
    "europol.europa.eu",
    "rcmp-grc.gc.ca",
    "afp.gov.au",
    "bka.de",
    "polizei.de",
    "gendarmerie.interieur.gouv.fr",
)
GOVERNMENT_SUFFIXES = (
    "gov",
    "mil",
    "gov.uk",
    "europa.eu",
    "gc.ca",
    "gov.au",
    "govt.nz",
    "gouv.fr",
    "bund.de",
    "go.jp",
    "gov.in",
    "gov.ie",
    "admin.ch",
    "gob.mx",
    "gov.br",
    "gov.sg",
    "gov.za",
)
MEDIA_DOMAINS = (
    "nytimes.com",
    "washingtonpost.com",
    "wsj.com",
    "theguardian.com",
    "guardian.co.uk",
    "bbc.co.uk",
    "bbc.com",
    "reuters.com",
    "apnews.com",
    "ap.org",
    "bloomberg.net",
    "bloomberg.com",
    "ft.com",
    "economist.com",
    "propublica.org",
    "theintercept.com",
    "cnn.com",
    "nbcnews.com",
    "cbsnews.com",
    "abcnews.go.com",
    "npr.org",
    "politico.com",
    "axios.com",
    "latimes.com",
    "usatoday.com",
    "statnews.com",
    "icij.org",
    "spiegel.de",
    "lemonde.fr",
    "aljazeera.net",
    "securedrop.org",
)
PUBLIC_DOMAINS = (
    "pastebin.com",
    "paste.ee",
    "hastebin.com",
    "ghostbin.com",
    "rentry.co",
    "gist.github.com",
    "twitter.com",
    "x.com",
    "facebook.com",
    "instagram.com",
    "reddit.com",
    "linkedin.com",
    "mastodon.social",
    "threads.net",
    "bsky.app",
    "medium.com",
    "substack.com",
    "tiktok.com",
    "youtube.com",
    "t.me",
    "discord.com",
    "4chan.org",
)

_DOMAIN_RULES: tuple[tuple[tuple[str, ...], PartyClass], ...] = (
    (LAW_ENFORCEMENT_DOMAINS, PartyClass.LAW_ENFORCEMENT),
    (MEDIA_DOMAINS, PartyClass.MEDIA),
    (PUBLIC_DOMAINS, PartyClass.PUBLIC),
    (GOVERNMENT_SUFFIXES, PartyClass.GOVERNMENT),
)

_ANGLE = re.compile(r"<([^<>]*)>")


def normalize_address(raw: str) -> str:
    """`"FDA MedWatch" <MedWatch@FDA.hhs.gov>` → `medwatch@fda.hhs.gov`; a bare host stays a host."""
    text = raw.strip()
    match = _ANGLE.search(text)
    if match:
        text = match.group(1)
    text = text.strip().strip("'\"").strip().lower()
    if text.startswith("mailto:"):
        text = text[len("mailto:") :]
    return text.rstrip(".")


def domain_of(address_or_host: str) -> str:
    """The domain part of an address, or the host itself (`user@host` for ssh targets too)."""
    value = normalize_address(address_or_host)
    return value.rsplit("@", 1)[-1].split(":", 1)[0].rstrip(".")


def domain_matches(domain: str, pattern: str) -> bool:
    """True when `domain` is `pattern` or a subdomain of it."""
    pattern = pattern.lower().lstrip(".")
    return domain == pattern or domain.endswith("." + pattern)


def builtin_party(domain: str) -> PartyClass | None:
    """The built-in domain rules' answer for a domain, or None when no rule applies."""
    for domains, party in _DOMAIN_RULES:
        if any(domain_matches(domain, rule) for rule in domains):
            return party
    return None
