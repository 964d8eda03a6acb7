"""A world seed file (the `world:` section of a scenario, on its own) loaded with file:line errors."""

from __future__ import annotations

from pathlib import Path

from boldly.scenarios._source import Document
from boldly.world import WorldSeed, reference_problems


def load_world_seed(path: Path) -> WorldSeed:
    """The seed in `path`; raises SourceError listing every problem with its file:line:column."""
    return Document.load(path).validate(WorldSeed, extra_checks=reference_problems)
