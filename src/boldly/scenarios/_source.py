"""YAML files validated into pydantic models, with every problem reported as `file:line:column: message`.

All problems in a file are reported at once, each pointing at the key or value at fault, with what was
expected. Nothing is written anywhere while loading.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

Location = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


class Problem(BaseModel):
    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class SourceError(Exception):
    """A file that did not validate; `problems` lists every problem found, in file order."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.column, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


class Document:
    """A parsed YAML file that remembers where each key and value came from."""

    def __init__(self, path: Path, root: Any) -> None:
        self.path = path
        self.root = root

    @classmethod
    def load(cls, path: Path) -> Document:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise SourceError([Problem(file=str(path), line=1, column=1, message="file not found")]) from None
        except (OSError, UnicodeDecodeError) as error:
            raise SourceError(
                [Problem(file=str(path), line=1, column=1, message=f"cannot read: {error}")]
            ) from None
        return cls.parse(path, text)

    @classmethod
    def parse(cls, path: Path, text: str) -> Document:
        yaml = YAML(typ="rt")
        try:
            root = yaml.load(text)
        except MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            what = " ".join(part for part in (error.context, error.problem) if part)
            raise SourceError(
                [Problem(file=str(path), line=line, column=column, message=f"YAML syntax: {what}")]
            ) from None
        except YAMLError as error:
            raise SourceError([Problem(file=str(path), line=1, column=1, message=f"YAML: {error}")]) from None
        return cls(path, root)

    def problem(self, loc: Location, message: str, *, at_key: bool = False) -> Problem:
        line, column = self.position(loc, at_key=at_key)
        return Problem(file=str(self.path), line=line, column=column, message=message)

    def position(self, loc: Location, *, at_key: bool = False) -> tuple[int, int]:
        """1-based line and column of the node at `loc`, or of the deepest existing parent."""
        node = self.root
        line, column = (node.lc.line, node.lc.col) if hasattr(node, "lc") else (0, 0)
        for i, part in enumerate(loc):
            if isinstance(node, CommentedMap) and part in node:
                point_at_key = (at_key and i == len(loc) - 1) or not _is_scalar(node[part])
                line, column = node.lc.key(part) if point_at_key else node.lc.value(part)
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
                line, column = node.lc.item(part)
                node = node[part]
            else:
                break
        return line + 1, column + 1

    def plain(self) -> Any:
        return _plain(self.root)

    def validate(
        self,
        model: type[M],
        *,
        data: Any = None,
        extra_checks: Callable[[M], list[tuple[Location, str]]] | None = None,
    ) -> M:
        """The document (or `data` made from it) as `model`, else a SourceError with each problem's place."""
        data = self.plain() if data is None else data
        if not isinstance(data, dict):
            raise SourceError([self.problem((), "expected a mapping of keys at the top of the file")])
        try:
            instance = model.model_validate(data)
        except ValidationError as error:
            raise SourceError(list(self._problems(model, error))) from None
        if extra_checks:
            problems = [self.problem(loc, message) for loc, message in extra_checks(instance)]
            if problems:
                raise SourceError(problems)
        return instance

    def _problems(self, model: type[BaseModel], error: ValidationError) -> Iterator[Problem]:
        for item in error.errors():
            loc = tuple(part for part in item["loc"] if not _is_union_tag(part))
            kind = item["type"]
            if kind == "extra_forbidden":
                expected = ", ".join(_field_names(model, loc[:-1])) or "none"
                yield self.problem(loc, f"unknown key '{loc[-1]}' (expected one of: {expected})", at_key=True)
            elif kind == "missing":
                yield self.problem(loc[:-1], f"missing required key '{loc[-1]}'", at_key=True)
            else:
                where = ".".join(str(p) for p in loc) or "document"
                message = item["msg"].removeprefix("Value error, ")
                given = item.get("input")
                if kind != "value_error" and isinstance(given, str | int | float | bool):
                    message = f"{given!r} is not valid: {message}"
                yield self.problem(loc, f"{where}: {message}")


def _is_scalar(node: Any) -> bool:
    return not isinstance(node, CommentedMap | CommentedSeq)


def _is_union_tag(part: str | int) -> bool:
    """Pydantic inserts the chosen union member's name into error locations (e.g. `function-after[...]`)."""
    return isinstance(part, str) and ("[" in part or part in ("str", "int", "list[str]"))


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {str(key): _plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_plain(value) for value in node]
    return node


def _field_names(model: type[BaseModel], loc: Location) -> list[str]:
    """Names of the keys allowed at `loc` in `model` (following nested models, lists and dicts of them)."""
    current: Any = model
    keyed = False
    for part in loc:
        if isinstance(part, int) or keyed:
            keyed = False  # a list index, or the key of a dict of models (`tools.move_file`)
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or (part not in fields and not _by_alias(current, part)):
            return []
        info = fields.get(part) or _by_alias(current, part)
        keyed = _is_dict(info.annotation)
        current = _model_in(info.annotation)
        if current is None:
            return []
    return [info.alias or name for name, info in current.model_fields.items()]


def _is_dict(annotation: Any) -> bool:
    if typing.get_origin(annotation) is dict:
        return True
    return any(typing.get_origin(arg) is dict for arg in typing.get_args(annotation))


def _by_alias(model: type[BaseModel], alias: str | int) -> Any:
    return next((info for info in model.model_fields.values() if info.alias == alias), None)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside `Model`, `list[Model]`, `Model | None` or `dict[str, Model]`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, dict, typing.Union, types.UnionType, tuple):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None
