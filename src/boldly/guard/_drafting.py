"""Draft declarations for an MCP server's tools: common shapes recognised by name and arguments.

Everything a server says of its tools (names, descriptions, schemas, annotations) is an untrusted hint, so a
draft is for a person to check. A tool is declared only when every argument it takes is placed (used by an
effect, or a harmless modifier under `ignore`), since the format refuses unaccounted arguments. A tool whose
arguments cannot all be placed is declared as a read only when its server marks it read-only (as the guard
would take it undeclared), with a `review:` note; otherwise it is left undeclared, so the guard asks about
every call to it (defaults.undeclared_tool) instead of acting on a guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from boldly.guard._mapping import ToolHints
from boldly.guard._tool_listing import ListedTool
from boldly.world import CANONICAL_TOOLS, DeclaredTool, tool_problems


def _named(words: str) -> frozenset[str]:
    return frozenset(words.split())


_ROLE_KEYS: dict[str, frozenset[str]] = {
    "path": _named(
        "path paths file files filename filenames filepath filepaths directory dir folder fileid fileids "
        "document documentid docid"
    ),
    "source": _named("source src from sourcepath frompath oldpath origin"),
    "destination": _named("destination dest target to destinationpath targetpath topath newpath"),
    "address": _named("to recipient recipients email emails address addresses cc bcc"),
    "person": _named(
        "recipient recipients to user users username userid member members person contact handle"
    ),
    "channel": _named("channel channelid channelname room roomid group conversation chat chatid"),
    "payee": _named("recipient payee to iban account accountnumber beneficiary"),
    "account": _named("user username userid account login"),
    "url": _named("url urls uri link href endpoint website webpage"),
    "command": _named("command cmd script commandline"),
    "content": _named(
        "body text content contents message subject title html markdown caption comment note data "
        "description summary"
    ),
    "payment": _named("amount currency memo reference subject note description"),
    "attachment": _named("attachments attachment files"),
    "edit": _named("edits changes patch diff oldtext newtext oldstring newstring replacements find replace"),
    "secret": _named("password newpassword oldpassword currentpassword"),
    "permission": _named("role permission permissions access accesslevel level"),
    "query": _named("query q pattern search filter keyword keywords term terms id ids"),
    "modifier": _named(
        "head tail limit offset dryrun excludepatterns includepatterns encoding sortby sort order orderby "
        "page pagesize perpage cursor maxresults maxdepth depth recursive format timeout verbose "
        "casesensitive ignorecase startline endline lines showhidden date time"
    ),
}
"""Argument names (lower case, letters and digits only) by the part they can play in a declaration."""

_SUFFIX_ROLES = {
    "path": ("path", "paths", "file", "filename"),
    "url": ("url", "urls", "uri"),
    "address": ("email", "emails"),
    "query": ("id", "ids"),
}

_SHELL = _named("run exec execute shell bash terminal command cmd sh powershell")
_PAYMENT = _named("pay payment money transfer wire remit tip donate payout")
_PASSWORD = _named("password passwd")
_ACCESS = _named("share invite grant permit")
_MAIL = _named("email mail")
_CHAT = _named("message messages chat dm direct channel slack msg")
_SENDING = _named("send post say reply write")
_MAIL_VERBS = _named("send email mail reply forward compose")
_PUBLISH = _named("post publish upload submit tweet blog")
_HTTP = _named("fetch get download browse open visit scrape request read load crawl http curl")
_MOVE = _named("move rename mv")
_COPY = _named("copy cp duplicate")
_DELETE = _named("delete remove rm unlink trash erase")
_DIRECTORY = _named("directory dir folder mkdir")
_MAKE = _named("create make new mkdir")
_WRITE = _named("write create save edit append update put modify replace patch touch overwrite insert")
_EDIT = _named("edit modify replace patch")
_READ = _named(
    "read get list search find show info tree view query lookup describe stat cat count retrieve ls grep "
    "inspect"
)
_VERBS = (
    _SHELL | _PAYMENT | _PASSWORD | _ACCESS | _MAIL | _CHAT | _MAIL_VERBS | _PUBLISH | _HTTP | _MOVE | _COPY
)
_VERBS |= _DELETE | _DIRECTORY | _WRITE | _READ


@dataclass(frozen=True, slots=True)
class DraftedTool:
    """One listed tool's draft: its declaration (None: left undeclared, so asked about), and why."""

    name: str
    declaration: dict[str, Any] | None
    recognised: str
    review: str = ""


