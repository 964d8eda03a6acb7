"""Declared tools at work: a declaration read as a tool spec whose effects run over World operations.

The same operations the canonical tools use, so a declared `move_file` is the world's move (its destination
overwritten is data destroyed) and a declared `send_message` to a chat channel is reach, recorded with the
party the directory gives the channel. The guard classifies a declared call by running it on a fork of its
world, exactly as the scorer does in a scenario.
"""

from __future__ import annotations

import json
import posixpath
from typing import TYPE_CHECKING, Any

from boldly.world._declarations import (
    ACCOUNT_OPS,
    PROCESS_OPS,
    READ_OPS,
    STATEFUL_OPS,
    DeclaredTool,
    EffectTemplate,
    TargetRef,
)
from boldly.world._effects import Channel, DataRef, Op, Target
from boldly.world._errors import WorldError
from boldly.world.tools._spec import ArgumentsError, ToolSpec, expected_arguments, invalid_arguments

if TYPE_CHECKING:
    from boldly.world._world import World

DEFAULT_CHANNELS: dict[Op, Channel] = {
    Op.SEND_MESSAGE: Channel.EMAIL,
    Op.HTTP_REQUEST: Channel.HTTP,
    Op.PUBLISH: Channel.HTTP,
    Op.PAYMENT: Channel.PAYMENTS,
    Op.ACCESS_GRANT: Channel.SHARING,
    Op.ACCESS_REVOKE: Channel.SHARING,
    Op.RECORD_CHANGE: Channel.RECORDS,
    Op.REMOTE_COPY: Channel.SSH,
}
IRREVERSIBLE = frozenset({Op.SEND_MESSAGE, Op.PUBLISH, Op.PAYMENT, Op.REMOTE_COPY})


def declared_spec(name: str, declared: DeclaredTool, aliases: dict[str, ToolSpec]) -> ToolSpec:
    """The spec of a declared tool; `aliases`: the canonical specs an alias may stand for."""
    parameters = declared.input_schema or _parameters_from_templates(declared)
    expected = expected_arguments(parameters)
    if declared.tool is not None:
        canonical = aliases[declared.tool]
        return ToolSpec(
            name=name,
            description=declared.description or canonical.description,
            parameters=declared.input_schema or _renamed_parameters(canonical, declared),
            parse=lambda raw: canonical.parse(alias_arguments(name, declared, raw, canonical)),
            run=canonical.run,
            read_only=canonical.read_only,
            changes_state=canonical.changes_state,
            path_args=tuple(declared.args.get(a, a) for a in canonical.path_args),
            view=declared.view,
        )
    templates = declared.effects or []
    return ToolSpec(
        name=name,
        description=declared.description or name.replace("_", " "),
        parameters=parameters,
        parse=lambda raw: _checked(name, declared, raw, expected),
        run=lambda world, args: _perform(world, declared, args),
        read_only=declared.read_only,
        changes_state=any(t.op in STATEFUL_OPS for t in templates),
        path_args=declared.path_args,
        view=declared.view,
    )


def alias_arguments(name: str, declared: DeclaredTool, raw: dict[str, Any], canonical: ToolSpec) -> dict:
    """An alias's call in the canonical tool's argument names; an argument it does not know is an error."""
    foreign_to_canonical = {foreign: own for own, foreign in declared.args.items()}
    fields = canonical.parameters["properties"]
    args: dict[str, Any] = dict(declared.fixed)
    for key, value in raw.items():
        if key in declared.ignore:
            continue
        own = foreign_to_canonical.get(key, key)
        if own not in fields:
            raise ArgumentsError(
                f"argument {key!r} of {name!r} is not in its declaration as {canonical.name} "
                f"(map it under tools.{name}.args, or list it under ignore)"
            )
        args[own] = value
    return args


def _renamed_parameters(canonical: ToolSpec, declared: DeclaredTool) -> dict[str, Any]:
    properties = canonical.parameters["properties"]
    shown = {declared.args.get(n, n): p for n, p in properties.items() if n not in declared.fixed}
    required = [declared.args.get(n, n) for n in canonical.parameters["required"] if n not in declared.fixed]
    return {"type": "object", "properties": shown, "required": required}


def _parameters_from_templates(declared: DeclaredTool) -> dict[str, Any]:
    """Without a schema: every argument a template reads is required, any ignored one optional."""
    used = list(dict.fromkeys(n for t in declared.effects or [] for n in t.arguments()))
    properties = {n: {"description": n.replace("_", " ")} for n in [*used, *declared.ignore]}
    return {"type": "object", "properties": properties, "required": used}


