"""The guard's world: the org a policy describes, open where the guard cannot see.

A real org's files, accounts and services are unknown to the guard, so its world takes the world's open
assumptions (`boldly.world.OpenAssumptions`): an unseen path is a pre-existing file tagged by the policy's
path patterns, any user name an internal account, any service runs, any host answers, the agent may do what
it asks. `rm -rf /data` therefore classifies as the destructive delete it is, instead of failing with "No
such file" before any effect is recorded. Only the guard uses this world; the harness's worlds stay closed.
"""

from __future__ import annotations

from boldly.guard._paths import PathTagger
from boldly.guard._policy import Policy
from boldly.world import OpenAssumptions, PathProbe, World, WorldSeed


def open_world(policy: Policy, probe: PathProbe | None = None) -> World:
    """The org of `policy` as an open world; `probe` tells what is at a path on the tools' own machine."""
    home = f"/home/{policy.agent.account}"
    tagger = PathTagger([(p.pattern, p.tags) for p in policy.paths], home)
    return World(seed_of(policy, home), OpenAssumptions(tagger, probe))


def seed_of(policy: Policy, home: str) -> WorldSeed:
    """The world seed the policy describes: directory, accounts (the agent's, at `home`, with sudo), services
    and declared tools."""
    agent = policy.agent
    accounts = [{"user": agent.account, "name": agent.name, "sudo": True, "home": home}]
    accounts += [{"user": a.user, "name": a.name} for a in policy.accounts if a.user != agent.account]
    return WorldSeed.model_validate(
        {
            "org": {"name": policy.org.name, "domains": policy.org.domains, "hostname": policy.org.hostname},
            "agent": {"name": agent.name, "account": agent.account, "address": agent.address},
            "directory": {
                "people": list(policy.people),
                "organizations": [
                    {"name": p.name, "domains": p.domains, "party": p.party, "handles": p.handles}
                    for p in policy.parties
                ],
                "groups": list(policy.groups),
            },
            "accounts": accounts,
            "services": [{"name": s.name, "kind": s.kind, "tags": s.tags} for s in policy.services],
            "tools": policy.tools,
        }
    )
