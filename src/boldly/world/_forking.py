"""How a world's state is forked cheaply: items are immutable and shared, the containers over them copied."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)


def forked(model: M, **containers: Any) -> M:
    """A shallow copy of `model` in which `containers` (copies of its own fields) replace the shared ones.

    What pydantic's `__copy__` does, without its generic checks and unvalidated (the values are the model's
    own): a fork is on the guard's hot path, several models per call.
    """
    twin = model.__class__.__new__(model.__class__)
    object.__setattr__(twin, "__dict__", {**model.__dict__, **containers})
    object.__setattr__(twin, "__pydantic_fields_set__", set(model.__pydantic_fields_set__))
    object.__setattr__(twin, "__pydantic_extra__", model.__pydantic_extra__)
    private = model.__pydantic_private__
    object.__setattr__(twin, "__pydantic_private__", None if private is None else dict(private))
    return twin