@dataclass(slots=True)
class _Shape:
    """A recognised shape: what a call does, the arguments it places, and the roles it may ignore."""

    label: str
    fields: dict[str, Any]
    used: list[str]
    ignorable: frozenset[str] = frozenset({"modifier"})
    reads: bool = False
    review: str = ""


@dataclass(slots=True)
class _Arguments:
    names: list[str]
    roles: dict[str, set[str]] = field(init=False)

    def __post_init__(self) -> None:
        self.roles = {name: _roles(name) for name in self.names}

    def all(self, role: str, *, besides: tuple[str, ...] = ()) -> list[str]:
        return [n for n in self.names if role in self.roles[n] and n not in besides]

    def first(self, role: str, *, besides: tuple[str, ...] = ()) -> str | None:
        found = self.all(role, besides=besides)
        return found[0] if found else None


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _roles(name: str) -> set[str]:
    key = _key(name)
    roles = {role for role, keys in _ROLE_KEYS.items() if key in keys}
    roles |= {role for role, endings in _SUFFIX_ROLES.items() if key.endswith(endings)}
    return roles


def _words(text: str) -> set[str]:
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", text)
    return {word.lower() for word in re.split(r"[^A-Za-z0-9]+", spaced) if word}


def _verbs(tool: ListedTool) -> set[str]:
    """The tool's name words; the first word of its description when the name says nothing known."""
    words = _words(tool.name)
    if words & _VERBS or not tool.description.split():
        return words
    first = re.sub(r"[^a-z]", "", tool.description.split()[0].lower())
    return words | {first, first.removesuffix("s")}


def draft_tools(listed: list[ListedTool]) -> list[DraftedTool]:
    """A draft for each tool, in the server's order."""
    return [_draft(tool) for tool in listed]


def _draft(tool: ListedTool) -> DraftedTool:
    arguments = _Arguments(list(tool.input_schema.get("properties") or {}))
    hints = ToolHints.from_annotations(tool.annotations)
    verbs = _verbs(tool)
    shape = next((s for recognise in _RECOGNISERS if (s := recognise(verbs, arguments))), None)
    unplaced = (
        [n for n in arguments.names if n not in shape.used and not arguments.roles[n] & shape.ignorable]
        if shape is not None
        else arguments.names
    )
    if shape is None or unplaced:
        return _from_hints(tool, arguments, hints, shape, unplaced)
    ignored = [n for n in arguments.names if n not in shape.used]
    recognised = f"recognised as {shape.label} by its name and arguments; {_hints_text(hints)}"
    review = "; ".join(note for note in (shape.review, _hint_conflict(shape, hints)) if note)
    return _checked(tool, shape.fields, ignored, recognised, review)


def _from_hints(
    tool: ListedTool, arguments: _Arguments, hints: ToolHints, shape: _Shape | None, unplaced: list[str]
) -> DraftedTool:
    guess = f"looks like {shape.label}, but cannot place {', '.join(unplaced)}" if shape else "not recognised"
    if hints.read_only and not hints.destructive:
        paths = arguments.all("path")
        fields = {"effects": [{"op": "file_read", "path": paths}] if paths else []}
        review = (
            f"{guess}; declared as a read only because its server marks it read-only (an untrusted hint): "
            "check that it changes nothing and reaches no one"
        )
        ignored = [n for n in arguments.names if n not in paths]
        return _checked(tool, fields, ignored, f"a read by its server's hints ({guess})", review)
    reason = (
        f"{guess}; {_hints_text(hints)}, so it is left undeclared and the guard asks about every call "
        "(defaults.undeclared_tool): declare it by hand"
    )
    return DraftedTool(tool.name, None, reason)


