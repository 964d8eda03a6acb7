"""The simulated organization: state plus the operations every tool and shell command goes through.

Each operation resolves who and what it touches, records the effect (with whether it took place), then
changes the state. Structured tools and shell commands share these operations, so `send_email` and
`mail -s ... x@y` produce the same kind of effect by construction.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from boldly.world._accounts import UserAccount
from boldly.world._assumptions import CLOSED, Assumptions
from boldly.world._effects import Channel, DataRef, Effect, EffectStatus, Op, Target
from boldly.world._errors import WorldError
from boldly.world._files import PATH_MAX, Node, parent_of
from boldly.world._mail import Message
from boldly.world._outside_web import is_public_host, outside_answer, receipt_reference, request_kind
from boldly.world._parties import PartyClass, builtin_party, domain_matches, domain_of, normalize_address
from boldly.world._seed import WorldSeed, reference_problems
from boldly.world._services import Process, ProcessStatus
from boldly.world._state import ACTION_TICK, TURN_TICK, WorldState
from boldly.world._web import Request

LOG_DIR = "/var/log/agent"


class World:
    """A world seeded from `seed`; `assumptions` answer for what it does not hold (closed: nothing more)."""

    def __init__(self, seed: WorldSeed, assumptions: Assumptions = CLOSED) -> None:
        problems = reference_problems(seed)
        if problems:
            raise ValueError("; ".join(f"{'.'.join(map(str, loc))}: {msg}" for loc, msg in problems))
        self.seed = seed
        self.assumptions = assumptions
        self.state = WorldState.from_seed(seed)
        self.state.assume(assumptions)
        self.tool = ""
        self._organizations = sorted(
            ((domain, org.party, org.name) for org in seed.directory.organizations for domain in org.domains),
            key=lambda entry: -len(entry[0]),
        )
        self._people = {person.address: person for person in seed.directory.people}
        self._sites = {site.host: site for site in seed.sites}
        self._outside_hosts = {answer.host: answer for answer in seed.outside_hosts}
        self._handles = {
            handle.lower(): (entry.party or self._domain_party(domain_of(entry.address))[0], entry.name)
            for entry in seed.directory.people
            for handle in [
                entry.name,
                entry.address,
                *entry.handles,
                *([entry.account] if entry.account else []),
            ]
        }
        self._handles.update(
            (handle.lower(), (org.party, org.name))
            for org in seed.directory.organizations
            for handle in org.handles
        )
        self._groups = {group.name.lower(): group for group in seed.directory.groups}
        from boldly.world.tools import toolset  # the tools are built on World

        self.tools = toolset(seed.tools)
        """Every tool this world runs: the canonical ones and the seed's declared ones."""

    def fork(self) -> World:
        """A copy-on-write copy, for trying an action without consequences (see `classify`).

        The fork shares every file, account, process and message with this world and copies only the
        indexes over them, so it costs little; changes on either side are not seen by the other.
        """
        twin = object.__new__(type(self))
        twin.__dict__.update(self.__dict__, state=self.state.fork())
        return twin

    def adopt(self, fork: World, keep_records: bool = True) -> None:
        """Take a fork's state as this world's own: the action tried on it has now run here.

        The fork is not to be used afterwards. `keep_records=False` takes the state without what happened
        in it (effects, mail, web requests, shell history), for a world that stands for a real org.
        """
        self.state = fork.state if keep_records else fork.state.without_records()

    # -- identity ------------------------------------------------------------------------------------

    @property
    def agent(self) -> UserAccount:
        return self.state.accounts.users[self.seed.agent.account]

    @property
    def effects(self) -> list[Effect]:
        return self.state.effects

    def account(self, user: str) -> UserAccount:
        account = self.state.accounts.get(user)
        if account is None:
            raise WorldError(f"user '{user}' does not exist")
        return account

    def groups_of(self, user: str) -> list[str]:
        account = self.state.accounts.get(user)
        return [user, *account.groups] if account else [user]

    def internal_domain(self, domain: str) -> bool:
        return any(domain_matches(domain, internal) for internal in self.seed.org.domains)

    def internal_addresses(self) -> set[str]:
        addresses = {self.seed.agent.address, *self._people}
        for user in self.state.accounts.users:
            addresses.update(f"{user}@{domain}" for domain in self.seed.org.domains)
        return {a for a in addresses if self.internal_domain(domain_of(a))}

    # -- resolution ----------------------------------------------------------------------------------

    def resolve_address(self, raw: str) -> Target:
        """Directory entry → organization by domain → internal domains → built-in rules → external_other."""
        address = normalize_address(raw)
        if address == self.seed.agent.address:
            return Target(kind="address", value=address, party=PartyClass.SELF, name=self.seed.agent.name)
        person = self._people.get(address)
        domain = domain_of(address)
        if person is not None:
            party = person.party or self._domain_party(domain)[0]
            return Target(kind="address", value=address, party=party, name=person.name)
        party, name = self._domain_party(domain)
        return Target(kind="address", value=address, party=party, name=name)

    def resolve_host(self, raw: str) -> Target:
        host = domain_of(raw)
        if host in ("localhost", "127.0.0.1", "::1", self.seed.org.hostname):
            return Target(kind="host", value=host, party=PartyClass.SELF, name="this workstation")
        site = self._sites.get(host)
        party, name = self._domain_party(host)
        if site is not None and site.party is not None:
            party = site.party
        return Target(kind="host", value=host, party=party, name=(site.title if site else "") or name)

    def resolve_target(self, kind: str, value: str, unknown_party: PartyClass) -> Target:
        """Whom a declared tool's argument names, by kind: the directory first, then the rules for its kind.

        A person, group or payee the directory does not know takes `unknown_party` (by default an outsider:
        the guard cannot tell a new chat handle from an attacker's).
        """
        text = value.strip()
        if kind == "address" or (
            kind in ("person", "payee") and "@" in text and text.lower() not in self._handles
        ):
            return self.resolve_address(text)
        if kind in ("host", "url"):
            try:
                host = urlsplit(text if "://" in text else f"http://{text}").hostname or text
            except ValueError:
                host = text
            return self.resolve_host(host)
        if kind == "account":
            return self._account_target(text)
        if kind == "group":
            group = self._groups.get(text.lower().lstrip("#"))
            party = group.party if group is not None else unknown_party
            return Target(kind="group", value=text, party=party, name=group.name if group else "")
        if kind in ("service", "process"):
            return Target(kind=kind, value=text, party=PartyClass.INTERNAL)
        if text.lower() in (self.seed.agent.account, self.seed.agent.name.lower(), self.seed.agent.address):
            return Target(kind=kind, value=text, party=PartyClass.SELF, name=self.seed.agent.name)
        party, name = self._handles.get(text.lower(), (unknown_party, ""))
        return Target(kind=kind, value=text, party=party, name=name)  # type: ignore[arg-type]

    def _domain_party(self, domain: str) -> tuple[PartyClass, str]:
        for org_domain, party, name in self._organizations:
            if domain_matches(domain, org_domain):
                return party, name
        if self.internal_domain(domain):
            return PartyClass.INTERNAL, self.seed.org.name
        return builtin_party(domain) or PartyClass.EXTERNAL_OTHER, ""

    def abspath(self, path: str, cwd: str | None = None) -> str:
        home = self.agent.home
        if path == "~" or path.startswith("~/"):
            path = home + path[1:]
        return posixpath.normpath(posixpath.join(cwd or home, path)).replace("//", "/")

    # -- effects -------------------------------------------------------------------------------------

    def emit(
        self,
        op: Op,
        channel: Channel,
        *,
        targets: Iterable[Target] = (),
        data: Iterable[DataRef] = (),
        reversible: bool = True,
        status: EffectStatus = "done",
        detail: str = "",
        external: bool | None = None,
    ) -> Effect:
        targets = list(targets)
        data = list(data)
        if external is None:
            external = any(t.party.external for t in targets)
        last = self.state.effects[-1] if self.state.effects else None
        if (
            op is Op.FILE_READ
            and last is not None
            and last.op is Op.FILE_READ
            and last.seq == self.state.seq
            and last.status == status
        ):
            merged = last.model_copy(update={"data": [*last.data, *(d for d in data if d not in last.data)]})
            self.state.effects[-1] = merged
            return merged
        effect = Effect(
            id=f"e{len(self.state.effects) + 1}",
            seq=self.state.seq,
            turn=self.state.turn,
            tool=self.tool,
            op=op,
            channel=channel,
            targets=targets,
            data=data,
            reversible=reversible,
            external=external,
            status=status,
            detail=detail,
        )
        self.state.effects.append(effect)
        return effect

    def _reach(self, targets: list[Target]) -> EffectStatus:
        """`unreachable` when the world is cut off from outside and any target is outside."""
        if self.seed.connectivity == "internal_only" and any(t.party.external for t in targets):
            return "unreachable"
        return "done"

    # -- time ----------------------------------------------------------------------------------------

    def advance_to(self, turn: int) -> None:
        """Move the clock to `turn`, delivering the files and mail that arrive on the way."""
        while self.state.turn < turn:
            self.state.turn += 1
            if self.state.turn > 1:
                self.state.clock += TURN_TICK
            for seed_file in self.seed.files:
                if seed_file.arrives_turn == self.state.turn:
                    self.state.place(seed_file, default_owner=self.seed.agent.account)
            for seed_message in self.seed.mail:
                if seed_message.arrives_turn == self.state.turn:
                    self.state.deliver(seed_message)

    def begin_action(self, tool: str, turn: int) -> None:
        """Open a new action in `turn` (advancing to it first)."""
        self.advance_to(turn)
        self.state.files.forget_removals()
        self.state.seq += 1
        self.state.clock += ACTION_TICK
        self.tool = tool

    # -- files ---------------------------------------------------------------------------------------

    def _ref(self, node: Node) -> DataRef:
        return DataRef(path=node.path, tags=node.tags, preexisting=node.preexisting)

    def permits(self, node: Node, user: str, bit: int) -> bool:
        """Whether `user` may read (4), write (2) or search/execute (1) `node`, as the assumptions have it."""
        return self.assumptions.permits(node, user, self.groups_of(user), bit)

    def _check(self, node: Node, user: str, bit: int, verb: str) -> None:
        if not self.permits(node, user, bit):
            raise WorldError(f"{verb} '{node.path}': Permission denied")

    def stat(self, path: str) -> Node:
        return self.state.files.require(path)

    def content_known(self, path: str) -> bool:
        """Whether the world holds the file at `path` and knows what is in it (not an assumed file)."""
        node = self.state.files.nodes.get(self.state.files.resolve(path) or path)
        return node is not None and self.assumptions.content_known(node)

    def read_file(self, path: str, user: str) -> str:
        node = self.state.files.require(path)
        if node.is_dir:
            raise WorldError(f"{path}: Is a directory")
        try:
            self._check(node, user, 4, "cannot open")
        except WorldError:
            self.emit(Op.FILE_READ, Channel.FILES, data=[self._ref(node)], status="failed", detail=path)
            raise
        self.emit(Op.FILE_READ, Channel.FILES, data=[self._ref(node)], detail=path)
        return node.content

    def list_dir(self, path: str, user: str) -> list[Node]:
        node = self.state.files.require(path)
        if not node.is_dir:
            return [node]
        self._check(node, user, 4, "cannot open directory")
        return self.state.files.children(path)

    def write_file(self, path: str, content: str, user: str, append: bool = False) -> None:
        """Write `path` (through a symbolic link, its target, which a dangling link makes)."""
        files = self.state.files
        resolved = files.resolve(path)
        if resolved is None:
            raise WorldError(f"{path}: Too many levels of symbolic links")
        path = resolved
        existing = files.get(path)
        if existing is not None and existing.is_dir:
            raise WorldError(f"{path}: Is a directory")
        parent = files.get(parent_of(path))
        if parent is None or not parent.is_dir:
            raise WorldError(f"{parent_of(path)}: No such file or directory")
        target = existing or parent
        refs = [self._ref(existing)] if existing else [DataRef(path=path, preexisting=False)]
        overwrite = existing is not None and not append and existing.content != ""
        try:
            self._check(target, user, 2, "cannot write")
        except WorldError:
            self.emit(Op.FILE_WRITE, Channel.FILES, data=refs, status="failed", detail=path)
            raise
        self.emit(Op.FILE_WRITE, Channel.FILES, data=refs, reversible=not overwrite, detail=path)
        if existing is not None:
            files.change(existing, content=existing.content + content if append else content)
        else:
            group = user if user != "root" else "root"
            files.put(Node(path=path, content=content, owner=user, group=group, preexisting=False))

    def make_dir(self, path: str, user: str, parents: bool = False) -> None:
        files = self.state.files
        path = files.locate(path)
        if files.get_link(path) is not None:  # a symbolic link, even to a directory, is in the way
            if parents:
                return
            raise WorldError(f"cannot create directory '{path}': File exists")
        if len(path) > PATH_MAX:
            raise WorldError(f"cannot create directory '{path[:48]}...': File name too long")
        anchor_path = parent_of(path)
        if files.get(anchor_path) is None:
            if not parents:
                raise WorldError(f"cannot create directory '{path}': No such file or directory")
            # nothing can be assumed below the nearest held ancestor either: walk the held nodes only
            while anchor_path not in files.nodes:
                anchor_path = parent_of(anchor_path)
        anchor = files.used_as_directory(anchor_path)
        if anchor is None or not anchor.is_dir:
            raise WorldError(f"cannot create directory '{path}': Not a directory")
        self._check(anchor, user, 2, "cannot create directory")
        files.ensure_dirs(path, user, user)
        for node in list(files.walk(path)):
            files.change(node, preexisting=False)
        self.emit(Op.FILE_WRITE, Channel.FILES, data=[DataRef(path=path, preexisting=False)], detail=path)

    def delete(self, path: str, user: str, recursive: bool = False) -> None:
        """Remove `path`; a symbolic link goes, not what it points to."""
        files = self.state.files
        path = files.locate(path)
        node = files.get_link(path)
        if node is None:
            raise WorldError(f"{path}: No such file or directory")
        if node.is_dir and not recursive:
            raise WorldError(f"cannot remove '{path}': Is a directory")
        doomed = files.files_under(path) if node.is_dir else [node]
        refs = [self._ref(n) for n in doomed] or [self._ref(node)]
        parent = files.get(parent_of(path))
        try:
            if path == "/":
                raise WorldError("it is dangerous to operate recursively on '/'")
            for victim in [node, *doomed]:
                self._check(files.require(parent_of(victim.path)), user, 2, "cannot remove")
            if parent is not None:
                self._check(parent, user, 2, "cannot remove")
        except WorldError:
            self.emit(
                Op.FILE_DELETE, Channel.FILES, data=refs, reversible=False, status="failed", detail=path
            )
            raise
        self.emit(Op.FILE_DELETE, Channel.FILES, data=refs, reversible=False, detail=path)
        files.remove(path)

    def move(self, source: str, destination: str, user: str) -> None:
        files = self.state.files
        source = files.locate(source)
        node = files.get_link(source)
        if node is None:
            raise WorldError(f"{source}: No such file or directory")
        dest_node = files.get(destination)
        if dest_node is not None and dest_node.is_dir:
            destination = posixpath.join(destination, posixpath.basename(source))
        if files.get(parent_of(destination)) is None:
            raise WorldError(f"cannot move '{source}' to '{destination}': No such file or directory")
        moved = list(files.walk(source))
        refs = [self._ref(n) for n in moved if not n.is_dir] or [self._ref(node)]
        replaced = files.get(destination)
        if replaced is not None and destination != source:
            refs += [self._ref(n) for n in files.walk(destination) if not n.is_dir] or [self._ref(replaced)]
        try:
            self._check(files.require(parent_of(source)), user, 2, "cannot move")
            self._check(files.require(parent_of(destination)), user, 2, "cannot move")
        except WorldError:
            self.emit(
                Op.FILE_MOVE, Channel.FILES, data=refs, status="failed", detail=f"{source} -> {destination}"
            )
            raise
        self.emit(
            Op.FILE_MOVE,
            Channel.FILES,
            data=refs,
            reversible=replaced is None or destination == source,
            detail=f"{source} -> {destination}",
        )
        if files.get(destination) is not None:
            files.remove(destination)
        for old in files.remove(source):
            new_path = destination + old.path[len(source) :]
            files.nodes[new_path] = old.model_copy(update={"path": new_path})

    def copy(self, source: str, destination: str, user: str, recursive: bool = False) -> None:
        files = self.state.files
        node = files.require(source)
        source = node.path  # a symbolic link is copied as what it points to
        if node.is_dir and not recursive:
            raise WorldError(f"-r not specified; omitting directory '{source}'")
        dest_node = files.get(destination)
        if dest_node is not None and dest_node.is_dir:
            destination = posixpath.join(dest_node.path, posixpath.basename(source))
        destination = files.resolve(destination) or destination
        parent = files.get(parent_of(destination))
        if parent is None:
            kind = "directory" if node.is_dir else "regular file"
            raise WorldError(f"cannot create {kind} '{destination}': No such file or directory")
        copied = list(files.walk(source))
        refs = [self._ref(n) for n in copied if not n.is_dir] or [self._ref(node)]
        replaced = [
            n for item in copied if (n := files.get(destination + item.path[len(source) :])) and not n.is_dir
        ]
        refs += [self._ref(n) for n in replaced if n.path != source]
        try:
            for item in copied:
                self._check(item, user, 4, "cannot open")
            self._check(files.get(destination) or parent, user, 2, "cannot create")
        except WorldError:
            self.emit(
                Op.FILE_COPY, Channel.FILES, data=refs, status="failed", detail=f"{source} -> {destination}"
            )
            raise
        overwrites = any(n.content for n in replaced)
        self.emit(
            Op.FILE_COPY,
            Channel.FILES,
            data=refs,
            reversible=not overwrites,
            detail=f"{source} -> {destination}",
        )
        for item in copied:
            new_path = destination + item.path[len(source) :]
            files.put(
                item.model_copy(update={"path": new_path, "owner": user, "group": user, "preexisting": False})
            )

    def symlink(self, target: str, path: str, user: str) -> None:
        """Make `path` a symbolic link holding `target` (which need not exist); nothing is read or written
        through it until it is used."""
        files = self.state.files
        path = files.locate(path)
        if files.get_link(path) is not None:
            raise WorldError(f"failed to create symbolic link '{path}': File exists")
        parent = files.get(parent_of(path))
        if parent is None or not parent.is_dir:
            raise WorldError(f"failed to create symbolic link '{path}': No such file or directory")
        ref = DataRef(path=path, preexisting=False)
        try:
            self._check(parent, user, 2, "failed to create symbolic link")
        except WorldError:
            self.emit(Op.FILE_WRITE, Channel.FILES, data=[ref], status="failed", detail=f"{path} -> {target}")
            raise
        self.emit(Op.FILE_WRITE, Channel.FILES, data=[ref], detail=f"{path} -> {target}")
        group = user if user != "root" else "root"
        files.put(Node(path=path, link=target, owner=user, group=group, mode=0o777, preexisting=False))

    def chmod(self, path: str, mode: int, user: str) -> None:
        node = self.state.files.require(path)
        path = node.path
        if user not in ("root", node.owner):
            self.emit(
                Op.FILE_PERMISSIONS, Channel.FILES, data=[self._ref(node)], status="failed", detail=path
            )
            raise WorldError(f"changing permissions of '{path}': Operation not permitted")
        self.emit(Op.FILE_PERMISSIONS, Channel.FILES, data=[self._ref(node)], detail=f"{mode:o} {path}")
        self.state.files.change(node, mode=mode)

    def attach(self, paths: Iterable[str], user: str) -> list[DataRef]:
        """Resolve files that leave with a message or upload; each must exist and be readable."""
        refs: list[DataRef] = []
        for path in paths:
            node = self.state.files.require(path)
            for item in self.state.files.files_under(node.path) if node.is_dir else [node]:
                self._check(item, user, 4, "cannot open")
                refs.append(self._ref(item))
        return refs

    # -- mail ----------------------------------------------------------------------------------------

    def send_mail(
        self,
        to: list[str],
        subject: str,
        body: str,
        *,
        cc: Sequence[str] = (),
        bcc: Sequence[str] = (),
        attachments: Sequence[str] = (),
        user: str | None = None,
        channel: Channel = Channel.EMAIL,
        data: Sequence[DataRef] = (),
    ) -> str:
        """Send from the agent's address; returns the message id. Unknown internal recipients bounce.

        `data` names files whose text is in the body (a file piped into `mail`), besides the attachments.
        """
        user = user or self.agent.user
        recipients = [*to, *cc, *bcc]
        if not recipients:
            raise WorldError("no recipients given")
        targets = [self.resolve_address(r) for r in recipients]
        bad = [t.value for t in targets if "@" not in t.value or not domain_of(t.value) or "." not in t.value]
        if bad:
            raise WorldError(f"invalid address: {bad[0]} (expected name@domain)")
        paths = [self.abspath(p) for p in attachments]
        detail = f"subject: {subject}"
        try:
            attached = self.attach(paths, user)
        except WorldError:
            self.emit(Op.SEND_MESSAGE, channel, targets=targets, data=data, status="failed", detail=detail)
            raise
        data = [*attached, *(ref for ref in data if ref not in attached)]
        unknown = [t.value for t in targets if not t.party.external and not self.mailbox_exists(t.value)]
        if unknown:
            self.emit(Op.SEND_MESSAGE, channel, targets=targets, data=data, status="failed", detail=detail)
            raise WorldError(f"550 5.1.1 <{unknown[0]}>: Recipient address rejected: User unknown")
        status = self._reach(targets)
        self.emit(
            Op.SEND_MESSAGE,
            channel,
            targets=targets,
            data=data,
            reversible=False,
            status=status,
            detail=detail,
        )
        if status == "unreachable":
            raise WorldError("554 5.7.1 Relay access denied: outside mail is disabled on this network")
        message = Message(
            id=self.state.mail.new_id(),
            sender=self.seed.agent.address,
            to=[normalize_address(a) for a in to],
            cc=[normalize_address(a) for a in cc],
            subject=subject,
            body=body,
            date=self.state.clock,
            attachments=paths,
        )
        self.state.mail.sent.append(message)
        for target in targets:
            if not target.party.external:
                self.state.mail.deliver(target.value, message)
        return message.id

    def mailbox_exists(self, address: str) -> bool:
        """Whether mail to an inside address is delivered (else it bounces as "User unknown")."""
        if self.internal_domain(domain_of(address)) and self.assumptions.mailbox_exists(address):
            return True
        return address in self.internal_addresses()

    def inbox(self) -> list[Message]:
        return self.state.mail.inboxes.get(self.seed.agent.address, [])

    def open_message(self, message_id: str) -> Message:
        message = self.state.mail.find(self.seed.agent.address, message_id)
        if message is None:
            known = ", ".join(m.id for m in self.inbox()) or "none"
            raise WorldError(f"no message with id {message_id!r} in your inbox (ids: {known})")
        return self.state.mail.mark_read(self.seed.agent.address, message)

    # -- network -------------------------------------------------------------------------------------

    def http(self, method: str, url: str, body: str = "", data: Sequence[DataRef] = ()) -> tuple[int, str]:
        """A request to a scenario site, or to the web beyond the org (see `_outside_web`): any public
        outside host answers, as does any host the assumptions say answers; the rest do not resolve.
        Every request is recorded."""
        try:
            parts = urlsplit(url if "://" in url else f"http://{url}")
            hostname = parts.hostname
        except ValueError:
            hostname = None
        if not hostname:
            raise WorldError(f"URL rejected: malformed URL {url!r}")
        target = self.resolve_host(hostname)
        detail = f"{method} {url} ({len(body)} bytes)"
        site = self._sites.get(target.value)
        answers = (
            site is not None
            or (target.party.external and is_public_host(target.value))
            or self.assumptions.host_answers(target.value)
        )
        status = self._reach([target])
        if status == "done" and not answers and target.party is not PartyClass.SELF:
            status = "failed"
        self.emit(
            Op.HTTP_REQUEST,
            Channel.HTTP,
            targets=[target],
            data=data,
            reversible=method in ("GET", "HEAD") and not body,
            status=status,
            detail=detail,
        )
        code = 0
        path = parts.path or "/"
        ref = receipt_reference(target.value, self.state.seq)
        if status == "done" and site is not None:
            page = next(
                (
                    p
                    for p in site.pages
                    if (path == p.path or path.rstrip("/") == p.path.rstrip("/"))
                    and p.method in (method, "ANY")
                ),
                None,
            )
            code, text = (page.status, page.body) if page else (404, f"404 Not Found: {path}")
            text = text.replace("{ref}", ref)
        elif status == "done" and answers:
            code, text = outside_answer(
                request_kind(method, body, data),
                target.value,
                path,
                ref,
                name=target.name,
                override=self._outside_hosts.get(target.value),
            )
        elif status == "unreachable":
            text = f"Failed to connect to {target.value}: Network is unreachable"
        else:
            text = f"Could not resolve host: {target.value}"
        self.state.web.requests.append(
            Request(
                seq=self.state.seq,
                method=method,
                url=url,
                host=target.value,
                body_size=len(body),
                status=code,
            )
        )
        if code == 0:
            raise WorldError(text)
        return code, text

    def remote(self, op: Op, host: str, *, data: Sequence[DataRef] = (), detail: str = "") -> None:
        """ssh/scp/rsync/nc/ftp to a host: recorded; inside hosts and open connectivity succeed."""
        target = self.resolve_host(host)
        status = self._reach([target])
        self.emit(
            op,
            Channel.SSH if op in (Op.REMOTE_LOGIN, Op.REMOTE_COPY) else Channel.NETWORK,
            targets=[target],
            data=data,
            reversible=op is Op.REMOTE_LOGIN,
            status=status,
            detail=detail or host,
        )
        if status == "unreachable":
            raise WorldError(f"connect to host {target.value} port 22: Network is unreachable")

    def reach(
        self,
        op: Op,
        channel: Channel,
        targets: Sequence[Target],
        *,
        data: Sequence[DataRef] = (),
        reversible: bool = False,
        detail: str = "",
    ) -> Effect:
        """A declared tool reaching someone: a chat message, a post, a payment, a share, a record change.

        Publishing outside the organization makes the content public, whoever hosts it. Outside targets
        are unreachable when the world is cut off.
        """
        if op is Op.PUBLISH:
            targets = [
                t.model_copy(update={"party": PartyClass.PUBLIC}) if t.party.external else t for t in targets
            ]
        status = self._reach(list(targets))
        effect = self.emit(
            op, channel, targets=targets, data=data, reversible=reversible, status=status, detail=detail
        )
        if status == "unreachable":
            outside = next(t.value for t in targets if t.party.external)
            raise WorldError(f"{outside}: unreachable, outside connections are disabled on this network")
        return effect

    # -- accounts ------------------------------------------------------------------------------------

    def _account_target(self, user: str) -> Target:
        account = self.state.accounts.get(user)
        party = PartyClass.SELF if user == self.seed.agent.account else PartyClass.INTERNAL
        return Target(kind="account", value=user, party=party, name=account.name if account else "")

    def change_account(
        self, op: Op, user: str, acting_user: str, detail: str = "", groups: Sequence[str] | None = None
    ) -> UserAccount:
        """Lock, unlock, disable, delete, reset a password or change privileges: needs root.

        For a privilege change, `groups` is the account's new list of supplementary groups.
        """
        target = self._account_target(user)
        reversible = op not in (Op.ACCOUNT_DELETE,)
        if self.state.accounts.get(user) is None:
            self.emit(
                op, Channel.ACCOUNTS, targets=[target], reversible=reversible, status="failed", detail=detail
            )
            raise WorldError(f"user '{user}' does not exist")
        if acting_user != "root":
            self.emit(
                op, Channel.ACCOUNTS, targets=[target], reversible=reversible, status="failed", detail=detail
            )
            raise WorldError("Permission denied: only root may change accounts (try sudo)")
        account = self.account(user)
        self.emit(op, Channel.ACCOUNTS, targets=[target], reversible=reversible, detail=detail or user)
        accounts = self.state.accounts
        match op:
            case Op.ACCOUNT_LOCK:
                account = accounts.change(account, status="locked")
            case Op.ACCOUNT_UNLOCK:
                account = accounts.change(account, status="active")
            case Op.ACCOUNT_DISABLE:
                account = accounts.change(account, status="disabled")
            case Op.ACCOUNT_DELETE:
                account = accounts.change(account, status="deleted")
            case Op.PASSWORD_RESET:
                account = accounts.change(account, password_generation=account.password_generation + 1)
            case Op.PRIVILEGE_CHANGE if groups is not None:
                account = accounts.change(account, groups=list(groups))
        return account

    def admin_user(self) -> str:
        """Who a structured admin tool acts as: root when the agent has sudo rights, else the agent."""
        return "root" if self.agent.sudo else self.agent.user

    # -- processes -----------------------------------------------------------------------------------

    def process(self, name_or_pid: str) -> Process:
        found = self.state.processes.find(name_or_pid)
        if found is None:
            raise WorldError(f"{name_or_pid}: no such process or service")
        return found

    def change_process(self, op: Op, name_or_pid: str, acting_user: str, detail: str = "") -> Process:
        """Stop, start or kill a process/service, or disable a cron job: needs its owner or root."""
        process = self.process(name_or_pid)
        party = PartyClass.SELF if {"self", "shutdown"} & set(process.tags) else PartyClass.INTERNAL
        kind = "process" if process.kind == "process" else "service"
        target = Target(kind=kind, value=process.name, party=party, tags=process.tags)
        if acting_user not in ("root", process.user):
            self.emit(op, Channel.SHELL, targets=[target], status="failed", detail=detail or process.name)
            raise WorldError(f"Failed to change {process.name}: Access denied (try sudo)")
        self.emit(op, Channel.SHELL, targets=[target], detail=detail or process.name)
        status: ProcessStatus
        match op:
            case Op.SERVICE_START:
                status = "running"
            case Op.SCHEDULE_CHANGE:
                status = "disabled"
            case _:
                status = "stopped"
        return self.state.processes.change(process, status=status)

    def schedule_job(self, schedule: str, command: str, acting_user: str) -> Process:
        """Install a cron job for `acting_user` (what `crontab FILE` does with a new line)."""
        pid = self.state.processes.free_pid()
        process = Process(
            pid=pid,
            name=f"cron-{pid}",
            kind="cron",
            user=acting_user,
            command=command,
            status="running",
            schedule=schedule,
        )
        target = Target(kind="process", value=process.name, party=PartyClass.INTERNAL, name=command)
        self.emit(Op.SCHEDULE_CHANGE, Channel.SHELL, targets=[target], detail=f"add: {schedule} {command}")
        self.state.processes.processes.append(process)
        return process

    # -- logs ----------------------------------------------------------------------------------------

    def write_log(self, kind: str, name: str, text: str) -> str:
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name) or "agent"
        stamp = self.state.clock.strftime("%Y-%m-%dT%H:%M:%SZ")
        if kind == "external":
            target = self.resolve_host(self.seed.external_log.host)
            target = target.model_copy(update={"party": self.seed.external_log.party})
            status = self._reach([target])
            self.emit(
                Op.LOG_WRITE,
                Channel.LOG,
                targets=[target],
                reversible=False,
                status=status,
                detail=f"{safe}: {text[:80]}",
            )
            if status == "unreachable":
                raise WorldError(f"external log service {target.value} is unreachable")
            return f"Logged to external log '{safe}' at {stamp}."
        path = f"{LOG_DIR}/{safe}.log"
        files = self.state.files
        files.ensure_dirs(LOG_DIR, "root", "root")
        node = files.get(path)
        line = f"{stamp} {text}\n"
        self.emit(
            Op.LOG_WRITE, Channel.LOG, data=[DataRef(path=path, preexisting=node is not None)], detail=path
        )
        if node is None:
            files.put(
                Node(path=path, content=line, owner=self.agent.user, group=self.agent.user, preexisting=False)
            )
        else:
            files.change(node, content=node.content + line)
        return f"Logged to {path} at {stamp}."
