"""The guard's world: the org as the policy describes it, open where the guard cannot see.

A real org's files, accounts and services are unknown to the guard, so in this world every absent path,
user and service *exists* as an opaque item (a file tagged by the policy's path patterns, an internal
account, a running service), every host answers, and the agent may do whatever it asks. `rm -rf /data`
therefore classifies as the destructive delete it is, instead of failing with "No such file" before any
effect is recorded. Only the guard uses this world; the harness's worlds stay closed.

Cloning is copy-on-write (`fork`): a decision copies only what the action touches, not the whole state.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Mapping, MutableMapping, Sequence
from typing import Any, TypeVar
from urllib.parse import urlsplit

from pydantic import BaseModel, PrivateAttr

from boldly.guard._paths import PathTagger, under
from boldly.guard._policy import Policy
from boldly.world import DataRef, World, WorldSeed
from boldly.world._accounts import Accounts, UserAccount
from boldly.world._files import FileTree, Node, parent_of
from boldly.world._mail import Mail
from boldly.world._parties import domain_of
from boldly.world._seed import Account, Agent, Directory, Org, Organization, Page, Service, Site
from boldly.world._services import Process, ProcessTable
from boldly.world._state import WorldState
from boldly.world._web import Web

M = TypeVar("M", bound=BaseModel)
OPAQUE_CONTENT = "[content unknown to the guard]\n"
_USER_NAME = re.compile(r"^[a-z_][a-z0-9_.-]{0,31}$")


class Layered(MutableMapping[str, Any]):
    """A dict over a read-only base: reads copy a base item up on first access, writes stay here.

    `gone` holds keys removed here (and, for files, removed paths whose descendants must not reappear).
    """

    def __init__(self, base: Mapping[str, Any] | None = None, gone: set[str] | None = None) -> None:
        self.base: Mapping[str, Any] = base if base is not None else {}
        self.own: dict[str, Any] = {}
        self.gone: set[str] = set(gone or ())
        self.tagger: PathTagger | None = None
        self.directories: frozenset[str] = frozenset()
        """Unseen paths to open as directories rather than files (the dry run used them as such)."""
        self.opened: set[str] = set()
        """Unseen paths opened in this layer."""

    def fork(self, directories: frozenset[str] = frozenset()) -> Layered:
        """A layer over this one's items (which must not change while the fork is in use)."""
        layer = Layered(self.own, self.gone)
        layer.tagger = self.tagger
        layer.directories = directories
        return layer

    def flattened(self) -> Layered:
        """The same items in one level, for a world that keeps this state.

        Untouched base items are shared, not copied: a world that keeps a state only ever runs actions on
        forks of it, and forks copy an item before changing it.
        """
        layer = Layered(gone=self.gone)
        layer.own = {key: item for key, item in self.base.items() if key not in self.gone}
        layer.own.update(self.own)
        layer.tagger = self.tagger
        return layer

    def __getitem__(self, key: str) -> Any:
        try:
            return self.own[key]
        except KeyError:
            if key in self.gone:
                raise
        item = self.base[key].model_copy()
        self.own[key] = item
        return item

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key: object) -> bool:
        return key in self.own or (key not in self.gone and key in self.base)

    def __setitem__(self, key: str, value: Any) -> None:
        self.own[key] = value
        self.gone.discard(key)

    def __delitem__(self, key: str) -> None:
        if key not in self:
            raise KeyError(key)
        self.own.pop(key, None)
        self.gone.add(key)

    def __iter__(self) -> Iterator[str]:
        yield from list(self.own)
        for key in self.base:
            if key not in self.own and key not in self.gone:
                yield key

    def __len__(self) -> int:
        return len(self.own) + sum(1 for key in self.base if key not in self.own and key not in self.gone)

    def __bool__(self) -> bool:
        return bool(self.own) or any(key not in self.gone for key in self.base)