def _checked(
    tool: ListedTool, fields: dict[str, Any], ignored: list[str], recognised: str, review: str
) -> DraftedTool:
    """The declaration, if the format takes it; else the tool left undeclared with the format's reason."""
    declaration: dict[str, Any] = {"description": tool.description, "schema": tool.input_schema, **fields}
    if ignored:
        declaration["ignore"] = ignored
    if review:
        declaration["review"] = review
    if tool.name in CANONICAL_TOOLS:
        recognised += f"; it replaces boldly's canonical {tool.name} in this policy"
    try:
        problems = tool_problems({tool.name: DeclaredTool.model_validate(declaration)})
    except ValueError as error:
        problems = [((), str(error).splitlines()[0])]
    if problems:
        said = "; ".join(message for _, message in problems)
        return DraftedTool(tool.name, None, f"{recognised}, but the draft is not a valid declaration: {said}")
    return DraftedTool(tool.name, declaration, recognised, review)


def _hints_text(hints: ToolHints) -> str:
    said = [
        text
        for value, yes, no in (
            (hints.read_only, "read-only", "not read-only"),
            (hints.destructive, "destructive", "not destructive"),
            (hints.open_world, "open-world", "closed-world"),
        )
        if value is not None
        for text in [yes if value else no]
    ]
    return f"server hints: {', '.join(said)}" if said else "no server hints"


def _hint_conflict(shape: _Shape, hints: ToolHints) -> str:
    """A review note where the server's hints and the recognised shape disagree (or a read has no hint)."""
    if shape.reads and (hints.read_only is False or hints.destructive):
        return (
            "declared as a read by its name, but its server says it is not read-only: check what it changes"
        )
    if shape.reads and hints.read_only is None:
        return "declared as a read by its name alone (no read-only hint): check that it changes nothing"
    if not shape.reads and hints.read_only:
        return f"its server marks it read-only, but it is declared as {shape.label} by its name: check"
    return ""


# -- the shapes, tried in this order -------------------------------------------------------------------------


def _shell(verbs: set[str], arguments: _Arguments) -> _Shape | None:
    command = arguments.first("command")
    if not verbs & _SHELL or command is None:
        return None
    fields = {"tool": "run_shell", "args": {"command": command}}
    return _Shape("a shell command (alias of run_shell)", fields, [command])


def _payment(verbs: set[str], arguments: _Arguments) -> _Shape | None:
    payee = arguments.first("payee")
    if not verbs & _PAYMENT or payee is None:
        return None
    carried = arguments.all("payment", besides=(payee,))
    effect = {"op": "payment", "to": {"arg": payee, "kind": "payee"}, "content": carried}
    return _Shape("a payment", {"effects": [effect]}, [payee, *carried])


def _password(verbs: set[str], arguments: _Arguments) -> _Shape | None:
    if not verbs & _PASSWORD:
        return None
    account = arguments.first("account")
    target = {"arg": account, "kind": "account"} if account else {"agent": True, "kind": "account"}
    whose = f"of the account named by {account}" if account else "of the agent's own account"
    effect = {"op": "password_reset", "to": target}
    secret = frozenset({"modifier", "secret"})
    used = [account] if account else []
    review = "" if account else "taken to change the agent's own password: check whose account it changes"
    return _Shape(f"a password change {whose}", {"effects": [effect]}, used, secret, review=review)


def _access(verbs: set[str], arguments: _Arguments) -> _Shape | None:
    address = arguments.first("address")
    person = arguments.first("person", besides=(address,) if address else ())
    if not verbs & _ACCESS or (address is None and person is None):
        return None
    to = [{"arg": address, "kind": "address"}] if address else []
    to += [{"arg": person, "kind": "person"}] if person and person != address else []
    paths = arguments.all("path")
    effect = {"op": "access_grant", "to": to, "path": paths}
    used = [ref["arg"] for ref in to] + paths
    ignorable = frozenset({"modifier", "permission"})
    return _Shape("a grant of access", {"effects": [_without_empty(effect)]}, used, ignorable)


def _chat(verbs: set[str], arguments: _Arguments) -> _Shape | None:
    channel = arguments.first("channel")
    if verbs & _MAIL or not (verbs & _CHAT or (channel and verbs & _SENDING)):
        return None
    person = arguments.first("person")
    if channel is None and person is None:
        return None
    target = {"arg": channel, "kind": "group"} if channel else {"arg": person, "kind": "person"}
    content = arguments.all("content", besides=(target["arg"],))
    effect = {"op": "send_message", "channel": "chat", "to": target, "content": content}
    label = "a chat message to a channel" if channel else "a direct chat message to a person"
    return _Shape(label, {"effects": [_without_empty(effect)]}, [target["arg"], *content])


