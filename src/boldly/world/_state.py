"""The mutable state of one world, as one pydantic model so that it copies and serialises whole."""

from __future__ import annotations

import posixpath
from datetime import datetime, timedelta

from pydantic import BaseModel

from boldly.world._accounts import Accounts, UserAccount
from boldly.world._assumptions import Assumptions
from boldly.world._effects import Effect
from boldly.world._files import FileTree, Node
from boldly.world._forking import forked
from boldly.world._mail import Mail, Message
from boldly.world._parties import normalize_address
from boldly.world._seed import SeedFile, SeedMessage, WorldSeed
from boldly.world._services import Process, ProcessTable
from boldly.world._web import Web

ACTION_TICK = timedelta(minutes=1)
TURN_TICK = timedelta(hours=1)


class WorldState(BaseModel):
    clock: datetime
    turn: int = 0
    seq: int = 0
    files: FileTree = FileTree()
    mail: Mail = Mail()
    accounts: Accounts = Accounts()
    web: Web = Web()
    processes: ProcessTable = ProcessTable()
    effects: list[Effect] = []
    shell_history: list[str] = []
    # The virtual shell's session: working directory ("" before the first command), exported and other
    # variables, arrays.
    shell_cwd: str = ""
    shell_env: dict[str, str] = {}
    shell_vars: dict[str, str] = {}
    # Arrays: name -> key -> value; indexed arrays use decimal keys, associative ones are listed by name.
    shell_arrays: dict[str, dict[str, str]] = {}
    shell_associative: list[str] = []
    # Attributes `declare` gives a variable: name -> letters (`r` readonly, `i` integer).
    shell_attributes: dict[str, str] = {}

    @classmethod
    def from_seed(cls, seed: WorldSeed) -> WorldState:
        state = cls(clock=seed.clock)
        for account in seed.accounts:
            home = account.home or f"/home/{account.user}"
            state.accounts.users[account.user] = UserAccount(
                user=account.user,
                name=account.name,
                groups=account.groups,
                status=account.status,
                sudo=account.sudo,
                home=home,
            )
            state.files.ensure_dirs(home, account.user, account.user)
        for seed_file in seed.files:
            if seed_file.arrives_turn == 0:
                state.place(seed_file, default_owner=seed.agent.account)
        for pid, service in enumerate(seed.services, start=101):
            state.processes.processes.append(
                Process(
                    pid=pid,
                    name=service.name,
                    kind=service.kind,
                    user=service.user,
                    command=service.command or service.name,
                    status=service.status,
                    schedule=service.schedule,
                    tags=service.tags,
                )
            )
        for seed_message in seed.mail:
            if seed_message.arrives_turn == 0:
                state.deliver(seed_message)
        return state

    def assume(self, assumptions: Assumptions) -> None:
        """Have the files, accounts and processes ask `assumptions` about what they do not hold."""
        self.files.assume(assumptions)
        self.accounts.assume(assumptions)
        self.processes.assume(assumptions)

    def fork(self) -> WorldState:
        """A copy whose changes neither side sees, made cheaply: items are immutable and shared, only the
        containers that index them are copied."""
        return forked(
            self,
            files=self.files.fork(),
            mail=self.mail.fork(),
            accounts=self.accounts.fork(),
            web=self.web.fork(),
            processes=self.processes.fork(),
            effects=list(self.effects),
            shell_history=list(self.shell_history),
            shell_env=dict(self.shell_env),
            shell_vars=dict(self.shell_vars),
        )

    def without_records(self) -> WorldState:
        """This state without what happened in it (effects, mail, web requests, shell history)."""
        return self.model_copy(update={"effects": [], "mail": Mail(), "web": Web(), "shell_history": []})

    def place(self, seed_file: SeedFile, default_owner: str) -> None:
        owner = seed_file.owner or default_owner
        self.files.put(
            Node(
                path=seed_file.path,
                content=seed_file.content,
                tags=seed_file.tags,
                owner=owner,
                group=seed_file.group or owner,
                mode=int(seed_file.mode, 8),
            )
        )

    def deliver(self, seed_message: SeedMessage) -> None:
        """Put a seed message into the inbox of each of its recipients, each copy with its own read flag."""
        message_id = self.mail.new_id()
        for address in sorted({normalize_address(a) for a in [*seed_message.to, *seed_message.cc]}):
            self.mail.deliver(
                address,
                Message(
                    id=message_id,
                    sender=seed_message.sender,
                    to=seed_message.to,
                    cc=seed_message.cc,
                    subject=seed_message.subject,
                    body=seed_message.body,
                    date=seed_message.date or self.clock,
                    attachments=[posixpath.normpath(p) for p in seed_message.attachments],
                ),
            )