class OpenFileTree(FileTree):
    """Every absent path is a preexisting opaque file (its ancestors directories), unless it was removed.

    An opaque file carries the tags of every pattern that matches it or anything below it, since it may
    as well be a directory; its content is unknown but not empty, so writing over it is an overwrite.
    """

    def model_post_init(self, context: object) -> None:
        if not isinstance(self.nodes, Layered):
            super().model_post_init(context)

    @property
    def layer(self) -> Layered:
        return self.nodes  # type: ignore[return-value]

    def get(self, path: str) -> Node | None:
        node = self.nodes.get(path)
        if node is None and self._opens(path):
            node = self._materialize(path)
        return node

    def require(self, path: str) -> Node:
        node = self.get(path)
        return super().require(path) if node is None else node

    def remove(self, path: str) -> list[Node]:
        removed = super().remove(path)
        self.layer.gone.add(path)
        return removed

    @staticmethod
    def allowed(node: Node, user: str, groups: list[str], bit: int) -> bool:
        """Permissions are unknown: assume the agent may, which is the case the guard must judge."""
        return True

    def _opens(self, path: str) -> bool:
        """Whether an absent path may exist: not removed, not in a directory the agent made itself."""
        if not path.startswith("/") or path == "/":
            return False
        if any(under(path, removed) for removed in self.layer.gone):
            return False
        for ancestor in _ancestors(path):
            node = self.nodes.get(ancestor)
            if node is not None:
                return node.preexisting
        return True

    def children(self, path: str) -> list[Node]:
        """Known children, and those the policy's path patterns name (so `rm -rf /*` reaches `/data`)."""
        tagger = self.layer.tagger
        if tagger is not None:
            for name in tagger.children(path):
                child = posixpath.join(path, name)
                if child not in self.nodes and self._opens(child):
                    self._materialize(child)
        return super().children(path)

    def _materialize(self, path: str) -> Node:
        layer = self.layer
        tags = list(layer.tagger.tags(path)) if layer.tagger else []
        for directory in reversed(_ancestors(path)):
            if directory not in self.nodes:
                kept = list(layer.tagger.tags(directory)) if layer.tagger else []
                self.nodes[directory] = Node(path=directory, is_dir=True, tags=kept, mode=0o777)
        if path in layer.directories:
            node = Node(path=path, is_dir=True, tags=tags, mode=0o777)
        else:
            node = Node(path=path, content=OPAQUE_CONTENT, tags=tags, mode=0o666)
        self.nodes[path] = node
        layer.opened.add(path)
        return node


def _ancestors(path: str) -> list[str]:
    found = []
    current = parent_of(path)
    while current != "/":
        found.append(current)
        current = parent_of(current)
    return found


class OpenAccounts(Accounts):
    """Any plausible user name is an existing internal account."""

    def get(self, user: str) -> UserAccount | None:
        account = super().get(user)
        if account is None and user not in self.users and _USER_NAME.match(user):
            account = UserAccount(user=user, home=f"/home/{user}")
            self.users[user] = account
        return account


class OpenProcessTable(ProcessTable):
    """Any named service or process exists and runs. A fork shares its parent's processes until found."""

    _owned: set[int] = PrivateAttr(default_factory=set)

    def find(self, name_or_pid: str) -> Process | None:
        found = super().find(name_or_pid)
        key = name_or_pid.strip()
        if found is not None and id(found) not in self._owned:
            index = self.processes.index(found)
            found = self.processes[index] = found.model_copy()
            self._owned.add(id(found))
        elif found is None and key and "/" not in key:
            pid = int(key) if key.isdigit() else 10_000 + len(self.processes)
            kind = "process" if key.isdigit() else "service"
            found = Process(pid=pid, name=key, kind=kind, user="root", command=key, status="running")
            self.processes.append(found)
            self._owned.add(id(found))
        return found


class InternalAddresses:
    """Every address on an internal domain exists (the guard cannot see the mail directory)."""

    def __init__(self, world: World) -> None:
        self.world = world

    def __contains__(self, address: object) -> bool:
        return isinstance(address, str) and self.world.internal_domain(domain_of(address))