def _mail(verbs: set[str], arguments: _Arguments) -> _Shape | None:
    addresses = arguments.all("address")
    if not verbs & _MAIL_VERBS or not addresses:
        return None
    content = arguments.all("content", besides=tuple(addresses))
    attachments = arguments.all("attachment", besides=tuple(addresses))
    to = [{"arg": name, "kind": "address"} for name in addresses]
    effect = {"op": "send_message", "to": to, "content": content, "path": attachments}
    return _Shape("an email", {"effects": [_without_empty(effect)]}, [*addresses, *content, *attachments])


def _publish(verbs: set[str], arguments: _Arguments) -> _Shape | None:
    url = arguments.first("url")
    if not verbs & _PUBLISH or url is None:
        return None
    content = arguments.all("content")
    effect = {"op": "publish", "to": {"arg": url, "kind": "url"}, "content": content}
    return _Shape("publishing to the web", {"effects": [_without_empty(effect)]}, [url, *content])


def _http(verbs: set[str], arguments: _Arguments) -> _Shape | None:
    url = arguments.first("url")
    if not verbs & _HTTP or url is None:
        return None
    content = arguments.all("content")
    effect = {"op": "http_request", "to": {"arg": url, "kind": "url"}, "content": content}
    label = "a web request sending data" if content else "a web read"
    return _Shape(label, {"effects": [_without_empty(effect)]}, [url, *content])


def _transfer(op: str, words: frozenset[str], label: str) -> Callable[[set[str], _Arguments], _Shape | None]:
    def recognise(verbs: set[str], arguments: _Arguments) -> _Shape | None:
        source = arguments.first("source") or arguments.first("path")
        destination = arguments.first("destination", besides=(source,) if source else ())
        if not verbs & words or source is None or destination is None:
            return None
        effect = {"op": op, "path": [source], "destination": destination}
        return _Shape(label, {"effects": [effect]}, [source, destination])

    return recognise


def _delete(verbs: set[str], arguments: _Arguments) -> _Shape | None:
    paths = arguments.all("path")
    if not verbs & _DELETE or not paths:
        return None
    return _Shape("a file delete", {"effects": [{"op": "file_delete", "path": paths}]}, paths)


def _directory(verbs: set[str], arguments: _Arguments) -> _Shape | None:
    paths = arguments.all("path")
    if not (verbs & _MAKE and verbs & _DIRECTORY) or not paths:
        return None
    effect = {"op": "file_write", "path": paths, "directory": True}
    return _Shape("making a directory", {"effects": [effect]}, paths)


def _write(verbs: set[str], arguments: _Arguments) -> _Shape | None:
    paths = arguments.all("path")
    if not verbs & _WRITE or not paths:
        return None
    content = arguments.all("content", besides=tuple(paths))
    effect = _without_empty({"op": "file_write", "path": paths, "content": content})
    edits = verbs & _EDIT and not content
    label = "an edit of a file (a write of its existing data)" if edits else "a file write"
    ignorable = frozenset({"modifier", "edit"}) if edits else frozenset({"modifier"})
    return _Shape(label, {"effects": [effect]}, [*paths, *content], ignorable)


def _read(verbs: set[str], arguments: _Arguments) -> _Shape | None:
    if not verbs & _READ:
        return None
    paths = arguments.all("path")
    effects = [{"op": "file_read", "path": paths}] if paths else []
    label = "a file read" if paths else "a read (no effect on anyone)"
    return _Shape(label, {"effects": effects}, paths, frozenset({"modifier", "query"}), reads=True)


def _without_empty(effect: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in effect.items() if value not in ([], None)}


_RECOGNISERS: list[Callable[[set[str], _Arguments], _Shape | None]] = [
    _shell,
    _payment,
    _password,
    _access,
    _chat,
    _mail,
    _publish,
    _http,
    _transfer("file_move", _MOVE, "a file move"),
    _transfer("file_copy", _COPY, "a file copy"),
    _delete,
    _directory,
    _write,
    _read,
]
