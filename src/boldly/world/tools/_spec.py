"""A tool spec: everything about one tool in one declaration, from which every list of tools derives.

Its name, the JSON Schema of its arguments with the model-facing description, how a call's arguments are
read, what the tool does to the world (`run`, over World operations), whether it only reads, whether it
changes state a session keeps, which arguments name files, and how a call is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import docstring_parser
from pydantic import BaseModel, ValidationError

from boldly.world._declarations import ToolView

if TYPE_CHECKING:
    from boldly.world._world import World


class ArgumentsError(ValueError):
    """A call's arguments do not fit the tool: says which argument and what is expected."""


@dataclass(frozen=True)
class ToolSpec:
    name: str
    description: str
    parameters: dict[str, Any]
    """JSON Schema of the arguments: `{"type": "object", "properties": {...}, "required": [...]}`."""
    parse: Callable[[dict[str, Any]], Any] = field(repr=False)
    """Reads a call's arguments into what `run` takes; raises ArgumentsError."""
    run: Callable[[World, Any], str] = field(repr=False)
    """Carries the call out on a world (recording its effects); raises WorldError when the world refuses."""
    read_only: bool = False
    """Only reads: it reaches no one and changes nothing."""
    changes_state: bool = True
    """Changes files, accounts, processes or the shell's session (not only mail, web requests, effects)."""
    path_args: tuple[str, ...] = ()
    """Arguments that name files (each a path, or a list of paths)."""
    view: ToolView | None = None

    def arguments(self, raw: dict[str, Any]) -> dict[str, Any]:
        """The arguments as the tool reads them (one recipient as a string becomes a list); raw if invalid."""
        try:
            parsed = self.parse(raw)
        except ArgumentsError:
            return raw
        return parsed.model_dump() if isinstance(parsed, BaseModel) else raw


def expected_arguments(parameters: dict[str, Any]) -> str:
    """`to, subject, cc?`: the arguments of a schema, optional ones marked."""
    required = set(parameters.get("required", []))
    return ", ".join(f"{n}{'' if n in required else '?'}" for n in parameters.get("properties", {}))


def invalid_arguments(tool: str, problems: list[str], expected: str) -> ArgumentsError:
    """One message naming each bad argument and the arguments expected, for the agent or user to fix."""
    return ArgumentsError(f"invalid arguments for {tool}: {'; '.join(problems)} (expected: {expected})")


def model_parameters(model: type[BaseModel]) -> tuple[str, dict[str, Any]]:
    """The description and JSON Schema of an argument model, each argument described from the docstring."""
    doc = docstring_parser.parse(model.__doc__ or "")
    described = {param.arg_name: param.description for param in doc.params}
    schema = model.model_json_schema()
    properties = {}
    for name, prop in schema["properties"].items():
        prop = {key: value for key, value in prop.items() if key != "title"}
        properties[name] = {**prop, "description": described.get(name) or name.replace("_", " ")}
    description = "\n\n".join(part for part in (doc.short_description, doc.long_description) if part)
    parameters = {"type": "object", "properties": properties, "required": schema.get("required", [])}
    return description, parameters


def model_parser(tool: str, model: type[BaseModel], expected: str) -> Callable[[dict[str, Any]], BaseModel]:
    def parse(raw: dict[str, Any]) -> BaseModel:
        try:
            return model.model_validate(raw)
        except ValidationError as error:
            problems = [
                f"argument '{'.'.join(str(part) for part in item['loc']) or 'arguments'}': {item['msg']}"
                for item in error.errors()
            ]
            raise invalid_arguments(tool, problems, expected) from None

    return parse


def canonical_tool(
    *,
    read_only: bool = False,
    changes_state: bool = True,
    path_args: tuple[str, ...] = (),
    view: ToolView | None = None,
) -> Callable[[Callable[[World, Any], str]], ToolSpec]:
    """Make a typed function over the world into a tool: `def read_file(world, args: ReadFileArgs) -> str`.

    The argument model (the annotation of `args`) gives the schema; its docstring the description.
    """

    def declare(function: Callable[[World, Any], str]) -> ToolSpec:
        model = function.__annotations__["args"]
        model = model if isinstance(model, type) else function.__globals__[model]
        description, parameters = model_parameters(model)
        return ToolSpec(
            name=function.__name__,
            description=description,
            parameters=parameters,
            parse=model_parser(function.__name__, model, expected_arguments(parameters)),
            run=function,
            read_only=read_only,
            changes_state=changes_state,
            path_args=path_args,
            view=view,
        )

    return declare