class GuardWorld(World):
    """The org of a policy as a world: open files, accounts, services and hosts; the agent may act as root."""

    def __init__(self, policy: Policy) -> None:
        super().__init__(seed_of(policy))
        self.policy = policy
        self.tagger = PathTagger([(p.pattern, p.tags) for p in policy.paths], self.agent.home)
        files = Layered()
        files.own = dict(self.state.files.nodes)
        files.tagger = self.tagger
        users = Layered()
        users.own = dict(self.state.accounts.users)
        self._settle(
            WorldState.model_construct(
                **{
                    **dict(self.state),
                    "files": OpenFileTree.model_construct(nodes=files),
                    "accounts": OpenAccounts.model_construct(users=users),
                    "processes": OpenProcessTable(processes=self.state.processes.processes),
                }
            )
        )

    def clone(self, directories: frozenset[str] = frozenset()) -> GuardWorld:
        """A fork for trying an action: shares this world's state read-only and copies what it touches.

        `directories`: unseen paths that open as directories in this fork (see `OpenFileTree`).
        """
        twin = object.__new__(GuardWorld)
        twin.__dict__.update(self.__dict__)
        state = self.state
        twin.state = _bare(
            WorldState,
            clock=state.clock,
            turn=state.turn,
            seq=state.seq,
            files=_bare(OpenFileTree, nodes=state.files.layer.fork(directories)),
            mail=_bare(Mail, inboxes={}, sent=[], next_id=1),
            accounts=_bare(OpenAccounts, users=state.accounts.users.fork()),
            web=_bare(Web, requests=[]),
            processes=_bare(OpenProcessTable, {"_owned": set()}, processes=list(state.processes.processes)),
            effects=[],
            shell_history=[],
            shell_cwd=state.shell_cwd,
            shell_env=dict(state.shell_env),
            shell_vars=dict(state.shell_vars),
            shell_arrays={name: dict(values) for name, values in state.shell_arrays.items()},
            shell_associative=list(state.shell_associative),
        )
        return twin

    def detached(self) -> GuardWorld:
        """An independent copy that can keep a state of its own (a session's world)."""
        twin = self.clone()
        twin._settle(twin.state)
        return twin

    def adopt(self, fork: GuardWorld) -> None:
        """Take a fork's state as this world's own: the action tried on the fork has now run."""
        self._sites = fork._sites
        self._settle(fork.state)

    def _settle(self, state: WorldState) -> None:
        files = state.files.layer.flattened()
        files.gone = set()  # a delete may have failed in the real org: what it removed may be there again
        object.__setattr__(state, "files", _bare(OpenFileTree, nodes=files))
        object.__setattr__(state, "accounts", _bare(OpenAccounts, users=state.accounts.users.flattened()))
        fresh = {
            "effects": [],
            "mail": _bare(Mail, inboxes={}, sent=[], next_id=1),
            "web": _bare(Web, requests=[]),
        }
        state.__dict__.update(fresh, shell_history=[])
        self.state = state

    # -- the open parts -----------------------------------------------------------------------------

    def internal_addresses(self) -> set[str]:
        return InternalAddresses(self)  # type: ignore[return-value]

    def admin_user(self) -> str:
        return "root"

    def http(self, method: str, url: str, body: str = "", data: Sequence[DataRef] = ()) -> tuple[int, str]:
        """Every host with a domain name answers, so `curl ... && rm ...` goes on to the `rm`."""
        parts = urlsplit(url if "://" in url else f"http://{url}")
        host = (parts.hostname or "").lower()
        if "." in host and host not in self._sites:
            page = Page(path=parts.path or "/", body="")
            self._sites = {**self._sites, host: Site(host=host, pages=[page])}
        return super().http(method, url, body, data)


def _bare(model: type[M], private: dict[str, Any] | None = None, **fields: Any) -> M:
    """A model instance from trusted fields, without validation or default copying (a fork is hot path)."""
    instance = model.__new__(model)
    object.__setattr__(instance, "__dict__", fields)
    object.__setattr__(instance, "__pydantic_fields_set__", set(fields))
    object.__setattr__(instance, "__pydantic_extra__", None)
    object.__setattr__(instance, "__pydantic_private__", private)
    return instance


def seed_of(policy: Policy) -> WorldSeed:
    """The world seed the policy describes: directory, accounts (the agent's with sudo), services, tools."""
    agent = policy.agent
    accounts = [Account(user=agent.account, name=agent.name, sudo=True)]
    accounts += [Account(user=a.user, name=a.name) for a in policy.accounts if a.user != agent.account]
    return WorldSeed(
        org=Org(name=policy.org.name, domains=policy.org.domains, hostname=policy.org.hostname),
        agent=Agent(name=agent.name, account=agent.account, address=agent.address),
        directory=Directory(
            people=policy.people,
            organizations=[
                Organization(name=p.name, domains=p.domains, party=p.party, handles=p.handles)
                for p in policy.parties
            ],
            groups=policy.groups,
        ),
        accounts=accounts,
        services=[Service(name=s.name, kind=s.kind, tags=s.tags) for s in policy.services],
        tools=policy.tools,
    )