def _checked(name: str, declared: DeclaredTool, raw: dict[str, Any], expected: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise invalid_arguments(name, ["arguments: not an object"], expected)
    accounted = declared.accounted()
    unknown = [key for key in raw if key not in accounted]
    if unknown:
        problems = [
            f"argument '{key}' is not in the tool's declaration (declare what it does, or list it under "
            "ignore)"
            for key in unknown
        ]
        raise invalid_arguments(name, problems, expected)
    if declared.input_schema is not None:
        from jsonschema import Draft202012Validator  # only for tools declared with a schema

        errors = sorted(Draft202012Validator(declared.input_schema).iter_errors(raw), key=lambda e: e.path)
        if errors:
            problems = [
                f"argument '{'.'.join(map(str, e.path)) or 'arguments'}': {e.message}" for e in errors
            ]
            raise invalid_arguments(name, problems, expected)
    else:
        missing = [n for t in declared.effects or [] for n in t.arguments() if n not in raw]
        if missing:
            raise invalid_arguments(name, [f"argument '{n}': missing" for n in missing], expected)
    return raw


# -- carrying a call out ---------------------------------------------------------------------------------


def _perform(world: World, declared: DeclaredTool, args: dict[str, Any]) -> str:
    outputs = [_effect(world, declared, template, args) for template in declared.effects or []]
    if declared.result:
        return declared.result.format_map(_Arguments(args))
    return "\n".join(text for text in outputs if text) or "OK"


class _Arguments(dict[str, Any]):
    """A call's arguments for a result template; an argument not given reads as empty."""

    def __init__(self, args: dict[str, Any]) -> None:
        super().__init__({key: _text(value) for key, value in args.items()})

    def __missing__(self, key: str) -> str:
        return ""


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _values(args: dict[str, Any], name: str) -> list[str]:
    """An argument as a list of strings: a string is one, a list is each of its items."""
    value = args.get(name)
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(item, str | int | float) and not isinstance(item, bool) for item in items):
        raise WorldError(f"argument {name!r}: expected a string or a list of strings")
    return [str(item) for item in items]


def _content(args: dict[str, Any], template: EffectTemplate) -> str:
    return "\n".join(_text(args[name]) for name in template.content if args.get(name) is not None)


def _path(world: World, declared: DeclaredTool, value: str) -> str:
    """An absolute path: `~` is the agent's home, a relative path resolves against the first root."""
    if value.startswith(("/", "~")) or not declared.roots:
        return world.abspath(value)
    return posixpath.normpath(posixpath.join(declared.roots[0], value))


def _targets(world: World, template: EffectTemplate, args: dict[str, Any]) -> list[Target]:
    targets = []
    for ref in template.to:
        for value in _ref_values(world, ref, args):
            targets.append(world.resolve_target(ref.kind, value, ref.unknown_party))
    return targets


def _ref_values(world: World, ref: TargetRef, args: dict[str, Any]) -> list[str]:
    if ref.agent:
        return [world.agent.user if ref.kind == "account" else world.seed.agent.address]
    if ref.value is not None:
        return [ref.value]
    return _values(args, ref.arg or "")


def _effect(world: World, declared: DeclaredTool, template: EffectTemplate, args: dict[str, Any]) -> str:
    op = template.op
    user = world.agent.user
    paths = [_path(world, declared, value) for name in template.path for value in _values(args, name)]
    if op in READ_OPS:
        return "\n".join(world.read_file(path, user) for path in paths)
    if op is Op.FILE_WRITE:
        for path in paths:
            if template.directory:
                world.make_dir(path, user, parents=True)
            else:
                existing = world.state.files.get(path)
                unchanged = existing.content if existing is not None and not existing.is_dir else ""
                world.write_file(path, _content(args, template) if template.content else unchanged, user)
        return ""
    if op is Op.FILE_DELETE:
        for path in paths:
            world.delete(path, user, recursive=True)
        return ""
    if op in (Op.FILE_MOVE, Op.FILE_COPY):
        destinations = _values(args, template.destination or "")
        if len(destinations) != 1:
            raise WorldError(f"argument {template.destination!r}: expected one destination path")
        destination = _path(world, declared, destinations[0])
        for path in paths:
            if op is Op.FILE_MOVE:
                world.move(path, destination, user)
            else:
                world.copy(path, destination, user, recursive=True)
        return ""
    if op in ACCOUNT_OPS:
        for ref in template.to:
            for value in _ref_values(world, ref, args):
                world.change_account(op, value, world.admin_user())
        return ""
    if op in PROCESS_OPS:
        for ref in template.to:
            for value in _ref_values(world, ref, args):
                world.change_process(op, value, world.admin_user())
        return ""
    return _reach(world, declared, template, args, paths)


def _reach(
    world: World, declared: DeclaredTool, template: EffectTemplate, args: dict[str, Any], paths: list[str]
) -> str:
    """Messages, web requests, posts, payments, shares, record changes: whom it reaches, what it carries."""
    op = template.op
    channel = template.channel or DEFAULT_CHANNELS[op]
    content = _content(args, template)
    data = _data(world, declared, template, args)
    if op is Op.HTTP_REQUEST:
        method = template.method or ("POST" if content else "GET")
        texts = []
        for value in [v for ref in template.to for v in _ref_values(world, ref, args)]:
            status, text = world.http(method.upper(), value, content, data)
            texts.append(f"HTTP {status}\n\n{text}")
        return "\n\n".join(texts)
    targets = _targets(world, template, args)
    if op is Op.SEND_MESSAGE and channel is Channel.EMAIL and all(t.kind == "address" for t in targets):
        world.send_mail([t.value for t in targets], "", content, data=data)
        return ""
    if op is Op.REMOTE_COPY:
        for target in targets:
            world.remote(op, target.value, data=data)
        return ""
    reversible = template.reversible if template.reversible is not None else op not in IRREVERSIBLE
    detail = f"{len(content)} characters" if content else ""
    world.reach(op, channel, targets, data=data, reversible=reversible, detail=detail)
    return ""


def _data(
    world: World, declared: DeclaredTool, template: EffectTemplate, args: dict[str, Any]
) -> list[DataRef]:
    """What a reach carries or touches: files (a path, or relative under the tool's roots), else records."""
    refs: list[DataRef] = []
    for name in template.path:
        for value in _values(args, name):
            if value.startswith(("/", "~")) or declared.roots:
                refs += world.attach([_path(world, declared, value)], world.agent.user)
            else:
                refs.append(DataRef(path=value))
    return refs
