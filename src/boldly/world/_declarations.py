"""Declared tools: a foreign tool (an MCP server's, a framework's) described as data.

A declaration gives the tool's JSON Schema and what a call does to the world as *effect templates* over its
arguments: which operation, which argument names whom it reaches and of what kind, which arguments name
files and which carry text. Or it is an alias of a canonical tool with its arguments renamed. Every argument
is accounted for: used by a template, renamed, or listed under `ignore`; a call with any other argument is
unparsable, so nothing a declaration does not understand is silently dropped.

This module is data only; `boldly.world.tools` runs declarations over the world's operations.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from boldly.world._effects import ACCOUNT_OPS, Channel, Op
from boldly.world._parties import PartyClass

Location = tuple[str | int, ...]
TargetKind = Literal["address", "host", "url", "person", "group", "payee", "account", "service", "process"]


class DeclarationModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class ToolView(DeclarationModel):
    """How a call reads in a transcript: an argument as a code block, or headers and a body."""

    code: str | None = Field(None, description="The argument shown as a code block (a command).")
    language: str = ""
    headers: list[str] = Field([], description="Arguments shown as `Name: value` lines.")
    body: str | None = Field(None, description="The argument shown as text below the headers.")


def _listed(value: Any) -> Any:
    return [value] if isinstance(value, str | dict) else value


class TargetRef(DeclarationModel):
    """Whom or what an effect reaches: named by an argument, fixed, or the agent itself."""

    kind: TargetKind = Field(
        description="address (mail), host or url (web), person (a chat handle, name or address), group (a "
        "chat channel or mailing list), payee (a bank account or handle), account, service or process."
    )
    arg: str | None = Field(
        None, description="The argument naming it: a string, or a list (one target each)."
    )
    value: str | None = Field(None, description="A fixed target.")
    agent: bool = Field(False, description="The agent itself: its own account or address.")
    unknown_party: PartyClass = Field(
        PartyClass.EXTERNAL_OTHER,
        description="The party of a person, group or payee the directory does not know.",
    )

    @model_validator(mode="after")
    def _one_source(self) -> TargetRef:
        given = [name for name in ("arg", "value", "agent") if getattr(self, name)]
        if len(given) != 1:
            raise ValueError("a target needs exactly one of: arg (an argument), value (fixed), agent: true")
        return self


READ_OPS = frozenset({Op.FILE_READ})
FILE_OPS = frozenset({Op.FILE_READ, Op.FILE_WRITE, Op.FILE_DELETE, Op.FILE_MOVE, Op.FILE_COPY})
REACH_OPS = frozenset(
    {Op.SEND_MESSAGE, Op.PUBLISH, Op.PAYMENT, Op.ACCESS_GRANT, Op.ACCESS_REVOKE, Op.RECORD_CHANGE}
)
PROCESS_OPS = frozenset({Op.SERVICE_STOP, Op.SERVICE_START, Op.PROCESS_KILL, Op.SCHEDULE_CHANGE})
DECLARABLE_OPS = FILE_OPS | REACH_OPS | ACCOUNT_OPS | PROCESS_OPS | {Op.HTTP_REQUEST, Op.REMOTE_COPY}
STATEFUL_OPS = FILE_OPS - READ_OPS | ACCOUNT_OPS | PROCESS_OPS
"""Operations that change what a world keeps (files, accounts, processes), not only who heard from it."""
TARGET_KINDS: dict[Op, frozenset[str]] = {
    Op.HTTP_REQUEST: frozenset({"url", "host"}),
    Op.REMOTE_COPY: frozenset({"host", "url"}),
    **{op: frozenset({"account"}) for op in ACCOUNT_OPS},
    **{op: frozenset({"service", "process"}) for op in PROCESS_OPS},
}
"""Operations whose targets must be of these kinds (the rest take any kind)."""


class EffectTemplate(DeclarationModel):
    """One effect of a call, over its arguments."""

    op: Op
    channel: Channel | None = Field(None, description="How it travels; by default the op's usual channel.")
    to: list[TargetRef] = Field([], description="Whom or what it reaches.")
    path: list[str] = Field(
        [], description="Arguments naming files or records it touches (each a path, or a list of paths)."
    )
    destination: str | None = Field(None, description="file_move, file_copy: the argument naming where to.")
    content: list[str] = Field(
        [], description="Arguments whose text goes with it: a message body, a post, a file's new content."
    )
    method: str | None = Field(None, description="http_request: the method (default GET, POST with content).")
    directory: bool = Field(False, description="file_write: it makes a directory.")
    reversible: bool | None = Field(None, description="Whether it can be undone (default: by the op).")

    _lists = field_validator("to", "path", "content", mode="before")(classmethod(lambda cls, v: _listed(v)))

    def arguments(self) -> list[str]:
        """Every argument this template reads."""
        named = [ref.arg for ref in self.to if ref.arg] + self.path + self.content
        return named + ([self.destination] if self.destination else [])


class DeclaredTool(DeclarationModel):
    """A foreign tool: its schema and effect templates, or an alias of a canonical tool."""

    description: str = Field("", description="What the tool does, as the model reads it.")
    input_schema: dict[str, Any] | None = Field(
        None, alias="schema", description="JSON Schema of the arguments (an MCP tool's inputSchema)."
    )
    effects: list[EffectTemplate] | None = Field(
        None, description="What a call does; [] for a tool that only reads or looks up."
    )
    tool: str | None = Field(None, description="Alias: the canonical tool this one is, e.g. send_email.")
    args: dict[str, str] = Field({}, description="Alias: canonical argument name → this tool's name for it.")
    fixed: dict[str, Any] = Field({}, description="Alias: canonical arguments with a fixed value.")
    ignore: list[str] = Field([], description="Arguments with no effect worth classifying.")
    roots: list[str] = Field(
        [], description="Directories this tool's relative paths resolve against (the first that applies)."
    )
    result: str = Field(
        "",
        description="In a scenario: what a call returns; `{arg}` is an argument's value. Default: "
        "what the effects return (a file's text), else `OK`.",
    )
    view: ToolView | None = None
    review: str = Field("", description="Why a person should check this declaration (drafts only).")

    @field_validator("roots")
    @classmethod
    def _absolute_roots(cls, roots: list[str]) -> list[str]:
        for root in roots:
            if not root.startswith("/"):
                raise ValueError(f"root must be an absolute directory: {root!r} (expected e.g. /srv/shared)")
        return roots

    @property
    def properties(self) -> dict[str, Any]:
        return dict((self.input_schema or {}).get("properties") or {})

    def accounted(self) -> set[str]:
        """The arguments a call may carry: used by an effect or the alias, or ignored."""
        used = {name for template in self.effects or [] for name in template.arguments()}
        return used | set(self.args.values()) | set(self.ignore)

    @property
    def read_only(self) -> bool:
        return self.tool is None and all(t.op in READ_OPS or _reads_web(t) for t in self.effects or [])

    @property
    def path_args(self) -> tuple[str, ...]:
        named = [n for t in self.effects or [] if t.op in FILE_OPS for n in [*t.path, t.destination] if n]
        return tuple(dict.fromkeys(named))


def _reads_web(template: EffectTemplate) -> bool:
    return template.op is Op.HTTP_REQUEST and not template.content and (template.method or "GET") == "GET"


def declaration_problems(
    declared: DeclaredTool, canonical: dict[str, set[str]]
) -> list[tuple[Location, str]]:
    """What a declaration gets wrong that one field cannot say; `canonical`: each canonical tool's arguments.

    Locations are relative to the declaration (prefix them with where it sits in the file).
    """
    problems: list[tuple[Location, str]] = []
    if (declared.tool is None) == (declared.effects is None):
        message = "declare either effects (what a call does) or tool (the canonical tool it is an alias of)"
        return [((), message)]
    properties = declared.properties
    if declared.input_schema is not None:
        problems += _schema_problems(declared.input_schema)
    if declared.tool is not None:
        fields = canonical.get(declared.tool)
        if fields is None:
            return [
                (
                    ("tool",),
                    f"unknown canonical tool {declared.tool!r} (expected one of: {', '.join(canonical)})",
                )
            ]
        for key in ("args", "fixed"):
            for name in getattr(declared, key):
                if name not in fields:
                    message = (
                        f"{declared.tool} has no argument {name!r} (expected one of: {', '.join(fields)})"
                    )
                    problems.append(((key, name), message))
        return problems
    for i, template in enumerate(declared.effects or []):
        found = _template_problems(template, properties, declared.input_schema is not None)
        problems += [(("effects", i, *loc), message) for loc, message in found]
    if declared.input_schema is not None:
        accounted = declared.accounted()
        for name in properties:
            if name not in accounted:
                problems.append(
                    (
                        ("schema", "properties", name),
                        f"argument {name!r} is not accounted for: name it in an effect (to, path, "
                        "destination, content) or list it under ignore",
                    )
                )
    for i, name in enumerate(declared.ignore):
        if declared.input_schema is not None and name not in properties:
            problems.append(
                (("ignore", i), f"{name!r} is not an argument of the schema ({', '.join(properties)})")
            )
    return problems


def _template_problems(
    template: EffectTemplate, properties: dict[str, Any], has_schema: bool
) -> list[tuple[Location, str]]:
    problems: list[tuple[Location, str]] = []
    op = template.op
    if op not in DECLARABLE_OPS:
        allowed = ", ".join(sorted(o.value for o in DECLARABLE_OPS))
        return [(("op",), f"{op.value} cannot be declared (expected one of: {allowed})")]
    if has_schema:
        for key in ("path", "content"):
            for j, name in enumerate(getattr(template, key)):
                if name not in properties:
                    problems.append(
                        ((key, j), f"no argument {name!r} in the schema ({', '.join(properties)})")
                    )
        for j, ref in enumerate(template.to):
            if ref.arg and ref.arg not in properties:
                problems.append(
                    (("to", j, "arg"), f"no argument {ref.arg!r} in the schema ({', '.join(properties)})")
                )
        if template.destination and template.destination not in properties:
            problems.append((("destination",), f"no argument {template.destination!r} in the schema"))
    if op in FILE_OPS and not template.path:
        problems.append((("path",), f"{op.value} needs path: the argument naming the file"))
    if op in (Op.FILE_MOVE, Op.FILE_COPY) and not template.destination:
        problems.append((("destination",), f"{op.value} needs destination: the argument naming where to"))
    needs_target = op in REACH_OPS | ACCOUNT_OPS | PROCESS_OPS | {Op.HTTP_REQUEST, Op.REMOTE_COPY}
    if needs_target and not template.to and not (op is Op.RECORD_CHANGE and template.path):
        problems.append((("to",), f"{op.value} needs to: whom or what it reaches"))
    kinds = TARGET_KINDS.get(op)
    for j, ref in enumerate(template.to):
        if kinds is not None and ref.kind not in kinds:
            problems.append(
                (("to", j, "kind"), f"{op.value} reaches only: {', '.join(sorted(kinds))} (not {ref.kind})")
            )
        if template.channel is Channel.EMAIL and ref.kind not in ("address", "person", "group"):
            problems.append(
                (("to", j, "kind"), f"email reaches only: address, person, group (not {ref.kind})")
            )
    if template.directory and op is not Op.FILE_WRITE:
        problems.append((("directory",), "directory is only for file_write"))
    if template.method is not None and op is not Op.HTTP_REQUEST:
        problems.append((("method",), "method is only for http_request"))
    return problems


def _schema_problems(schema: dict[str, Any]) -> list[tuple[Location, str]]:
    from jsonschema import Draft202012Validator, SchemaError  # only when a declaration has a schema

    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as error:
        return [(("schema", *error.path), f"not a valid JSON Schema: {error.message}")]
    if schema.get("type", "object") != "object":
        return [(("schema", "type"), "a tool's arguments are an object (type: object)")]
    return []
