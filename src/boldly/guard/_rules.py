"""Matching one effect against the policy's rules, and the default for effects no rule matches."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from boldly.guard._mandate import Mandate
from boldly.guard._paths import path_matches, under
from boldly.guard._policy import PRECEDENCE, REASON_FIELDS, Defaults, Match, Rule, Verdict
from boldly.world import ACCOUNT_OPS, OVERWRITE_OPS, Effect, Op

ACCOUNT_CHANGES = ACCOUNT_OPS | {Op.ACCESS_REVOKE}


@dataclass(frozen=True, slots=True)
class Facts:
    """What the session knows when an effect is judged."""

    mandate: Mandate
    read_tags: frozenset[str]
    prior: dict[str, int]
    """Rule name → how many earlier effects in the session matched its effect conditions."""
    workspace: tuple[str, ...] = ()
    """Absolute directories that are the agent's own (its home, temp dirs, a coding agent's project)."""
    recursive_delete: bool = False
    """The call asks to delete recursively (`rm -r`, `delete_file` with recursive)."""


@dataclass(frozen=True, slots=True)
class EffectVerdict:
    effect: Effect
    verdict: Verdict
    rule: str
    template: str
    """The rule's reason, with {op}, {targets}... still to fill in (most verdicts are never shown)."""
    tool: str
    redirect_to: str | None = None
    in_mandate: bool = True

    @property
    def reason(self) -> str:
        return self.template.format_map(describe(self.effect, self.tool))


def category(effect: Effect) -> str:
    """outside_contact, destruction, account_change or other: which default applies to the effect."""
    if effect.external:
        return "outside_contact"
    preexisting = any(ref.preexisting for ref in effect.data)
    if effect.op is Op.ACCOUNT_DELETE or (
        preexisting
        and (effect.op is Op.FILE_DELETE or (effect.op in OVERWRITE_OPS and not effect.reversible))
    ):
        return "destruction"
    if effect.op in ACCOUNT_CHANGES:
        return "account_change"
    return "other"


def effect_tags(effect: Effect) -> set[str]:
    return {tag for ref in effect.data for tag in ref.tags} | {tag for t in effect.targets for tag in t.tags}


def matches_effect(when: Match, effect: Effect, tool: str, in_mandate: bool) -> bool:
    """The rule's conditions on the effect itself (not the session's)."""
    if when.op is not None and effect.op not in when.op:
        return False
    if when.channel is not None and effect.channel not in when.channel:
        return False
    if when.tool is not None and tool not in when.tool:
        return False
    if when.reversible is not None and effect.reversible != when.reversible:
        return False
    if when.external is not None and effect.external != when.external:
        return False
    if when.in_mandate is not None and in_mandate != when.in_mandate:
        return False
    if when.carries_data is not None and bool(effect.data) != when.carries_data:
        return False
    if when.party is not None and not any(t.party in when.party for t in effect.targets):
        return False
    if when.preexisting is not None and any(r.preexisting for r in effect.data) != when.preexisting:
        return False
    if when.target is not None and not any(
        fnmatch.fnmatchcase(value, pattern)
        for t in effect.targets
        for value in (t.value, t.name)
        for pattern in when.target
    ):
        return False
    if when.path is not None and not any(
        path_matches(pattern, ref.path) for ref in effect.data for pattern in when.path
    ):
        return False
    if when.tags is not None or when.tagged is not None:
        tags = effect_tags(effect)
        if when.tags is not None and not tags.intersection(when.tags):
            return False
        if when.tagged is not None and bool(tags) != when.tagged:
            return False
    return True


def owns_data(effect: Effect, workspace: tuple[str, ...]) -> bool:
    """Every path the effect touches is the agent's own: made by it in this session, or in its workspace."""
    return all(
        not ref.preexisting or any(under(ref.path, directory) for directory in workspace)
        for ref in effect.data
    )


def deletes_tree(effect: Effect, facts: Facts) -> bool:
    """A delete of a directory tree: the call asked for recursion, or it removes files below the path."""
    if effect.op is not Op.FILE_DELETE:
        return False
    named = effect.detail
    return facts.recursive_delete or any(ref.path != named and under(ref.path, named) for ref in effect.data)


def matches_session(rule: Rule, effect: Effect, facts: Facts) -> bool:
    """The rule's conditions on what the session and the call know beyond the effect itself."""
    when = rule.when
    if when.own_data is not None and owns_data(effect, facts.workspace) != when.own_data:
        return False
    if when.recursive is not None and deletes_tree(effect, facts) != when.recursive:
        return False
    if when.read_tags is not None and not facts.read_tags.intersection(when.read_tags):
        return False
    return when.prior_at_least is None or facts.prior.get(rule.name, 0) >= when.prior_at_least


def judge_effect(
    effect: Effect, tool: str, rules: list[Rule], defaults: Defaults, facts: Facts
) -> EffectVerdict:
    """The strictest verdict among the rules matching the effect, or the default for its category."""
    in_mandate = facts.mandate.covers(effect)
    best: Rule | None = None
    for rule in rules:
        if (best is None or PRECEDENCE[rule.decision] > PRECEDENCE[best.decision]) and (
            matches_effect(rule.when, effect, tool, in_mandate) and matches_session(rule, effect, facts)
        ):
            best = rule
            if rule.decision == "deny":
                break
    if best is not None:
        template = best.reason or f"{_plain(effect)} (rule {best.name})"
        return EffectVerdict(effect, best.decision, best.name, template, tool, best.redirect_to, in_mandate)
    kind = category(effect)
    template = DEFAULT_REASONS[kind] or _plain(effect)
    return EffectVerdict(effect, getattr(defaults, kind), f"default:{kind}", template, tool, None, in_mandate)


DEFAULT_REASONS = {
    "outside_contact": "{op} to {targets} ({parties}) leaves the organization and no rule allows it",
    "destruction": "{op} of {paths} destroys existing data and no rule allows it",
    "account_change": "{op} of account {targets} and no rule allows it",
    "other": "",
}


def _plain(effect: Effect) -> str:
    return "{op} to {targets}" if effect.targets else "{op} of {paths}"


class Described(Mapping[str, str]):
    """The fields a rule's reason may name, each worked out only when the reason uses it."""

    def __init__(self, effect: Effect, tool: str) -> None:
        self.effect = effect
        self.tool = tool

    def __getitem__(self, field: str) -> str:
        effect = self.effect
        match field:
            case "op":
                return effect.op.value.replace("_", " ")
            case "channel":
                return effect.channel.value
            case "targets":
                return ", ".join(t.value for t in effect.targets) or "nobody"
            case "parties":
                return ", ".join(dict.fromkeys(t.party.value for t in effect.targets)) or "none"
            case "paths":
                return ", ".join(ref.path for ref in effect.data) or "no files"
            case "tags":
                return ", ".join(sorted(effect_tags(effect))) or "untagged"
            case "tool":
                return self.tool
        raise KeyError(field)

    def __iter__(self) -> Iterator[str]:
        return iter(REASON_FIELDS)

    def __len__(self) -> int:
        return len(REASON_FIELDS)


def describe(effect: Effect, tool: str) -> Described:
    return Described(effect, tool)
